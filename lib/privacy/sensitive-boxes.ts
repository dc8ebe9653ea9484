/**
 * Where a frame shows something secret right now, for blurring its screenshot at the source: sensitive
 * fields (lib/privacy/sensitive.ts rules, whatever they hold), fields whose value looks like a secret, and
 * visible text containing one, in the page and in its open shadow roots (web components), nested ones
 * included. Boxes in CSS px of this frame's viewport. Runs in the content script at each screenshot
 * request, so it reads only rectangles of what matches.
 */
import type { Box } from '../model';
import { isSensitiveField, sensitiveWithoutLabel } from './sensitive';
import { findSecrets, type SecretMatch } from './secrets';

const FIELDS = 'input, textarea, select, [contenteditable]:not([contenteditable="false"])';
const SKIP_TEXT_IN = new Set(['script', 'style', 'noscript', 'template', 'textarea', 'title']);
/** Bounds the walk on huge pages; a screenshot request must stay cheap. */
const MAX_TEXT_NODES = 100_000;
/** Shadow roots are found only by visiting elements; a page made of thousands of components stays bounded. */
const MAX_SHADOW_ROOTS = 1_000;
const MAX_BOXES = 100;
const MIN_SECRET_TEXT = 8;
const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'image', 'file', 'range', 'color', 'hidden']);

function visible(r: DOMRect, win: Window): boolean {
  return r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < win.innerWidth && r.top < win.innerHeight;
}

function toBox(r: DOMRect): Box {
  return { x: r.x, y: r.y, width: r.width, height: r.height };
}

function fieldValue(el: Element): string {
  if (el.localName === 'input' || el.localName === 'textarea') return (el as HTMLInputElement).value;
  if (el.localName === 'select') return '';
  return el.textContent ?? '';
}

/** Text nodes already read, with what they held then: most of a page does not change between two
 * screenshots, and the regexes are what a big page costs. */
const checked = new WeakMap<Text, { readonly text: string; readonly found: readonly SecretMatch[] }>();

function secretsIn(node: Text, text: string): readonly SecretMatch[] {
  const hit = checked.get(node);
  if (hit?.text === text) return hit.found;
  const found = findSecrets(text);
  checked.set(node, { text, found });
  return found;
}

/** Where a walk stands, shared by the page and every shadow root it visits. */
interface Walk {
  readonly boxes: Box[];
  readonly win: Window;
  readonly range: Range;
  readonly roots: ShadowRoot[];
  textNodes: number;
}

function add(walk: Walk, r: DOMRect): void {
  if (walk.boxes.length < MAX_BOXES && visible(r, walk.win)) walk.boxes.push(toBox(r));
}

/** Whether a field (an element matching FIELDS) shows something to blur: the rule of every field check. */
export function fieldShowsSecret(el: Element, sensitive: (el: Element) => boolean = isSensitiveField): boolean {
  if (el.localName === 'input' && NON_TEXT_INPUTS.has((el as HTMLInputElement).type)) return false;
  const value = fieldValue(el);
  // An empty field shows nothing yet; the rules are checked only for fields that hold something.
  if (!value && el.localName !== 'select') return false;
  return sensitive(el) || (value.length >= MIN_SECRET_TEXT && findSecrets(value).length > 0);
}

export const FIELD_SELECTOR = FIELDS;

function addFields(walk: Walk, root: ParentNode): void {
  for (const el of Array.from(root.querySelectorAll(FIELDS))) if (fieldShowsSecret(el)) add(walk, el.getBoundingClientRect());
}

/**
 * The secrets a text node shows (none for text under script/style/… or inside a field, which the field rule
 * covers), as rectangles in CSS px; `range` is reused between calls.
 */
