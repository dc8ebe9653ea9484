/**
 * Turns a recording's raw events into draft SOP steps: one step per meaningful action, with the noise a
 * browser produces around each action (focus clicks, label activation, duplicate events, submits and
 * navigations caused by a click) merged away. Pure: runs in Node under Vitest.
 */
import type { Modifiers, PageContext, RawEvent, SopId, Step, StepId, StepKind, TargetContext } from '../model';
import { controlKind, isTextField, phraseStep, targetName, type ControlKind, type StepPhrase } from './step-text';

/** Two identical clicks closer than this are one click (double clicks, doubled listeners). */
export const DOUBLE_EVENT_MS = 400;
/**
 * The browser already counted a click as a double-click's second (MouseEvent.detail 2) by the system's own
 * event times; our stamps are taken when the listener runs, which a busy page can delay by this much.
 */
export const DOUBLE_CLICK_LATE_MS = 2_000;
/** A navigation this soon after an action (or another navigation) in its tab is that action's effect. */
export const CONSEQUENCE_MS = 1500;
/** A link/form navigation right after its action may take this long to commit on a slow server. */
export const SLOW_LOAD_MS = 10_000;
/** Navigations a page makes as the effect of an action however long it takes (up to SLOW_LOAD_MS): a route a
 * script sets is never typed by the person, so late is not a reason to make it a step of its own. */
const SLOW_CAUSES: ReadonlySet<Navigate['cause']> = new Set(['link', 'form', 'push-state', 'replace-state', 'hash']);
/** A submit this soon after a click or Enter was caused by it. */
export const SUBMIT_AFTER_ACTION_MS = 1000;
/** Clicking a <label> dispatches a click on its control in the same task: effectively 0 ms apart. */
export const LABEL_ACTIVATION_MS = 100;

type Captured = Extract<RawEvent, { readonly target: TargetContext }>;
type ValueEvent = Extract<RawEvent, { kind: 'input' | 'change' | 'file' }>;
type Navigate = Extract<RawEvent, { kind: 'navigate' }>;

interface Draft {
  phrase: StepPhrase;
  page: PageContext;
  tabId: number;
  frameId: number;
  /** Index in the ordered events of the event the step describes (for title look-ahead). */
  index: number;
  /** Every event merged into this step, in time order. */
  events: RawEvent[];
  lastAt: number;
  /** Navigations seen in the tab when drafted: a repeated value after a page change is a new step. */
  navEpoch: number;
}

/** Why the last thing in a tab happened, to tell a navigation's cause. */
interface Anchor {
  at: number;
  kind: 'action' | 'nav' | 'open';
  draft?: Draft;
}

function hasTarget(e: RawEvent): e is Captured {
  return 'target' in e;
}

function isValueEvent(e: RawEvent): e is ValueEvent {
  return e.kind === 'input' || e.kind === 'change' || e.kind === 'file';
}

function isUserNavigation(e: RawEvent): boolean {
  return e.kind === 'navigate' && (e.cause === 'typed' || e.cause === 'back-forward' || e.cause === 'reload');
}

function sameContext(a: TargetContext, b: TargetContext): boolean {
  if (a.framePath.join('\u0000') !== b.framePath.join('\u0000')) return false;
  if (a.shadowPath.join('\u0000') !== b.shadowPath.join('\u0000')) return false;
  // Stable handles first: a CSS path can shift when the page re-renders between two events.
  if (a.selectors.testId !== undefined && a.selectors.testId === b.selectors.testId) return true;
  if (a.selectors.id !== undefined && a.selectors.id === b.selectors.id) return true;
  return a.selectors.css === b.selectors.css;
}

function sameTarget(a: Captured, b: Captured): boolean {
  return a.tabId === b.tabId && a.frameId === b.frameId && sameContext(a.target, b.target);
}

function sameModifiers(a: Modifiers, b: Modifiers): boolean {
  return a.alt === b.alt && a.ctrl === b.ctrl && a.meta === b.meta && a.shift === b.shift;
}

