/**
 * What a recorded SOP means as something a machine can replay: one neutral list of actions (click, fill,
 * select, press, navigate, tabs, checks) that the DevTools Recorder and Playwright builders both render, so
 * the two files always agree. Pure: built from the stored steps, the raw events they came from and the
 * SOP document; secrets never reach it (sensitive values were never stored) and become placeholders.
 */
import type { Modifiers, RawEvent, Sop, Step, TargetContext } from '../model';
import type { SopDocument, Variable } from '../sop/document';
import { controlKind } from '../steps/step-text';
import { stepTextToPlain } from '../text/markdown';
import { checksFromExpectedResult, checksFromVerificationItem, type ReplayCheck } from './replay-checks';
import { frameIndexer } from './replay-frames';
import { orderedSteps } from './markdown';

export type { ReplayCheck } from './replay-checks';

/** Where an action happens: which tab (0 = the tab the recording started in), which frame, which shadow root. */
export interface ReplayWhere {
  readonly tab: number;
  /** The URL of the tab's page when the step happened (the Recorder finds non-main tabs by URL). */
  readonly tabUrl: string;
  /** CSS selectors of the iframes from the top document down, as captured. */
  readonly framePath: readonly string[];
  /** The same frames as child-frame indexes (the Recorder's `frame`): as recorded, or guessed for older
   * recordings (see replay-frames.ts). */
  readonly frameIndexes: readonly number[];
}

/** A value to type or select: as recorded, or a placeholder the person replaying must fill. */
export type ReplayValue =
  | { readonly kind: 'literal'; readonly text: string; readonly parts: readonly ValuePart[] }
  | { readonly kind: 'placeholder'; readonly name: string };

/** A literal value split into plain text and SOP variables (`{{version}}`), for builders that parameterise. */
export type ValuePart = { readonly text: string } | { readonly variable: string };

export interface Placeholder {
  /** snake_case, unique in the plan: `registry_token`. */
  readonly name: string;
  /** The field's visible label, plain text (page-derived: escape on output). */
  readonly label: string;
  /** True when the field was sensitive (its value was never read), false when the value is just unknown. */
  readonly secret: boolean;
}

interface Base {
  /** 1-based number of the SOP step this action comes from. */
  readonly stepNumber: number;
  /** The step's instruction as plain text (page-derived parts included: escape on output). */
  readonly text: string;
}

interface Targeted extends Base {
  readonly target: TargetContext;
  readonly where: ReplayWhere;
}

export type ReplayAction =
  | (Targeted & {
      readonly kind: 'click';
      readonly button: 'primary' | 'auxiliary' | 'secondary';
      readonly modifiers: Modifiers;
      /** A double-click (the browser counted the step's second click as one). */
      readonly double?: boolean;
      /** This click opens tab number `opensTab` (target=_blank, window.open). */
      readonly opensTab?: number;
    })
  | (Targeted & { readonly kind: 'fill'; readonly value: ReplayValue })
  | (Targeted & {
      readonly kind: 'select';
      /** The option's label, as the step says it. */
      readonly value: ReplayValue;
      /** The option's `value` attribute, when recorded and the step still names the recorded option. */
      readonly optionValue?: string;
    })
  | (Targeted & { readonly kind: 'check' | 'uncheck' })
  | (Base & {
      readonly kind: 'press';
      readonly key: string;
      readonly modifiers: Modifiers;
      /** The element the key went to; absent when it went to the page itself. */
      readonly target?: TargetContext;
      readonly where: ReplayWhere;
      readonly opensTab?: number;
    })
  | (Targeted & { readonly kind: 'submit'; readonly opensTab?: number })
  | (Targeted & { readonly kind: 'upload'; readonly fileNames: readonly string[] })
  | (Base & { readonly kind: 'goto'; readonly url: string; readonly where: ReplayWhere })
  | (Base & { readonly kind: 'back' | 'reload'; readonly where: ReplayWhere })
  /** A tab the workflow opened. `openedByPrevious`: the previous action opened it (else open it by URL). */
  | (Base & { readonly kind: 'open-tab'; readonly tab: number; readonly url: string; readonly openedByPrevious: boolean })
  | (Base & { readonly kind: 'switch-tab'; readonly tab: number })
  /** Something only a person can do (a step the author wrote, or one the recording cannot replay). */
  | (Base & { readonly kind: 'manual'; readonly why: string })
  | (Base & { readonly kind: 'expect'; readonly check: ReplayCheck; readonly where: ReplayWhere });

