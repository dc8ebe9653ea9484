import { describe, expect, it } from 'vitest';
import { completes, urlMatches, type PageAct } from '../../../lib/guide/advance';
import { buildGuidePlan, variablesToAsk } from '../../../lib/guide/plan';
import { back, describeEntry, markDone, recordFind, skip, startRun, stop, type GuideRunId } from '../../../lib/guide/run';
import { emptyDocument, type SopDocument } from '../../../lib/sop/document';
import type { GuideExpect } from '../../../lib/guide/plan';
import { makeSop, makeStep, makeTarget, stepId } from '../factories';

const sop = makeSop({ sourceUrl: 'http://shipyard.acme.test:8080/services' });

function docWith(vars: SopDocument['variables']): SopDocument {
  return { ...emptyDocument(sop), variables: vars };
}

describe('buildGuidePlan', () => {
  const steps = [
    makeStep({ kind: 'type', text: 'Type "v1.5.0" into **Version**.', value: 'v1.5.0', target: makeTarget({ tag: 'input', role: 'textbox', name: 'Version' }) }),
    makeStep({ kind: 'type', text: 'Type the registry token into **Token**.', target: makeTarget({ tag: 'input', role: 'textbox', name: 'Token', sensitive: true }) }),
    makeStep({ kind: 'type', text: 'Type "CHG-1" into **Ticket**.', value: 'CHG-1', target: makeTarget({ tag: 'input', role: 'textbox', name: 'Ticket' }) }),
    makeStep({ kind: 'navigate', text: 'Go to the audit log.', page: { url: 'http://shipyard.acme.test:8080/audit', title: 'Audit' } }),
    makeStep({ kind: 'manual', text: 'Call the on-call engineer.' }),
  ];
  const vars = [
    { name: 'host', description: 'Host', example: 'shipyard.acme.test:8080', occurrences: [] },
    { name: 'version', description: 'Version', example: 'v1.5.0', occurrences: [] },
  ];

  it('asks only for the variables the run uses', () => {
    expect(variablesToAsk(sop, steps, docWith([...vars, { name: 'unused', description: '', example: 'zzz-q', occurrences: [] }])).map((v) => v.name)).toEqual(['host', 'version']);
  });

  it('fills the person\'s values into the start URL, the pages, the texts and the values to type', () => {
    const plan = buildGuidePlan(sop, steps, docWith(vars), { host: 'staging.acme.test', version: 'v1.6.0' });
    expect(plan.startUrl).toBe('http://staging.acme.test/services');
    expect(plan.steps[0]).toMatchObject({ text: 'Type "v1.6.0" into Version.', expect: { kind: 'type', value: 'v1.6.0' } });
    expect(plan.steps[3]!.expect).toEqual({ kind: 'navigate', url: 'http://staging.acme.test/audit' });
  });

  it('a secret field and a variable left empty complete with any value; a literal value must match', () => {
    const plan = buildGuidePlan(sop, steps, docWith(vars), { version: '' });
    expect(plan.steps[0]!.expect).toEqual({ kind: 'type' });
    expect(plan.steps[1]!.expect).toEqual({ kind: 'type' });
    expect(plan.steps[2]!.expect).toEqual({ kind: 'type', value: 'CHG-1' });
    expect(plan.steps[4]!.expect).toEqual({ kind: 'manual' });
  });
});

describe('completes: only the person\'s own act on the element', () => {
  it.each<[string, GuideExpect, PageAct, boolean]>([
    ['click inside', { kind: 'click' }, { kind: 'click', inTarget: true }, true],
    ['click elsewhere', { kind: 'click' }, { kind: 'click', inTarget: false }, false],
    ['typed the recorded value', { kind: 'type', value: 'v1.5.0' }, { kind: 'value', inTarget: true, value: 'v1.5.0', committed: false, secret: false }, true],
    ['typed half of it', { kind: 'type', value: 'v1.5.0' }, { kind: 'value', inTarget: true, value: 'v1.', committed: false, secret: false }, false],
    ['typed another value', { kind: 'type', value: 'v1.5.0' }, { kind: 'value', inTarget: true, value: 'v9', committed: true, secret: false }, false],
    ['secret: any value once left', { kind: 'type' }, { kind: 'value', inTarget: true, committed: true, secret: true }, true],
    ['secret: not while typing', { kind: 'type' }, { kind: 'value', inTarget: true, committed: false, secret: true }, false],
    ['the option chosen', { kind: 'select', value: 'Production' }, { kind: 'value', inTarget: true, value: 'Production', committed: true, secret: false }, true],
    ['checked', { kind: 'check' }, { kind: 'checked', inTarget: true, checked: true }, true],
    ['unchecked when it should be checked', { kind: 'check' }, { kind: 'checked', inTarget: true, checked: false }, false],
    ['Enter', { kind: 'key', key: 'Enter' }, { kind: 'key', inTarget: true, key: 'Enter' }, true],
    ['a manual step never by itself', { kind: 'manual' }, { kind: 'click', inTarget: true }, false],
  ])('%s', (_t, expect_, act, want) => expect(completes(expect_, act)).toBe(want));

  it.each([
    ['http://a.test/x', 'http://a.test/x/#top', true],
    ['http://a.test/x?s=1', 'http://a.test/x', false],
    ['http://a.test/x', 'http://b.test/x', false],
  ])('urlMatches %s %s', (a, b, want) => expect(urlMatches(a, b)).toBe(want));
});

describe('the run and its log', () => {
  const ids = [stepId('a'), stepId('b'), stepId('c')];
  const start = () => startRun({ id: 'r1' as GuideRunId, sopId: sop.id, title: 't', stepIds: ids, tabId: 7, firstTabKey: 1, url: 'http://x.test/', at: 1 });

  it('logs found / not found / done / skipped / back / finished, in order', () => {
    let run = start();
    run = recordFind(run, 0, 2, { found: true, how: { kind: 'locator', locator: 'role' }, drift: [], frameDepth: 0 });
    run = markDone(run, 0, 'action', 3);
    run = recordFind(run, 1, 4, { found: false, reason: 'ambiguous', detail: '2 elements look alike', score: 0.8, runnerUp: 0.75 });
    run = markDone(run, 1, 'person', 5);
    run = back(run, 6);
    expect(run.step).toBe(1);
    run = skip(run, 7);
    run = recordFind(run, 2, 8, { found: true, how: { kind: 'score', score: 0.82, margin: 0.3 }, drift: [{ field: 'name', recorded: 'Deploy', now: 'Ship' }], frameDepth: 1 });
    run = markDone(run, 2, 'action', 9);
    expect(run.status).toBe('finished');
    expect(run.log.map((e) => e.kind)).toEqual(['started', 'found', 'done', 'not-found', 'done', 'back', 'skipped', 'found', 'done', 'finished']);
    expect(run.log.map(describeEntry)).toContain('Step 3: found by score 82 % (margin 30 %) in a frame — name now "Ship", recorded "Deploy"');
  });

  it('ignores a late report for a step already left, and anything after a stop', () => {
    let run = start();
    run = markDone(run, 0, 'person', 2);
    expect(markDone(run, 0, 'action', 3)).toBe(run);
    expect(recordFind(run, 0, 3, { found: false, reason: 'none', detail: '' })).toBe(run);
    run = stop(run, 4);
    expect(skip(run, 5)).toBe(run);
    expect(run.status).toBe('stopped');
  });
});
