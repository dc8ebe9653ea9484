/**
 * Which page state a screenshot shows, and what must be blurred in it. A screenshot is a video frame captured
 * at a known time; the page keeps changing meanwhile (an SPA renders a new view right after a click, and on a
 * busy machine the grab comes late). So every change of this frame (a DOM mutation, scroll, resize, typing)
 * opens a new *state*, stamped with when it began and when it was certainly painted; each state's secret boxes
 * are computed once, in idle time (never in the page's event path) or on demand while it is still current.
 * `boxesAt` then answers for a capture time: the union of the boxes of every state that frame may show — or
 * "unknown" when one of them was never measured, and the caller keeps no pixels it cannot blur for sure.
 *
 * Pure: the clock and the box computation are injected; `watchScreenStates` wires it to a window.
 */
import type { Box } from '../model';
import type { VisualViewportInfo } from '../screenshot/geometry';

/** What a frame looks like in CSS px, read together with its boxes. */
export interface FrameView {
  /** innerWidth × innerHeight, CSS px. */
  readonly width: number;
  readonly height: number;
  readonly devicePixelRatio: number;
  readonly visual?: VisualViewportInfo;
}

export interface Measured {
  readonly boxes: readonly Box[];
  readonly view: FrameView;
}

interface State {
  readonly seq: number;
  /** Wall-clock ms when the change that opened this state happened. */
  readonly changedAt: number;
  /** An animation frame began after this state did: from then on it may be on screen. */
  rendering?: boolean;
  /** Wall-clock ms by which a frame showing this state had certainly been handed to the compositor. */
  paintedAt?: number;
  measured?: Measured;
}

export type BoxesAnswer =
  | {
      readonly known: true;
      /** Union of the boxes of every state the frame may show, CSS px of this frame. */
      readonly boxes: readonly Box[];
      readonly view: FrameView;
      /** A state the frame may show began after `since`: the frame may not show the page as it was then. */
      readonly changedSince: boolean;
    }
  | { readonly known: false; readonly reason: string; readonly changedSince: boolean };

/** Cross-process wall clocks (page vs offscreen document) agree to about a millisecond; keep a margin. */
export const CLOCK_MARGIN_MS = 8;
/** States kept: enough for a grab that comes seconds late on a starved machine. */
const MAX_STATES = 256;
const KEEP_MS = 10_000;

export interface ScreenStates {
  /** Something changed at `at` (wall-clock ms): a new state begins. */
  changed(at: number): void;
  /** An animation frame begins at `at`: states begun by then may be rendered from now on. */
  frameStarted(at: number): void;
  /** Every state that began at or before `before` has been painted by `at` (a double requestAnimationFrame). */
  painted(at: number, before: number): void;
  /** Measure the current state now if it is not measured yet (idle time, or an answer that needs it). */
  measureCurrent(): void;
  /** What a frame captured between `from` and `to` (wall-clock ms) shows; `since`: the action's time. */
  boxesAt(from: number, to: number, since?: number): BoxesAnswer;
  /** Whether the current state still lacks boxes (for scheduling idle work). */
  needsMeasure(): boolean;
  /** Whether the current state is not known to be painted yet. */
  needsPaint(): boolean;
}

