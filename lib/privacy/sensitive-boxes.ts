/**
 * Where a frame shows something secret right now, for blurring its screenshot at the source: sensitive
 * fields (lib/capture/sensitive.ts rules, whatever they hold), fields whose value looks like a secret, and
 * visible text containing one. Boxes in CSS px of this frame's viewport. Runs in the content script at
 * each screenshot request, so it reads only rectangles of what matches.
 */
import type { Box } from '../model';
import { isSensitiveField } from '../capture/sensitive';
import { findSecrets, type SecretMatch } from './secrets';

const FIELDS = 'input, textarea, select, [contenteditable]:not([contenteditable="false"])';
const SKIP_TEXT_IN = new Set(['script', 'style', 'noscript', 'template', 'textarea', 'title']);
/** Bounds the walk on huge pages; a screenshot request must stay cheap. */
const MAX_TEXT_NODES = 100_000;
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

export function sensitiveBoxes(doc: Document): Box[] {
  const win = doc.defaultView;
  if (!win) return [];
  const boxes: Box[] = [];
  const add = (r: DOMRect) => {
    if (boxes.length < MAX_BOXES && visible(r, win)) boxes.push(toBox(r));
  };

  for (const el of Array.from(doc.querySelectorAll(FIELDS))) {
    if (el.localName === 'input' && NON_TEXT_INPUTS.has((el as HTMLInputElement).type)) continue;
    const value = fieldValue(el);
    // An empty field shows nothing yet; the rules are checked only for fields that hold something.
    if (!value && el.localName !== 'select') continue;
    if (isSensitiveField(el) || (value.length >= MIN_SECRET_TEXT && findSecrets(value).length > 0)) add(el.getBoundingClientRect());
  }

  const root = doc.body ?? doc.documentElement;
  if (!root) return boxes;
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  const range = doc.createRange();
  let seen = 0;
  for (let node = walker.nextNode(); node && seen < MAX_TEXT_NODES; node = walker.nextNode()) {
    seen++;
    const text = node.nodeValue ?? '';
    if (text.length < MIN_SECRET_TEXT) continue;
    const found = secretsIn(node as Text, text);
    if (found.length === 0) continue;
    const parent = node.parentElement;
    if (!parent || SKIP_TEXT_IN.has(parent.localName) || parent.closest(FIELDS)) continue;
    for (const m of found) {
      range.setStart(node, m.start);
      range.setEnd(node, m.end);
      for (const r of Array.from(range.getClientRects())) add(r);
    }
  }
  return boxes;
}
