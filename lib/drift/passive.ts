/**
 * A guided run seen as a drift check (passive mode): for each step, the newest thing the finder said about it
 * in the run — found (how, what reads differently) or not found and why — classified like the active check's.
 * Steps the run never looked for are "not checked". No crops: Guide me captures nothing.
 */
import type { StepId, TargetContext } from '../model';
import type { GuideRun } from '../guide/run';
import { classifyStep, type StepObservation } from './classify';
import type { DriftCheck, DriftCheckId, DriftStepResult } from './check';

export function checkFromRun(run: GuideRun, targets: ReadonlyMap<string, TargetContext | undefined>, url: string): DriftCheck {
  const seen = new Map<string, StepObservation>();
  for (const e of run.log) {
    if (e.kind === 'found') seen.set(e.stepId, { kind: 'found', how: e.how, drift: e.drift });
    else if (e.kind === 'not-found') seen.set(e.stepId, { kind: 'not-found', reason: e.reason, detail: e.detail });
  }
  const steps = run.stepIds.map((stepId, i): DriftStepResult => {
    const target = targets.get(stepId);
    const s: StepObservation = seen.get(stepId) ?? { kind: 'not-reached', why: target ? 'the guided run did not look for it' : 'a person does this step' };
    const how = s.kind === 'found' ? s.how : undefined;
    return { stepId: stepId as StepId, n: i + 1, seen: s, ...classifyStep(target, s), ...(how ? { matched: how.kind === 'locator' ? how.locator : 'score' } : {}) };
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
