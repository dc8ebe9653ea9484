/**
 * What of an action's target must be read inside the page's event dispatch, and only that: the element, its
 * box, the little text that names it and where it stands in the tree, before the page's own handler (which
 * runs after our capture-phase listener) re-renders a row, swaps the view or turns a label into "Copied!".
 * Everything that costs (the accessible name over a subtree, selector uniqueness over the document, the
 * shortest unique path) is computed later by `resolveTarget`, off the event path, and reconciled with this
 * snapshot.
 */
import type { Box, SelectorSet, TargetContext } from '../model';
import { cssEscape, cssString, isStableId, pathSegments, TEST_ID_ATTRIBUTES } from './css-path';
import { describeTargetSteps } from './describe-target';
import { runToEnd, type WorkSteps } from './work-steps';
import { isSensitiveField } from '../privacy/sensitive';
import { boundedText, collapse, fieldLabel, labelledByElements } from '../dom/text';

const MAX_TEXT = 200;
const MAX_SELECTOR_TEXT = 80;
const FORM_CONTROLS = new Set(['input', 'select', 'textarea']);

export interface TargetSnapshot {
  readonly el: Element;
  readonly box: Box;
  /**
   * A path to the element as the tree stood at the event: tag and nth-of-type from the nearest ancestor with a
   * test id or hand-written id (or the root) down. Not checked for uniqueness (that reads the whole document);
   * exact by construction in the tree it was read from, which is the tree a replay meets before this action.
   */
  readonly path: string;
  /** The element's own test-id attribute selector or stable id, as found (uniqueness is checked later). */
  readonly testId?: string;
  readonly id?: string;
  /** Bounded visible text (not of form controls or sensitive fields). */
  readonly text?: string;
  /** aria-label, else aria-labelledby's text: what names the element besides its content. */
  readonly label?: string;
  /**
   * A form control's visible label (`<label for>`, a wrapping label), read only when the snapshot is taken
   * outside the dispatch (after a focus or press): a login dialog removed by the click that follows takes its
   * labels with it before the field is described.
   */
  readonly fieldLabel?: string;
}

function ownTestId(el: Element): string | undefined {
  for (const attr of TEST_ID_ATTRIBUTES) {
    const v = el.getAttribute(attr);
    if (v) return `[${attr}=${cssString(v)}]`;
  }
  return undefined;
}

function ownId(el: Element): string | undefined {
  return isStableId(el.id) ? `#${cssEscape(el.id)}` : undefined;
}

/** The positional path of `el` in its root now (see TargetSnapshot.path): anchors taken as found, unchecked. */
export function positionalPath(el: Element): string {
  return pathSegments(el, (node) => ownTestId(node) ?? ownId(node)).join(' > ');
}

/**
 * Cheap by construction: attribute reads, one rect, text bounded to 200 characters, an O(depth) walk.
 * `outsideDispatch`: also the field's visible label (its `labels` look through the document).
 */
export function snapshotTarget(el: Element, outsideDispatch = false): TargetSnapshot {
  const r = el.getBoundingClientRect();
  const control = FORM_CONTROLS.has(el.localName) || isSensitiveField(el);
  const text = control ? undefined : boundedText(el, MAX_TEXT) || undefined;
  const aria = el.getAttribute('aria-label');
  const label = aria ? collapse(aria, MAX_TEXT) : collapse(labelledByElements(el).map((l) => boundedText(l, MAX_TEXT)).join(' '), MAX_TEXT) || undefined;
  const testId = ownTestId(el);
  const id = ownId(el);
  const visibleLabel = outsideDispatch && FORM_CONTROLS.has(el.localName) ? fieldLabel(el, MAX_TEXT) : undefined;
  return {
    el,
    box: { x: r.x, y: r.y, width: r.width, height: r.height },
    path: positionalPath(el),
    ...(testId ? { testId } : {}),
    ...(id ? { id } : {}),
    ...(text ? { text } : {}),
    ...(label ? { label } : {}),
    ...(visibleLabel ? { fieldLabel: visibleLabel } : {}),
  };
}

/**
 * The full description, computed now (off the event path), reconciled with what the snapshot saw. The box is
 * always the one at the event. While the element still stands where it stood, the live description holds
 * (shortest unique path, checked ids); when the page moved or removed it, the selectors are the snapshot's
 * (a replay meets the tree as it was before this action); when its text changed or it is gone, the name and
 * text are the snapshot's (the step says what the person clicked, not what the button says afterwards).
 */
export function* resolveTargetSteps(snap: TargetSnapshot): WorkSteps<TargetContext> {
  const full = yield* describeTargetSteps(snap.el);
  // Judged after the last step: the page may have moved or renamed the element while the steps waited.
  const inPlace = snap.el.isConnected && positionalPath(snap.el) === snap.path;
  const textNow = full.sensitive || FORM_CONTROLS.has(snap.el.localName) ? undefined : boundedText(snap.el, MAX_TEXT) || undefined;
  const renamed = snap.text !== undefined && textNow !== snap.text;
  if (inPlace && !renamed) return { ...full, box: snap.box };
  const label = full.label ?? (snap.el.isConnected ? undefined : (snap.fieldLabel ?? labelOfRemoved(snap.el)));
  const name = renamed || !inPlace ? (snap.label ?? snap.text ?? (full.name || label || '')) : full.name;
  const role = full.role && name ? { role: full.role, name } : undefined;
  const shortText = snap.text && snap.text.length <= MAX_SELECTOR_TEXT && full.selectors.text !== undefined ? snap.text : undefined;
  const selectors: SelectorSet = inPlace
    ? { ...full.selectors, ...(role ? { role } : {}), ...(shortText ? { text: shortText } : {}) }
    : {
        ...(snap.testId ? { testId: snap.testId } : {}),
        ...(snap.id ? { id: snap.id } : {}),
        ...(role ? { role } : {}),
        css: snap.testId ?? snap.id ?? snap.path,
        ...(shortText ? { text: shortText } : {}),
      };
  return { ...full, name, ...(snap.text ? { text: snap.text } : {}), ...(label ? { label } : {}), selectors, box: snap.box };
}

export function resolveTarget(snap: TargetSnapshot): TargetContext {
  return runToEnd(resolveTargetSteps(snap));
}

/**
 * A form control the page replaced (a framework re-rendering its select on change) no longer has labels; the
 * `<label for>` naming its id usually still stands, or stands again in the re-rendered form.
 */
function labelOfRemoved(el: Element): string | undefined {
  if (!FORM_CONTROLS.has(el.localName) || !el.id) return undefined;
  const label = el.ownerDocument.querySelector(`label[for=${cssString(el.id)}]`);
  return label ? collapse(boundedText(label, MAX_TEXT), MAX_TEXT) || undefined : undefined;
}
