/**
 * Finding a recorded step's element again on the live page, in the frame the content script runs in: the
 * recorded locators in order (test id → role + accessible name → label → id → CSS path → text), inside the
 * recorded shadow path; when none matches exactly one element, candidates are scored (score.ts) and the best
 * taken only when it clearly wins. The outcome always says HOW (which locator, or score and margin) and what
 * differs from the recording now (name, label, text): that is the drift signal.
 * DOM in, no chrome.*: the document is a parameter, so it runs under jsdom in Node.
 */
import { getRole } from 'dom-accessibility-api';
import type { Box, TargetContext } from '../model';
import { accessibleName } from '../capture/describe-target';
import { INTERACTIVE_SELECTOR } from '../capture/clickable';
import { cssEscape, cssString, isStableId, pathSegments, TEST_ID_ATTRIBUTES } from '../capture/css-path';
import { boundedText, collapse, fieldLabel } from '../dom/text';
import { rank, scoreCandidate, type Described } from './score';

/** The recorded locators, in the order they are tried. */
export const LOCATORS = ['testId', 'role', 'label', 'id', 'css', 'text'] as const;
export type Locator = (typeof LOCATORS)[number];

export type FoundHow =
  | { readonly kind: 'locator'; readonly locator: Locator }
  | { readonly kind: 'score'; readonly score: number; readonly margin: number; readonly runnerUp?: number };

/** A recorded attribute that reads differently now. */
export interface Drift {
  readonly field: 'name' | 'label' | 'text' | 'role' | 'tag';
  readonly recorded: string;
  readonly now: string;
}

export type NotFoundReason = 'no-root' | 'none' | 'weak' | 'ambiguous';

/** Serializable (it travels to the background and into the run log). */
export type FindOutcome =
  | { readonly found: true; readonly how: FoundHow; readonly drift: readonly Drift[] }
  | {
      readonly found: false;
      readonly reason: NotFoundReason;
      /** Said to the person as is. */
      readonly detail: string;
      readonly score?: number;
      readonly runnerUp?: number;
      /** Candidates within the margin of the best (ambiguous). */
      readonly tied?: number;
    };

export interface FindResult {
  readonly outcome: FindOutcome;
  readonly element?: Element;
}

export interface FinderEnv {
  /** Whether a person can see the element (hidden copies of a control are no candidates). */
  readonly visible: (el: Element) => boolean;
  readonly box: (el: Element) => Box;
}

const FORM_CONTROLS = new Set(['input', 'select', 'textarea']);
const MAX_TEXT = 200;
/** Scoring reads every interactive element of the root; past this many it stops (huge grids). */
const MAX_CANDIDATES = 2_000;

export const defaultFinderEnv: FinderEnv = {
  visible: (el) => {
    const check = (el as Element & { checkVisibility?: (o?: object) => boolean }).checkVisibility;
    return typeof check === 'function' ? check.call(el, { visibilityProperty: true }) : true;
  },
  box: (el) => {
    const r = el.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  },
};

type Root = Document | ShadowRoot;

/** The root the target lived in: the document, or the open shadow root at the end of `shadowPath`. */
export function rootFor(doc: Document, shadowPath: readonly string[]): Root | null {
  let root: Root = doc;
  for (const hostSelector of shadowPath) {
    const host: Element | undefined = safeAll(root, hostSelector)[0];
    const next: ShadowRoot | null | undefined = host?.shadowRoot;
    if (!next) return null;
    root = next;
  }
  return root;
}

function safeAll(root: Root, selector: string): Element[] {
  try {
    return Array.from(root.querySelectorAll(selector));
  } catch {
    return [];
  }
}

function roleOf(el: Element): string {
  return getRole(el) ?? '';
}

function labelOf(el: Element): string | undefined {
  return FORM_CONTROLS.has(el.localName) ? fieldLabel(el, MAX_TEXT) : undefined;
}

function textOf(el: Element): string | undefined {
  return FORM_CONTROLS.has(el.localName) ? undefined : boundedText(el, MAX_TEXT) || undefined;
}

