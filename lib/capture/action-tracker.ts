/**
 * Turns one frame's DOM events into CapturedActions. Listens on the window in the capture phase, passive,
 * and never cancels or stops an event, so the page behaves exactly as without us. The listeners run inside
 * the page's event dispatch, so they only note what the event was: what the target is and says is read in
 * the task after a pointerdown or focusin (the click or keystroke that follows looks it up), and the full
 * description in the task right after the dispatch. `stats()` shows what the listeners cost.
 */
import type { CapturedAction, Modifiers, PageContext, TargetContext, ViewportInfo } from '../model';
import { resolveClickTarget } from './clickable';
import { createCostMeter, type CostMeter, type CostStats } from './cost-meter';
import { resolveTargetSteps, snapshotTarget, type TargetSnapshot } from './target-snapshot';
import { runToEnd, type WorkSteps } from './work-steps';
import { createTaskBatch } from './task-batch';
import { rememberIfPassword, sensitiveWithoutLabel, watchPasswordToggles } from '../privacy/sensitive';
import { eventElement } from '../dom/event-element';

interface OutputContext {
  readonly page: PageContext;
  readonly viewport: ViewportInfo;
  /** Wall-clock ms. */
  readonly at: number;
}

export type TrackerOutput =
  /** Grab a screenshot now: the action that follows (click, Enter) is about to change the page. */
  | { readonly type: 'shot'; readonly shotId: string; /** Wall-clock ms. */ readonly at: number }
  | (OutputContext & { readonly type: 'action'; readonly action: CapturedAction; readonly shotId?: string });

export interface ActionTrackerOptions {
  readonly win: Window;
  emit(output: TrackerOutput): void;
  /** Checked on every event: nothing is buffered or emitted while it returns false. */
  isActive(): boolean;
  /** Events on the extension's own in-page UI (Guide me's panel): never the page's workflow, never captured. */
  readonly ignore?: (e: Event) => boolean;
  /** Wall clock, Date.now by default. */
  readonly now?: () => number;
  /** Typing pause after which a field counts as settled. */
  readonly idleMs?: number;
  /** Whether the browser says the user caused `e` (Event.isTrusted); injectable for tests. */
  readonly isTrusted?: (e: Event) => boolean;
  /**
   * Runs describing and emitting actions after the page's event dispatch (a task, not a microtask: those run
   * before the page's next listener). setTimeout 0 by default; tests may run it at once.
   */
  readonly defer?: (work: () => void) => void;
  /**
   * Runs work as the next task, one task per dispatch (lib/capture/task-batch.ts; `defer` when only that is
   * given): the snapshot of what a pointerdown or focus will act on, between a press and its click. Share it
   * with whatever else the caller sends from the dispatch, so that a click registers one task.
   */
  readonly soon?: (work: () => void) => void;
  /**
   * Called inside the dispatch, when an action is taken and before the page's own handler runs: what must
   * start watching before the page reacts (the page observer) starts here, not when the action is emitted.
   */
  readonly onAction?: () => void;
}

export interface TrackerStats extends CostStats {
  /** The same figures per DOM event type: a click costs far more than a keystroke. */
  readonly byEvent: Readonly<Record<string, CostStats>>;
}

export interface ActionTracker {
  /** Removes every listener; a half-typed value is dropped. */
  detach(): void;
  /** Emits the buffered typing now (call before going inactive, so nothing typed is lost). */
  flush(): void;
  /** Time spent in our handlers per event, in µs (as fine as the page's performance.now allows). */
  stats(): TrackerStats;
}

const IDLE_MS = 1_500;
/** A label forwards its click to its control, and scripts proxy clicks (a styled "Browse" button calling
 * fileInput.click()), within the same task. A second click this soon is that echo, not the user. */
