/**
 * Tells when a password or other secret field (lib/capture/sensitive.ts rules) gains or loses focus, so
 * capture can hold meanwhile. A pointerdown outside the focused field counts as leaving it at once: the
 * screenshot of that click must not wait for the focus to move.
 */
import { isSensitiveField, rememberIfPassword } from '../capture/sensitive';

export interface SecretFocusWatch {
  /** Whether a secret field of this frame has focus now. */
  focused(): boolean;
  detach(): void;
}

function eventElement(e: Event): Element | null {
  for (const t of e.composedPath()) if ((t as Node).nodeType === 1) return t as Element;
  return null;
}

export function createSecretFocusWatch(opts: { win: Window; report(focused: boolean): void }): SecretFocusWatch {
  const { win } = opts;
  let field: Element | null = null;
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
    const el = eventElement(e);
    if (!el) return;
    rememberIfPassword(el);
    if (isSensitiveField(el)) set(el);
    else if (field) set(null);
  }

  function onFocusOut(e: Event): void {
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
  for (const [type, l] of listeners) win.addEventListener(type, l, { capture: true, passive: true });

  return {
    focused: () => field !== null && field.isConnected,
    detach() {
      for (const [type, l] of listeners) win.removeEventListener(type, l, { capture: true });
      if (pendingRelease !== undefined) clearTimeout(pendingRelease);
    },
  };
}