export function createScreenStates(opts: { now(): number; measure(): Measured }): ScreenStates {
  let seq = 0;
  const states: State[] = [{ seq: seq++, changedAt: opts.now() }];
  /** Set once states were dropped: a capture time older than the oldest kept state cannot be answered. */
  let trimmed = false;

  function current(): State {
    return states[states.length - 1]!;
  }

  function trim(now: number): void {
    while (states.length > MAX_STATES || (states.length > 2 && states[1]!.paintedAt !== undefined && states[1]!.paintedAt < now - KEEP_MS)) {
      states.shift();
      trimmed = true;
    }
  }

  return {
    changed(at) {
      const cur = current();
      // Changes with no animation frame between them never showed apart: one state, measured later. (This
      // also keeps a page that mutates many times per frame from growing the list.)
      if (!cur.rendering && !cur.measured && states.length > 1) return;
      states.push({ seq: seq++, changedAt: at });
      trim(at);
    },

    frameStarted(at) {
      for (const s of states) if (s.changedAt <= at) s.rendering = true;
    },

    painted(at, before) {
      for (const s of states) if (s.paintedAt === undefined && s.changedAt <= before) s.paintedAt = at;
    },

    measureCurrent() {
      const cur = current();
      if (!cur.measured) cur.measured = opts.measure();
    },

    needsMeasure: () => !current().measured,
    needsPaint: () => current().paintedAt === undefined,

    boxesAt(from, to, since) {
      // The newest state certainly on screen before the capture; everything older was replaced.
      let first = -1;
      for (let i = states.length - 1; i >= 0; i--) {
        const p = states[i]!.paintedAt;
        if (p !== undefined && p <= from - CLOCK_MARGIN_MS) {
          first = i;
          break;
        }
      }
      if (first < 0) {
        if (trimmed || states[0]!.changedAt > from) return { known: false, reason: 'the page changed too often to tell what the frame shows', changedSince: true };
        first = 0;
      }
      const candidates: State[] = [];
      for (let i = first; i < states.length; i++) if (i === first || states[i]!.changedAt <= to + CLOCK_MARGIN_MS) candidates.push(states[i]!);
      const changedSince = since !== undefined && candidates.some((s) => s.changedAt > since);
      if (candidates.includes(current())) this.measureCurrent();
      const unmeasured = candidates.find((s) => !s.measured);
      if (unmeasured) return { known: false, reason: 'the page changed around the frame before its secrets could be located', changedSince };
      const views = candidates.map((s) => s.measured!.view);
      const view = views[views.length - 1]!;
      if (views.some((v) => v.width !== view.width || v.height !== view.height || v.devicePixelRatio !== view.devicePixelRatio)) {
        return { known: false, reason: 'the page was resized or zoomed around the frame', changedSince };
      }
      return { known: true, boxes: candidates.flatMap((s) => s.measured!.boxes), view, changedSince };
    },
  };
}

/** What `win` looks like now, CSS px. */
export function readFrameView(win: Window): FrameView {
  const vv = win.visualViewport;
  const pinched = vv && (vv.scale !== 1 || vv.offsetLeft !== 0 || vv.offsetTop !== 0);
  return {
    width: win.innerWidth,
    height: win.innerHeight,
    devicePixelRatio: win.devicePixelRatio || 1,
    ...(pinched ? { visual: { x: vv.offsetLeft, y: vv.offsetTop, scale: vv.scale } } : {}),
  };
}

export interface ScreenWatch {
  readonly states: ScreenStates;
  stop(): void;
}

/**
 * Follows `win`'s changes while capturing. The observer's callback and the listeners only stamp a time (O(1)
 * per batch of mutations); measuring happens in idle time. A state counts as painted two animation frames
 * after it began: the first frame's rendering includes the change, the second runs after it was committed.
 */
export function watchScreenStates(win: Window, opts: { now(): number; measure(): Measured }): ScreenWatch {
  const states = createScreenStates(opts);
  let paintPending = false;
  let idlePending = false;
  const idle = win.requestIdleCallback?.bind(win) ?? ((cb: () => void) => win.setTimeout(cb, 50));

  function schedule(): void {
    if (stopped) return;
    if (!paintPending) {
      paintPending = true;
      win.requestAnimationFrame(() => {
        const first = opts.now();
        states.frameStarted(first);
        win.requestAnimationFrame(() => {
          paintPending = false;
          states.painted(opts.now(), first);
          // A change between the two frames is painted by the next pair.
          if (states.needsPaint()) schedule();
        });
      });
    }
    if (!idlePending) {
      idlePending = true;
      idle(() => {
        idlePending = false;
        if (stopped) return;
        states.measureCurrent();
      }, { timeout: 1_000 } as IdleRequestOptions);
    }
  }

  let stopped = false;
  const onChange = (): void => {
    states.changed(opts.now());
    schedule();
  };
  const observer = new (win as Window & typeof globalThis).MutationObserver(onChange);
  observer.observe(win.document, { subtree: true, childList: true, attributes: true, characterData: true });
  const events = ['scroll', 'resize', 'input'] as const;
  for (const type of events) win.addEventListener(type, onChange, { capture: true, passive: true });
  win.visualViewport?.addEventListener('resize', onChange, { passive: true });
  win.visualViewport?.addEventListener('scroll', onChange, { passive: true });
  schedule();

  return {
    states,
    stop() {
      stopped = true;
      observer.disconnect();
      for (const type of events) win.removeEventListener(type, onChange, { capture: true });
      win.visualViewport?.removeEventListener('resize', onChange);
      win.visualViewport?.removeEventListener('scroll', onChange);
    },
  };
}
