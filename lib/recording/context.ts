/**
 * What every part of the recorder shares: its ports, the one serial queue, and the writes they all make the
 * same way (the state with its badge and privacy hold, an event with its masking, the live step count, what
 * the pages are told). Holds no recording state of its own: the service worker may be stopped between any
 * two calls, so everything lives behind `ports.state` (storage.session) and the database.
 */
import type { ContentState } from '../messaging/protocol';
import { recordingClock, type CapturedAction, type EventId, type ObservedEvent, type PageContext, type RawEvent, type RecordingState } from '../model';
import { applyHold, tabBlocked } from '../privacy/privacy-hold';
import { maskDeep } from '../privacy/secrets';
import { COUNT_WINDOW, stepDelta } from './live-step-count';
import type { MediaPort, RecorderPorts, StorePort, TabsPort } from './ports';
import { isLive } from './transitions';

/** Runs `task` after every task queued before it, never alongside one. */
export type Exclusive = <T>(task: () => Promise<T>) => Promise<T>;

/** Serialises handlers so concurrent messages never interleave their read-modify-write of the state. */
export function serial(): Exclusive {
  let tail: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

/** The ports the shared writes use. */
export type CorePorts = Pick<RecorderPorts, 'now' | 'newId' | 'log' | 'badge' | 'state'> & {
  readonly store: Pick<StorePort, 'addEvent' | 'recentEvents'>;
  readonly tabs: Pick<TabsPort, 'broadcast'>;
  readonly media: Pick<MediaPort, 'pause' | 'resume'>;
};

/** `P`: the ports a part of the recorder uses (each part names its own subset, so a test fakes only those). */
export interface RecorderContext<P = RecorderPorts> {
  readonly ports: P;
  /**
   * The one serial queue. Which handlers run inside it, and in which order they enter it, decides the order
   * of the recorded events and whether a new tab is followed before its first action is heard.
   */
  readonly exclusive: Exclusive;
  /** Store the state and show it on the toolbar icon. */
  setState(next: RecordingState): Promise<RecordingState>;
  /**
   * Applies `next` and its privacy hold: the video (and narration) pause while held, resume after. `at`: when
   * it happened in the page (a hold must begin and end when focus moved, not when this runs, or an action
   * right after would land before its own screenshot on the recording clock).
   */
  /** `mediaPaused`: the video was already paused for this hold (see intake's sensitiveFocus). */
  settleHold(next: RecordingState, at?: number, opts?: { mediaPaused?: boolean }): Promise<RecordingState>;
  /** Store an event of the live session, masked, stamped `at` (wall clock) and on the recording clock. */
  record(state: RecordingState, tabId: number, frameId: number, at: number, page: PageContext, body: CapturedAction | ObservedEvent, extra?: Partial<RawEvent>): Promise<RawEvent>;
  /** Bump the live count by what `event` changes: O(1) per action however long the recording. */
  refreshCount(state: RecordingState, event: RawEvent): Promise<RecordingState>;
  /** Tell every frame of these tabs (all followed ones by default) whether to capture. */
  broadcastAll(state: RecordingState, tabIds?: readonly number[]): Promise<void>;
}

/** A frame busy with a long task should not hold up Start or Pause for everyone. */
const BROADCAST_TIMEOUT_MS = 2_000;

export function createContext<P extends CorePorts>(ports: P): RecorderContext<P> {
  async function setState(next: RecordingState): Promise<RecordingState> {
    await ports.state.set(next);
    await ports.badge(next).catch((e: unknown) => ports.log('badge failed', e));
    return next;
  }

  return {
    ports,
    exclusive: serial(),
    setState,

    async settleHold(next, at = ports.now(), opts = {}) {
      const before = await ports.state.get();
      const now = ports.now();
      const when = Math.min(now, Math.max(at, next.pausedAt ?? next.startedAt ?? at));
      const held = applyHold(next, when);
      const saved = await setState(held);
      if (!before.hold && held.hold && !opts.mediaPaused) await ports.media.pause().catch((e: unknown) => ports.log('hold: pause failed', e));
      if (before.hold && !held.hold && held.phase === 'recording') await ports.media.resume().catch((e: unknown) => ports.log('hold: resume failed', e));
      return saved;
    },

    async record(state, tabId, frameId, at, page, body, extra = {}) {
      const event = {
        ...body,
        ...extra,
        id: ports.newId() as EventId,
        sessionId: state.sessionId!,
        tabId,
        frameId,
        at,
        t: recordingClock(state, at),
        page: maskDeep(page),
      } as RawEvent;
      // Content scripts mask before sending; this catches what came from the browser (URLs, titles) or a page
      // that bypassed them.
      Object.assign(event, maskDeep({ ...body, ...extra }));
      await ports.store.addEvent(event);
      return event;
    },

    async refreshCount(state, event) {
      const delta = stepDelta(await ports.store.recentEvents(state.sessionId!, COUNT_WINDOW), event.id);
      if (delta === 0) return state;
      const current = await ports.state.get();
      if (current.sessionId !== state.sessionId) return current;
      return setState({ ...current, stepCount: Math.max(0, current.stepCount + delta) });
    },

    async broadcastAll(state, tabIds = state.tabIds) {
      const message = contentState(state);
      await Promise.all(tabIds.map((id) => withTimeout(ports.tabs.broadcast(id, message), BROADCAST_TIMEOUT_MS, 'no answer').catch(() => undefined)));
    },
  };
}

/** 'starting' counts as recording for pages: what they send then waits behind Start and is kept. A tab on
 * a never-record site is told it is paused, so it does not even send. */
export function contentState(state: RecordingState, tabId?: number): ContentState {
  const paused = state.phase === 'paused' || tabBlocked(state, tabId);
  // Content scripts hold on secret focus unless told otherwise.
  return { recording: isLive(state), paused, ...(state.privacy?.pauseOnSensitiveFocus === false ? { holdOnSecretFocus: false } : {}) };
}

export function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Pages stamp actions with timeOrigin + performance.now(), which may run a little ahead of Date.now(). */
const CLOCK_SKEW_MS = 2_000;

/** A page's clock claim is trusted only within the recording's span. */
export function clampTime(at: number, state: RecordingState, now: number): number {
  const start = state.startedAt ?? now;
  return Math.min(Math.max(at, start), now + CLOCK_SKEW_MS);
}