function sameFrame(a: RawEvent, b: RawEvent): boolean {
  return a.tabId === b.tabId && a.frameId === b.frameId;
}

function norm(s: string | undefined): string {
  return (s ?? '').replace(/\s+/g, ' ').replace(/[\s:*]+$/u, '').trim().toLowerCase();
}

/** Whether a clicked <label> names `control` (the `for`/nesting link itself is not in the model). */
function labelNames(label: TargetContext, control: TargetContext): boolean {
  const text = norm(label.text) || norm(label.name);
  return text !== '' && (text === norm(control.label) || text === norm(control.name));
}

/** A click on a plain part of a field (an editor's inner paragraph, a decoration) rather than a control. */
function clickInsideField(click: Captured, field: Captured): boolean {
  if (!sameFrame(click, field)) return false;
  const t = click.target;
  const interactive =
    ['button', 'a', 'input', 'select', 'textarea', 'label', 'option'].includes(t.tag) ||
    ['button', 'link', 'checkbox', 'radio', 'switch', 'option', 'menuitem', 'tab'].includes(t.role);
  if (interactive) return false;
  const a = t.box;
  const b = field.target.box;
  return a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;
}

const EDITING_CHORDS = new Set(['a', 'c', 'v', 'x', 'y', 'z']);

/** Ctrl/Cmd+A/C/V/X/Y/Z inside a field: editing the value the Type step already reports. */
function isEditingChord(e: RawEvent, field: Captured): boolean {
  return (
    e.kind === 'key' &&
    (e.modifiers.ctrl || e.modifiers.meta) &&
    !e.modifiers.alt &&
    EDITING_CHORDS.has(e.key.toLowerCase()) &&
    sameTarget(e, field)
  );
}

/**
 * Events in the order the user acted. Values are stamped when the user began to fill a field (the tracker's
 * first input, not when the field settled), so time order is the user's order: no event is moved.
 */
function orderEvents(events: readonly RawEvent[]): RawEvent[] {
  const seen = new Set<string>();
  const unique = events.filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)));
  return unique.map((e, i) => ({ e, i })).sort((a, b) => a.e.at - b.e.at || a.i - b.i).map((x) => x.e);
}

/** The step a value event means; undefined for an `input` on a checkbox/radio/file input, whose `change`
 * (or `file`) carries the state. */
function phraseForValue(e: ValueEvent, kind: ControlKind): StepPhrase | undefined {
  const sensitive = e.target.sensitive;
  if (e.kind === 'file') return { kind: 'upload', target: e.target, fileNames: e.fileNames };
  if (kind === 'select') return { kind: 'select', target: e.target, ...(sensitive || e.value === undefined ? {} : { option: e.value }) };
  if (e.kind === 'input' && (kind === 'checkbox' || kind === 'radio' || kind === 'file')) return undefined;
  if (e.kind === 'change') {
    if (kind === 'checkbox') {
      if (e.checked === true) return { kind: 'check', target: e.target };
      if (e.checked === false) return { kind: 'uncheck', target: e.target };
      return { kind: 'click', target: e.target };
    }
    if (kind === 'radio') return { kind: 'choose', target: e.target };
  }
  // Sensitive values are dropped here even if a caller sent one: they must never reach text or value.
  return { kind: 'type', target: e.target, ...(sensitive || e.value === undefined ? {} : { value: e.value }) };
}

/** The phrase kinds a repeated value event on the same control folds into (final state wins). */
function sameFamily(a: StepPhrase['kind'], b: StepPhrase['kind']): boolean {
  const family = (k: StepPhrase['kind']) => (k === 'check' || k === 'uncheck' ? 'check' : k);
  return family(a) === family(b);
}

function phraseTarget(p: StepPhrase): TargetContext | undefined {
  return 'target' in p ? p.target : undefined;
}

