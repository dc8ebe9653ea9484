/**
 * Test factories: build model objects from the few fields a test cares about, so tests read as intent.
 * Defaults describe one plausible recording on a fictional deploy tool ("Shipyard").
 */
import type {
  EventId,
  Modifiers,
  PageContext,
  RawEvent,
  RawEventKind,
  SessionId,
  ShotId,
  Sop,
  SopId,
  Step,
  StepId,
  TargetContext,
} from '../../lib/model';

export type EventOf<K extends RawEventKind> = Extract<RawEvent, { kind: K }>;

/** Wall-clock start of every factory recording: 2026-01-05 09:00:00 UTC. */
export const BASE_AT = Date.UTC(2026, 0, 5, 9, 0, 0);

/** Wall-clock ms `ms` after the recording started, for `at`. */
export function at(ms: number): number {
  return BASE_AT + ms;
}

export const NO_MODIFIERS: Modifiers = { alt: false, ctrl: false, meta: false, shift: false };

export const DEFAULT_PAGE: PageContext = { url: 'https://shipyard.test/apps/payments-api', title: 'Shipyard — payments-api' };

let seq = 0;

/** Restarts ids and default times, for tests that compare them. */
export function resetFactories(): void {
  seq = 0;
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'x';
}

/** A target. The CSS selector is derived from tag + name unless given, so equal names mean the same element. */
export function makeTarget(overrides: Partial<TargetContext> = {}): TargetContext {
  const tag = overrides.tag ?? 'button';
  const name = overrides.name ?? 'Deploy';
  return {
    tag,
    role: tag === 'button' ? 'button' : '',
    name,
    shadowPath: [],
    framePath: [],
    box: { x: 100, y: 200, width: 120, height: 32 },
    sensitive: false,
    ...overrides,
    selectors: { css: `${tag}[data-name="${slug(name || overrides.label || overrides.text || '')}"]`, ...overrides.selectors },
  };
}

/** Common targets by what they are. */
export const targets = {
  button: (name: string, o: Partial<TargetContext> = {}) => makeTarget({ tag: 'button', role: 'button', name, text: name, ...o }),
  link: (name: string, href = 'https://shipyard.test/next', o: Partial<TargetContext> = {}) =>
    makeTarget({ tag: 'a', role: 'link', name, text: name, href, ...o }),
  field: (label: string, o: Partial<TargetContext> = {}) => makeTarget({ tag: 'input', type: 'text', role: 'textbox', name: label, label, ...o }),
  search: (label: string, o: Partial<TargetContext> = {}) => makeTarget({ tag: 'input', type: 'search', role: 'searchbox', name: label, label, ...o }),
  textarea: (label: string, o: Partial<TargetContext> = {}) => makeTarget({ tag: 'textarea', role: 'textbox', name: label, label, ...o }),
  password: (label: string, o: Partial<TargetContext> = {}) =>
    makeTarget({ tag: 'input', type: 'password', role: '', name: label, label, sensitive: true, ...o }),
  secret: (label: string, o: Partial<TargetContext> = {}) => makeTarget({ tag: 'input', type: 'text', role: 'textbox', name: label, label, sensitive: true, ...o }),
  select: (label: string, o: Partial<TargetContext> = {}) => makeTarget({ tag: 'select', role: 'combobox', name: label, label, ...o }),
  option: (name: string, o: Partial<TargetContext> = {}) => makeTarget({ tag: 'option', role: 'option', name, text: name, ...o }),
  checkbox: (label: string, o: Partial<TargetContext> = {}) => makeTarget({ tag: 'input', type: 'checkbox', role: 'checkbox', name: label, label, ...o }),
  radio: (label: string, o: Partial<TargetContext> = {}) => makeTarget({ tag: 'input', type: 'radio', role: 'radio', name: label, label, ...o }),
  file: (label: string, o: Partial<TargetContext> = {}) => makeTarget({ tag: 'input', type: 'file', role: 'button', name: label, label, ...o }),
  label: (text: string, o: Partial<TargetContext> = {}) => makeTarget({ tag: 'label', role: '', name: '', text, ...o }),
  form: (name = '', o: Partial<TargetContext> = {}) => makeTarget({ tag: 'form', role: name ? 'form' : '', name, ...o }),
  body: (o: Partial<TargetContext> = {}) => makeTarget({ tag: 'body', role: '', name: '', ...o }),
};

