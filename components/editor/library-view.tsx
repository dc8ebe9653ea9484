/** Every SOP, searchable over titles, steps and narration; duplicate; delete with undo. */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { duplicateSop, listSops, purgeDeletedSops, stepsBySop, trashSop, untrashSop } from '../../lib/db/sop-store';
import { searchSops } from '../../lib/editor/search';
import type { Sop, SopId } from '../../lib/model';
import { useLiveQuery } from '../hooks';

/** How long a deleted SOP can be brought back. */
const UNDO_MS = 10_000;

export function LibraryView({ onOpen }: { onOpen(id: SopId): void }) {
  const sops = useLiveQuery(() => listSops(), []);
  const steps = useLiveQuery(() => stepsBySop(), []);
  const [query, setQuery] = useState('');
  const [trashed, setTrashed] = useState<Sop>();
  const [error, setError] = useState<string>();
  const undoTimer = useRef<ReturnType<typeof setTimeout>>();

  useEffect(() => {
    // Anything trashed in an earlier visit is past its undo window.
    void purgeDeletedSops(UNDO_MS).catch(() => undefined);
    return () => clearTimeout(undoTimer.current);
  }, []);

  const hits = useMemo(() => (sops && steps ? searchSops(sops, steps, query) : undefined), [sops, steps, query]);

  async function guard(action: () => Promise<unknown>) {
    setError(undefined);
    try {
      await action();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  function remove(sop: Sop) {
    void guard(async () => {
      await trashSop(sop.id);
      setTrashed(sop);
      clearTimeout(undoTimer.current);
      undoTimer.current = setTimeout(() => {
        setTrashed(undefined);
        void purgeDeletedSops(UNDO_MS);
      }, UNDO_MS);
    });
  }

  return (
    <section class="library-page" aria-labelledby="library-title">
      <div class="library-page__head">
        <h1 id="library-title">Procedures</h1>
        <label class="search">
          <span class="sr-only">Search procedures</span>
          <input type="search" placeholder="Search titles, steps and narration" value={query} onInput={(e) => setQuery(e.currentTarget.value)} aria-label="Search procedures" />
        </label>
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      {trashed && (
        <div class="toast" role="status">
          Deleted “{trashed.title}”.{' '}
          <button
            class="btn btn--small"
            onClick={() =>
              void guard(async () => {
                clearTimeout(undoTimer.current);
                await untrashSop(trashed.id);
                setTrashed(undefined);
              })
            }
          >
            Undo
          </button>
        </div>
      )}
      {hits === undefined ? (
        <p class="note">Loading…</p>
      ) : hits.length === 0 ? (
        <p class="note">{query ? `Nothing matches “${query}”.` : 'No procedures yet. Record one from the toolbar popup.'}</p>
      ) : (
        <ul class="library-page__list" aria-label="Procedures">
          {hits.map(({ sop, matchedStep }) => (
            <li key={sop.id} class="card">
              <div class="card__main">
                <a href={`#/sop/${encodeURIComponent(sop.id)}`} class="card__title" onClick={(e) => { e.preventDefault(); onOpen(sop.id); }}>
                  {sop.title}
                </a>
                <span class="note">
                  {sop.stepCount} steps · updated {new Date(sop.updatedAt).toLocaleString()}
                </span>
                {query && matchedStep && <span class="card__match">… {matchedStep}</span>}
              </div>
              <div class="card__actions">
                <button class="btn btn--small" onClick={() => void guard(async () => onOpen(await duplicateSop(sop.id, () => crypto.randomUUID())))} aria-label={`Duplicate ${sop.title}`}>
                  Duplicate
                </button>
                <button class="btn btn--small btn--danger" onClick={() => remove(sop)} aria-label={`Delete ${sop.title}`}>
                  Delete
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