function isButtonLike(t: TargetContext): boolean {
  return t.tag === 'button' || t.role === 'button' || (t.tag === 'input' && ['submit', 'button', 'image', 'reset'].includes(t.type ?? ''));
}

class Drafter {
  readonly drafts: Draft[] = [];
  private readonly anchors = new Map<number, Anchor>();
  private readonly urls = new Map<number, string>();
  private readonly navEpochs = new Map<number, number>();
  private currentTab: number | undefined;

  constructor(private readonly ordered: readonly RawEvent[]) {
    this.currentTab = ordered[0]?.tabId;
  }

  run(): Draft[] {
    this.ordered.forEach((e, i) => {
      this.visit(e, i);
      this.urls.set(e.tabId, e.page.url);
    });
    return this.drafts;
  }

  private visit(e: RawEvent, i: number): void {
    switch (e.kind) {
      case 'click':
        return this.onClick(e, i);
      case 'input':
      case 'change':
      case 'file':
        return this.onValue(e, i);
      case 'key':
        return this.onKey(e, i);
      case 'submit':
        return this.onSubmit(e, i);
      case 'navigate':
        return this.onNavigate(e, i);
      case 'tab-open':
        return this.onTabOpen(e, i);
      case 'tab-switch':
        return this.onTabSwitch(e, i);
    }
  }

  private get last(): Draft | undefined {
    return this.drafts[this.drafts.length - 1];
  }

  private epoch(tabId: number): number {
    return this.navEpochs.get(tabId) ?? 0;
  }

  private push(phrase: StepPhrase, e: RawEvent, i: number, events: RawEvent[] = [e]): Draft {
    const d: Draft = {
      phrase,
      page: e.page,
      tabId: e.tabId,
      frameId: e.frameId,
      index: i,
      events,
      lastAt: e.at,
      navEpoch: this.epoch(e.tabId),
    };
    this.drafts.push(d);
    this.currentTab = e.tabId;
    return d;
  }

  /** Folds `e` into `d`; `phrase` (if given) becomes the step's meaning and `e` its described event. */
  private absorb(d: Draft, e: RawEvent, i: number, phrase?: StepPhrase): void {
    d.events.push(e);
    d.lastAt = Math.max(d.lastAt, e.at);
    if (phrase) {
      d.phrase = phrase;
      d.page = e.page;
      d.index = i;
      d.tabId = e.tabId;
      d.frameId = e.frameId;
    }
  }

  private act(d: Draft, e: RawEvent): void {
    this.anchors.set(e.tabId, { at: e.at, kind: 'action', draft: d });
  }

  private mainEvent(d: Draft): RawEvent {
    return this.ordered[d.index]!;
  }

  private onClick(e: Extract<RawEvent, { kind: 'click' }>, i: number): void {
    const last = this.last;
    const prev = last ? this.mainEvent(last) : undefined;
    if (last && prev?.kind === 'click' && last.phrase.kind === 'click') {
      const identical =
        sameTarget(prev, e) &&
        prev.button === e.button &&
        sameModifiers(prev.modifiers, e.modifiers) &&
        e.at - last.lastAt <= ((e.count ?? 1) >= 2 ? DOUBLE_CLICK_LATE_MS : DOUBLE_EVENT_MS);
      if (identical) {
        this.absorb(last, e, i);
        // The browser counted it as the second click of a double-click: one step, worded so.
        if ((e.count ?? 1) >= 2) last.phrase = { ...last.phrase, count: 2 };
        return this.act(last, e);
      }
      // Clicking a <label> clicks its control too: one step, named after the control.
      if (prev.target.tag === 'label' && sameFrame(prev, e) && this.activates(prev, e)) {
        this.absorb(last, e, i, { kind: 'click', target: this.withLabel(e.target, prev.target), button: e.button, modifiers: e.modifiers });
        return this.act(last, e);
      }
    }
    this.act(this.push({ kind: 'click', target: e.target, button: e.button, modifiers: e.modifiers }, e, i), e);
  }