function defaultsFor(kind: RawEventKind): object {
  switch (kind) {
    case 'click':
      return { target: targets.button('Deploy'), button: 0, modifiers: NO_MODIFIERS };
    case 'input':
      return { target: targets.field('Change ticket'), value: '' };
    case 'change':
      return { target: targets.select('Version') };
    case 'submit':
      return { target: targets.form() };
    case 'key':
      return { target: targets.field('Change ticket'), key: 'Enter', modifiers: NO_MODIFIERS };
    case 'file':
      return { target: targets.file('Artifact'), fileNames: ['build.zip'] };
    case 'navigate':
      return { cause: 'link' };
    case 'tab-open':
    case 'tab-switch':
      return {};
  }
}

/**
 * One raw event. Ids count up; `at` defaults to one second after the previous factory event; `t` follows
 * `at` (recording clock from BASE_AT) unless given.
 */
export function makeEvent<K extends RawEventKind>(kind: K, overrides: Partial<EventOf<K>> = {}): EventOf<K> {
  seq += 1;
  const when = overrides.at ?? at(seq * 1000);
  return {
    id: `ev-${seq}` as EventId,
    sessionId: 'session-1' as SessionId,
    tabId: 1,
    frameId: 0,
    page: DEFAULT_PAGE,
    viewport: { width: 1280, height: 800, devicePixelRatio: 1 },
    ...defaultsFor(kind),
    ...overrides,
    kind,
    at: when,
    t: overrides.t ?? when - BASE_AT,
  } as EventOf<K>;
}

/** Shorthands for the events tests write most. */
export const events = {
  click: (target: TargetContext, ms: number, o: Partial<EventOf<'click'>> = {}) => makeEvent('click', { target, at: at(ms), ...o }),
  input: (target: TargetContext, value: string | undefined, ms: number, o: Partial<EventOf<'input'>> = {}) =>
    makeEvent('input', { target, at: at(ms), ...(value === undefined ? {} : { value }), ...o }),
  change: (target: TargetContext, ms: number, o: Partial<EventOf<'change'>> = {}) => makeEvent('change', { target, at: at(ms), ...o }),
  key: (key: string, target: TargetContext, ms: number, o: Partial<EventOf<'key'>> = {}) => makeEvent('key', { key, target, at: at(ms), ...o }),
  submit: (target: TargetContext, ms: number, o: Partial<EventOf<'submit'>> = {}) => makeEvent('submit', { target, at: at(ms), ...o }),
  file: (target: TargetContext, fileNames: string[], ms: number, o: Partial<EventOf<'file'>> = {}) =>
    makeEvent('file', { target, fileNames, at: at(ms), ...o }),
  navigate: (cause: EventOf<'navigate'>['cause'], page: PageContext, ms: number, o: Partial<EventOf<'navigate'>> = {}) =>
    makeEvent('navigate', { cause, page, at: at(ms), ...o }),
  tabOpen: (tabId: number, page: PageContext, ms: number, o: Partial<EventOf<'tab-open'>> = {}) =>
    makeEvent('tab-open', { tabId, page, at: at(ms), ...o }),
  tabSwitch: (tabId: number, page: PageContext, ms: number, o: Partial<EventOf<'tab-switch'>> = {}) =>
    makeEvent('tab-switch', { tabId, page, at: at(ms), ...o }),
};

/** The usual start of a recording: the page it began on. */
export function startPage(page: PageContext = DEFAULT_PAGE): EventOf<'navigate'> {
  return makeEvent('navigate', { cause: 'load', page, at: at(0) });
}

export function makeSop(overrides: Partial<Sop> = {}): Sop {
  return {
    id: 'sop-1' as SopId,
    title: 'Deploy payments-api — Shipyard',
    createdAt: BASE_AT,
    updatedAt: BASE_AT,
    sourceUrl: DEFAULT_PAGE.url,
    stepCount: 0,
    durationMs: 65_000,
    ...overrides,
  };
}

export function makeStep(overrides: Partial<Step> = {}): Step {
  seq += 1;
  return {
    id: `step-${seq}` as StepId,
    sopId: 'sop-1' as SopId,
    order: seq * 10,
    kind: 'click',
    text: 'Click **Deploy**.',
    page: DEFAULT_PAGE,
    tabId: 1,
    t: seq * 1000,
    eventIds: [],
    ...overrides,
  };
}

/** A step id / shot id from a plain string, for maps and lookups in tests. */
export const stepId = (s: string) => s as StepId;
export const shotId = (s: string) => s as ShotId;

/** Sequential step ids for synthesizeSteps. */
export function stepIds(prefix = 'step'): () => StepId {
  let n = 0;
  return () => `${prefix}-${++n}` as StepId;
}
