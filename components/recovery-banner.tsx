/** Offers the recordings a closed or crashed browser left unfinished: recover into an SOP, or discard. */
import { useEffect, useState } from 'preact/hooks';
import { chunkSpan, listEvents, listUnfinishedRecordings } from '../lib/db/recording-store';
import type { RecordingState, SopId } from '../lib/model';
import { describeUnfinished, recoverLabel, unfinishedSessions, type UnfinishedRecording } from '../lib/recording/recovery';
import { countSteps } from '../lib/steps/synthesize';
import { send, useAction } from './hooks';

/** Storage gives the records; the step count is synthesised here, not in the storage layer. */
async function loadUnfinished(state: RecordingState): Promise<UnfinishedRecording[]> {
  const rows = unfinishedSessions(await listUnfinishedRecordings(), state);
  return Promise.all(rows.map(async (row) => describeUnfinished(row, countSteps(await listEvents(row.id)), await chunkSpan(row.id))));
}

export function RecoveryBanner({ state, onRecovered }: { state: RecordingState; onRecovered(sopId: SopId): void }) {
  const [items, setItems] = useState<UnfinishedRecording[]>([]);
  const { busy, error, run } = useAction(() => setVersion((v) => v + 1));
  const [version, setVersion] = useState(0);
  const settled = state.phase === 'idle';

  useEffect(() => {
    if (!settled) return;
    let alive = true;
    void loadUnfinished(state)
      .then((found) => alive && setItems(found))
      .catch((e: unknown) => console.warn('[popup] unfinished recordings', e));
    return () => {
      alive = false;
    };
    // Re-read after each recording ends (a full disk can leave one behind) and after each recover/discard.
  }, [settled, state.lastSopId, state.error, version]);

  if (!settled || items.length === 0) return null;

  return (
    <section class="recovery" aria-label="Unfinished recordings">
      {items.map((u) => (
        <div class="recovery__item" key={u.sessionId}>
          <p class="note">The browser closed while recording, on {new Date(u.startedAt).toLocaleString()}.</p>
          <button
            class="btn btn--primary"
            disabled={busy}
            onClick={() =>
              run(async () => {
                const { sopId } = await send('background', 'recording.recover', { sessionId: u.sessionId });
                onRecovered(sopId);
              })
            }
          >
            {recoverLabel(u)}
          </button>{' '}
          <button class="btn" disabled={busy} onClick={() => run(() => send('background', 'recording.discard', { sessionId: u.sessionId }))}>
            Discard
          </button>
        </div>
      ))}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