  /** Whether the label click `label` is what caused the event `e` on a control. */
  private activates(label: Captured, e: Captured): boolean {
    const kind = controlKind(e.target);
    if (kind === 'label' || kind === 'option') return false;
    if (kind === 'other' && !isButtonLike(e.target)) return false;
    return labelNames(label.target, e.target) || (e.kind !== 'input' && e.at - label.at <= LABEL_ACTIVATION_MS);
  }

  /** The control's target, named by the clicked label when it has no name of its own. */
  private withLabel(control: TargetContext, label: TargetContext): TargetContext {
    if (control.name || control.label) return control;
    const text = label.text ?? label.name;
    return text ? { ...control, label: text } : control;
  }

  private onValue(e: ValueEvent, i: number): void {
    const kind = controlKind(e.target);
    const phrase = phraseForValue(e, kind);
    if (!phrase) return;

    // A text value that repeats what a Type step already holds (change after input, a second settle), with
    // at most keys/clicks on that same field since (Enter, then the change that fires on blur).
    if (phrase.kind === 'type') {
      const earlier = this.latestFor(e);
      if (earlier && earlier.phrase.kind === 'type' && earlier.navEpoch === this.epoch(e.tabId)) {
        const since = this.drafts.slice(this.drafts.indexOf(earlier) + 1);
        const onlyThisField = since.every((d) => {
          const m = this.mainEvent(d);
          return hasTarget(m) && sameTarget(m, e);
        });
        const known = phrase.value !== undefined;
        const same = earlier.phrase.value === phrase.value;
        // A sensitive value cannot be compared: only a settle right after its Type step is the same typing.
        if (earlier === this.last || (known && same && onlyThisField)) {
          this.absorb(earlier, e, i, same || !known ? undefined : phrase);
          return;
        }
      }
    }

    const last = this.last;
    // The same control again with nothing in between: the final state wins (revisions, duplicates).
    if (last && last.phrase.kind !== 'click' && sameFamily(last.phrase.kind, phrase.kind)) {
      const prev = this.mainEvent(last);
      if (hasTarget(prev) && sameTarget(prev, e)) {
        this.absorb(last, e, i, phrase);
        return this.act(last, e);
      }
    }

    // Editing shortcuts typed in the field, then the click that focused it, lead into this value.
    const lead: Draft[] = [];
    let k = this.drafts.length - 1;
    while (k >= 0 && hasTarget(e) && this.drafts[k]!.events.every((x) => isEditingChord(x, e))) lead.unshift(this.drafts[k--]!);
    const before = this.drafts[k];
    if (before && before.phrase.kind === 'click' && this.leadsInto(this.mainEvent(before), e, kind)) lead.unshift(before);
    if (lead.length > 0) {
      this.drafts.splice(this.drafts.length - lead.length, lead.length);
      const events = lead.flatMap((d) => d.events);
      const label = events.find((x): x is Captured => x.kind === 'click' && x.target.tag === 'label');
      const target = label ? this.withLabel(e.target, label.target) : e.target;
      const d = this.push(this.retarget(phrase, target), e, i, [...events, e]);
      return this.act(d, e);
    }
    this.act(this.push(phrase, e, i), e);
  }

  /** The most recent draft that set the value of the control `e` acts on (clicks and keys on it set none). */
  private latestFor(e: Captured): Draft | undefined {
    for (let k = this.drafts.length - 1; k >= 0; k--) {
      const d = this.drafts[k]!;
      const main = this.mainEvent(d);
      if (d.phrase.kind === 'click' || d.phrase.kind === 'key') continue;
      if (hasTarget(main) && sameTarget(main, e)) return d;
    }
    return undefined;
  }

