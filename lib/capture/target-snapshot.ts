/**
 * What of an action's target must be read inside the page's event dispatch, and only that: the element, its
 * box and the little text that names it, before the page's own handler (which runs after our capture-phase
 * listener) re-renders a row, removes the button or turns its label into "Copied!". Everything that costs
 * (the accessible name over a subtree, selector uniqueness over the document, the CSS path, group names) is
 * computed later by `resolveTarget`, off the event path, and reconciled with this snapshot.
 */
import type { Box, TargetContext } from '../model';
import { cssEscape, cssPath, cssString, isStableId, TEST_ID_ATTRIBUTES } from './css-path';
import { describeTarget } from './describe-target';
import { isSensitiveField } from './sensitive';
import { boundedText, collapse, labelledByElements } from './text';

const MAX_TEXT = 200;
const MAX_CHAIN = 40;
const FORM_CONTROLS = new Set(['input', 'select', 'textarea']);

export interface TargetSnapshot {
  readonly el: Element;
  /** The element's ancestors at the event, nearest first: a path can be rebuilt if the element is removed. */
  readonly chain: readonly Element[];
  readonly box: Box;
  /** Bounded visible text (not of form controls or sensitive fields). */
  readonly text?: string;
  /** aria-label, else aria-labelledby's text: what names the element besides its content. */
  readonly label?: string;
}

/** Cheap by construction: attribute reads, one rect, text bounded to 200 characters, an O(depth) walk. */
export function snapshotTarget(el: Element): TargetSnapshot {
  const r = el.getBoundingClientRect();
  const chain: Element[] = [];
  for (let p = el.parentElement; p && chain.length < MAX_CHAIN; p = p.parentElement) chain.push(p);
  const control = FORM_CONTROLS.has(el.localName) || isSensitiveField(el);
  const text = control ? undefined : boundedText(el, MAX_TEXT) || undefined;
  const aria = el.getAttribute('aria-label');
  const label = aria ? collapse(aria, MAX_TEXT) : collapse(labelledByElements(el).map((l) => boundedText(l, MAX_TEXT)).join(' '), MAX_TEXT) || undefined;
  return { el, chain, box: { x: r.x, y: r.y, width: r.width, height: r.height }, ...(text ? { text } : {}), ...(label ? { label } : {}) };
}

/** A selector for an element that is gone: its own stable test id or id, else a path from a connected ancestor. */
function selectorOfRemoved(snap: TargetSnapshot): string {
  const el = snap.el;
  for (const attr of TEST_ID_ATTRIBUTES) {
    const v = el.getAttribute(attr);
    if (v) return `[${attr}=${cssString(v)}]`;
  }
  if (isStableId(el.id)) return `#${cssEscape(el.id)}`;
  const anchor = snap.chain.find((a) => a.isConnected);
  const own = cssEscape(el.localName);
  return anchor ? `${cssPath(anchor)} ${own}` : own;
}

/**
 * The full description, computed now (off the event path), reconciled with what the snapshot saw: the box
 * is the one at the event; when the page has since changed the element's text or removed it, the name and
 * text are the snapshot's (the step says what the person clicked, not what the button says afterwards), and
 * a removed element gets selectors built from what still stands.
 */
export function resolveTarget(snap: TargetSnapshot): TargetContext {
  const full = describeTarget(snap.el);
  const connected = snap.el.isConnected;
  const changed = !connected || (snap.text !== undefined && (boundedText(snap.el, MAX_TEXT) || undefined) !== snap.text);
  if (!changed) return { ...full, box: snap.box };
  const name = snap.label ?? snap.text ?? full.name;
  const selectors = connected
    ? { ...full.selectors, ...(full.selectors.role ? { role: { role: full.selectors.role.role, name } } : {}), ...(snap.text && full.selectors.text !== undefined ? { text: snap.text } : {}) }
    : { css: selectorOfRemoved(snap), ...(full.role && name ? { role: { role: full.role, name } } : {}), ...(snap.text && snap.text.length <= 80 ? { text: snap.text } : {}) };
  return { ...full, name, ...(snap.text ? { text: snap.text } : {}), selectors, box: snap.box };
}
