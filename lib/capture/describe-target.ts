/**
 * Describes the element an action happened on: who it is for a reader (role, accessible name, label) and
 * how to find it again (selectors). Costly on big pages (selector uniqueness reads the whole document), so it
 * runs after the event dispatch, in steps a runner can spread over several tasks (lib/capture/action-tracker.ts);
 * what must be read at the event itself is lib/capture/target-snapshot.ts.
 */
import { computeAccessibleName, getRole } from 'dom-accessibility-api';
import type { Box, SelectorSet, TargetContext } from '../model';
import { cssPathSteps, idSelector, shadowHostPathSteps, testIdSelector } from './css-path';
import { runToEnd, type WorkSteps } from './work-steps';
import { isSensitiveField } from '../privacy/sensitive';
import { boundedText, collapse, fieldLabel, labelledByElements, nearbyCaption } from '../dom/text';

const MAX_TEXT = 200;
/** Longer than this, visible text stops being a usable selector for a link or button. */
const MAX_SELECTOR_TEXT = 80;
const MAX_URL = 8_192;

const FORM_CONTROLS = new Set(['input', 'select', 'textarea']);
const TEXT_SELECTOR_ROLES = new Set(['button', 'link', 'menuitem', 'tab', 'option', 'treeitem']);
const TYPED_TAGS = new Set(['input', 'button']);

/** Roles whose accessible name comes from their content (ARIA "name from content"); only these make the
 * accname algorithm descend into descendants. */
const NAME_FROM_CONTENT = new Set([
  'button', 'cell', 'checkbox', 'columnheader', 'gridcell', 'heading', 'label', 'legend', 'link', 'menuitem',
  'menuitemcheckbox', 'menuitemradio', 'option', 'radio', 'row', 'rowheader', 'switch', 'tab', 'tooltip', 'treeitem',
]);

/**
 * The accname algorithm reads the value of textboxes it meets inside the element or through
 * aria-labelledby. When one of those (or the element itself) is a sensitive field, the name is built from
 * labelling text only, so the value is never read.
 */
function mayExposeSensitiveValue(el: Element, role: string): boolean {
  const inside = NAME_FROM_CONTENT.has(role) ? Array.from(el.querySelectorAll('input, textarea, select, [contenteditable]')) : [];
  return [el, ...labelledByElements(el), ...inside].some(isSensitiveField);
}

function labellingText(el: Element): string {
  return el.getAttribute('aria-label') ?? fieldLabel(el) ?? el.getAttribute('placeholder') ?? el.getAttribute('title') ?? '';
}

/** ARIA accessible name, whitespace-collapsed, at most 200 characters. */
export function accessibleName(el: Element, role: string = getRole(el) ?? ''): string {
  if (mayExposeSensitiveValue(el, role)) return collapse(labellingText(el), MAX_TEXT);
  const view = el.ownerDocument.defaultView;
  const name = computeAccessibleName(el, {
    // Pseudo-element content is mostly icon-font glyphs, and skipping it saves two style lookups per node.
    computedStyleSupportsPseudoElements: false,
    ...(view ? { getComputedStyle: view.getComputedStyle.bind(view) } : {}),
  });
  // HTML-AAM's last resort for text fields, which dom-accessibility-api does not implement.
  return collapse(name || el.getAttribute('placeholder') || el.getAttribute('aria-placeholder') || '', MAX_TEXT);
}

/** Roles whose members are named by their group: "Choose **Production** in **Environment**". */
const GROUPED_ROLES = new Set(['radio', 'checkbox']);
const GROUP_ROLES = new Set(['radiogroup', 'group']);

/**
 * The name of the group a radio button or checkbox belongs to: the nearest ancestor (in the element's own
 * tree; a shadow root ends the walk) that is a fieldset with a legend (its visible text) or has role
 * radiogroup/group and an accessible name. Undefined for sensitive fields and for other roles.
 */
function groupName(el: Element, role: string, sensitive: boolean): string | undefined {
  if (sensitive || !GROUPED_ROLES.has(role)) return undefined;
  for (let anc = el.parentElement; anc; anc = anc.parentElement) {
    if (anc.localName === 'fieldset') {
      // The rendered legend is the fieldset's first legend child (HTML "rendered legend").
      const legend = Array.from(anc.children).find((c) => c.localName === 'legend');
      const text = legend ? boundedText(legend, MAX_TEXT) : '';
      if (text) return text;
    }
    const ancRole = getRole(anc) ?? '';
    if (GROUP_ROLES.has(ancRole)) {
      const name = accessibleName(anc, ancRole);
      if (name) return name;
    }
  }
  return undefined;
}

function boxOf(el: Element): Box {
  const r = el.getBoundingClientRect();
  return { x: r.x, y: r.y, width: r.width, height: r.height };
}

function attr(el: Element, name: string, max: number): string | undefined {
  const v = el.getAttribute(name);
  return v ? collapse(v, max) || undefined : undefined;
}

function* selectorSteps(el: Element, role: string, name: string, text: string | undefined): WorkSteps<SelectorSet> {
  const shortText = text && text.length <= MAX_SELECTOR_TEXT && (TEXT_SELECTOR_ROLES.has(role) || el.localName === 'a' || el.localName === 'button') ? text : undefined;
  const testId = testIdSelector(el);
  yield;
  const id = idSelector(el);
  // The element's own anchor is its test id or id, found just now: the CSS path does not look again.
  const css = yield* cssPathSteps(el, { anchor: testId ?? id });
  return { testId, id, role: role && name ? { role, name } : undefined, css, text: shortText };
}

/** Messages carry only what is known: an `undefined` key would still travel through structured cloning. */
function withoutUndefined<T extends object>(obj: T): T {
  for (const key of Object.keys(obj) as (keyof T)[]) if (obj[key] === undefined) delete obj[key];
  return obj;
}

export function* describeTargetSteps(el: Element): WorkSteps<TargetContext> {
  const tag = el.localName;
  const sensitive = isSensitiveField(el);
  const role = getRole(el) ?? '';
  const name = accessibleName(el, role);
  yield;
  const text = sensitive || FORM_CONTROLS.has(tag) ? undefined : boundedText(el, MAX_TEXT) || undefined;
  const label = FORM_CONTROLS.has(tag) ? fieldLabel(el, MAX_TEXT) : undefined;
  const href = tag === 'a' || tag === 'area' ? (el as HTMLAnchorElement).href.slice(0, MAX_URL) || undefined : undefined;
  const nearLabel = FORM_CONTROLS.has(tag) && !label && !name ? nearbyCaption(el) : undefined;
  const group = groupName(el, role, sensitive);
  yield;
  const selectors = withoutUndefined(yield* selectorSteps(el, role, name, text));
  const shadowPath = yield* shadowHostPathSteps(el);
  return withoutUndefined({
    tag,
    type: TYPED_TAGS.has(tag) ? (el as HTMLInputElement).type.toLowerCase() : undefined,
    role,
    name,
    label,
    nearLabel,
    text,
    placeholder: attr(el, 'placeholder', MAX_TEXT),
    group,
    href,
    selectors,
    shadowPath,
    framePath: [],
    box: boxOf(el),
    sensitive,
  });
}

export function describeTarget(el: Element): TargetContext {
  return runToEnd(describeTargetSteps(el));
}
