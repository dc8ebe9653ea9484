/**
 * "Accept changes": what a drift check found that reads differently now goes into the SOP — the element's new
 * locators, name and label, the step text's bold name where it quoted the old one, and the fresh crop as the
 * step's screenshot — and the result is saved as a new revision. Pure: one state in, one state out, so the
 * editor applies it as ONE undoable edit (Undo takes back the steps and the revision together).
 */
import type { Highlight, ShotId, Step, StepId } from '../model';
import type { SopDocument } from '../sop/document';
import { saveVersion } from '../sop/revisions';
import { escapeMarkdownInline } from '../text/markdown';
import type { DriftCheck } from './check';

export interface AcceptState {
  readonly steps: readonly Step[];
  readonly doc: SopDocument;
}

/** A fresh screenshot stored for a step (the caller wrote the Shot row). */
export interface NewShot {
  readonly shotId: ShotId;
  readonly highlight: Highlight;
}

/** The steps Accept changes would update: changed, with the element described as it is now. */
export function acceptable(check: DriftCheck, steps: readonly Step[]): StepId[] {
  const byId = new Map(steps.map((s) => [s.id as string, s]));
  return check.steps
    .filter((r) => {
      const step = byId.get(r.stepId);
      // Already taken in (the same locators and name): nothing left to accept.
      if (r.status !== 'changed' || !r.live || !step) return false;
      const newLook = r.reasons.some((x) => x.kind === 'visual') && r.crops?.live !== undefined && step.shotId !== acceptedShotId(check, r.n);
      return newLook || !(step.target && sameElement(step.target, r.live));
    })
    .map((r) => r.stepId);
}

/** The id the fresh crop of step `n` gets as a screenshot when accepted (the same every time: accepting twice
 * changes nothing). */
export function acceptedShotId(check: Pick<DriftCheck, 'id'>, n: number): ShotId {
  return `drift-${check.id}-${n}` as ShotId;
}

function sameElement(a: NonNullable<Step['target']>, b: NonNullable<Step['target']>): boolean {
  return a.name === b.name && a.label === b.label && JSON.stringify(a.selectors) === JSON.stringify(b.selectors);
}

/** `text` with the bold quotation of `from` (as drafted: `**escaped name**`) replaced by `to`. */
function renameInText(text: string, from: string, to: string): string {
  if (!from || from === to) return text;
  const old = `**${escapeMarkdownInline(from)}**`;
  return text.split(old).join(`**${escapeMarkdownInline(to)}**`);
}

export function acceptChanges(
  state: AcceptState,
  check: DriftCheck,
  shots: Readonly<Record<string, NewShot>>,
  now: number,
): AcceptState & { readonly accepted: readonly number[] } {
  const take = new Set(acceptable(check, state.steps));
  if (take.size === 0) return { ...state, accepted: [] };
  const byStep = new Map(check.steps.map((r) => [r.stepId as string, r]));
  const accepted: number[] = [];
  const steps = state.steps.map((step): Step => {
    const r = byStep.get(step.id);
    if (!r || !take.has(step.id) || !r.live) return step;
    accepted.push(r.n);
    const old = step.target;
    const live = r.live;
    // The frame path is the background's knowledge (the content script sees only its own frame).
    const target = { ...live, framePath: old?.framePath ?? [], ...(old?.framePathIndexes ? { framePathIndexes: old.framePathIndexes } : {}) };
    let text = step.text;
    if (old) {
      text = renameInText(text, old.name, live.name);
      if (old.label && live.label) text = renameInText(text, old.label, live.label);
    }
    const shot = shots[step.id];
    const { crop: _crop, blurBoxes: _blur, shotNote: _note, ...rest } = step;
    return shot ? { ...rest, text, target, shotId: shot.shotId, highlight: shot.highlight } : { ...step, text, target };
  });
  const when = new Date(check.finishedAt ?? check.at).toISOString().slice(0, 10);
  const summary = `Accepted the app's changes from the drift check of ${when} (${accepted.length === 1 ? 'step' : 'steps'} ${accepted.join(', ')})`;
  const { doc } = saveVersion(state.doc, steps, summary, now);
  return { steps, doc, accepted };
}
