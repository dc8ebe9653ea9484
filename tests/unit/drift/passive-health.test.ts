import { describe, expect, it } from 'vitest';
import { checkFromRun } from '../../../lib/drift/passive';
import { healthOf, countSteps, type DriftCheck } from '../../../lib/drift/check';
import { replayPermission } from '../../../lib/drift/site-safety';
import { markDone, recordFind, startRun, type GuideRunId } from '../../../lib/guide/run';
import type { SopId, StepId } from '../../../lib/model';
import { makeTarget } from '../factories';

const DAY = 86_400_000;
const ids = ['a', 'b', 'c'] as StepId[];

describe('checkFromRun (passive)', () => {
  it('classifies what the finder said of each step in a guided run', () => {
    let run = startRun({ id: 'r1' as GuideRunId, sopId: 's' as SopId, title: 'T', stepIds: ids, tabId: 1, url: 'http://app/', at: 1000 });
    run = recordFind(run, 0, 1100, { found: true, how: { kind: 'locator', locator: 'testId' }, drift: [], frameDepth: 0 });
    run = markDone(run, 0, 'action', 1200);
    run = recordFind(run, 1, 1300, { found: false, reason: 'none', detail: 'No element like the recorded one is on the page.' });
    const targets = new Map([
      ['a', makeTarget({ name: 'A', selectors: { css: 'a', testId: '[data-testid="a"]' } })],
      ['b', makeTarget({ name: 'B' })],
      ['c', makeTarget({ name: 'C' })],
    ]);
    const check = checkFromRun(run, targets, 'http://app/');
    expect(check).toMatchObject({ id: 'guide:r1', mode: 'passive', status: 'running' });
    expect(check.steps.map((s) => s.status)).toEqual(['ok', 'missing', 'unchecked']);
    expect(check.steps[0]!.matched).toBe('testId');
  });
});

describe('healthOf', () => {
  const base: DriftCheck = { id: 'x' as DriftCheck['id'], sopId: 's' as SopId, mode: 'active', at: 0, url: 'u', status: 'finished', steps: [] };
  const step = (status: 'ok' | 'changed' | 'missing' | 'unchecked') => ({ stepId: 'a' as StepId, n: 1, seen: { kind: 'reached' as const }, status, reasons: [] });
  it.each([
    [[step('ok'), step('changed'), step('missing')], 3 * DAY, { level: 'drifted', text: '2 steps drifted — checked 3 days ago' }],
    [[step('ok'), step('ok')], 0, { level: 'ok', text: 'No drift — checked today' }],
    [[step('ok'), step('unchecked')], DAY, { level: 'unknown', text: '1 ok, 1 not checked — checked yesterday' }],
    [[step('changed')], 0, { level: 'drifted', text: '1 step drifted — checked today' }],
  ])('%#', (steps, age, want) => {
    const check = { ...base, steps, finishedAt: 1_000 };
    expect(healthOf(check, 1_000 + age)).toEqual(want);
    expect(countSteps(check).ok + countSteps(check).changed + countSteps(check).missing + countSteps(check).unchecked).toBe(steps.length);
  });
  it('says nothing of a check still running or of none', () => {
    expect(healthOf({ ...base, status: 'running' }, 0)).toBeUndefined();
    expect(healthOf(undefined, 0)).toBeUndefined();
  });
});

describe('replayPermission', () => {
  it.each([
    ['a blocked site, even confirmed and marked safe', 'https://hr.bank.com/x', ['*.bank.com'], ['hr.bank.com'], true, 'refused'],
    ['an unmarked host asks for confirmation', 'http://staging.test:8080/a', [], [], false, 'confirm'],
    ['an unmarked host, confirmed for this run', 'http://staging.test:8080/a', [], [], true, 'allowed'],
    ['a host marked safe to replay', 'http://staging.test:8080/a', [], ['staging.test:8080'], false, 'allowed'],
    ['another port of a marked host is another host', 'http://staging.test:9090/a', [], ['staging.test:8080'], false, 'confirm'],
    ['not a web page', 'file:///etc/passwd', [], [], true, 'refused'],
  ])('%s', (_, url, blocked, safe, confirmed, kind) => {
    expect(replayPermission(url, blocked, safe, confirmed).kind).toBe(kind);
  });
});
