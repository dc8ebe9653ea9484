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
  const ids = new Set(steps.map((s) => s.id));
  return check.steps.filter((r) => r.status === 'changed' && r.live && ids.has(r.stepId)).map((r) => r.stepId);
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
