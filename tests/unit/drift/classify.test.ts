import { describe, expect, it } from 'vitest';
import { classifyStep, describeReason, firstLocator, type StepObservation } from '../../../lib/drift/classify';
import { makeTarget } from '../factories';

const withTestId = makeTarget({ name: 'Notify team', selectors: { css: 'button.notify', testId: '[data-testid="notify"]', role: { role: 'button', name: 'Notify team' } } });
const byRole = makeTarget({ name: 'Deploy now', selectors: { css: 'button.deploy', role: { role: 'button', name: 'Deploy now' } } });
const field = makeTarget({ tag: 'input', role: 'textbox', name: 'Version', label: 'Version', selectors: { css: '#release input', role: { role: 'textbox', name: 'Version' } } });

describe('firstLocator', () => {
  it.each([
    ['a test id first', withTestId, 'testId'],
    ['role and name when there is no test id', byRole, 'role'],
    ['the label of a field without role', makeTarget({ tag: 'input', role: '', name: '', label: 'Host', selectors: { css: 'input' } }), 'label'],
    ['the CSS path when nothing else was recorded', makeTarget({ name: '', selectors: { css: 'div > span' } }), 'css'],
  ])('%s', (_, target, want) => expect(firstLocator(target)).toBe(want));
});

describe('classifyStep', () => {
  const found = (o: Partial<Extract<StepObservation, { kind: 'found' }>> = {}): StepObservation => ({ kind: 'found', how: { kind: 'locator', locator: 'role' }, drift: [], atRecordedPath: true, ...o });

  it('is ok when the first locator finds it, at its recorded place, looking the same', () => {
    expect(classifyStep(byRole, found({ visual: { verdict: 'same', ratio: 0.001, coverage: 1 } }))).toEqual({ status: 'ok', reasons: [] });
  });

  it('a test id gone but the label kept: changed, found by role and name', () => {
    const v = classifyStep(withTestId, found());
    expect(v.status).toBe('changed');
    expect(v.reasons).toEqual([{ kind: 'fallback', first: 'testId', matched: 'role' }]);
    expect(describeReason(v.reasons[0]!)).toBe('its test id no longer finds it; found by role and name');
  });

  it('a renamed button: changed, found by resemblance, with the old and new name and the look', () => {
    const v = classifyStep(
      byRole,
      found({ how: { kind: 'score', score: 0.82, margin: 0.4 }, drift: [{ field: 'name', recorded: 'Deploy now', now: 'Deploy release' }], atRecordedPath: false, visual: { verdict: 'different', ratio: 0.12, coverage: 1 } }),
    );
    expect(v.status).toBe('changed');
    expect(v.reasons.map((r) => r.kind)).toEqual(['score', 'text', 'moved', 'visual']);
    expect(v.reasons.map(describeReason)).toContain('name now "Deploy release", recorded "Deploy now"');
  });

  it('a field moved to another section: changed (moved) even though its role and name still find it', () => {
    expect(classifyStep(field, found({ atRecordedPath: false }))).toEqual({ status: 'changed', reasons: [{ kind: 'moved' }] });
  });

  it('an unknown place (a guided run does not say) and an unknown look change nothing', () => {
    expect(classifyStep(byRole, found({ atRecordedPath: undefined, visual: { verdict: 'unknown', ratio: 0.5, coverage: 0.2 } })).status).toBe('ok');
  });

  it('not found is missing; not reached is unchecked; a page reached is ok', () => {
    expect(classifyStep(byRole, { kind: 'not-found', reason: 'none', detail: 'No element like the recorded one is on the page.' })).toMatchObject({ status: 'missing' });
    expect(classifyStep(byRole, { kind: 'not-reached', why: 'the check stopped at step 6' })).toMatchObject({ status: 'unchecked' });
    expect(classifyStep(undefined, { kind: 'reached' })).toEqual({ status: 'ok', reasons: [] });
  });
});
