import { beforeEach, describe, expect, it } from 'vitest';
import { acceptable, acceptChanges, acceptedShotId } from '../../../lib/drift/accept';
import { classifyStep, type StepObservation } from '../../../lib/drift/classify';
import type { DriftCheck, DriftCheckId, DriftStepResult } from '../../../lib/drift/check';
import { emptyDocument } from '../../../lib/sop/document';
import type { Step } from '../../../lib/model';
import { makeSop, makeStep, makeTarget, resetFactories, shotId } from '../factories';

const NOW = Date.UTC(2026, 11, 4, 12);

function result(step: Step, n: number, seen: StepObservation, live?: Step['target'], crops?: DriftStepResult['crops']): DriftStepResult {
  return { stepId: step.id, n, seen, ...classifyStep(step.target, seen), ...(live ? { live } : {}), ...(crops ? { crops } : {}) };
}

describe('acceptChanges', () => {
  beforeEach(() => resetFactories());
  const sop = makeSop();

  function fixture() {
    const deployTarget = makeTarget({ name: 'Deploy now', framePath: ['#app'], selectors: { css: 'button.deploy', role: { role: 'button', name: 'Deploy now' } } });
    const deploy = makeStep({ text: 'Click **Deploy now**.', target: deployTarget, shotId: shotId('old'), highlight: { box: deployTarget.box, viewport: { width: 1280, height: 800 } }, crop: { x: 0, y: 0, width: 10, height: 10 } });
    const ok = makeStep({ text: 'Click **Finish**.', target: makeTarget({ name: 'Finish' }) });
    const gone = makeStep({ text: 'Click **Run smoke tests**.', target: makeTarget({ name: 'Run smoke tests' }) });
    const live = { ...deployTarget, name: 'Deploy release', framePath: [], selectors: { css: 'main button.deploy', role: { role: 'button', name: 'Deploy release' } } };
    const check: DriftCheck = {
      id: 'c1' as DriftCheckId,
      sopId: sop.id,
      mode: 'active',
      at: NOW - 1000,
      finishedAt: NOW - 500,
      url: 'http://staging/',
      status: 'stopped',
      steps: [
        result(deploy, 1, { kind: 'found', how: { kind: 'score', score: 0.8, margin: 0.4 }, drift: [{ field: 'name', recorded: 'Deploy now', now: 'Deploy release' }] }, live, { live: 'c1:0:live', size: { width: 168, height: 80 }, liveBox: { x: 24, y: 24, width: 120, height: 32 } }),
        result(ok, 2, { kind: 'found', how: { kind: 'locator', locator: 'css' }, drift: [], atRecordedPath: true }, ok.target),
        result(gone, 3, { kind: 'not-found', reason: 'none', detail: 'No element like the recorded one is on the page.' }),
      ],
    };
    return { steps: [deploy, ok, gone], check, live };
  }

  it('takes the new name, locators and crop into the changed step only, and saves a revision', () => {
    const { steps, check, live } = fixture();
    const doc = emptyDocument(sop);
    expect(acceptable(check, steps)).toEqual([steps[0]!.id]);
    const shot = { shotId: acceptedShotId(check, 1), highlight: { box: { x: 24, y: 24, width: 120, height: 32 }, viewport: { width: 168, height: 80 } } };
    const out = acceptChanges({ steps, doc }, check, { [steps[0]!.id]: shot }, NOW);
    expect(out.accepted).toEqual([1]);
    const s = out.steps[0]!;
    expect(s.text).toBe('Click **Deploy release**.');
    expect(s.target?.selectors).toEqual(live.selectors);
    // The frame path stays the recorded one (the page never knows it).
    expect(s.target?.framePath).toEqual(['#app']);
    expect(s.shotId).toBe('drift-c1-1');
    expect(s.highlight).toEqual(shot.highlight);
    // The old image's crop no longer applies to the new one.
    expect(s.crop).toBeUndefined();
    expect(out.steps[1]).toBe(steps[1]);
    expect(out.steps[2]).toBe(steps[2]);
    expect(out.doc.revisions).toHaveLength(1);
    expect(out.doc.revisions[0]!.summary).toMatch(/drift check of 2026-12-04 \(step 1\)/);
    expect(out.doc.revisions[0]!.steps[0]!.text).toBe('Click **Deploy release**.');
    // Once taken in, there is nothing left to accept.
    expect(acceptable(check, out.steps)).toEqual([]);
    expect(acceptChanges(out, check, {}, NOW + 1).accepted).toEqual([]);
  });

  it('leaves the state alone when nothing changed', () => {
    const { steps, check } = fixture();
    const clean = { ...check, steps: check.steps.slice(1, 2) };
    const state = { steps, doc: emptyDocument(sop) };
    const out = acceptChanges(state, clean, {}, NOW);
    expect(out.steps).toBe(steps);
    expect(out.doc).toBe(state.doc);
  });

  it('quotes page text with escapes as drafted', () => {
    const t = makeTarget({ name: 'Deploy *now*' });
    const step = makeStep({ text: 'Click **Deploy \\*now\\***.', target: t });
    const live = { ...t, name: 'Deploy <all>', selectors: { css: 'x' } };
    const check: DriftCheck = { id: 'c2' as DriftCheckId, sopId: sop.id, mode: 'active', at: NOW, url: 'http://s/', status: 'finished', steps: [result(step, 1, { kind: 'found', how: { kind: 'score', score: 0.8, margin: 0.3 }, drift: [{ field: 'name', recorded: 'Deploy *now*', now: 'Deploy <all>' }] }, live)] };
    expect(acceptChanges({ steps: [step], doc: emptyDocument(sop) }, check, {}, NOW).steps[0]!.text).toBe('Click **Deploy \\<all\\>**.');
  });
});
