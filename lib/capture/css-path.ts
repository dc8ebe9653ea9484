/**
 * CSS selectors that find an element again within its own root (document or shadow root). Uniqueness is
 * checked against the live DOM at capture time; stable anchors (test ids, non-generated ids) come first
 * because they survive layout changes that break positional paths.
 */

export const TEST_ID_ATTRIBUTES = ['data-testid', 'data-test', 'data-qa', 'data-cy'] as const;

import { runToEnd, type WorkSteps } from './work-steps';

/** The selector schema allows 2,000 characters; stop growing a path well before. */
const MAX_PATH_LENGTH = 1_500;
/** Shortest-suffix search: beyond this many segments, a full path is as good and cheaper to find. */
const MAX_SUFFIX_TRIES = 5;

type Root = Document | ShadowRoot;

/** CSS.escape per CSSOM, written out because CSS is a global of the page's window (and absent in jsdom). */
export function cssEscape(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const ch = value.charAt(i);
    if (c === 0) out += '\uFFFD';
    else if ((c >= 0x1 && c <= 0x1f) || c === 0x7f) out += `\\${c.toString(16)} `;
    else if (i === 0 && c >= 0x30 && c <= 0x39) out += `\\${c.toString(16)} `;
    else if (i === 1 && c >= 0x30 && c <= 0x39 && value.charCodeAt(0) === 0x2d) out += `\\${c.toString(16)} `;
    else if (i === 0 && c === 0x2d && value.length === 1) out += `\\${ch}`;
    else if (c >= 0x80 || c === 0x2d || c === 0x5f || /[0-9A-Za-z]/.test(ch)) out += ch;
    else out += `\\${ch}`;
  }
  return out;
}

/** A quoted CSS string for attribute selectors. */
export function cssString(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&').replace(/[\n\r\f\0]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;
}

/**
 * Frameworks generate ids per render or per session: React useId (`:r3:`, `«r3»`), Ember (`ember123`),
 * ExtJS, MUI, Angular Material, Headless UI, Radix, UUIDs and hashes. Such ids do not find the element
 * again on the next visit.
 */
const GENERATED_ID_PATTERNS: readonly RegExp[] = [
  /[:«»\s]/,
  /^\d/,
  /\d{4,}/,
  /^(ember|ext-gen|ext-comp|yui_|gwt-uid|j_idt|__bvid__|ui-id-|mui-|mat-[a-z-]*\d|cdk-|react-select-\d|downshift-\d|headlessui-|radix-|rc[-_]|el-id-|tippy-|select2-|vs\d)/i,
  /[0-9a-f]{8}-[0-9a-f]{4}-/i,
];

function isHashLike(token: string): boolean {
  if (token.length >= 8 && /^[0-9a-f]+$/i.test(token) && /\d/.test(token)) return true;
  const digits = token.replace(/\D/g, '').length;
  return token.length >= 6 && digits >= 2 && /[a-z]\d+[a-z]/i.test(token);
}

export function isStableId(id: string): boolean {
  if (!id || id.length > 100) return false;
  if (GENERATED_ID_PATTERNS.some((re) => re.test(id))) return false;
  return !id.split(/[-_.]/).some(isHashLike);
}

/**
 * Whether `selector` matches `el` alone in `root`. The first match is found first: when it is another element
 * (the usual case for a short suffix such as `td > a` in a big table) the answer is known without reading the
 * whole document; only a selector whose first match is `el` costs a full match count.
 */
function isUnique(root: Root, selector: string, el: Element): boolean {
  try {
    return root.querySelector(selector) === el && root.querySelectorAll(selector).length === 1;
  } catch {
    return false;
  }
}

function rootOf(el: Element): Root {
  return el.getRootNode() as Root;
}