export function textSecretRects(node: Text, range: Range): DOMRect[] {
  const text = node.nodeValue ?? '';
  if (text.length < MIN_SECRET_TEXT) return [];
  const found = secretsIn(node, text);
  if (found.length === 0) return [];
  const parent = node.parentElement;
  // No parent element: a top-level text node of a shadow root is shown; elsewhere (the document) it is not.
  if (parent ? SKIP_TEXT_IN.has(parent.localName) || parent.closest(FIELDS) : node.parentNode?.nodeType !== 11) return [];
  const rects: DOMRect[] = [];
  for (const m of found) {
    range.setStart(node, m.start);
    range.setEnd(node, m.end);
    rects.push(...Array.from(range.getClientRects()));
  }
  return rects;
}

/** Whether a text node may hold a secret worth a box, by its content alone (cached): what an index keeps. */
export function mayShowSecret(node: Text): boolean {
  const text = node.nodeValue ?? '';
  return text.length >= MIN_SECRET_TEXT && secretsIn(node, text).length > 0;
}

export function isVisibleIn(r: DOMRect, win: Window): boolean {
  return visible(r, win);
}

export const BOX_LIMIT = MAX_BOXES;

function queueShadowRoot(walk: Walk, root: ShadowRoot | null): void {
  // Closed roots read as null: only what the page itself exposes is reached.
  if (root && walk.roots.length < MAX_SHADOW_ROOTS) walk.roots.push(root);
}

/** Secret text under `root` (not inside its shadow roots, which it queues instead). */
function addText(walk: Walk, doc: Document, root: Element | ShadowRoot): void {
  // Elements are visited too, only to notice shadow hosts: their trees are not children in the DOM.
  const walker = doc.createTreeWalker(root, 5 /* NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node && walk.textNodes < MAX_TEXT_NODES; node = walker.nextNode()) {
    // `shadowRoot` is undefined on a text node and null or a root on an element: one read tells both,
    // cheaper than asking nodeType first (see scripts/bench-privacy.mjs).
    const shadowRoot = (node as Partial<Element>).shadowRoot;
    if (shadowRoot !== undefined) {
      queueShadowRoot(walk, shadowRoot);
      continue;
    }
    walk.textNodes++;
    for (const r of textSecretRects(node as Text, walk.range)) add(walk, r);
  }
}

/**
 * Whether a change of a field's value leaves the page's secret boxes as they were, for lib/privacy/screen-states
 * (each keystroke in a password field would otherwise need a walk of the page before a frame showing it can be
 * used). A field that shows no secret now adds no box (one it held before may linger: more blur, never less).
 * One that shows a secret now adds its box unless it already did at its last change: an `<input>` keeps its
 * box while typed into; other fields (a growing textarea) are measured again.
 */
export function createTypingBoxRule(): (field: Element) => boolean {
  const showed = new WeakMap<Element, boolean>();
  // Runs on every keystroke, inside the page's dispatch: a field's label (read through the whole document) is
  // read once per field, not per key. A field its attributes mark as secret later still counts at once.
  const labelSays = new WeakMap<Element, boolean>();
  const sensitive = (el: Element): boolean => {
    const own = sensitiveWithoutLabel(el);
    if (own !== undefined) return own;
    let said = labelSays.get(el);
    if (said === undefined) labelSays.set(el, (said = isSensitiveField(el)));
    return said;
  };
  return (field) => {
    const shows = fieldShowsSecret(field, sensitive);
    const before = showed.get(field);
    showed.set(field, shows);
    if (!shows) return true;
    return before === true && field.localName === 'input';
  };
}

export function sensitiveBoxes(doc: Document): Box[] {
  const win = doc.defaultView;
  if (!win) return [];
  const body = doc.body ?? doc.documentElement;
  const walk: Walk = { boxes: [], win, range: doc.createRange(), roots: [], textNodes: 0 };
  addFields(walk, doc);
  if (!body) return walk.boxes;
  queueShadowRoot(walk, body.shadowRoot);
  addText(walk, doc, body);
  // Breadth first over the shadow roots found so far; each may reveal more (nested components).
  for (let i = 0; i < walk.roots.length; i++) {
    const root = walk.roots[i]!;
    addFields(walk, root);
    addText(walk, doc, root);
  }
  return walk.boxes;
}
