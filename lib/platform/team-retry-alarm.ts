/**
 * The offline publish queue's wake-up call: an alarm at the next queued publish's due time, so a publish queued
 * while offline goes out even when no extension page is open to retry it (the service worker then has the
 * offscreen document try it). Extension pages set it when the queue changes; the service worker after a try
 * and when the browser starts (alarms may not survive a restart).
 */
const ALARM = 'team-publish-retry';
/** Chrome fires alarms no sooner than this for an installed extension (30 s); unpacked ones, 1 s. */
const SOONEST_MS = 1_000;

/** Wakes the service worker at `when` (ms epoch), or never with nothing queued. */
export async function scheduleTeamRetry(when: number | undefined): Promise<void> {
  if (when === undefined) await chrome.alarms.clear(ALARM);
  else await chrome.alarms.create(ALARM, { when: Math.max(when, Date.now() + SOONEST_MS) });
}

/** Registers `run` for the alarm (at the service worker's top level, so a wake-up finds it). */
export function onTeamRetryAlarm(run: () => Promise<void>): void {
  chrome.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === ALARM) void run().catch((e: unknown) => console.warn('[team library] background retry failed', e));
  });
  chrome.runtime.onStartup.addListener(() => void run().catch((e: unknown) => console.warn('[team library] background retry failed', e)));
}

/**
 * What the service worker does at the alarm: when a queued publish is due, the offscreen document tries it
 * (the worker itself never runs Git: it may be stopped mid-push, and isomorphic-git would weigh on every
 * wake-up of the recorder), then the document is closed unless a recording or an export needs it, and the
 * alarm set for whatever is still queued.
 */
export async function retryQueuedInOffscreen(deps: {
  nextQueuedAt(): Promise<number | undefined>;
  ensureDocument(): Promise<void>;
  /** How many due publishes were tried (0: none could be, e.g. no team library connected any more). */
  retry(): Promise<number>;
  closeUnlessNeeded(): Promise<void>;
}): Promise<void> {
  const due = await deps.nextQueuedAt();
  if (due === undefined) return;
  let stalled = false;
  if (due <= Date.now()) {
    await deps.ensureDocument();
    try {
      stalled = (await deps.retry()) === 0;
    } finally {
      await deps.closeUnlessNeeded();
    }
  }
  // Still due yet not tried (disconnected meanwhile): look again later rather than at once, again and again.
  const next = await deps.nextQueuedAt();
  await scheduleTeamRetry(stalled && next !== undefined ? Math.max(next, Date.now() + STALLED_RECHECK_MS) : next);
}

/** A queue nothing could be tried from is looked at again after this long. */
const STALLED_RECHECK_MS = 10 * 60_000;
