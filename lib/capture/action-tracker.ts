/**
 * Turns one frame's DOM events into CapturedActions. Listens on the window in the capture phase, passive,
 * and never cancels or stops an event, so the page behaves exactly as without us. Everything here runs
 * inside the page's event dispatch: keep per-event work small; `stats()` shows what it costs.
 */
import type { CapturedAction, Modifiers, PageContext, TargetContext, ViewportInfo } from '../model';
import { resolveClickTarget } from './clickable';
import { createCostMeter, type CostMeter, type CostStats } from './cost-meter';
import { describeTarget } from './describe-target';
import { isSensitiveField, rememberIfPassword, watchPasswordToggles } from './sensitive';

interface OutputContext {
  readonly page: PageContext;
  readonly viewport: ViewportInfo;
  /** Wall-clock ms. */
  readonly at: number;
}

export type TrackerOutput =
  /** Grab a screenshot now: the action that follows (click, Enter) is about to change the page. */
  | (OutputContext & { readonly type: 'shot'; readonly shotId: string })
  | (OutputContext & { readonly type: 'action'; readonly action: CapturedAction; readonly shotId?: string });

export interface ActionTrackerOptions {
  readonly win: Window;
  emit(output: TrackerOutput): void;
  /** Checked on every event: nothing is buffered or emitted while it returns false. */
  isActive(): boolean;
  /** Wall clock, Date.now by default. */
  readonly now?: () => number;
  /** Typing pause after which a field counts as settled. */
  readonly idleMs?: number;
  /** Whether the browser says the user caused `e` (Event.isTrusted); injectable for tests. */
  readonly isTrusted?: (e: Event) => boolean;
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

const NON_TYPING_INPUTS = new Set(['checkbox', 'radio', 'file', 'button', 'submit', 'reset', 'image', 'hidden']);
const MODIFIER_KEYS = new Set(['Control', 'Alt', 'AltGraph', 'Meta', 'Shift', 'CapsLock', 'Fn', 'FnLock', 'Hyper', 'Super', 'OS', 'NumLock', 'ScrollLock', 'Symbol', 'SymbolLock']);

type Listener = [type: string, listener: (e: Event) => void];

function eventElement(e: Event): Element | null {
  for (const t of e.composedPath()) if ((t as Node).nodeType === 1) return t as Element;
  return null;
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
    if (isSensitiveField(el)) return { kind: 'change' };
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
  return { ...choice, target };
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
  let typing: { el: Element; target: TargetContext; at: number } | undefined;
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
  };

  function context(): OutputContext {
    return {
      page: { url: win.location.href.slice(0, MAX_URL), title: win.document.title.slice(0, MAX_TITLE) },
      viewport: (viewport ??= readViewport(win)),
      at: now(),
    };
  }

  function emitAction(action: CapturedAction, shotId?: string, at?: number): void {
    opts.emit({ type: 'action', action, ...(shotId ? { shotId } : {}), ...context(), ...(at === undefined ? {} : { at }) });
  }

  /** Whether an input/change is the user's doing (see PAGE_ECHO_MS). */
  function byUser(e: Event): boolean {
    if (trusted(e)) {
      lastUserAt = now();
      return true;
    }
    return now() - lastUserAt <= PAGE_ECHO_MS;
  }

  function requestShot(): string {
    const shotId = nextId();
    pendingShot = { id: shotId, at: now() };
    opts.emit({ type: 'shot', shotId, ...context() });
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
    const { el, target, at } = typing;
    typing = undefined;
    // Re-checked at emit time: a label or autocomplete may have marked the field since typing began.
    if (target.sensitive || isSensitiveField(el)) emitAction({ kind: 'input', target: { ...target, sensitive: true } }, undefined, at);
    else emitAction({ kind: 'input', target, value: readValue(el) }, undefined, at);
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
  }

  function onClick(e: MouseEvent): void {
    const origin = eventElement(e);
    if (!origin) return;
    // A click a page script makes on its own (element.click() while it sets itself up, seconds after anything
    // the user did) is not a step: Node-RED "clicks" a hidden close button as its editor finishes loading.
    // Right after a user event it stays the user's (a shortcut's handler clicking a button for them).
    if (!trusted(e) && now() - lastUserAt > PAGE_ECHO_MS) return;
    const { el, viaLabel } = resolveClickTarget(e.composedPath(), origin);
    const t = now();
    const echo = lastClick && t - lastClick.at <= ECHO_MS && ((lastClick.viaLabel && lastClick.el === el) || !e.isTrusted);
    if (echo) return;
    lastClick = { el, at: t, viaLabel };
    flush();
    emitAction({ kind: 'click', target: describeTarget(el), button: e.button, modifiers: modifiersOf(e) }, takeShot());
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
      emitAction(choiceAction(choice, describeTarget(origin)));
      return;
    }
    // Only text is filled by page scripts on their own (defaults, formatting, restoring drafts); a select,
    // checkbox or file input changes when someone chose (test drivers and custom widgets dispatch those).
    if (!user) return;
    const field = typingField(origin);
    if (!field) return;
    if (typing?.el !== field) {
      flush();
      typing = { el: field, target: describeTarget(field), at: now() };
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
    emitAction(choiceAction(choice, describeTarget(origin)));
  }

  /** Paste, drop and IME composition put text in a field with no keystroke for it: they are the user too. */
  function onUserEvent(e: Event): void {
    if (trusted(e)) lastUserAt = now();
  }

  function onFocusIn(e: FocusEvent): void {
    const el = eventElement(e);
    if (el) rememberIfPassword(el);
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
    emitAction({ kind: 'key', target: describeTarget(origin), key: e.key.slice(0, MAX_KEY), modifiers: modifiersOf(e) }, shotId);
  }

  function onSubmit(e: Event): void {
    const form = eventElement(e);
    if (!form) return;
    flush();
    emitAction({ kind: 'submit', target: describeTarget(form) });
  }

  function measured<E extends Event>(handler: (e: E) => void): (e: Event) => void {
    return (e) => {
      if (!opts.isActive()) return;
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
    ['pagehide', measured(flush)],
    ['paste', measured(onUserEvent)],
    ['drop', measured(onUserEvent)],
    ['compositionstart', measured(onUserEvent)],
  ];
  for (const [type, listener] of listeners) win.addEventListener(type, listener, { capture: true, passive: true });
  win.addEventListener('resize', onResize, { passive: true });
  const unwatch = watchPasswordToggles(win.document);

  return {
    detach() {
      for (const [type, listener] of listeners) win.removeEventListener(type, listener, { capture: true });
      win.removeEventListener('resize', onResize);
      unwatch();
      if (idleTimer !== undefined) win.clearTimeout(idleTimer);
      idleTimer = undefined;
      typing = undefined;
    },
    flush,
    stats: () => ({ ...meter.stats(), byEvent: Object.fromEntries([...meters].map(([type, m]) => [type, m.stats()])) }),
  };
}
