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

/** Where a child frame's viewport lies in this frame (CSS px), by the token it announced itself with. */
export interface FramePlace {
  readonly token: string;
  readonly box: Box;
}

export interface Measured {
  readonly boxes: readonly Box[];
  readonly view: FrameView;
  /** Child frames' places in this state: a frame's secrets are placed where it was, not where it is now. */
  readonly frames?: readonly FramePlace[];
}

/** A state as sent in a message. */
export interface StateRecord {
  readonly changedAt: number;
  readonly paintedAt?: number;
  readonly measured?: Measured;
}

/** A frame's recent states; `trimmed`: older ones existed and were left out. */
export interface StateHistory {
  readonly states: readonly StateRecord[];
  readonly trimmed: boolean;
  /** When a sent history was taken: it says nothing about frames captured later. */
  readonly takenAt?: number;
}

/** States sent with a shot request: a few seconds of an ordinary page. */
const HISTORY_SENT = 16;

/** Where the states a frame captured in [from, to] may show begin in `h.states` (-1: cannot tell). */
function candidates(h: StateHistory, from: number, _to: number): { first: number } {
  for (let i = h.states.length - 1; i >= 0; i--) {
    const p = h.states[i]!.paintedAt;
    // The newest state certainly on screen before the capture; everything older was replaced.
    if (p !== undefined && p <= from - CLOCK_MARGIN_MS) return { first: i };
  }
  if (h.trimmed || h.states.length === 0 || h.states[0]!.changedAt > from) return { first: -1 };
  return { first: 0 };
}

/**
 * What a frame captured between `from` and `to` shows, from a frame's state history: the union of the boxes
 * of every state it may show; unknown when one of them was never measured, the history does not reach back
 * far enough, or the page's size changed among them.
 */
export function answerFromHistory(h: StateHistory, from: number, to: number, since?: number): BoxesAnswer {
  if (h.takenAt !== undefined && to > h.takenAt) return { known: false, reason: 'the frame was captured after the page last said what it showed', changedSince: true };
  const { first } = candidates(h, from, to);
  if (first < 0) return { known: false, reason: 'the page changed too often to tell what the frame shows', changedSince: true };
  const shown = h.states.slice(first).filter((s, i) => i === 0 || s.changedAt <= to + CLOCK_MARGIN_MS);
  // The margin widens what is blurred, never what counts as "after": a change made after the frame was
  // captured (by the page's clock) cannot be in it.
  const changedSince = since !== undefined && shown.some((s, i) => s.changedAt > since && (i === 0 || s.changedAt <= to));
  if (shown.some((s) => !s.measured)) return { known: false, reason: 'the page changed around the frame before its secrets could be located', changedSince };
  const views = shown.map((s) => s.measured!.view);
  const view = views[views.length - 1]!;
  if (views.some((v) => v.width !== view.width || v.height !== view.height || v.devicePixelRatio !== view.devicePixelRatio)) {
    return { known: false, reason: 'the page was resized or zoomed around the frame', changedSince };
  }
  const frames = shown.flatMap((s) => s.measured!.frames ?? []);
  return { known: true, boxes: shown.flatMap((s) => s.measured!.boxes), view, changedSince, ...(frames.length ? { frames } : {}) };
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
  /** Only field values changed since the state before, none in a way that changes the boxes: its boxes are
   * that state's (typing into a password field opens a state per keystroke; each would need a walk). */
  sameAsBefore?: boolean;
}

export type BoxesAnswer =
  | {
      readonly known: true;
      /** Union of the boxes of every state the frame may show, CSS px of this frame. */
      readonly boxes: readonly Box[];
      readonly view: FrameView;
      /** A state the frame may show began after `since`: the frame may not show the page as it was then. */
      readonly changedSince: boolean;
      /** Every place each child frame had in those states. */
      readonly frames?: readonly FramePlace[];
    }
  | { readonly known: false; readonly reason: string; readonly changedSince: boolean };

/** Cross-process wall clocks (page vs offscreen document) agree to about a millisecond; keep a margin. */
export const CLOCK_MARGIN_MS = 8;
/**
 * A new state is measured in idle time, but no later than this: a state replaced before it was measured makes
 * the frames that may show it unusable (fail closed), so a busy page must not starve the measurement.
 */
const MEASURE_WITHIN_MS = 100;
/** States kept: enough for a grab that comes seconds late on a starved machine. */
const MAX_STATES = 256;
const KEEP_MS = 10_000;

export interface ScreenStates {
  /** Something changed at `at` (wall-clock ms): a new state begins. */
  changed(at: number): void;
  /**
   * Only a field's value changed at `at` (typing). `sameBoxes`: the change cannot change what must be blurred
   * (the field holds nothing secret, or it is a secret input blurred whole whatever it holds): the new state's
   * boxes are those of the state before, known as soon as either of them is measured, without a walk.
   */
  valueChanged(at: number, sameBoxes: boolean): void;
  /** An animation frame begins at `at`: states begun by then may be rendered from now on. */
  frameStarted(at: number): void;
  /** Every state that began at or before `before` has been painted by `at` (a double requestAnimationFrame). */
  painted(at: number, before: number): void;
  /** Measure the current state now if it is not measured yet (idle time, or an answer that needs it). */
  measureCurrent(): void;
  /** What a frame captured between `from` and `to` (wall-clock ms) shows; `since`: the action's time. */
  boxesAt(from: number, to: number, since?: number): BoxesAnswer;
  /** The current state's number (to tell later whether the page changed since). */
  currentSeq(): number;
  /** Measures the current state if it is still state `seq` (nothing changed since): the same DOM. */
  measureIfCurrent(seq: number): void;
  /** The newest states, to send with a shot request: if the page is gone when the frame is chosen (a link
   * navigated), the background answers from this. */
  history(max?: number): StateHistory;
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