/** Elements of `root` a locator of kind `locator` matches for `target` ([] when it has no such locator). */
export function matchLocator(root: Root, target: TargetContext, locator: Locator, env: FinderEnv = defaultFinderEnv): Element[] {
  const s = target.selectors;
  switch (locator) {
    case 'testId':
      return s.testId ? safeAll(root, s.testId) : [];
    case 'id':
      // An id is deliberate, so it stands even if the label changed; but it must still be the same kind of element.
      return s.id ? safeAll(root, s.id).filter((el) => el.localName === target.tag) : [];
    case 'role': {
      if (!s.role) return [];
      const { role, name } = s.role;
      const labelled = labelTargets(root);
      return interactive(root, target.tag, Infinity).filter((el) => mayBeNamed(el, name, labelled) && roleOf(el) === role && accessibleName(el, role) === name && env.visible(el));
    }
    case 'label': {
      if (!target.label || !FORM_CONTROLS.has(target.tag)) return [];
      return safeAll(root, 'input, select, textarea').filter((el) => el.localName === target.tag && collapse(labelOf(el) ?? '', MAX_TEXT) === target.label && env.visible(el));
    }
    case 'css':
      // A positional path finds whatever now stands at that place: taken only when it is still the same kind of
      // control with the same name (else the scoring decides, and says so).
      return safeAll(root, s.css).filter((el) => el.localName === target.tag && roleOf(el) === target.role && (!target.name || accessibleName(el, target.role) === target.name));
    case 'text': {
      const text = s.text;
      if (!text) return [];
      const labelled = labelTargets(root);
      return interactive(root, target.tag, Infinity).filter((el) => mayBeNamed(el, text, labelled) && textOf(el) === text && env.visible(el));
    }
  }
}

/** Interactive elements of the root, plus every element with the recorded tag (a clicked plain div). */
function interactive(root: Root, tag: string, max = MAX_CANDIDATES): Element[] {
  const selector = `${INTERACTIVE_SELECTOR}, ${/^[a-z][a-z0-9-]*$/.test(tag) ? tag : '*'}`;
  const all = safeAll(root, selector);
  return all.length > max ? all.slice(0, max) : all;
}

const NAMING_ATTRIBUTES = ['aria-label', 'aria-labelledby', 'title', 'alt', 'value', 'placeholder'];
const NAMING_DESCENDANTS = '[aria-label], [aria-labelledby], [title], [alt], [aria-hidden], [hidden], img, input, select, textarea';

/**
 * Whether `el`'s accessible name can be `name` at all, read cheaply: computing names (computed styles, label
 * lookups) for every control of a big page costs seconds, while a name from content is in the text. Elements
 * named by attributes, labels or named descendants are always kept for the real computation.
 */
function mayBeNamed(el: Element, name: string, labelled: ReadonlySet<string>): boolean {
  if (!namedByTextAlone(el, labelled)) return true;
  // Named from content: the name is the text (spacing aside).
  return (el.textContent ?? '').replace(/\s+/g, '').includes(name.replace(/\s+/g, ''));
}

/** No attribute, label or special descendant names it: its accessible name is its text (spacing aside). */
function namedByTextAlone(el: Element, labelled: ReadonlySet<string>): boolean {
  if (NAMING_ATTRIBUTES.some((a) => el.hasAttribute(a))) return false;
  // `labels` is computed by searching the document for each control: the `for` targets are read once instead.
  if ((el.id && labelled.has(el.id)) || el.closest('label')) return false;
  return !el.querySelector(NAMING_DESCENDANTS) && !FORM_CONTROLS.has(el.localName);
}

/** The ids `<label for>` points at in the root. */
function labelTargets(root: Root): Set<string> {
  return new Set(safeAll(root, 'label[for]').map((l) => l.getAttribute('for') ?? ''));
}

/** An ancestor's anchor (test id, stable-looking id) without the uniqueness check: only its kind is compared. */
function cheapAnchor(node: Element): string | undefined {
  for (const attr of TEST_ID_ATTRIBUTES) {
    const v = node.getAttribute(attr);
    if (v) return `[${attr}=${cssString(v)}]`;
  }
  return node.id && isStableId(node.id) ? `#${cssEscape(node.id)}` : undefined;
}

function ancestorsOf(el: Element): string[] {
  return pathSegments(el, cheapAnchor).slice(0, -1).slice(-4);
}

/** The recorded target as score.ts compares it. */
export function describeRecorded(target: TargetContext): Described {
  const segments = target.selectors.css.split(/\s*>\s*/);
  return {
    tag: target.tag,
    ...(target.type ? { type: target.type } : {}),
    role: target.role,
    name: target.name,
    ...(target.label ? { label: target.label } : {}),
    ...(target.text ? { text: target.text } : {}),
    ...(target.href ? { href: target.href } : {}),
    ancestors: segments.slice(0, -1),
    box: target.box,
  };
}

