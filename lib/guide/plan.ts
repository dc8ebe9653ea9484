/**
 * What Guide me walks through: each SOP step as an instruction on the live page — its element (as recorded),
 * what completes it, the text, narration and expected result to show — with the SOP's variables filled in
 * with the values the person gave. Secrets are never part of it: their values were never stored, and a
 * secret field's step is done with any value.
 */
import type { Highlight, ShotId, Sop, Step, StepId, StepKind, TargetContext } from '../model';
import type { SopDocument, Variable } from '../sop/document';
import { applyVariables, fillVariables, placeholdersIn } from '../sop/variables';
import { stepTextToPlain } from '../text/markdown';

/** What the person does that completes a step. */
export type GuideExpect =
  | { readonly kind: 'click' }
  /** `value`: the text to type, when known; absent: any value completes it (secrets, unfilled variables). */
  | { readonly kind: 'type'; readonly value?: string }
  | { readonly kind: 'select'; readonly value?: string }
  | { readonly kind: 'check' | 'uncheck' }
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'submit' }
  | { readonly kind: 'upload' }
  | { readonly kind: 'navigate'; readonly url: string }
  /** Only the person can say it is done (a step the author wrote, a tab switch). */
  | { readonly kind: 'manual' };

export interface GuideStep {
  readonly stepId: StepId;
  readonly kind: StepKind;
  /** Plain text, variables filled. Page-derived: shown as text, never as markup. */
  readonly text: string;
  readonly narration?: string;
  readonly expectedResult?: string;
  readonly target?: TargetContext;
  readonly expect: GuideExpect;
  /** The page the step happened on, variables filled. */
  readonly url: string;
  /** The recorded tab id: steps in another tab than the first happen in a tab the workflow opened. */
  readonly tabId: number;
  readonly shotId?: ShotId;
  readonly highlight?: Highlight;
}

export interface GuidePlan {
  readonly sopId: Sop['id'];
  readonly title: string;
  readonly startUrl: string;
  readonly steps: readonly GuideStep[];
}

/** The variables a guided run asks for: those in the start URL, the pages and the typed or chosen values. */
export function variablesToAsk(sop: Sop, steps: readonly Step[], doc: SopDocument | undefined): Variable[] {
  const vars = doc?.variables ?? [];
  if (vars.length === 0) return [];
  const texts = [sop.sourceUrl, ...steps.flatMap((s) => [s.page.url, s.value ?? ''])].map((t) => applyVariables(t, vars));
  const used = new Set(texts.flatMap(placeholdersIn));
  return vars.filter((v) => used.has(v.name));
}

/** `text` with every variable (written `{{name}}`, or its recorded example) replaced by the person's value,
 * or by the recorded example where they gave none. */
export function withValues(text: string, vars: readonly Variable[], values: Readonly<Record<string, string>>, markup = false): { text: string } {
  const templated = applyVariables(text, vars);
  const filled = fillVariables(templated, { ...Object.fromEntries(vars.map((v) => [v.name, v.example])), ...nonEmpty(values) }, { markup });
  return { text: filled };
}

function nonEmpty(values: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));
}

function expectFor(step: Step, vars: readonly Variable[], values: Readonly<Record<string, string>>, url: string): GuideExpect {
  const t = step.target;
  // A value holding a variable the person left empty cannot be checked: any value completes the step.
  const typed = (): string | undefined => {
    if (!t || t.sensitive || step.value === undefined) return undefined;
    if (placeholdersIn(applyVariables(step.value, vars)).some((n) => !values[n])) return undefined;
    return withValues(step.value, vars, values).text;
  };
  switch (step.kind) {
    case 'click':
      return t ? { kind: 'click' } : { kind: 'manual' };
    case 'type': {
      const value = typed();
      return t ? { kind: 'type', ...(value === undefined ? {} : { value }) } : { kind: 'manual' };
    }
    case 'select': {
      const value = typed();
      return t ? { kind: 'select', ...(value === undefined ? {} : { value }) } : { kind: 'manual' };
    }
    case 'check':
    case 'uncheck':
      return t ? { kind: step.kind } : { kind: 'manual' };
    case 'key': {
      const key = /\bEnter\b/.test(step.text) ? 'Enter' : /\bEscape\b/.test(step.text) ? 'Escape' : /\bTab\b/.test(step.text) ? 'Tab' : undefined;
      return key ? { kind: 'key', key } : { kind: 'manual' };
    }
    case 'submit':
      return t ? { kind: 'submit' } : { kind: 'manual' };
    case 'upload':
      return t ? { kind: 'upload' } : { kind: 'manual' };
    case 'navigate':
      return { kind: 'navigate', url };
    default:
      return { kind: 'manual' };
  }
}

export function buildGuidePlan(
  sop: Sop,
  steps: readonly Step[],
  doc: SopDocument | undefined,
  values: Readonly<Record<string, string>> = {},
): GuidePlan {
  const vars = doc?.variables ?? [];
  const ordered = [...steps].sort((a, b) => a.order - b.order);
  const fill = (s: string) => withValues(s, vars, values).text;
  return {
    sopId: sop.id,
    title: sop.title,
    startUrl: fill(sop.sourceUrl || ordered[0]?.page.url || ''),
    steps: ordered.map((step): GuideStep => {
      const url = fill(step.page.url);
      const note = doc?.stepNotes[step.id];
      const expected = note?.expectedResult.text ? stepTextToPlain(withValues(note.expectedResult.text, vars, values, true).text) : undefined;
      return {
        stepId: step.id,
        kind: step.kind,
        text: stepTextToPlain(withValues(step.text, vars, values, true).text).replace(/\s+/g, ' ').trim(),
        ...(step.narration ? { narration: step.narration } : {}),
        ...(expected ? { expectedResult: expected } : {}),
        ...(step.target ? { target: step.target } : {}),
        expect: expectFor(step, vars, values, url),
        url,
        tabId: step.tabId,
        ...(step.shotId ? { shotId: step.shotId } : {}),
        ...(step.highlight ? { highlight: step.highlight } : {}),
      };
    }),
  };
}
