/**
 * A guided run seen as a drift check (passive mode): for each step, the newest thing the finder said about it
 * in the run — found (how, what reads differently) or not found and why — classified like the active check's.
 * Steps the run never looked for are "not checked". Where the guide photographed a found step (before drawing
 * its ring), the crops and the difference go with it, as in the active check; else why there is no picture.
 */
import type { StepId, TargetContext } from '../model';
import type { GuideRun } from '../guide/run';
import { classifyStep, type StepObservation } from './classify';
import type { DriftCheck, DriftCheckId, DriftStepResult } from './check';
import type { StepPicture } from './passive-picture';

export function checkFromRun(run: GuideRun, targets: ReadonlyMap<string, TargetContext | undefined>, url: string, pictures: Readonly<Record<string, StepPicture>> = {}): DriftCheck {
  const seen = new Map<string, StepObservation>();
  for (const e of run.log) {
    if (e.kind === 'found') seen.set(e.stepId, { kind: 'found', how: e.how, drift: e.drift });
    else if (e.kind === 'not-found') seen.set(e.stepId, { kind: 'not-found', reason: e.reason, detail: e.detail });
  }
  const steps = run.stepIds.map((stepId, i): DriftStepResult => {
    const target = targets.get(stepId);
    let s: StepObservation = seen.get(stepId) ?? { kind: 'not-reached', why: target ? 'the guided run did not look for it' : 'a person does this step' };
    // A picture belongs to the step's newest finding only: one taken before a later "not found" is dropped.
    const pic = s.kind === 'found' ? pictures[stepId] : undefined;
    if (pic?.kind === 'taken' && s.kind === 'found') s = { ...s, visual: pic.visual };
    const how = s.kind === 'found' ? s.how : undefined;
    return {
      stepId: stepId as StepId,
      n: i + 1,
      seen: s,
      ...classifyStep(target, s),
      ...(how ? { matched: how.kind === 'locator' ? how.locator : 'score' } : {}),
      ...(pic?.kind === 'taken' ? { crops: pic.crops } : pic?.kind === 'none' ? { noPicture: pic.why } : {}),
    };
  });
  return {
    id: `guide:${run.id}` as DriftCheckId,
    sopId: run.sopId,
    mode: 'passive',
    at: run.startedAt,
    ...(run.finishedAt === undefined ? {} : { finishedAt: run.finishedAt }),
    url,
    status: run.status,
    steps,
  };
}