const ECHO_MS = 50;
/** A pointerdown's screenshot still shows the page before the click if the click follows within this. */
const SHOT_TTL_MS = 5_000;
/** A page script's own input/change (untrusted) counts as the user's only this soon after a user event in the
 * same frame: a formatter reacting to a keystroke or a paste, not a script filling fields on its own. */
const PAGE_ECHO_MS = 100;
const MAX_VALUE = 10_000;
const MAX_FILES = 100;
const MAX_FILE_NAME = 500;
const MAX_URL = 8_192;
const MAX_TITLE = 2_000;
const MAX_KEY = 40;
/**
 * A snapshot taken after a pointerdown or focusin (outside the dispatch) stands for the event-time snapshot
 * of the click, keystroke or choice on the same element that follows within this, unless the page scrolled or
 * resized meanwhile. It is also the box the pointerdown's screenshot shows.
 */
const PREPARED_TTL_MS = 1_000;
/**
 * A drain registered at a press runs this long after it, then again while the click has not come (a person
 * holds the button ~100 ms: a few wake-ups). Short: the background places a subframe's action in the tab when
 * it arrives, and a dialog's iframe may be gone a moment later.
 */
const HOLD_MS = 16;
/**
 * Longest stretch a drain describes actions before it lets the page's queued work through. A selector count
 * over a 50,000-element document takes ~1 ms, so one step rarely overruns it by much.
 */
const SLICE_MS = 3;

const NON_TYPING_INPUTS = new Set(['checkbox', 'radio', 'file', 'button', 'submit', 'reset', 'image', 'hidden']);
const MODIFIER_KEYS = new Set(['Control', 'Alt', 'AltGraph', 'Meta', 'Shift', 'CapsLock', 'Fn', 'FnLock', 'Hyper', 'Super', 'OS', 'NumLock', 'ScrollLock', 'Symbol', 'SymbolLock']);

type Listener = [type: string, listener: (e: Event) => void];

/** What `composedPath()` returned in the dispatch, rebuilt later from the element: parents, across shadow roots. */
function pathFrom(el: Element): EventTarget[] {
  const path: EventTarget[] = [];
  for (let n: Node | null = el; n; n = n.parentNode ?? (n as ShadowRoot).host ?? null) path.push(n);
  return path;
}


function editableHost(el: Element): Element | null {
  return el.closest('[contenteditable]:not([contenteditable="false"])');
}

/** The element whose text is being typed, if `el` is one. */
function typingField(el: Element): Element | null {
  if (el.localName === 'textarea') return el;
  if (el.localName === 'input') return NON_TYPING_INPUTS.has((el as HTMLInputElement).type) ? null : el;
  return editableHost(el);
}

function isMultiline(el: Element): boolean {
  return el.localName === 'textarea' || editableHost(el) !== null;
}

function readValue(el: Element): string {
  const raw = el.localName === 'input' || el.localName === 'textarea' ? (el as HTMLInputElement).value : (el.textContent ?? '');
  return raw.slice(0, MAX_VALUE);
}

function selectedLabels(select: HTMLSelectElement): string {
  return Array.from(select.selectedOptions, (o) => (o.label || o.text).trim()).join(', ').slice(0, MAX_VALUE);
}

/** The chosen option's `value` attribute, which replay tools select by; only for a single choice. */
function selectedValue(select: HTMLSelectElement): string | undefined {
  const chosen = select.selectedOptions;
  return chosen.length === 1 ? chosen[0]!.value.slice(0, MAX_VALUE) : undefined;
}

type ChoicePayload =
  | { readonly kind: 'change'; readonly value?: string; readonly optionValue?: string; readonly checked?: boolean }
  | { readonly kind: 'file'; readonly fileNames: readonly string[] };