  /** Whether the click `c` (the previous step) only opened the way to the value event `e`. */
  private leadsInto(c: RawEvent, e: ValueEvent, kind: ControlKind): boolean {
    if (c.kind !== 'click') return false;
    if (sameTarget(c, e)) return true;
    if (!sameFrame(c, e)) return false;
    const ck = controlKind(c.target);
    // The option of a list-box select, then the select's change.
    if (ck === 'option' && kind === 'select') return e.at - c.at <= SUBMIT_AFTER_ACTION_MS;
    if (ck === 'label') return this.activates(c, e);
    if (kind === 'text') return clickInsideField(c, e);
    return false;
  }

  private retarget(p: StepPhrase, target: TargetContext): StepPhrase {
    return 'target' in p && p.target !== target ? ({ ...p, target } as StepPhrase) : p;
  }

  private onKey(e: Extract<RawEvent, { kind: 'key' }>, i: number): void {
    const last = this.last;
    const noMods = !e.modifiers.ctrl && !e.modifiers.alt && !e.modifiers.meta && !e.modifiers.shift;
    // Tab out of a field just typed into is how typing ends, not an instruction of its own.
    if (e.key === 'Tab' && noMods && last?.phrase.kind === 'type') {
      const prev = this.mainEvent(last);
      if (hasTarget(prev) && sameTarget(prev, e)) return this.absorb(last, e, i);
    }
    this.act(this.push({ kind: 'key', key: e.key, modifiers: e.modifiers, target: e.target }, e, i), e);
  }

  private onSubmit(e: Extract<RawEvent, { kind: 'submit' }>, i: number): void {
    const last = this.last;
    if (last && sameFrame(this.mainEvent(last), e) && e.at - last.lastAt <= SUBMIT_AFTER_ACTION_MS) {
      const p = last.phrase;
      // The click on the submit button (or Enter) is the instruction; the submit is its effect.
      if (p.kind === 'click' || (p.kind === 'key' && p.key === 'Enter')) {
        this.absorb(last, e, i);
        return this.act(last, e);
      }
      // Typing then a submit with no click: implicit submission, i.e. Enter in that field.
      if (p.kind === 'type') {
        const d = this.push({ kind: 'key', key: 'Enter', modifiers: { alt: false, ctrl: false, meta: false, shift: false }, target: p.target }, e, i);
        return this.act(d, e);
      }
    }
    this.act(this.push({ kind: 'submit', target: e.target }, e, i), e);
  }

  private onNavigate(e: Navigate, i: number): void {
    const tab = e.tabId;
    this.navEpochs.set(tab, this.epoch(tab) + 1);
    const anchor = this.anchors.get(tab);
    const previousUrl = this.urls.get(tab);
    this.anchors.set(tab, { at: e.at, kind: 'nav' });
    // The page the recording starts on is the SOP's source, not an instruction.
    if (i === 0) return;
    if (!isUserNavigation(e)) {
      if (anchor && this.caused(anchor, e)) {
        // A redirect after a "Go to" lands on the page the reader will actually see.
        if (anchor.kind === 'nav' && anchor.draft) {
          this.absorb(anchor.draft, e, i, anchor.draft.phrase.kind === 'go-to' ? { kind: 'go-to', page: e.page } : undefined);
          this.anchors.set(tab, { at: e.at, kind: 'nav', draft: anchor.draft });
        }
        // Still the action's effect: a route the app sets after this load is too.
        if (anchor.kind === 'action') this.anchors.set(tab, { ...anchor, at: e.at });
        return;
      }
      if (previousUrl === e.page.url) return;
    }
    const phrase: StepPhrase =
      e.cause === 'reload' ? { kind: 'reload', page: e.page } : e.cause === 'back-forward' ? { kind: 'go-back', page: e.page } : { kind: 'go-to', page: e.page };
    const d = this.push(phrase, e, i);
    this.anchors.set(tab, { at: e.at, kind: 'nav', draft: d });
  }

