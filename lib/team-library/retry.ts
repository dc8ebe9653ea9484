/**
 * Publishing while offline: the publish is queued, and retried with exponential backoff (with jitter, so many
 * browsers coming back online do not knock at once) until it succeeds or fails for a reason a retry cannot
 * fix. The SOP itself is never touched by the queue, so nothing is lost. Pure: the caller keeps the queue
 * (lib/db/team-store.ts) and the timer.
 */
import type { QueuedPublish } from '../model';

export interface RetryPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 5_000, maxMs: 15 * 60_000 };

/** The wait before attempt `attempt` (1 = the first retry): base·2^(attempt−1), capped, ±20 % jitter. */
export function backoffDelay(attempt: number, policy: RetryPolicy = DEFAULT_RETRY, random: () => number = Math.random): number {
  const raw = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

export type { QueuedPublish };

/** The queue entry for `sopId` after a failed attempt at `now`. */
export function afterFailure(sopId: QueuedPublish['sopId'], prev: QueuedPublish | undefined, error: string, now: number, policy: RetryPolicy = DEFAULT_RETRY, random?: () => number): QueuedPublish {
  const attempts = (prev?.attempts ?? 0) + 1;
  return { sopId, attempts, nextAt: now + backoffDelay(attempts, policy, random), lastError: error, queuedAt: prev?.queuedAt ?? now };
}

/** The queued publishes due at `now`, soonest first. */
export function duePublishes(entries: readonly QueuedPublish[], now: number): QueuedPublish[] {
  return entries.filter((e) => e.nextAt <= now).sort((a, b) => a.nextAt - b.nextAt);
}

/** When the next queued publish is due (ms epoch), or undefined with none queued. */
export function nextDue(entries: readonly QueuedPublish[]): number | undefined {
  return entries.length ? Math.min(...entries.map((e) => e.nextAt)) : undefined;
}