export interface ReplayPlan {
  readonly title: string;
  /** The page the recording started on. */
  readonly startUrl: string;
  /** The recorded tab's viewport, when known. */
  readonly viewport?: { readonly width: number; readonly height: number; readonly deviceScaleFactor: number };
  readonly actions: readonly ReplayAction[];
  readonly placeholders: readonly Placeholder[];
  /** SOP variables used in typed or selected values, with the recorded example. */
  readonly variables: readonly Pick<Variable, 'name' | 'example' | 'description'>[];
}

export interface ReplayInput {
  readonly sop: Sop;
  readonly steps: readonly Step[];
  /** The session's raw events (frame ids, navigation causes, keys, viewport); [] when unknown. */
  readonly events: readonly RawEvent[];
  readonly doc?: SopDocument;
}

const NO_MODIFIERS: Modifiers = { alt: false, ctrl: false, meta: false, shift: false };
const BUTTONS = ['primary', 'auxiliary', 'secondary'] as const;
const PLACEHOLDER = /\{\{([a-z][a-z0-9_]*)\}\}/g;

/** `Registry token:` → `registry_token`; '' when nothing usable is left. */
export function snakeName(label: string): string {
  return label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/^(\d)/, '_$1')
    .slice(0, 40)
    .replace(/_+$/, '');
}

function fieldLabel(t: TargetContext): string {
  return (t.label || t.name || t.placeholder || '').replace(/\s+/g, ' ').replace(/[\s:*]+$/u, '').trim();
}

class Placeholders {
  readonly list: Placeholder[] = [];

  add(target: TargetContext, secret: boolean): string {
    const label = fieldLabel(target);
    const base = snakeName(label) || (secret ? 'secret' : 'value');
    let name = base;
    for (let n = 2; this.list.some((p) => p.name === name); n++) name = `${base}_${n}`;
    this.list.push({ name, label, secret });
    return name;
  }
}

/** Splits a recorded value into text and `{{variable}}` parts: placeholders the author applied, and the
 * variables' example values where they stand as whole words. */
function valueParts(value: string, variables: readonly Variable[]): ValuePart[] {
  const known = new Map(variables.map((v) => [v.name, v]));
  const exampleOf = new Map(variables.filter((v) => v.example !== '').map((v) => [v.example, v.name]));
  const parts: ValuePart[] = [];
  const pushText = (text: string) => {
    if (!text) return;
    // Longest examples first, so "v1.5.0-rc.1" is not cut at "v1.5.0".
    const examples = [...exampleOf.keys()].sort((a, b) => b.length - a.length);
    for (const example of examples) {
      const at = wholeWordIndex(text, example);
      if (at < 0) continue;
      pushText(text.slice(0, at));
      parts.push({ variable: exampleOf.get(example)! });
      pushText(text.slice(at + example.length));
      return;
    }
    const last = parts[parts.length - 1];
    if (last && 'text' in last) parts[parts.length - 1] = { text: last.text + text };
    else parts.push({ text });
  };
  let from = 0;
  for (const m of value.matchAll(PLACEHOLDER)) {
    if (!known.has(m[1]!)) continue;
    pushText(value.slice(from, m.index));
    parts.push({ variable: m[1]! });
    from = m.index! + m[0].length;
  }
  pushText(value.slice(from));
  return parts;
}

function wholeWordIndex(text: string, word: string): number {
  const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}_]/u.test(c);
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    if (!isWordChar(text[at - 1]) && !isWordChar(text[at + word.length])) return at;
  }
  return -1;
}

function literal(value: string, variables: readonly Variable[]): ReplayValue {
  const parts = valueParts(value, variables);
  const example = new Map(variables.map((v) => [v.name, v.example]));
  const text = parts.map((p) => ('text' in p ? p.text : (example.get(p.variable) ?? ''))).join('');
  return { kind: 'literal', text, parts };
}

/** The option value the select's last change recorded, unless the author has since changed the step's value
 * (then the recorded value names another option). Sensitive selects have none. */
