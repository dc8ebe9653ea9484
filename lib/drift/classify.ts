/**
 * One step of a drift check (a guided run, or the active check replaying the SOP) as ok / changed / missing,
 * with the reasons said plainly: found only by a later locator or by resemblance, a name or label that reads
 * differently, the recorded CSS path no longer pointing at it, its neighbourhood looking different. The finder
 * (lib/guide/finder.ts) says HOW it found the element and what reads differently: this turns that into a verdict.
 */
import type { TargetContext } from '../model';
import type { Drift, FoundHow, Locator, NotFoundReason } from '../guide/finder';
import type { VisualResult } from './pixel-diff';

export type StepStatus = 'ok' | 'changed' | 'missing' | 'unchecked';

export type DriftReason =
  /** Found exactly, but not by the first locator the recording has (the test id or name it had is gone). */
  | { readonly kind: 'fallback'; readonly first: Locator; readonly matched: Locator }
  /** No recorded locator found it: taken by resemblance. */
  | { readonly kind: 'score'; readonly score: number; readonly margin: number }
  /** A recorded attribute reads differently now. */
  | { readonly kind: 'text'; readonly field: Drift['field']; readonly recorded: string; readonly now: string }
  /** The recorded CSS path no longer finds it (it moved in the page's structure). */
  | { readonly kind: 'moved' }
  /** Its neighbourhood looks different from the recorded screenshot. */
  | { readonly kind: 'visual'; readonly ratio: number }
  | { readonly kind: 'not-found'; readonly reason: NotFoundReason | 'no-frame'; readonly detail: string }
  /** The check never got to this step (it stopped earlier, the step needs a secret, a person must do it). */
  | { readonly kind: 'not-reached'; readonly why: string };

/** What was seen of one step. */
export type StepObservation =
  | {
      readonly kind: 'found';
      readonly how: FoundHow;
      readonly drift: readonly Drift[];
      /** Whether the recorded CSS path still points at the element (unknown in a guided run). */
      readonly atRecordedPath?: boolean;
      readonly visual?: VisualResult;
    }
  | { readonly kind: 'not-found'; readonly reason: NotFoundReason | 'no-frame'; readonly detail: string }
  | { readonly kind: 'not-reached'; readonly why: string }
  /** A step with no element (a page to open) that went as recorded. */
  | { readonly kind: 'reached' };

export interface StepVerdict {
  readonly status: StepStatus;
  readonly reasons: readonly DriftReason[];
}

/** The first locator the finder tries that the recording has (the one a healthy page matches). */
export function firstLocator(target: TargetContext): Locator {
  const s = target.selectors;
  if (s.testId) return 'testId';
  if (s.role) return 'role';
  if (target.label && ['input', 'select', 'textarea'].includes(target.tag)) return 'label';
  if (s.id) return 'id';
  return 'css';
}

export function classifyStep(target: TargetContext | undefined, seen: StepObservation): StepVerdict {
  if (seen.kind === 'not-reached') return { status: 'unchecked', reasons: [{ kind: 'not-reached', why: seen.why }] };
  if (seen.kind === 'reached') return { status: 'ok', reasons: [] };
  if (seen.kind === 'not-found') return { status: 'missing', reasons: [{ kind: 'not-found', reason: seen.reason, detail: seen.detail }] };
  const reasons: DriftReason[] = [];
  if (seen.how.kind === 'score') reasons.push({ kind: 'score', score: seen.how.score, margin: seen.how.margin });
  else if (target) {
    const first = firstLocator(target);
    if (seen.how.locator !== first) reasons.push({ kind: 'fallback', first, matched: seen.how.locator });
  }
  for (const d of seen.drift) reasons.push({ kind: 'text', field: d.field, recorded: d.recorded, now: d.now });
  if (seen.atRecordedPath === false) reasons.push({ kind: 'moved' });
  if (seen.visual?.verdict === 'different') reasons.push({ kind: 'visual', ratio: seen.visual.ratio });
  return { status: reasons.length > 0 ? 'changed' : 'ok', reasons };
}

const LOCATOR_WORDS: Record<Locator, string> = { testId: 'test id', role: 'role and name', label: 'label', id: 'id', css: 'CSS path', text: 'text' };
const pct = (n: number) => `${Math.round(n * 1000) / 10} %`;

/** One line per reason, for people (the drift report). Page-derived parts are plain text: show as text. */
export function describeReason(r: DriftReason): string {
  switch (r.kind) {
    case 'fallback':
      return `its ${LOCATOR_WORDS[r.first]} no longer finds it; found by ${LOCATOR_WORDS[r.matched]}`;
    case 'score':
      return `no recorded locator finds it; found by resemblance (${Math.round(r.score * 100)} %, margin ${Math.round(r.margin * 100)} %)`;
    case 'text':
      return `${r.field} now "${r.now}", recorded "${r.recorded}"`;
    case 'moved':
      return 'moved: the recorded CSS path no longer points at it';
    case 'visual':
      return `looks different: ${pct(r.ratio)} of its neighbourhood changed`;
    case 'not-found':
      return `not found: ${r.detail}`;
    case 'not-reached':
      return `not checked: ${r.why}`;
  }
}

export { LOCATOR_WORDS };
