/**
 * Tells when a password or other secret field (lib/privacy/sensitive.ts rules) gains or loses focus, so
 * capture can hold meanwhile. A pointerdown outside the focused field counts as leaving it at once: the
 * screenshot of that click must not wait for the focus to move.
 *
 * Fields inside open shadow roots (web components) count too. Focus moving between two elements of one
 * shadow root is invisible from the window (the browser retargets both ends to the host and stops the
 * event there), so each shadow root focus has entered is watched itself as well.
 */
import { isSensitiveField, rememberIfPassword, sensitiveWithoutLabel } from './sensitive';
import { eventElement, firstElement } from '../dom/event-element';

export interface SecretFocusWatch {
  /** Whether a secret field of this frame has focus now. */
  focused(): boolean;
  detach(): void;
}

/** Nested shadow roots deeper than this are not followed (the page is pathological; the window still sees focus enter). */
const MAX_SHADOW_DEPTH = 32;
/** Shadow roots in the page listened to at most; past that, moves inside further roots are seen only when focus leaves them. */
const MAX_WATCHED_ROOTS = 256;

/** The focused element itself: `document.activeElement` is only the outermost shadow host. */
function deepActiveElement(doc: Document): Element | null {
  let el = doc.activeElement;
  for (let depth = 0; el?.shadowRoot?.activeElement && depth < MAX_SHADOW_DEPTH; depth++) el = el.shadowRoot.activeElement;
  return el;
}

export interface SecretFocusOptions {
  readonly win: Window;
  /** Called in the event dispatch: keep it cheap (send from a task). */
  report(focused: boolean): void;
  /**
   * Runs a field's label check after the dispatch (its `labels` look through the whole document); until then
   * the field counts as secret. setTimeout 0 by default.
   */
  readonly later?: (work: () => void) => void;
}

export function createSecretFocusWatch(opts: SecretFocusOptions): SecretFocusWatch {
  const { win } = opts;
  const later = opts.later ?? ((work: () => void) => void win.setTimeout(work, 0));
  let field: Element | null = null;
  /** Focused, and only its label can say whether it is secret: held as secret until that is read. */
  let undecided: Element | null = null;
  /** Left early by a pointerdown; typing into it again means focus stayed (the page kept it). */
  let leftEarly: Element | null = null;
  let pendingRelease: ReturnType<typeof setTimeout> | undefined;

  function set(next: Element | null): void {
    if (pendingRelease !== undefined) clearTimeout(pendingRelease);
    pendingRelease = undefined;
    const changed = (next === null) !== (field === null);
    field = next;
    if (changed) opts.report(next !== null);
  }

  function onFocusIn(e: Event): void {
    // One composed path per focus (building it allocates the whole ancestor chain).
    const path = e.composedPath();
    watchShadowRoots(path);
    const el = firstElement(path);
    if (!el) return;
    rememberIfPassword(el);
    const sensitive = sensitiveWithoutLabel(el);
    undecided = null;
    if (sensitive === true) set(el);
    else if (sensitive === false) {
      if (field) set(null);
    } else {
      undecided = el;
      later(() => {
        if (undecided !== el) return;
        undecided = null;
        if (isSensitiveField(el)) set(el);
        else if (field) set(null);
      });
    }
  }

  function onFocusOut(e: Event): void {
    if (undecided && eventElement(e) === undecided) undecided = null;
    if (!field || eventElement(e) !== field) return;
    // Focus moving from one secret field to the next would otherwise lift the hold for a moment.
    if (pendingRelease === undefined) pendingRelease = setTimeout(() => set(null), 0);
  }

  function onPointerDown(e: Event): void {
    if (!field || e.composedPath().includes(field)) return;
    leftEarly = field;
    set(null);
  }

  function onInput(e: Event): void {
    if (field || !leftEarly) return;
    if (eventElement(e) === leftEarly) set(leftEarly);
    else leftEarly = null;
  }

  function onPageHide(): void {
    set(null);
  }

  const listeners: [string, (e: Event) => void][] = [
    ['focusin', onFocusIn],
    ['focusout', onFocusOut],
    ['pointerdown', onPointerDown],
    ['input', onInput],
    ['pagehide', onPageHide],
  ];
  const focusListeners = listeners.slice(0, 2);
  /** Shadow roots listened to for focus moves inside them; an event seen both here and at the window is
   * handled twice, which changes nothing the second time. */
  const watchedRoots = new Set<ShadowRoot>();

  function unwatch(root: ShadowRoot): void {
    for (const [type, l] of focusListeners) root.removeEventListener(type, l, { capture: true });
    watchedRoots.delete(root);
  }

  function watchShadowRoots(path: readonly EventTarget[]): void {
    for (const t of path) {
      if ((t as Node).nodeType !== 11 || !(t as ShadowRoot).host || watchedRoots.has(t as ShadowRoot)) continue;
      // Components come and go in a single-page app: roots no longer in the page make room.
      if (watchedRoots.size >= MAX_WATCHED_ROOTS) for (const r of watchedRoots) if (!r.host.isConnected) unwatch(r);
      if (watchedRoots.size >= MAX_WATCHED_ROOTS) return;
      watchedRoots.add(t as ShadowRoot);
      for (const [type, l] of focusListeners) t.addEventListener(type, l, { capture: true, passive: true });
    }
  }

  function shadowRootsAbove(el: Element): ShadowRoot[] {
    const roots: ShadowRoot[] = [];
    for (let root = el.getRootNode(); root.nodeType === 11 && (root as ShadowRoot).host && roots.length < MAX_SHADOW_DEPTH; root = (root as ShadowRoot).host.getRootNode()) {
      roots.push(root as ShadowRoot);
    }
    return roots;
  }

  for (const [type, l] of listeners) win.addEventListener(type, l, { capture: true, passive: true });
  // Focus may already be in a secret field (this script can arrive after the page was in use).
  const already = deepActiveElement(win.document);
  if (already) {
    watchShadowRoots(shadowRootsAbove(already));
    rememberIfPassword(already);
    if (isSensitiveField(already)) field = already;
  }

  return {
    focused: () => (field !== null && field.isConnected) || (undecided !== null && undecided.isConnected),
    detach() {
      for (const [type, l] of listeners) win.removeEventListener(type, l, { capture: true });
      for (const root of watchedRoots) unwatch(root);
      if (pendingRelease !== undefined) clearTimeout(pendingRelease);
    },
  };
}