/** What a select, checkbox, radio or file input now holds; these settle in one event, unlike typing. */
function choiceOf(el: Element): ChoicePayload | null {
  if (el.localName === 'select') {
    // The label is not read in the dispatch: a choice its label marks as secret loses its value at describe time.
    if (sensitiveWithoutLabel(el) === true) return { kind: 'change' };
    const select = el as HTMLSelectElement;
    const optionValue = selectedValue(select);
    return { kind: 'change', value: selectedLabels(select), ...(optionValue === undefined ? {} : { optionValue }) };
  }
  if (el.localName !== 'input') return null;
  const input = el as HTMLInputElement;
  if (input.type === 'checkbox' || input.type === 'radio') return { kind: 'change', checked: input.checked };
  if (input.type === 'file') {
    return { kind: 'file', fileNames: Array.from(input.files ?? [], (f) => f.name.slice(0, MAX_FILE_NAME)).slice(0, MAX_FILES) };
  }
  return null;
}

function choiceAction(choice: ChoicePayload, target: TargetContext): CapturedAction {
  if (!target.sensitive || choice.kind !== 'change') return { ...choice, target };
  return { kind: 'change', target, ...(choice.checked === undefined ? {} : { checked: choice.checked }) };
}

/** An action whose target is described later, off the event path (see lib/capture/target-snapshot.ts). */
type LaterAction = (target: TargetContext) => CapturedAction;

interface Queued {
  readonly snap: TargetSnapshot;
  readonly build: LaterAction;
  readonly ctx: OutputContext;
  readonly shotId?: string;
  /** The describing under way, when a drain stopped in the middle of it. */
  steps?: WorkSteps<TargetContext>;
}

/**
 * Whether the person's input waits behind the current task (Chromium's isInputPending). Where the browser
 * cannot tell, the slice length alone bounds the wait.
 */
function inputPending(win: Window): boolean {
  const scheduling = (win.navigator as Navigator & { scheduling?: { isInputPending?: () => boolean } }).scheduling;
  try {
    return scheduling?.isInputPending?.() ?? false;
  } catch {
    return false;
  }
}

function sameChoice(a: ChoicePayload, b: ChoicePayload): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function modifiersOf(e: MouseEvent | KeyboardEvent): Modifiers {
  return { alt: e.altKey, ctrl: e.ctrlKey, meta: e.metaKey, shift: e.shiftKey };
}

function readViewport(win: Window): ViewportInfo {
  return { width: win.innerWidth, height: win.innerHeight, devicePixelRatio: win.devicePixelRatio || 1 };
}

/**
 * Ids unique across frames and tabs: a random prefix drawn once, then a counter. Drawing a fresh
 * randomUUID per pointerdown measured ~25 µs in Chromium; this costs nothing. (randomUUID also exists only
 * in secure contexts; getRandomValues works everywhere.)
 */
