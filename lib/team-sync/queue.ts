/**
 * The offline queue's runner, in whichever extension page is open (editor, options, popup): publishes that
 * failed for the network are retried when due (backoff in lib/team-library/retry.ts) and at once when the
 * browser comes back online. Each SOP is published as it is at the retry, so nothing typed meanwhile is lost.
 */
import { listQueuedPublishes, putQueuedPublish, removeQueuedPublish } from '../db/team-store';
import { duePublishes, nextDue } from '../team-library/retry';
import { publishToTeam } from './publish';
import { NotConnected } from './team-env';

/** Starts retrying; `onResult` hears each attempt's outcome. Returns a stop function. */
const QUEUE_EVENT = 'sop-team-queue';

export function startPublishQueue(onResult?: (message: string, ok: boolean) => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let stopped = false;

  async function tick() {
    if (running || stopped) return;
    running = true;
    try {
      const due = duePublishes(await listQueuedPublishes(), Date.now());
      for (const entry of due) {
        if (stopped) break;
        try {
          const outcome = await publishToTeam(entry.sopId, { signal: new AbortController().signal, progress: () => undefined });
          onResult?.(outcome.message, !outcome.queued);
        } catch (e) {
          // Not a network problem (a revoked token, a refusal): it stays unpublished and the person is told.
          if (!(e instanceof NotConnected)) await removeQueuedPublish(entry.sopId);
          onResult?.(e instanceof Error ? e.message : String(e), false);
        }
      }
    } finally {
      running = false;
      schedule();
    }
  }

  function schedule() {
    if (stopped) return;
    clearTimeout(timer);
    void listQueuedPublishes().then((entries) => {
      const at = nextDue(entries);
      if (at !== undefined && !stopped) timer = setTimeout(() => void tick(), Math.max(0, at - Date.now()));
    });
  }

  const online = () => {
    // Back online: everything queued is due now.
    void listQueuedPublishes().then(async (entries) => {
      for (const e of entries) await putQueuedPublish({ ...e, nextAt: Date.now() });
      void tick();
    });
  };
  addEventListener('online', online);
  addEventListener(QUEUE_EVENT, schedule);
  void tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
    removeEventListener('online', online);
    removeEventListener(QUEUE_EVENT, schedule);
  };
}

/** Asks the runner to look again (after a publish was queued from this page). */
export function queueChanged(): void {
  dispatchEvent(new Event(QUEUE_EVENT));
}