/** `[data-testid="…"]` (or another test attribute) when the element has one that is unique in its root. */
export function testIdSelector(el: Element, root: Root = rootOf(el)): string | undefined {
  for (const attr of TEST_ID_ATTRIBUTES) {
    const value = el.getAttribute(attr);
    if (!value) continue;
    const selector = `[${attr}=${cssString(value)}]`;
    if (isUnique(root, selector, el)) return selector;
  }
  return undefined;
}

/** `#id` when the id looks hand-written and is unique in the element's root. */
export function idSelector(el: Element, root: Root = rootOf(el)): string | undefined {
  if (!isStableId(el.id)) return undefined;
  const selector = `#${cssEscape(el.id)}`;
  return isUnique(root, selector, el) ? selector : undefined;
}

function anchorSelector(el: Element, root: Root): string | undefined {
  return testIdSelector(el, root) ?? idSelector(el, root);
}

/**
 * `tag` or `tag:nth-of-type(i)`, found by walking siblings rather than copying the parent's child list: a row
 * among 35,000 costs its index, not an array of them all (this also runs inside the page's event dispatch).
 */
function segment(el: Element): string {
  const tag = cssEscape(el.localName);
  let index = 1;
  for (let s = el.previousElementSibling; s; s = s.previousElementSibling) if (s.localName === el.localName) index++;
  if (index > 1) return `${tag}:nth-of-type(${index})`;
  for (let s = el.nextElementSibling; s; s = s.nextElementSibling) if (s.localName === el.localName) return `${tag}:nth-of-type(1)`;
  return tag;
}

/**
 * The `a > b > c` segments from `el` up to the nearest ancestor `anchorOf` names (that anchor first) or the
 * root, bounded in length. `el`'s own anchor is the caller's to check.
 */
export function pathSegments(el: Element, anchorOf: (node: Element) => string | undefined): string[] {
  const segments: string[] = [];
  let length = 0;
  for (let node: Element | null = el; node; node = node.parentElement) {
    const anchor = node === el ? undefined : anchorOf(node);
    if (anchor) {
      segments.unshift(anchor);
      break;
    }
    const seg = segment(node);
    if (length + seg.length > MAX_PATH_LENGTH) break;
    segments.unshift(seg);
    length += seg.length + 3;
  }
  return segments;
}

/**
 * A CSS path unique within the element's root: the element's own anchor if it has one, else the shortest
 * `a > b > c` suffix that is unique, built up to the nearest anchored ancestor or the root. Each uniqueness
 * check can read the whole document: the steps yield between them. `own`: the element's anchor when the
 * caller has already looked for it (undefined: it has none; not given: look).
 */
export function* cssPathSteps(el: Element, own?: { readonly anchor: string | undefined }): WorkSteps<string> {
  const root = rootOf(el);
  const anchor = own ? own.anchor : anchorSelector(el, root);
  if (anchor) return anchor;
  yield;
  const segments = pathSegments(el, (node) => anchorSelector(node, root));
  const full = segments.join(' > ');
  for (let n = 1; n <= Math.min(MAX_SUFFIX_TRIES, segments.length - 1); n++) {
    yield;
    const suffix = segments.slice(-n).join(' > ');
    if (isUnique(root, suffix, el)) return suffix;
  }
  return full;
}

export function cssPath(el: Element): string {
  return runToEnd(cssPathSteps(el));
}

/** Selectors of the shadow hosts from the document down to the element's root; [] in the light DOM. */
export function* shadowHostPathSteps(el: Element): WorkSteps<string[]> {
  const path: string[] = [];
  for (let root = el.getRootNode(); isShadowRoot(root); root = root.host.getRootNode()) {
    path.unshift(yield* cssPathSteps(root.host));
  }
  return path;
}

export function shadowHostPath(el: Element): string[] {
  return runToEnd(shadowHostPathSteps(el));
}

function isShadowRoot(node: Node): node is ShadowRoot {
  return node.nodeType === 11 && 'host' in node && (node as ShadowRoot).host !== undefined;
}