function createIdSource(win: Window): () => string {
  const prefix = Array.from(win.crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');
  let n = 0;
  return () => `${prefix}-${(++n).toString(36)}`;
}

export function createActionTracker(opts: ActionTrackerOptions): ActionTracker {
  const { win } = opts;
  const now = opts.now ?? Date.now;
  const idleMs = opts.idleMs ?? IDLE_MS;
  const perf = win.performance;
  const nextId = createIdSource(win);
  const meter = createCostMeter(4_096);
  const meters = new Map<string, CostMeter>();

  /** The field being typed into, and when its value first changed: the step's time is when the user began. */
  let typing: { el: Element; snap: TargetSnapshot; at: number } | undefined;
  /** Actions waiting to be described and emitted after the event dispatch, in order. */
  const queue: Queued[] = [];
  let drainScheduled = false;
  /** A drain that stopped to let the page's input through has its continuation registered. */
  let resumeScheduled = false;
  const soon = opts.soon ?? opts.defer ?? createTaskBatch((run) => void win.setTimeout(run, 0));
  // The task right after the dispatch, not idle time: the background places the action (a subframe's box in
  // the tab, its screenshot) when it arrives, and an idle callback came up to 250 ms later.
  const defer = opts.defer ?? soon;
  /** Where a drain that stopped for the page resumes: a task of its own (setTimeout 0 clamps to 4 ms once nested). */
  const resume = opts.defer ?? ((work: () => void) => void win.setTimeout(work, 0));
  /** How a drain waits for a pressed button's click: a person holds it ~60–120 ms (one timer, not an idle loop). */
  const afterHold = opts.defer ?? ((work: () => void) => void win.setTimeout(work, HOLD_MS));
  /** Snapshots taken just after a pointerdown or focusin, newest first (see PREPARED_TTL_MS). */
  let prepared: Array<{ snap: TargetSnapshot; at: number }> = [];
  /** The last primary press: its path, and once the task after it ran, the element its click would act on. */
  let pressed: { origin: Element; at: number; target?: { el: Element; viaLabel: boolean } } | undefined;
  const trusted = opts.isTrusted ?? ((e: Event) => e.isTrusted);
  /** When this frame last saw the user act (pointer, key, paste, drop, composition, a trusted input). */
  let lastUserAt = Number.NEGATIVE_INFINITY;
  let lastTypedAt = 0;
  let idleTimer: number | undefined;
  let pendingShot: { id: string; at: number } | undefined;
  let lastClick: { el: Element; at: number; viaLabel: boolean } | undefined;
  let lastChoice: { el: Element; choice: ChoicePayload } | undefined;

  // Read once, and again after a resize, rather than per event: reading innerWidth may make the browser
  // bring layout up to date in the middle of the page's own event handling. Read lazily because a frame's
  // size may not be settled when the script starts. Zoom changes devicePixelRatio and also fires resize.
  let viewport: ViewportInfo | undefined;
  const onResize = (): void => {
    viewport = undefined;
    prepared = [];
  };

  /** The page as the last prepare read it (see PREPARED_TTL_MS): reading the URL and title costs ~25 µs. */
  let pageRead: { page: PageContext; at: number } | undefined;

  function readPage(): PageContext {
    return { url: win.location.href.slice(0, MAX_URL), title: win.document.title.slice(0, MAX_TITLE) };
  }

  function context(): OutputContext {
    const at = now();
    const page = pageRead && at - pageRead.at <= PREPARED_TTL_MS ? pageRead.page : readPage();
    return { page, viewport: (viewport ??= readViewport(win)), at };
  }

  /** Emits the typing and every queued action at once (going inactive, the page leaving). */
  function flushNow(): void {
    flush();
    drain(true);
  }

  /**
   * Registering the drain costs the click's dispatch 30 µs (a timer): while a prepared press waits for its
   * click, a drain is kept registered from outside any dispatch (HOLD_MS after the press, re-armed until the
   * click comes or the press is too old), so the click only queues its action.
   */
  function awaitClick(): void {
    if (drainScheduled) return;
    drainScheduled = true;
    const arm = (): void => {
      let inCall = true;
      afterHold(() => {
        // A `defer` that runs work at once (tests) would re-arm forever: the click will register its own.
        if (inCall) drainScheduled = false;
        else if (queue.length) drain();
        else if (pressed && now() - pressed.at <= PREPARED_TTL_MS) arm();
        else drainScheduled = false;
      });
      inCall = false;
    };
    arm();
  }

  /**
   * Describes and emits the queued actions in order, in slices: describing one target on a big page reads the
   * document several times (~10 ms at 70,000 nodes), and one long task would hold back the person's next press
   * or keystroke. Between steps the drain stops when its slice is spent or input is waiting, and resumes in a
   * task of its own. `all`: finish now (the page is being hidden or capture is ending).
   */
  function drain(all = false): void {
    drainScheduled = false;
    resumeScheduled = false;
    const start = perf.now();
    while (queue.length) {
      const item = queue[0]!;
      item.steps ??= resolveTargetSteps(item.snap);
      const r = all ? { done: true as const, value: runToEnd(item.steps) } : item.steps.next();
      if (r.done) {
        queue.shift();
        opts.emit({ type: 'action', action: item.build(r.value), ...(item.shotId ? { shotId: item.shotId } : {}), ...item.ctx });
      }
      if (!all && queue.length && (perf.now() - start >= SLICE_MS || inputPending(win))) {
        resumeScheduled = true;
        resume(() => {
          if (resumeScheduled) drain();
        });
        return;
      }
    }
  }

  /** Queues an action: the page's URL, title and time are read now; its target is described after the dispatch. */
  function emitAction(snap: TargetSnapshot, build: LaterAction, shotId?: string, at?: number): void {
    opts.onAction?.();
    const ctx = { ...context(), ...(at === undefined ? {} : { at }) };
    queue.push({ snap, build, ctx, ...(shotId ? { shotId } : {}) });
    if (!drainScheduled && !resumeScheduled) {
      drainScheduled = true;
      defer(drain);
    }
  }

  /** Whether an input/change is the user's doing (see PAGE_ECHO_MS). */
  function byUser(e: Event): boolean {
    if (trusted(e)) {
      lastUserAt = now();
      return true;
    }
    return now() - lastUserAt <= PAGE_ECHO_MS;
  }

  /** The element's snapshot: prepared after the press or focus if still fresh, else read now (in the dispatch). */
  function snapshotOf(el: Element): TargetSnapshot {
    const t = now();
    const ready = prepared.find((p) => p.snap.el === el && t - p.at <= PREPARED_TTL_MS);
    return ready ? ready.snap : snapshotTarget(el);
  }

  function prepare(el: Element): void {
    const at = now();
    prepared = [{ snap: snapshotTarget(el, true), at }, ...prepared.filter((p) => p.snap.el !== el)].slice(0, 2);
    pageRead = { page: readPage(), at };
  }

  function forgetPrepared(): void {
    prepared = [];
  }

  function requestShot(): string {
    const shotId = nextId();
    pendingShot = { id: shotId, at: now() };
    opts.emit({ type: 'shot', shotId, at: pendingShot.at });
    return shotId;
  }

  function takeShot(): string | undefined {
    const shot = pendingShot;
    pendingShot = undefined;
    return shot && now() - shot.at <= SHOT_TTL_MS ? shot.id : undefined;
  }

  function flush(): void {
    if (idleTimer !== undefined) win.clearTimeout(idleTimer);
    idleTimer = undefined;
    if (!typing) return;
    const { el, snap, at } = typing;
    typing = undefined;
    // Re-checked here and at describe time: a label or autocomplete may have marked the field since typing
    // began. Here only from its own attributes (no value read at all); its label is read off the event path.
    if (sensitiveWithoutLabel(el) === true) emitAction(snap, (target) => ({ kind: 'input', target: { ...target, sensitive: true } }), undefined, at);
    else {
      const value = readValue(el);
      emitAction(snap, (target) => (target.sensitive ? { kind: 'input', target } : { kind: 'input', target, value }), undefined, at);
    }
  }

  function onIdle(): void {
    idleTimer = undefined;
    const wait = lastTypedAt + idleMs - now();
    // One timer per typing burst, re-armed for the remainder, rather than a clear/set per keystroke.
    if (wait > 0) idleTimer = win.setTimeout(onIdle, wait);
    else flush();
  }

  function onPointerDown(e: PointerEvent): void {
    onUserEvent(e);
    if (e.button !== 0 || !e.isPrimary) return;
    const origin = eventElement(e);
    if (!origin) return;
    flush();
    requestShot();
    // Which element the click will act on, and its snapshot, are read after this dispatch: the click that
    // follows (a person holds the button ~100 ms) then only looks them up.
    const press: NonNullable<typeof pressed> = { origin, at: now() };
    pressed = press;
    soon(() => {
      if (pressed !== press || !press.origin.isConnected) return;
      press.target = resolveClickTarget(pathFrom(press.origin), press.origin);
      prepare(press.target.el);
      awaitClick();
    });
  }

  function onClick(e: MouseEvent): void {
    const origin = eventElement(e);
    if (!origin) return;
    // A click a page script makes on its own (element.click() while it sets itself up, seconds after anything
    // the user did) is not a step: Node-RED "clicks" a hidden close button as its editor finishes loading.
    // Right after a user event it stays the user's (a shortcut's handler clicking a button for them).
    if (!trusted(e) && now() - lastUserAt > PAGE_ECHO_MS) return;
    const press = pressed;
    pressed = undefined;
    const t = now();
    const { el, viaLabel } = press?.target && press.origin === origin && t - press.at <= PREPARED_TTL_MS ? press.target : resolveClickTarget(e.composedPath(), origin);
    const echo = lastClick && t - lastClick.at <= ECHO_MS && ((lastClick.viaLabel && lastClick.el === el) || !e.isTrusted);
    if (echo) return;
    lastClick = { el, at: t, viaLabel };
    flush();
    const snap = snapshotOf(el);
    const button = e.button;
    const modifiers = modifiersOf(e);
    // The second click of a double-click says so (detail 2): the step is worded and replayed as one.
    const count = e.detail > 1 ? Math.min(e.detail, 20) : undefined;
    emitAction(snap, (target) => ({ kind: 'click', target, button, modifiers, ...(count ? { count } : {}) }), takeShot());
  }

  /** A middle-click fires no 'click', only 'auxclick': opening a link in a new tab this way is an action too. */
  function onAuxClick(e: MouseEvent): void {
    if (e.button === 1) onClick(e);
  }

  function onInput(e: Event): void {
    const origin = eventElement(e);
    if (!origin) return;
    const user = byUser(e);
    const choice = choiceOf(origin);
    if (choice) {
      flush();
      lastChoice = { el: origin, choice };
      const snap = snapshotOf(origin);
      emitAction(snap, (target) => choiceAction(choice, target));
      return;
    }
    // Only text is filled by page scripts on their own (defaults, formatting, restoring drafts); a select,
    // checkbox or file input changes when someone chose (test drivers and custom widgets dispatch those).
    if (!user) return;
    const field = typingField(origin);
    if (!field) return;
    if (typing?.el !== field) {
      flush();
      typing = { el: field, snap: snapshotOf(field), at: now() };
    }
    lastTypedAt = now();
    idleTimer ??= win.setTimeout(onIdle, idleMs);
  }

  /** `change` is not composed, so inside shadow roots only `input` arrives; both are handled. */
  function onChange(e: Event): void {
    const origin = eventElement(e);
    if (!origin) return;
    const user = byUser(e);
    if (!user && typingField(origin)) return;
    if (typing?.el === origin) return flush();
    const choice = choiceOf(origin);
    if (!choice) return;
    // Browsers fire input then change for the same choice.
    const repeat = lastChoice?.el === origin && sameChoice(lastChoice.choice, choice);
    lastChoice = undefined;
    if (repeat) return;
    flush();
    const snap = snapshotOf(origin);
    emitAction(snap, (target) => choiceAction(choice, target));
  }

  /** Paste, drop and IME composition put text in a field with no keystroke for it: they are the user too. */
  function onUserEvent(e: Event): void {
    if (trusted(e)) lastUserAt = now();
  }

  function onFocusIn(e: FocusEvent): void {
    const el = eventElement(e);
    if (!el) return;
    rememberIfPassword(el);
    // What typing into it, choosing in it or pressing Enter on it will need, read after this dispatch.
    soon(() => {
      const t = now();
      if (el.isConnected && !prepared.some((p) => p.snap.el === el && t - p.at <= PREPARED_TTL_MS)) prepare(el);
    });
  }

  function onFocusOut(e: FocusEvent): void {
    if (typing && eventElement(e) === typing.el) flush();
  }

  function onKeyDown(e: KeyboardEvent): void {
    onUserEvent(e);
    if (e.isComposing || e.repeat || MODIFIER_KEYS.has(e.key)) return;
    // AltGr arrives as Ctrl+Alt on Windows and types characters; it is not a shortcut.
    const chord = (e.ctrlKey || e.altKey || e.metaKey) && !e.getModifierState('AltGraph');
    const enter = e.key === 'Enter';
    if (!chord && !enter && e.key !== 'Escape') return;
    const origin = eventElement(e) ?? win.document.activeElement ?? win.document.body;
    if (!origin) return;
    // Enter in a textarea or an editor types a newline.
    if (enter && !chord && isMultiline(origin)) return;
    flush();
    const shotId = enter ? requestShot() : undefined;
    const snap = snapshotOf(origin);
    const key = e.key.slice(0, MAX_KEY);
    const modifiers = modifiersOf(e);
    emitAction(snap, (target) => ({ kind: 'key', target, key, modifiers }), shotId);
  }

  function onSubmit(e: Event): void {
    const form = eventElement(e);
    if (!form) return;
    flush();
    const snap = snapshotTarget(form);
    emitAction(snap, (target) => ({ kind: 'submit', target }));
  }

  function measured<E extends Event>(handler: (e: E) => void): (e: Event) => void {
    return (e) => {
      if (!opts.isActive() || opts.ignore?.(e)) return;
      const t0 = perf.now();
      try {
        handler(e as E);
      } finally {
        const us = (perf.now() - t0) * 1_000;
        meter.record(us);
        let own = meters.get(e.type);
        if (!own) meters.set(e.type, (own = createCostMeter(1_024)));
        own.record(us);
      }
    };
  }

  const listeners: Listener[] = [
    ['pointerdown', measured(onPointerDown)],
    ['click', measured(onClick)],
    ['auxclick', measured(onAuxClick)],
    ['input', measured(onInput)],
    ['change', measured(onChange)],
    ['focusin', measured(onFocusIn)],
    ['focusout', measured(onFocusOut)],
    ['keydown', measured(onKeyDown)],
    ['submit', measured(onSubmit)],
    // The page is going away: what is typed or queued goes out now, not in a task that will never run.
    ['pagehide', measured(flushNow)],
    ['paste', measured(onUserEvent)],
    ['drop', measured(onUserEvent)],
    ['compositionstart', measured(onUserEvent)],
  ];
  for (const [type, listener] of listeners) win.addEventListener(type, listener, { capture: true, passive: true });
  win.addEventListener('resize', onResize, { passive: true });
  // A hidden page's timers and idle callbacks are throttled (a second or more): what waits for the drain goes
  // out now, before the person's next steps in another tab, and before a Stop that would no longer take it.
  const onHidden = (): void => {
    if (win.document.visibilityState === 'hidden' && opts.isActive()) flushNow();
  };
  win.document.addEventListener('visibilitychange', onHidden);
  // A prepared box is the element's place before the scroll; the next action's must be read again.
  win.addEventListener('scroll', forgetPrepared, { capture: true, passive: true });
  const unwatch = watchPasswordToggles(win.document);

  return {
    detach() {
      for (const [type, listener] of listeners) win.removeEventListener(type, listener, { capture: true });
      win.removeEventListener('resize', onResize);
      win.document.removeEventListener('visibilitychange', onHidden);
      win.removeEventListener('scroll', forgetPrepared, { capture: true });
      prepared = [];
      pressed = undefined;
      unwatch();
      if (idleTimer !== undefined) win.clearTimeout(idleTimer);
      idleTimer = undefined;
      typing = undefined;
      queue.length = 0;
    },
    flush: flushNow,
    stats: () => ({ ...meter.stats(), byEvent: Object.fromEntries([...meters].map(([type, m]) => [type, m.stats()])) }),
  };
}