function recordedOptionValue(step: Step, evs: readonly RawEvent[]): string | undefined {
  if (step.target?.sensitive || step.value === undefined) return undefined;
  const change = [...evs].reverse().find((e): e is Extract<RawEvent, { kind: 'change' }> => e.kind === 'change' && e.target.tag === 'select');
  return change?.optionValue !== undefined && change.value === step.value ? change.optionValue : undefined;
}

function eventsOf(step: Step, byId: ReadonlyMap<string, RawEvent>): RawEvent[] {
  return step.eventIds.map((id) => byId.get(id)).filter((e): e is RawEvent => e !== undefined);
}

/** The plan for one SOP. Steps in reading order; each step's page-derived expected result becomes checks. */
export function buildReplayPlan(input: ReplayInput): ReplayPlan {
  const { sop, doc } = input;
  const steps = orderedSteps(input.steps);
  const byId = new Map(input.events.map((e) => [e.id as string, e]));
  const variables = doc?.variables ?? [];
  const placeholders = new Placeholders();
  const frames = frameIndexer(input.events);
  const mainTabId = steps.find((s) => s.kind !== 'manual')?.tabId ?? input.events[0]?.tabId ?? 0;
  const tabs = new Map<number, number>([[mainTabId, 0]]);
  const actions: ReplayAction[] = [];
  const usedVariables = new Set<string>();

  const whereOf = (step: Step, target?: TargetContext): ReplayWhere => ({
    tab: tabs.get(step.tabId) ?? 0,
    tabUrl: step.page.url,
    framePath: target?.framePath ?? [],
    frameIndexes: target ? frames.indexes(step.tabId, target.framePath, target.framePathIndexes) : [],
  });
  const topOf = (w: ReplayWhere): ReplayWhere => ({ ...w, framePath: [], frameIndexes: [] });

  const valueFor = (step: Step, target: TargetContext): ReplayValue => {
    if (target.sensitive || step.value === undefined) return { kind: 'placeholder', name: placeholders.add(target, target.sensitive) };
    const v = literal(step.value, variables);
    if (v.kind === 'literal') for (const p of v.parts) if ('variable' in p) usedVariables.add(p.variable);
    return v;
  };

  /** Marks the last action as the one that opened `tab`, when it can have (a click, key or submit elsewhere). */
  const claimOpener = (tab: number): boolean => {
    // The opener's own checks may sit between it and the tab it opened.
    let at = actions.length - 1;
    while (at >= 0 && actions[at]!.kind === 'expect') at--;
    const last = actions[at];
    if (!last || (last.kind !== 'click' && last.kind !== 'press' && last.kind !== 'submit') || last.where.tab === tab) return false;
    actions[at] = { ...last, opensTab: tab };
    return true;
  };

  const openTab = (step: Step, base: { stepNumber: number; text: string }) => {
    const tab = tabs.size;
    tabs.set(step.tabId, tab);
    actions.push({ ...base, kind: 'open-tab', tab, url: step.page.url, openedByPrevious: claimOpener(tab) });
  };

  steps.forEach((step, i) => {
    const base = { stepNumber: i + 1, text: stepTextToPlain(step.text).replace(/\s+/g, ' ').trim() };
    const evs = eventsOf(step, byId);
    const target = step.target;
    if (step.kind !== 'manual' && !tabs.has(step.tabId)) {
      // A tab never seen before: an open-tab step, or (if the draft lost it) opened here by URL.
      openTab(step, base);
      if (step.kind === 'open-tab' || step.kind === 'switch-tab') return addChecks(step, base);
    }
    const where = whereOf(step, target);
    const manual = (why: string) => actions.push({ ...base, kind: 'manual', why });
    switch (step.kind) {
      case 'click': {
        if (!target) return manual('no element was recorded for this step');
        const click = [...evs].reverse().find((e): e is Extract<RawEvent, { kind: 'click' }> => e.kind === 'click');
        actions.push({
          ...base,
          kind: 'click',
          target,
          where,
          button: BUTTONS[click?.button ?? 0] ?? 'primary',
          modifiers: click?.modifiers ?? NO_MODIFIERS,
          ...(evs.some((e) => e.kind === 'click' && (e.count ?? 1) >= 2) ? { double: true } : {}),
        });
        break;
      }
      case 'type':
        if (!target) return manual('no field was recorded for this step');
        actions.push({ ...base, kind: 'fill', target, where, value: valueFor(step, target) });
        break;
      case 'select': {
        if (!target) return manual('no list was recorded for this step');
        const optionValue = recordedOptionValue(step, evs);
        actions.push({ ...base, kind: 'select', target, where, value: valueFor(step, target), ...(optionValue === undefined ? {} : { optionValue }) });
        break;
      }
      case 'check':
      case 'uncheck':
        if (!target) return manual('no control was recorded for this step');
        actions.push({ ...base, kind: step.kind, target, where });
        break;
      case 'key': {
        const key = [...evs].reverse().find((e): e is Extract<RawEvent, { kind: 'key' }> => e.kind === 'key');
        // A drafted Enter after typing can come from the form's submit alone: it is still Enter.
        const name = key?.key ?? (/\bEnter\b/.test(base.text) ? 'Enter' : undefined);
        if (!name) return manual('the key pressed was not recorded');
        const pressTarget = target && !['body', 'html'].includes(target.tag) ? target : undefined;
        actions.push({ ...base, kind: 'press', key: name, modifiers: key?.modifiers ?? NO_MODIFIERS, ...(pressTarget ? { target: pressTarget } : {}), where });
        break;
      }
      case 'submit':
        if (!target) return manual('no form was recorded for this step');
        actions.push({ ...base, kind: 'submit', target, where });
        break;
      case 'upload': {
        if (!target) return manual('no file field was recorded for this step');
        const file = [...evs].reverse().find((e): e is Extract<RawEvent, { kind: 'file' }> => e.kind === 'file');
        const fileNames = file?.fileNames ?? (step.value ? step.value.split(', ') : []);
        actions.push({ ...base, kind: 'upload', target, where, fileNames });
        break;
      }
      case 'navigate': {
        const nav = [...evs].reverse().find((e): e is Extract<RawEvent, { kind: 'navigate' }> => e.kind === 'navigate');
        const w = topOf(where);
        if (nav?.cause === 'back-forward') actions.push({ ...base, kind: 'back', where: w });
        else if (nav?.cause === 'reload') actions.push({ ...base, kind: 'reload', where: w });
        else actions.push({ ...base, kind: 'goto', url: step.page.url, where: w });
        break;
      }
      case 'open-tab':
      case 'switch-tab':
        // Seen before (opened above or earlier): bring it to the front.
        actions.push({ ...base, kind: 'switch-tab', tab: where.tab });
        break;
      case 'manual':
        manual('written by the author');
        return;
    }
    addChecks(step, base);
  });

  function addChecks(step: Step, base: { stepNumber: number; text: string }): void {
    const note = doc?.stepNotes[step.id]?.expectedResult;
    if (!note || note.source !== 'page' || step.kind === 'manual') return;
    const where = whereOf(step, step.target);
    for (const check of checksFromExpectedResult(note.text)) {
      // Page title and URL belong to the tab; what the page showed, to the frame acted in.
      const at = check.kind === 'title' || check.kind === 'url' ? topOf(where) : where;
      actions.push({ ...base, kind: 'expect', check, where: at });
    }
  }

  // Verification items drawn from what the page showed are checked at the end, in the tab last acted in.
  const lastWhere = [...actions].reverse().find((a): a is Extract<ReplayAction, { where: ReplayWhere }> => 'where' in a)?.where;
  if (lastWhere) {
    for (const item of doc?.verification ?? []) {
      if (item.source !== 'page') continue;
      for (const check of checksFromVerificationItem(item.text)) {
        actions.push({ stepNumber: steps.length, text: stepTextToPlain(item.text), kind: 'expect', check, where: { ...lastWhere, framePath: [], frameIndexes: [] } });
      }
    }
  }

  const viewportEvent = input.events.find((e) => e.tabId === mainTabId && e.viewport);
  const vp = viewportEvent?.viewport;
  return {
    title: sop.title,
    startUrl: sop.sourceUrl || steps[0]?.page.url || '',
    ...(vp ? { viewport: { width: Math.round(vp.width), height: Math.round(vp.height), deviceScaleFactor: vp.devicePixelRatio || 1 } } : {}),
    actions,
    placeholders: placeholders.list,
    variables: variables.filter((v) => usedVariables.has(v.name)).map(({ name, example, description }) => ({ name, example, description })),
  };
}

/** Whether a target is a field one types into (clicking it only focuses it). */
export function isTypingTarget(t: TargetContext): boolean {
  return controlKind(t) === 'text' || controlKind(t) === 'setting';
}
