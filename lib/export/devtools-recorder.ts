/**
 * Chrome DevTools Recorder export: the JSON user flow `@puppeteer/replay` runs and the Recorder panel imports
 * (`{ title, steps: [...] }`). Selectors are alternatives raced at replay time, each an array of parts from
 * the document down through open shadow roots; iframes are child-frame indexes (`frame`), tabs other than
 * the first are found by URL (`target`). Values of sensitive fields were never stored: their `change` step
 * types a `{{secret:name}}` placeholder the person replaying must replace, and the flow's title says so.
 * Pure: JSON.stringify does all the escaping, so page text can never change the file's structure.
 */
import type { Modifiers, Sop, TargetContext } from '../model';
import { exportFileName } from './markdown';
import { buildReplayPlan, isTypingTarget, type ReplayAction, type ReplayCheck, type ReplayInput, type ReplayPlan, type ReplayValue, type ReplayWhere } from './replay-plan';

export type RecorderSelector = string | string[];

/** The subset of @puppeteer/replay's Step this export writes. */
export type RecorderStep =
  | { type: 'setViewport'; width: number; height: number; deviceScaleFactor: number; isMobile: boolean; hasTouch: boolean; isLandscape: boolean }
  | { type: 'navigate'; url: string; target?: string }
  | (FrameFields & { type: 'click' | 'doubleClick'; selectors: RecorderSelector[]; offsetX: number; offsetY: number; button?: 'primary' | 'auxiliary' | 'secondary' })
  | (FrameFields & { type: 'change'; selectors: RecorderSelector[]; value: string })
  | { type: 'keyDown' | 'keyUp'; key: string; target?: string }
  | (FrameFields & { type: 'waitForElement'; selectors: RecorderSelector[] })
  | (FrameFields & { type: 'waitForExpression'; expression: string });

interface FrameFields {
  target?: string;
  frame?: number[];
}

export interface RecorderFlow {
  title: string;
  steps: RecorderStep[];
}

export interface RecorderExport {
  readonly flow: RecorderFlow;
  /** `{{secret:name}}` strings that appear as `change` values and must be replaced before replaying. */
  readonly placeholders: readonly { readonly placeholder: string; readonly label: string }[];
  /** Steps of the SOP that the Recorder format cannot express (uploads, hand-written steps), plain text. */
  readonly skipped: readonly string[];
}

/** The placeholder a `change` step types instead of a value that was never recorded. */
export function recorderPlaceholder(name: string): string {
  return `{{secret:${name}}}`;
}

