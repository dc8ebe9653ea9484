/**
 * Watching for the person completing the step on the element Guide highlights: trusted events only (a page
 * script's synthetic click never completes a step), capture phase and passive (the page's own handlers are
 * untouched), composedPath so an element inside a shadow root counts. A secret field's value is never read.
 */
import { isSensitiveField } from '../privacy/sensitive';
import { completes, type PageAct } from './advance';
import type { GuideExpect } from './plan';

function inTarget(event: Event, el: Element): boolean {
  return event.composedPath().includes(el);
}

function fieldValue(el: Element): string | undefined {
  if (el.localName === 'select') {
    const select = el as HTMLSelectElement;
    return Array.from(select.selectedOptions, (o) => o.label || o.text).join(', ');
  }
  return 'value' in el ? String((el as HTMLInputElement).value) : undefined;
}

/** The act an event is, relative to `el`; undefined for events that say nothing about the step. */
export function actOf(event: Event, el: Element): PageAct | undefined {
  const here = inTarget(event, el);
  switch (event.type) {
    case 'click':
      return { kind: 'click', inTarget: here };
    case 'input':
    case 'change': {
      if (!here) return { kind: 'value', inTarget: false, committed: event.type === 'change', secret: false };
      const input = el as HTMLInputElement;
      if (el.localName === 'input' && (input.type === 'checkbox' || input.type === 'radio')) return { kind: 'checked', inTarget: true, checked: input.checked };
      if (el.localName === 'input' && input.type === 'file') return { kind: 'files', inTarget: true, count: input.files?.length ?? 0 };
      const secret = isSensitiveField(el);
      const value = secret ? undefined : fieldValue(el);
      return { kind: 'value', inTarget: true, committed: event.type === 'change', secret, ...(value === undefined ? {} : { value }) };
    }
    case 'keydown':
      return { kind: 'key', inTarget: here || (event.target as Element | null) === el, key: (event as KeyboardEvent).key };
    case 'submit': {
      const form = event.target as HTMLFormElement;
      const owned = form === el || form.contains(el) || (el as HTMLInputElement).form === form;
      return { kind: 'submit', inTarget: owned };
    }
    default:
      return undefined;
  }
}

const EVENTS = ['click', 'input', 'change', 'keydown', 'submit'] as const;

/** Calls `onDone` once, when a trusted event completes `expect` on `el`. Returns the function that stops. */
export function watchCompletion(win: Window, el: Element, expect: GuideExpect, onDone: () => void): () => void {
  let done = false;
  const listener = (event: Event) => {
    if (done || !event.isTrusted) return;
    const act = actOf(event, el);
    if (act && completes(expect, act)) {
      done = true;
      onDone();
    }
  };
  for (const type of EVENTS) win.addEventListener(type, listener, { capture: true, passive: true });
  return () => {
    for (const type of EVENTS) win.removeEventListener(type, listener, { capture: true });
  };
}
