/**
 * The offline queue's runner: publishes that failed for the network are retried when due (backoff in
 * lib/team-library/retry.ts) and at once when the browser comes back online — in whichever extension page is
 * open (editor, options, popup), and, with none open, in the offscreen document the service worker's alarm
 * starts (lib/platform/team-retry-alarm.ts). Each SOP is published as it is at the retry, so nothing typed
 * meanwhile is lost. A Web Lock per attempt keeps two runners (two pages, or a page and the offscreen document)
 * from publishing the same entry twice.
 */
import { getQueuedPublish, listQueuedPublishes, putQueuedPublish, removeQueuedPublish } from '../db/team-store';
import type { QueuedPublish } from '../model';
import { scheduleTeamRetry } from '../platform/team-retry-alarm';
import { duePublishes, nextDue } from '../team-library/retry';
import { publishToTeam } from './publish';
import { NotConnected, type teamConnection } from './team-env';

/** Where the connection comes from: this page's storage (undefined), or handed over (offscreen document). */
type Given = Parameters<typeof teamConnection>[0];

const QUEUE_EVENT = 'sop-team-queue';
const ATTEMPT_LOCK = 'sop-team-queue-attempt';

export type RetryReport = (message: string, ok: boolean) => void;

/** One attempt at `entry`, unless another runner has dealt with it meanwhile; true when it was published. */
async function attempt(entry: QueuedPublish, onResult?: RetryReport, given?: Given): Promise<boolean> {
  return navigator.locks.request(ATTEMPT_LOCK, async () => {
    const current = await getQueuedPublish(entry.sopId);
    if (!current || current.nextAt > Date.now()) return false;
    try {
      const outcome = await publishToTeam(entry.sopId, { signal: new AbortController().signal, progress: () => undefined }, Date.now(), given);
      onResult?.(outcome.message, !outcome.queued);
      return !outcome.queued;
    } catch (e) {
      // Not a network problem (a revoked token, a refusal): it stays unpublished and the person is told.
      if (!(e instanceof NotConnected)) await removeQueuedPublish(entry.sopId);
      onResult?.(e instanceof Error ? e.message : String(e), false);
      return false;
    }
  });
}

/** Tries every publish due now, once. */
export async function retryDuePublishes(onResult?: RetryReport, shouldStop: () => boolean = () => false, given?: Given): Promise<{ tried: number; published: number }> {
  let tried = 0;
  let published = 0;
  for (const entry of duePublishes(await listQueuedPublishes(), Date.now())) {
    if (shouldStop()) break;
    tried++;
    if (await attempt(entry, onResult, given)) published++;
  }
  return { tried, published };
}

/** When the next queued publish is due, or undefined with none. */
export async function nextQueuedAt(): Promise<number | undefined> {
  return nextDue(await listQueuedPublishes());
}

/** Starts retrying in this page; `onResult` hears each attempt's outcome. Returns a stop function. */
export function startPublishQueue(onResult?: RetryReport): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let stopped = false;

  async function tick() {
    if (running || stopped) return;
    running = true;
    try {
      await retryDuePublishes(onResult, () => stopped);
    } finally {
      running = false;
      schedule();
    }
  }

  function schedule() {
    if (stopped) return;
    clearTimeout(timer);
    void nextQueuedAt().then((at) => {
      // The alarm too: this page may be closed before the retry is due.
      void scheduleTeamRetry(at).catch(() => undefined);
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

/** Asks the runner to look again (after a publish was queued from this page), and sets the alarm. */
export function queueChanged(): void {
  dispatchEvent(new Event(QUEUE_EVENT));
  void nextQueuedAt().then((at) => scheduleTeamRetry(at)).catch(() => undefined);
}