/** A live element as score.ts compares it. Secret fields are described by their labels only (accessibleName). */
export function describeLive(el: Element, env: FinderEnv = defaultFinderEnv, recordedCss?: string, labelled?: ReadonlySet<string>): Described {
  const role = roleOf(el);
  // Scoring describes every control of the root: a control named by its text alone gets its text as its name
  // (the accname computation reads computed styles, costly by the thousand); the others the real name.
  const label = labelOf(el);
  const text = textOf(el);
  const href = el.localName === 'a' || el.localName === 'area' ? (el as HTMLAnchorElement).href || undefined : undefined;
  const type = el.localName === 'input' || el.localName === 'button' ? (el as HTMLInputElement).type.toLowerCase() : undefined;
  return {
    tag: el.localName,
    ...(type ? { type } : {}),
    role,
    name: labelled && namedByTextAlone(el, labelled) ? collapse(el.textContent ?? '', MAX_TEXT) : accessibleName(el, role),
    ...(label ? { label } : {}),
    ...(text ? { text } : {}),
    ...(href ? { href } : {}),
    ancestors: ancestorsOf(el),
    ...(recordedCss === undefined ? {} : { atRecordedPath: matchesSafely(el, recordedCss) }),
    box: env.box(el),
  };
}

function matchesSafely(el: Element, selector: string): boolean {
  try {
    // Relative to the element's root, as recorded: `:scope`-less selectors match from any ancestor.
    return el.matches(selector);
  } catch {
    return false;
  }
}

/** What reads differently now from the recording (only what the recording had). */
export function driftOf(target: TargetContext, el: Element): Drift[] {
  const now = { role: roleOf(el), tag: el.localName, name: accessibleName(el, roleOf(el)), label: labelOf(el) ?? '', text: textOf(el) ?? '' };
  const out: Drift[] = [];
  const check = (field: Drift['field'], recorded: string | undefined, current: string) => {
    if (recorded && recorded !== current) out.push({ field, recorded, now: current });
  };
  check('tag', target.tag, now.tag);
  check('role', target.role, now.role);
  check('name', target.name, now.name);
  check('label', target.label, now.label);
  // A secret field's text is never recorded nor compared.
  if (!target.sensitive) check('text', target.text, now.text);
  return out;
}

/** One attempt on the page as it is now. `score: false`: the exact locators only (scoring reads every
 * control of the root: up to about a second on a page with thousands). */
export function findTarget(doc: Document, target: TargetContext, env: FinderEnv = defaultFinderEnv, { score = true }: { score?: boolean } = {}): FindResult {
  const root = rootFor(doc, target.shadowPath);
  if (!root) {
    return { outcome: { found: false, reason: 'no-root', detail: `The component holding this element (${target.shadowPath.join(' › ')}) is not on the page.` } };
  }
  for (const locator of LOCATORS) {
    const hits = matchLocator(root, target, locator, env);
    if (hits.length === 1) return { element: hits[0]!, outcome: { found: true, how: { kind: 'locator', locator }, drift: driftOf(target, hits[0]!) } };
  }
  if (!score) return { outcome: { found: false, reason: 'none', detail: 'No recorded locator finds exactly one element yet.' } };
  const recorded = describeRecorded(target);
  const labelled = labelTargets(root);
  const candidates = interactive(root, target.tag)
    .filter((el) => env.visible(el))
    .map((el) => ({ item: el, scored: scoreCandidate(recorded, describeLive(el, env, target.selectors.css, labelled)) }));
  const ranking = rank(candidates);
  switch (ranking.verdict) {
    case 'match':
      return {
        element: ranking.best,
        outcome: {
          found: true,
          how: { kind: 'score', score: ranking.score, margin: ranking.margin, ...(ranking.runnerUp === undefined ? {} : { runnerUp: ranking.runnerUp }) },
          drift: driftOf(target, ranking.best),
        },
      };
    case 'none':
      return { outcome: { found: false, reason: 'none', detail: 'No element like the recorded one is on the page.' } };
    case 'weak':
      return { outcome: { found: false, reason: 'weak', score: ranking.score, detail: `Nothing on the page looks enough like the recorded element (best match ${pct(ranking.score)}).` } };
    case 'ambiguous':
      return {
        outcome: {
          found: false,
          reason: 'ambiguous',
          score: ranking.score,
          runnerUp: ranking.runnerUp,
          tied: ranking.tied,
          detail: `${ranking.tied} elements look alike (${pct(ranking.score)} and ${pct(ranking.runnerUp)}): which one is meant cannot be told.`,
        },
      };
  }
}

const pct = (n: number) => `${Math.round(n * 100)} %`;
