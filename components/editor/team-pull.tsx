/**
 * "Get the team's SOPs" in the library: the SOPs of the team library's folder with how each relates to this
 * browser's copies — New (Import), Newer (Update: a new revision, Undo takes it back), Changed on both sides
 * (Keep both: the team's copy is imported beside yours), Changed here, Up to date — and what was refused.
 */
import { useRef, useState } from 'preact/hooks';
import type { SopId } from '../../lib/model';
import type { PullItem, PullListing } from '../../lib/team-sync/pull';
import type { PulledUpdate } from '../../lib/db/team-store';
import { STATUS_LABEL } from '../../lib/team-library/sync-status';

export function TeamPull({ onOpen }: { onOpen(id: SopId): void }) {
  const [listing, setListing] = useState<PullListing>();
  const [busy, setBusy] = useState<string>();
  const [message, setMessage] = useState<{ text: string; ok: boolean }>();
  const [undo, setUndo] = useState<{ sopId: SopId; update: PulledUpdate; title: string }>();
  const abort = useRef<AbortController>();

  async function load() {
    const controller = new AbortController();
    abort.current = controller;
    setBusy('Fetching the team library…');
    setMessage(undefined);
    try {
      const { listTeamSops } = await import('../../lib/team-sync/pull');
      setListing(await listTeamSops(controller.signal, (note) => setBusy(`Fetching the team library… ${note}`)));
    } catch (e) {
      setMessage({ text: e instanceof Error ? e.message : String(e), ok: false });
    } finally {
      setBusy(undefined);
    }
  }

  async function act(item: PullItem, what: 'import' | 'update') {
    if (!listing) return;
    setBusy(`${what === 'import' ? 'Importing' : 'Updating'} “${item.remote.title}”…`);
    try {
      const pull = await import('../../lib/team-sync/pull');
      if (what === 'import') {
        await pull.importTeamSop(listing, item);
        setMessage({ text: item.status === 'both-changed' ? `Kept both: the team's version is imported as “${item.remote.title} (team library)” beside yours. Delete the one you do not want.` : `Imported “${item.remote.title}”.`, ok: true });
        setUndo(undefined);
        setListing(await pull.listTeamSops());
      } else {
        const update = await pull.updateFromTeam(listing, item);
        setUndo({ sopId: item.localSopId!, update, title: item.remote.title });
        setMessage({ text: `Updated “${item.remote.title}” to the team's version (your copy is saved as a version).`, ok: true });
        setListing(await pull.listTeamSops());
      }
    } catch (e) {
      setMessage({ text: e instanceof Error ? e.message : String(e), ok: false });
    } finally {
      setBusy(undefined);
    }
  }

  async function undoUpdate() {
    if (!undo) return;
    const { undoTeamPull, listTeamSops } = await import('../../lib/team-sync/pull');
    await undoTeamPull(undo.sopId, undo.update);
    setMessage({ text: `“${undo.title}” is back as it was before the update.`, ok: true });
    setUndo(undefined);
    setListing(await listTeamSops());
  }

  return (
    <section class="team-pull" aria-labelledby="team-pull-h">
      <div class="library-page__head">
        <h2 id="team-pull-h">Team library</h2>
        <button class="btn" disabled={busy !== undefined} onClick={() => void load()}>
          Get the team's SOPs
        </button>
        {busy && (
          <span role="status" class="note">
            {busy}{' '}
            <button class="btn btn--small" onClick={() => abort.current?.abort()}>
              Cancel
            </button>
          </span>
        )}
      </div>
      {message && (
        <p class={message.ok ? 'note' : 'error'} role={message.ok ? 'status' : 'alert'} data-testid="team-pull-message">
          {message.text}{' '}
          {undo && (
            <button class="btn btn--small" onClick={() => void undoUpdate()}>
              Undo update
            </button>
          )}
        </p>
      )}
      {listing && (
        <>
          <p class="note">
            {listing.items.length} {listing.items.length === 1 ? 'SOP' : 'SOPs'} on {listing.branch}
            {listing.commit ? ` at ${listing.commit.slice(0, 7)}` : ' (the repository is empty)'}.
          </p>
          <ul class="library-page__list" aria-label="Team SOPs">
            {listing.items.map((item) => (
              <li key={item.remote.path} class="card" data-status={item.status}>
                <div class="card__main">
                  <span class="card__title">{item.remote.title}</span>
                  <span class="note">
                    {STATUS_LABEL[item.status]} · {item.remote.stepCount} steps · version {item.remote.version} · {item.remote.path}/
                  </span>
                </div>
                <div class="card__actions">
                  {item.status === 'new' && (
                    <button class="btn btn--small" onClick={() => void act(item, 'import')} aria-label={`Import ${item.remote.title}`}>
                      Import
                    </button>
                  )}
                  {item.status === 'newer' && (
                    <button class="btn btn--small" onClick={() => void act(item, 'update')} aria-label={`Update ${item.remote.title}`}>
                      Update
                    </button>
                  )}
                  {item.status === 'both-changed' && (
                    <button class="btn btn--small" title="Import the team's version beside yours; nothing is overwritten" onClick={() => void act(item, 'import')} aria-label={`Keep both ${item.remote.title}`}>
                      Keep both
                    </button>
                  )}
                  {item.localSopId && (
                    <button class="btn btn--small" onClick={() => onOpen(item.localSopId!)} aria-label={`Open ${item.remote.title}`}>
                      Open mine
                    </button>
                  )}
                </div>
              </li>
            ))}
          </ul>
          {listing.refused.length > 0 && (
            <div role="alert" class="error" data-testid="team-refused">
              Refused (nothing of these was imported):
              <ul>
                {listing.refused.map((r) => (
                  <li key={r.path}>
                    <code>{r.path}</code>: {r.reason}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </>
      )}
    </section>
  );
}