  /** Whether a non-user navigation is the effect of what last happened in its tab. */
  private caused(anchor: Anchor, e: Navigate): boolean {
    // The first load of a tab opened by the workflow is the opening itself, however slow.
    if (anchor.kind === 'open') return true;
    const gap = e.at - anchor.at;
    if (gap <= CONSEQUENCE_MS) return true;
    // A link or form still loading after its click, or a single-page app finishing what the click started (a
    // login that loads the editor, then sets its own route), with nothing else done meanwhile.
    return SLOW_CAUSES.has(e.cause) && anchor.kind === 'action' && anchor.draft === this.last && gap <= SLOW_LOAD_MS;
  }

  /** Whether the workflow goes on in `tabId` after event `i`, before moving to another tab. */
  private continuesIn(tabId: number, i: number): boolean {
    for (let j = i + 1; j < this.ordered.length; j++) {
      const e = this.ordered[j]!;
      if (e.kind === 'tab-switch' || e.kind === 'tab-open') {
        if (e.tabId === tabId) continue;
        return false;
      }
      if (hasTarget(e)) return e.tabId === tabId;
      if (e.tabId === tabId && isUserNavigation(e)) return true;
    }
    return false;
  }

  private onTabOpen(e: Extract<RawEvent, { kind: 'tab-open' }>, i: number): void {
    this.anchors.set(e.tabId, { at: e.at, kind: 'open' });
    const last = this.last;
    // Activation reported before creation: one "new tab" step, not a switch and then an open.
    if (last?.phrase.kind === 'switch-tab' && last.tabId === e.tabId) return this.absorb(last, e, i, { kind: 'open-tab', page: e.page });
    if (this.continuesIn(e.tabId, i)) this.push({ kind: 'open-tab', page: e.page }, e, i);
  }

  private onTabSwitch(e: Extract<RawEvent, { kind: 'tab-switch' }>, i: number): void {
    if (e.tabId === this.currentTab) {
      // The activation that follows opening a tab in the foreground.
      const last = this.last;
      if (last?.phrase.kind === 'open-tab' && last.tabId === e.tabId) this.absorb(last, e, i);
      return;
    }
    if (this.continuesIn(e.tabId, i)) this.push({ kind: 'switch-tab', page: e.page }, e, i);
  }
}

/** A page with a usable title: the event's own, else the next one the same tab reports for that URL. */
function titledPage(ordered: readonly RawEvent[], index: number, sameUrlOnly: boolean): PageContext {
  const e = ordered[index]!;
  if (e.page.title.trim() && e.page.title !== e.page.url) return e.page;
  let fallback: PageContext | undefined;
  for (let j = index + 1; j < ordered.length; j++) {
    const o = ordered[j]!;
    if (o.tabId !== e.tabId) continue;
    if (isUserNavigation(o)) break;
    if (sameUrlOnly && o.page.url !== e.page.url) break;
    if (o.page.title.trim() && o.page.title !== o.page.url) return o.page;
    if (!fallback && o.page.url && o.page.url !== 'about:blank') fallback = o.page;
  }
  return e.page.url && e.page.url !== 'about:blank' ? e.page : (fallback ?? e.page);
}

function resolvePhrase(d: Draft, ordered: readonly RawEvent[]): StepPhrase {
  const p = d.phrase;
  switch (p.kind) {
    case 'go-to':
    case 'go-back':
    case 'reload':
      return { ...p, page: titledPage(ordered, d.index, true) };
    case 'open-tab':
    case 'switch-tab':
      return { ...p, page: titledPage(ordered, d.index, false) };
    default:
      return p;
  }
}

const STEP_KINDS: Record<StepPhrase['kind'], StepKind> = {
  click: 'click',
  type: 'type',
  select: 'select',
  check: 'check',
  uncheck: 'uncheck',
  // A radio button is checked; its wording says "Choose".
  choose: 'check',
  key: 'key',
  submit: 'submit',
  upload: 'upload',
  'go-to': 'navigate',
  'go-back': 'navigate',
  reload: 'navigate',
  'open-tab': 'open-tab',
  'switch-tab': 'switch-tab',
};

