/**
 * Every SOP, searchable over titles, steps, narration and tags; its tags and a badge when its review date
 * is past; duplicate; delete with undo; import an SOP JSON file (lib/import/sop-import.ts).
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { db } from '../../lib/db/schema';
import { duplicateSop, listSops, purgeDeletedSops, stepsBySop, trashSop, untrashSop } from '../../lib/db/sop-store';
import { documentSearchText, isReviewOverdue, todayIso } from '../../lib/editor/library-info';
import { searchSops } from '../../lib/editor/search';
import type { Sop, SopId } from '../../lib/model';
import { restoreDocument } from '../../lib/db/restore-document';
import type { SopDocument } from '../../lib/sop/document';
import { useLiveQuery } from '../hooks';
import { TeamPull } from './team-pull';
import { latestDriftChecks } from '../../lib/db/drift-store';
import { DriftBadge } from '../drift/drift-badge';

/** How long a deleted SOP can be brought back. */
const UNDO_MS = 10_000;

export function LibraryView({ onOpen }: { onOpen(id: SopId): void }) {
  const sops = useLiveQuery(() => listSops(), []);
  const steps = useLiveQuery(() => stepsBySop(), []);
  const rawDocs = useLiveQuery(() => db().documents.toArray(), []);
  const driftChecks = useLiveQuery(() => latestDriftChecks(), []);
  const [query, setQuery] = useState('');
  const [trashed, setTrashed] = useState<Sop>();
  const [error, setError] = useState<string>();
  const undoTimer = useRef<ReturnType<typeof setTimeout>>();
  const fileInput = useRef<HTMLInputElement>(null);
  const [importing, setImporting] = useState(false);

  useEffect(() => {
    // Anything trashed in an earlier visit is past its undo window.
    void purgeDeletedSops(UNDO_MS).catch(() => undefined);
    return () => clearTimeout(undoTimer.current);
  }, []);

  // Documents are read through restore, like everything that comes out of storage.
  const docs = useMemo(() => {
    const bySop = new Map<SopId, SopDocument>();
    if (!sops || !rawDocs) return bySop;
    const sopsById = new Map(sops.map((s) => [s.id, s]));
    for (const raw of rawDocs as unknown[]) {
      const id = (raw as { sopId?: unknown } | null)?.sopId;
      const sop = typeof id === 'string' ? sopsById.get(id as SopId) : undefined;
      if (sop) bySop.set(sop.id, restoreDocument(raw, sop));
    }
    return bySop;
  }, [sops, rawDocs]);
  const today = todayIso();
  const hits = useMemo(
    () => (sops && steps ? searchSops(sops, steps, query, (sop) => documentSearchText(docs.get(sop.id))) : undefined),
    [sops, steps, docs, query],
  );

  async function guard(action: () => Promise<unknown>) {
    setError(undefined);
    try {
      await action();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  /** Reads the chosen file, imports it under new ids, and opens it; a refused file says why. */
  function importFile(input: HTMLInputElement) {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setImporting(true);
    void guard(async () => {
      try {
        // Loaded on use: the validator and its schema stay out of the editor's first chunk.
        const { importSopText, MAX_IMPORT_BYTES } = await import('../../lib/import/sop-import');
        if (file.size > MAX_IMPORT_BYTES) throw new Error(`This file is too large to import (over ${Math.round(MAX_IMPORT_BYTES / 1024 / 1024)} MB).`);
        onOpen(await importSopText(await file.text(), { newId: () => crypto.randomUUID() }));
      } catch (e) {
        throw new Error(`Could not import “${file.name}”: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      } finally {
        setImporting(false);
      }
    });
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
          <input type="search" placeholder="Search titles, steps, narration and tags" value={query} onInput={(e) => setQuery(e.currentTarget.value)} aria-label="Search procedures" />
        </label>
        <button class="btn" disabled={importing} title="Import an SOP exported as JSON (Export JSON)" onClick={() => fileInput.current?.click()}>
          {importing ? 'Importing…' : 'Import SOP…'}
        </button>
        <input ref={fileInput} type="file" accept=".json,application/json" hidden aria-label="SOP JSON file to import" onChange={(e) => importFile(e.currentTarget)} />
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      <TeamPull onOpen={onOpen} />
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
          {hits.map(({ sop, matchedStep }) => {
            const meta = docs.get(sop.id)?.metadata;
            const overdue = meta !== undefined && isReviewOverdue(meta.reviewDate, today);
            return (
            <li key={sop.id} class="card">
              <div class="card__main">
                <a href={`#/sop/${encodeURIComponent(sop.id)}`} class="card__title" onClick={(e) => { e.preventDefault(); onOpen(sop.id); }}>
                  {sop.title}
                </a>
                <span class="note">
                  {sop.stepCount} steps · updated {new Date(sop.updatedAt).toLocaleString()}
                </span>
                <DriftBadge check={driftChecks?.get(sop.id)} />
                {(overdue || (meta && meta.tags.length > 0)) && (
                  <div class="card__meta">
                    {overdue && (
                      <span class="badge badge--warn" title={`Review was due on ${meta.reviewDate}`}>
                        Review overdue
                      </span>
                    )}
                    {meta && meta.tags.length > 0 && (
                      <ul class="tags" aria-label="Tags">
                        {meta.tags.map((t) => (
                          <li key={t} class="tag">
                            {t}
                          </li>
                        ))}
                      </ul>
                    )}
                  </div>
                )}
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
            );
          })}
        </ul>
      )}
    </section>
  );
}
