/**
 * Finds what a click was meant for. The event's own target is often an icon or a span inside the control;
 * `event.composedPath()` is used because it reaches into open shadow roots, where `target` is retargeted
 * to the host.
 */

/** Interactive by what it is, not only by being focusable (`tabindex`) or having a handler attribute. */
const CONTROL_SELECTOR = [
  'button',
  'a[href]',
  'area[href]',
  'input',
  'select',
  'textarea',
  'label',
  'summary',
  '[contenteditable]:not([contenteditable="false"])',
  ...['button', 'link', 'menuitem', 'menuitemcheckbox', 'menuitemradio', 'tab', 'checkbox', 'radio', 'switch', 'option', 'treeitem', 'combobox'].map(
    (role) => `[role="${role}"]`,
  ),
].join(',');

export const INTERACTIVE_SELECTOR = [CONTROL_SELECTOR, '[onclick]', '[tabindex]:not([tabindex="-1"])'].join(',');

/** How far up to look for a cursor:pointer ancestor when nothing in the path is interactive by markup. */
const POINTER_DEPTH = 6;

function isElement(t: EventTarget | null | undefined): t is Element {
  return !!t && (t as Node).nodeType === 1;
}

function isPageRoot(el: Element): boolean {
  return el.localName === 'body' || el.localName === 'html';
}

function hasPointerCursor(el: Element): boolean {
  const view = el.ownerDocument.defaultView;
  return !!view && view.getComputedStyle(el).cursor === 'pointer';
}

/** A shape holding this share of its drawing or more is a layer or a background, not one thing drawn. */
const MAX_SHAPE_SHARE = 0.25;

function area(el: Element): number {
  const r = el.getBoundingClientRect();
  return r.width * r.height;
}

function hasText(el: Element): boolean {
  return Array.from(el.getElementsByTagName('text')).some((t) => (t.textContent ?? '').trim() !== '');
}

/**
 * What a click inside an SVG drawing means when the only interactive element around it is the focusable canvas
 * holding the drawing (a flow editor's workspace, a diagram): the innermost group with text of its own (a node,
 * a box with its label) — unless that group is as big as a layer of the drawing (a click on the background).
 * `below`: the path's elements under the canvas, innermost first.
 */
function drawnShape(below: readonly Element[]): Element | undefined {
  const svg = below.findIndex((el) => el.localName === 'svg');
  if (svg < 0) return undefined;
  for (const el of below.slice(0, svg)) {
    if (el.localName !== 'g' || !hasText(el)) continue;
    return area(el) <= area(below[svg]!) * MAX_SHAPE_SHARE ? el : undefined;
  }
  return undefined;
}

/**
 * The nearest interactive element on the event path (inside a drawing on a focusable canvas, the shape
 * clicked: see drawnShape); failing that, the outermost element of the run of
 * cursor:pointer ancestors (frameworks bind click handlers to plain divs that only show a pointer); failing
 * that, `fallback`.
 */
export function findClickTarget(path: readonly EventTarget[], fallback: Element): Element {
  const elements: Element[] = [];
  for (const t of path) {
    if (!isElement(t)) continue;
    if (isPageRoot(t)) break;
    if (t.matches(INTERACTIVE_SELECTOR)) return (!t.matches(CONTROL_SELECTOR) && drawnShape(elements)) || t;
    elements.push(t);
  }
  let pointer: Element | undefined;
  for (const el of elements.slice(0, POINTER_DEPTH)) {
    if (hasPointerCursor(el)) pointer = el;
    else if (pointer) break;
  }
  return pointer ?? fallback;
}

/** The form control a <label> forwards its clicks to, if any. */
export function labelControl(el: Element): Element | null {
  return el.localName === 'label' ? ((el as HTMLLabelElement).control ?? null) : null;
}

/** The element a click acts on: a label stands for its control, so "Remember me" records the checkbox. */
export function resolveClickTarget(path: readonly EventTarget[], fallback: Element): { el: Element; viaLabel: boolean } {
  const found = findClickTarget(path, fallback);
  const control = labelControl(found);
  return control ? { el: control, viaLabel: true } : { el: found, viaLabel: false };
}