function stepValue(p: StepPhrase): string | undefined {
  const target = phraseTarget(p);
  if (target?.sensitive) return undefined;
  if (p.kind === 'type') return p.value;
  if (p.kind === 'select') return p.option;
  if (p.kind === 'upload' && p.fileNames.length) return p.fileNames.join(', ');
  return undefined;
}

function draftAll(events: readonly RawEvent[]): { drafts: Draft[]; ordered: RawEvent[] } {
  const ordered = orderEvents(events);
  return { drafts: new Drafter(ordered).run(), ordered };
}

export interface SynthesizeOptions {
  readonly sopId: SopId;
  readonly newStepId: () => StepId;
  /** Shots that are not a plain "before" picture: taken after the page changed, or withheld (no pixels). */
  readonly shots?: readonly { readonly id: string; readonly phase?: 'before' | 'after'; readonly withheld?: string }[];
}

/** Said under a screenshot that shows the page after the action: the highlight would frame the wrong thing. */
export const AFTER_SHOT_NOTE = 'Screenshot taken after this action: the page had already changed, so nothing is highlighted.';

/** Draft steps from a recording's events, in order 0, 10, 20… so steps can be inserted between. */
export function synthesizeSteps(events: readonly RawEvent[], opts: SynthesizeOptions): Step[] {
  const { drafts, ordered } = draftAll(events);
  const facts = new Map((opts.shots ?? []).map((s) => [s.id, s]));
  return drafts.map((d, n) => {
    const phrase = resolvePhrase(d, ordered);
    const target = phraseTarget(phrase);
    const value = stepValue(phrase);
    // The earliest screenshot of the step: for a click-then-type it is the click's, grabbed at pointerdown
    // before any effect, so it shows where to act and agrees with its own box; a settle-time shot may
    // already show the next page, an open autocomplete list, or be taken mid-navigation.
    const shotEvent = d.events.find((x) => x.shotId !== undefined);
    const fact = shotEvent?.shotId ? facts.get(shotEvent.shotId) : undefined;
    const shotId = fact?.withheld ? undefined : shotEvent?.shotId;
    const shotNote = fact?.withheld ?? (fact?.phase === 'after' ? AFTER_SHOT_NOTE : undefined);
    const highlight = shotEvent && shotId && fact?.phase !== 'after' ? highlightFor(shotEvent) : undefined;
    const step: Step = {
      id: opts.newStepId(),
      sopId: opts.sopId,
      order: n * 10,
      kind: STEP_KINDS[phrase.kind],
      text: phraseStep(phrase),
      ...(target ? { target } : {}),
      page: 'page' in phrase && phrase.page ? phrase.page : d.page,
      tabId: d.tabId,
      t: Math.min(...d.events.map((x) => x.t)),
      ...(value !== undefined ? { value } : {}),
      ...(shotId ? { shotId } : {}),
      ...(highlight ? { highlight } : {}),
      ...(shotNote ? { shotNote } : {}),
      eventIds: d.events.map((x) => x.id),
    };
    return step;
  });
}

/** The box in tab CSS px with its viewport. A subframe box without its tab offset would be misplaced. */
function highlightFor(e: RawEvent): Step['highlight'] {
  if (!hasTarget(e) || !e.viewport) return undefined;
  const box = e.boxInTab ?? (e.frameId === 0 ? e.target.box : undefined);
  if (!box) return undefined;
  return { box, viewport: { width: e.viewport.width, height: e.viewport.height } };
}

/** How many steps the events make now: the live badge. Same rules as synthesizeSteps, no text built. */
export function countSteps(events: readonly RawEvent[]): number {
  return draftAll(events).drafts.length;
}

const TITLE_SEPARATORS = /\s+[—–|·•]\s+|\s+-\s+/;