  /** Gives the boxes known for state `i` to the unmeasured states linked to it by `sameAsBefore`, both ways,
   * or takes them from there when it has none itself. */
  function share(i: number): void {
    let known = states[i]!.measured;
    // The run of states that are all the same as each other: from the first whose successor says so…
    let first = i;
    while (first > 0 && states[first]!.sameAsBefore) first--;
    let last = i;
    while (last + 1 < states.length && states[last + 1]!.sameAsBefore) last++;
    for (let k = first; !known && k <= last; k++) known = states[k]!.measured;
    if (!known) return;
    for (let k = first; k <= last; k++) states[k]!.measured ??= known;
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
      if (!cur.rendering && !cur.measured && states.length > 1) {
        cur.sameAsBefore = false;
        return;
      }
      states.push({ seq: seq++, changedAt: at });
      trim(at);
    },

    valueChanged(at, sameBoxes) {
      const cur = current();
      if (!cur.rendering && !cur.measured && states.length > 1) {
        // Merged into the current state: it stays "as before" only if this change is too.
        if (!sameBoxes) cur.sameAsBefore = false;
        return;
      }
      states.push({ seq: seq++, changedAt: at, ...(sameBoxes ? { sameAsBefore: true } : {}) });
      trim(at);
      if (sameBoxes) share(states.length - 1);
    },

    frameStarted(at) {
      for (const s of states) if (s.changedAt <= at) s.rendering = true;
    },

    painted(at, before) {
      for (const s of states) if (s.paintedAt === undefined && s.changedAt <= before) s.paintedAt = at;
    },

    measureCurrent() {
      const cur = current();
      if (cur.measured) return;
      cur.measured = opts.measure();
      share(states.length - 1);
    },

    needsMeasure: () => !current().measured,
    needsPaint: () => current().paintedAt === undefined,

    boxesAt(from, to, since) {
      const { first } = candidates({ states, trimmed }, from, to);
      if (first >= 0 && states.slice(first).some((s) => s === current() && s.changedAt <= to + CLOCK_MARGIN_MS)) this.measureCurrent();
      return answerFromHistory({ states, trimmed }, from, to, since);
    },

    currentSeq: () => current().seq,

    measureIfCurrent(seqAt) {
      if (current().seq === seqAt) this.measureCurrent();
    },

    history(max = HISTORY_SENT) {
      const kept = states.slice(-max);
      return { trimmed: trimmed || kept.length < states.length, takenAt: opts.now(), states: kept.map(({ changedAt, paintedAt, measured }) => ({ changedAt, ...(paintedAt === undefined ? {} : { paintedAt }), ...(measured ? { measured } : {}) })) };
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
 * Follows `win`'s changes while a recording lasts (paused too). The observer's callback and the listeners only stamp a time (O(1)
 * per batch of mutations); measuring happens in idle time. A state counts as painted two animation frames
 * after it began: the first frame's rendering includes the change, the second runs after it was committed.
 */
/** `sameBoxes`: whether a change of this field's value leaves what must be blurred as it was (see
 * valueChanged); without it every value change is measured again. */
export function watchScreenStates(win: Window, opts: { now(): number; measure(): Measured; sameBoxes?(field: Element): boolean }): ScreenWatch {
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
      }, { timeout: MEASURE_WITHIN_MS } as IdleRequestOptions);
    }
  }

  let stopped = false;
  const onChange = (): void => {
    states.changed(opts.now());
    schedule();
  };
  // Frameworks mirror a typed value into the `value` attribute (React does): that is typing too.
  const onMutations = (records: MutationRecord[]): void => {
    const fields = records.every((r) => r.type === 'attributes' && r.attributeName === 'value' && (r.target as Element).localName === 'input');
    if (!fields) return onChange();
    states.valueChanged(opts.now(), records.every((r) => opts.sameBoxes?.(r.target as Element) ?? false));
    schedule();
  };
  const observer = new (win as Window & typeof globalThis).MutationObserver(onMutations);
  observer.observe(win.document, { subtree: true, childList: true, attributes: true, characterData: true });
  const onInput = (e: Event): void => {
    const field = e.composedPath()[0] as Element | undefined;
    states.valueChanged(opts.now(), field !== undefined && (opts.sameBoxes?.(field) ?? false));
    schedule();
  };
  win.addEventListener('input', onInput, { capture: true, passive: true });
  const events = ['scroll', 'resize'] as const;
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
      win.removeEventListener('input', onInput, { capture: true });
      win.visualViewport?.removeEventListener('resize', onChange);
      win.visualViewport?.removeEventListener('scroll', onChange);
    },
  };
}
