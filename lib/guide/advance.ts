/**
 * Whether what the person just did completes the step being guided. The content script turns trusted page
 * events into `PageAct`s (never reading a secret field's value); navigations are judged by the background.
 * Guide never acts for the person: only their own, trusted events count.
 */
import type { GuideExpect } from './plan';

export type PageAct =
  /** A click on the element or inside it (`inTarget`), or elsewhere. */
  | { readonly kind: 'click'; readonly inTarget: boolean }
  /** The field's value now (absent for secret fields: never read). `committed`: a change event, not input. */
  | { readonly kind: 'value'; readonly inTarget: boolean; readonly value?: string; readonly committed: boolean; readonly secret: boolean }
  | { readonly kind: 'checked'; readonly inTarget: boolean; readonly checked: boolean }
  | { readonly kind: 'key'; readonly inTarget: boolean; readonly key: string }
  | { readonly kind: 'submit'; readonly inTarget: boolean }
  | { readonly kind: 'files'; readonly inTarget: boolean; readonly count: number };

const same = (a: string, b: string) => a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();

export function completes(expect: GuideExpect, act: PageAct): boolean {
  if (!act.inTarget) return false;
  switch (expect.kind) {
    case 'click':
      return act.kind === 'click';
    case 'type':
    case 'select':
      if (act.kind !== 'value') return false;
      // Secrets and values the person chooses: any value, once the field is left (a change event).
      if (act.secret || expect.value === undefined) return act.committed;
      return act.value !== undefined && same(act.value, expect.value);
    case 'check':
    case 'uncheck':
      return act.kind === 'checked' && act.checked === (expect.kind === 'check');
    case 'key':
      return act.kind === 'key' && act.key === expect.key;
    case 'submit':
      // A form is submitted by its button or by Enter as much as by the submit event itself.
      return act.kind === 'submit';
    case 'upload':
      return act.kind === 'files' && act.count > 0;
    case 'navigate':
    case 'manual':
      return false;
  }
}

/** Whether the tab now shows the page a navigation step led to (the fragment does not matter). */
export function urlMatches(expected: string, actual: string): boolean {
  try {
    const a = new URL(expected);
    const b = new URL(actual);
    return a.origin === b.origin && a.pathname.replace(/\/+$/, '') === b.pathname.replace(/\/+$/, '') && a.search === b.search;
  } catch {
    return expected === actual;
  }
}