function titleSegments(title: string): string[] {
  return title
    .split(TITLE_SEPARATORS)
    .map((s) => s.trim())
    .filter(Boolean);
}

function letters(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/** The app's own name within a title: the segment the host spells, else the one most titles share, else the last. */
function appSegment(segments: readonly string[], host: string, allTitles: readonly string[]): string | undefined {
  if (segments.length === 0) return undefined;
  if (segments.length === 1) return segments[0];
  const hostLetters = letters(host);
  const byHost = segments.find((s) => letters(s).length >= 3 && hostLetters.includes(letters(s)));
  if (byHost) return byHost;
  let best = segments[segments.length - 1]!;
  let bestCount = 0;
  for (const s of [...segments].reverse()) {
    const count = allTitles.filter((t) => titleSegments(t).includes(s)).length;
    if (count > bestCount) {
      best = s;
      bestCount = count;
    }
  }
  return best;
}

/**
 * A first title for the SOP, e.g. "Deploy payments-api — Shipyard": the main action (the last button
 * clicked) + what the page it happened on is about + the app. Plain text; exporters escape it.
 */
export function draftSopTitle(events: readonly RawEvent[]): string {
  const { drafts, ordered } = draftAll(events);
  const usable = (t: string, url: string) => t.trim() !== '' && t !== url && t !== 'about:blank';
  const titled = ordered.filter((e) => usable(e.page.title, e.page.url));
  const fallback = () => {
    const first = ordered[0];
    return first ? `Recorded procedure ${new Date(first.at).toISOString().slice(0, 10)}` : 'Recorded procedure';
  };
  if (titled.length === 0) return fallback();

  const counts = new Map<string, { n: number; page: PageContext }>();
  for (const e of titled) {
    const t = e.page.title.replace(/\s+/g, ' ').trim();
    const c = counts.get(t);
    counts.set(t, { n: (c?.n ?? 0) + 1, page: c?.page ?? e.page });
  }
  // Map iteration follows insertion order, so ties go to the title seen first.
  let common: { title: string; page: PageContext } | undefined;
  let commonN = 0;
  for (const [title, { n, page }] of counts) {
    if (n > commonN) {
      common = { title, page };
      commonN = n;
    }
  }
  if (!common) return fallback();
  const allTitles = [...counts.keys()];
  const app = appSegment(titleSegments(common.title), hostOf(common.page.url), allTitles) ?? common.title;

  // The committing action: the last click that submitted a form, else the last button clicked.
  const reversed = [...drafts].reverse();
  const clickedButton = (d: Draft) => {
    const t = phraseTarget(d.phrase);
    return d.phrase.kind === 'click' && t !== undefined && isButtonLike(t);
  };
  const main =
    reversed.find((d) => clickedButton(d) && d.events.some((x) => x.kind === 'submit')) ??
    reversed.find((d) => clickedButton(d) || d.phrase.kind === 'submit');
  const mainTarget = main ? phraseTarget(main.phrase) : undefined;
  const name = mainTarget ? targetName(mainTarget) : undefined;
  const action = name?.fromPage && name.text.split(' ').length <= 4 && name.text.length <= 30 ? name.text : undefined;

  const subjectTitle = main && usable(main.page.title, main.page.url) ? main.page.title.replace(/\s+/g, ' ').trim() : common.title;
  const subjectParts = titleSegments(subjectTitle).filter((s) => s !== app);
  const subject = subjectParts.length ? subjectParts.join(' — ') : titleSegments(subjectTitle).includes(app) ? '' : subjectTitle;

  // "Deploy" + "Deploy payments-api" is just the subject; "Deploy" + "payments-api" joins them.
  let head = action ?? '';
  if (subject && !letters(head).includes(letters(subject))) head = head && !letters(subject).startsWith(letters(head)) ? `${head} ${subject}` : subject;
  if (!head) return app;
  return letters(head) === letters(app) ? head : `${head} — ${app}`;
}