/** Names Puppeteer's ARIA query would misread: attribute-like `[x="y"]` parts, escapes, line breaks. */
function ariaUsable(name: string): boolean {
  return name.length > 0 && name.length < 200 && !/\[\s*\w+\s*=\s*["']|\\|[\r\n\u2028\u2029]/.test(name);
}

/** `aria/Name[role="button"]` for the ARIA query handler (roles are plain words, no quote can occur). */
function ariaSelector(name: string, role: string): string | undefined {
  if (!ariaUsable(name) || !/^[a-z]+$/.test(role)) return undefined;
  return `aria/${name}[role="${role}"]`;
}

/** Every way to find the target, most robust first; each array runs from the document through shadow hosts. */
export function recorderSelectors(target: TargetContext): RecorderSelector[] {
  const s = target.selectors;
  const hosts = [...target.shadowPath];
  const out: RecorderSelector[] = [];
  const add = (sel: RecorderSelector) => {
    const key = JSON.stringify(sel);
    if (!out.some((o) => JSON.stringify(o) === key)) out.push(sel);
  };
  // The accessibility tree spans shadow roots, so an ARIA selector needs no host parts.
  const aria = s.role ? ariaSelector(s.role.name, s.role.role) : undefined;
  if (aria) add([aria]);
  if (s.testId) add([...hosts, s.testId]);
  if (s.id) add([...hosts, s.id]);
  add([...hosts, s.css]);
  // Text matches any element containing it; raced against exact selectors it could win on the wrong one,
  // so it is offered only when nothing exact names the element.
  if (s.text && !aria && !s.testId && !s.id && !/[\r\n\u2028\u2029]/.test(s.text)) add([...hosts, `text/${s.text}`]);
  return out;
}

function targetOf(where: ReplayWhere): string {
  return where.tab === 0 ? 'main' : where.tabUrl;
}

function frameFields(where: ReplayWhere): FrameFields {
  return { target: targetOf(where), ...(where.frameIndexes.length ? { frame: [...where.frameIndexes] } : {}) };
}

const MODIFIER_KEYS: readonly [keyof Modifiers, string][] = [
  ['ctrl', 'Control'],
  ['alt', 'Alt'],
  ['shift', 'Shift'],
  ['meta', 'Meta'],
];

/** Puppeteer's key names: a single character as typed, named keys as KeyboardEvent.key. */
function puppeteerKey(key: string): string {
  return key === 'Esc' ? 'Escape' : key;
}

function keySteps(key: string, modifiers: Modifiers, target: string): RecorderStep[] {
  const mods = MODIFIER_KEYS.filter(([m, name]) => modifiers[m] && name !== key).map(([, name]) => name);
  const k = puppeteerKey(key);
  return [
    ...mods.map((m): RecorderStep => ({ type: 'keyDown', key: m, target })),
    { type: 'keyDown', key: k, target },
    { type: 'keyUp', key: k, target },
    ...[...mods].reverse().map((m): RecorderStep => ({ type: 'keyUp', key: m, target })),
  ];
}

/** At most 8 px in, and at most the middle for elements smaller than 16 px. */
export function clickOffset(size: number): number {
  return Math.max(0, Math.round(Math.min(Number.isFinite(size) ? size / 2 : 0, 8)));
}

function click(target: TargetContext, where: ReplayWhere, button: 'primary' | 'auxiliary' | 'secondary' = 'primary', double = false): RecorderStep {
  return {
    type: double ? 'doubleClick' : 'click',
    ...frameFields(where),
    selectors: recorderSelectors(target),
    // Only the element's box at capture is stored, not where in it the pointer was. A point just inside the
    // top-left corner stays inside the element even if it renders smaller on replay (the middle of a box
    // captured wider would miss), and clear of rounded corners up to a 27 px radius.
    offsetX: clickOffset(target.box.width),
    offsetY: clickOffset(target.box.height),
    ...(button !== 'primary' ? { button } : {}),
  };
}

function valueText(v: ReplayValue): string {
  return v.kind === 'literal' ? v.text : recorderPlaceholder(v.name);
}

function checkStep(check: ReplayCheck, where: ReplayWhere): RecorderStep | undefined {
  switch (check.kind) {
    case 'text':
      return /[\r\n\u2028\u2029]/.test(check.text) ? undefined : { type: 'waitForElement', ...frameFields(where), selectors: [[`text/${check.text}`]] };
    case 'heading': {
      const aria = ariaSelector(check.name, 'heading');
      return { type: 'waitForElement', ...frameFields(where), selectors: [[aria ?? `text/${check.name}`]] };
    }
    case 'title':
      return { type: 'waitForExpression', ...frameFields(where), expression: `document.title === ${JSON.stringify(check.title)}` };
    case 'url': {
      const expression = /^https?:\/\//i.test(check.url)
        ? `location.href === ${JSON.stringify(check.url)}`
        : `location.pathname + location.search + location.hash === ${JSON.stringify(check.url)}`;
      return { type: 'waitForExpression', ...frameFields(where), expression };
    }
  }
}

function stepsFor(a: ReplayAction, previous: ReplayAction | undefined, skipped: string[]): RecorderStep[] {
  switch (a.kind) {
    case 'click':
      return [click(a.target, a.where, a.button, a.double)];
    case 'check':
    case 'uncheck':
      // As the Recorder itself records them: a click toggles the box (the replay starts from the recorded state).
      return [click(a.target, a.where)];
    case 'fill':
      return [{ type: 'change', ...frameFields(a.where), selectors: recorderSelectors(a.target), value: valueText(a.value) }];
    case 'select':
      // @puppeteer/replay selects the option whose value attribute equals `value`, never by label. Without a
      // recorded value (older recordings, a step the author re-worded) the label is the best guess: many
      // pages use the same text for both.
      return [{ type: 'change', ...frameFields(a.where), selectors: recorderSelectors(a.target), value: a.optionValue ?? valueText(a.value) }];
    case 'press': {
      const steps: RecorderStep[] = [];
      // Keys go to the focused element: focus a field first unless the previous action just filled it.
      const focused = previous && 'target' in previous && previous.target && a.target && previous.target.selectors.css === a.target.selectors.css;
      if (a.target && isTypingTarget(a.target) && !focused) steps.push(click(a.target, a.where));
      return [...steps, ...keySteps(a.key, a.modifiers, targetOf(a.where))];
    }
    case 'submit':
      // No submit step in the format: Enter in the form's first field is what a person would do.
      skipped.push(`${a.stepNumber}. ${a.text}`);
      return [];
    case 'upload':
      skipped.push(`${a.stepNumber}. ${a.text}`);
      return [];
    case 'goto':
      return [{ type: 'navigate', url: a.url, target: targetOf(a.where) }];
    case 'back':
    case 'reload':
      // The format has no history steps; loading the page the step landed on reaches the same place
      // (a single-page app's in-memory state is lost, as after a reload).
      return [{ type: 'navigate', url: a.where.tabUrl, target: targetOf(a.where) }];
    case 'open-tab':
      // A tab the previous click opened is found by its URL (`target`) by the steps that act in it.
      if (!a.openedByPrevious) skipped.push(`${a.stepNumber}. ${a.text}`);
      return [];
    case 'switch-tab':
      return [];
    case 'manual':
      skipped.push(`${a.stepNumber}. ${a.text}`);
      return [];
    case 'expect': {
      const step = checkStep(a.check, a.where);
      return step ? [step] : [];
    }
  }
}

/** The flow's title, with what the person replaying must know: the format has no field for notes. */
function title(plan: ReplayPlan, placeholders: readonly string[], skipped: readonly string[]): string {
  const notes: string[] = [];
  if (placeholders.length) notes.push(`replace ${placeholders.join(', ')} before replaying: secrets are never recorded`);
  if (skipped.length) notes.push(`do by hand, not replayed: ${skipped.join(' ')}`);
  return notes.length ? `${plan.title} (${notes.join('; ')})` : plan.title;
}

/** The Recorder flow for a plan. */
export function buildRecorderFlow(plan: ReplayPlan): RecorderExport {
  const steps: RecorderStep[] = [];
  const skipped: string[] = [];
  if (plan.viewport) {
    steps.push({ type: 'setViewport', width: plan.viewport.width, height: plan.viewport.height, deviceScaleFactor: plan.viewport.deviceScaleFactor, isMobile: false, hasTouch: false, isLandscape: false });
  }
  if (plan.startUrl) steps.push({ type: 'navigate', url: plan.startUrl, target: 'main' });
  plan.actions.forEach((a, i) => {
    const previous = plan.actions.slice(0, i).reverse().find((p) => p.kind !== 'expect');
    steps.push(...stepsFor(a, previous, skipped));
  });
  const placeholders = plan.placeholders.map((p) => ({ placeholder: recorderPlaceholder(p.name), label: p.label }));
  const notReplayed = [...new Set(skipped)];
  return { flow: { title: title(plan, placeholders.map((p) => p.placeholder), notReplayed), steps }, placeholders, skipped: notReplayed };
}

/** The exported file: the SOP as a DevTools Recorder flow, pretty-printed JSON. */
export function buildDevToolsRecording(input: ReplayInput): { json: string; export: RecorderExport } {
  const result = buildRecorderFlow(buildReplayPlan(input));
  return { json: `${JSON.stringify(result.flow, null, 2)}\n`, export: result };
}

/** `deploy-payments-api-shipyard.recording.json`. */
export function recorderFileName(sop: Sop): string {
  return `${exportFileName(sop, '')}.recording.json`;
}
