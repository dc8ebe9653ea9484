import { describe, expect, it } from 'vitest';
import { restoreSop, restoreStep, restoreSteps } from '../../../lib/db/restore';

describe('restoreSop', () => {
  it.each([
    ['null', null],
    ['a string', 'sop'],
    ['no id', { title: 'x' }],
    ['empty id', { id: '' }],
  ])('rejects %s', (_label, raw) => {
    expect(restoreSop(raw)).toBeNull();
  });

  it('fills a partial record with safe defaults', () => {
    const sop = restoreSop({ id: 's1', createdAt: 5, stepCount: 'many', durationMs: -3, title: '   ' });
    expect(sop).toMatchObject({ id: 's1', title: 'Untitled procedure', createdAt: 5, updatedAt: 5, stepCount: 0, durationMs: 0, sourceUrl: '' });
  });

  it('keeps fields it does not know (written by a newer version)', () => {
    expect(restoreSop({ id: 's1', title: 'T', futureField: 1 })).toMatchObject({ futureField: 1 });
  });
});

describe('restoreStep', () => {
  it('turns an unknown kind into a manual step and drops bad event ids', () => {
    const step = restoreStep({ id: 'a', sopId: 's', kind: 'teleport', eventIds: ['e1', 2, null] });
    expect(step).toMatchObject({ kind: 'manual', text: '', eventIds: ['e1'], page: { url: '', title: '' }, t: 0 });
  });

  it('rejects a step without an SOP', () => {
    expect(restoreStep({ id: 'a' })).toBeNull();
  });

  it('sorts by order and drops unusable records', () => {
    const steps = restoreSteps([
      { id: 'b', sopId: 's', order: 20, kind: 'click' },
      'garbage',
      { id: 'a', sopId: 's', order: 10, kind: 'click' },
    ]);
    expect(steps.map((s) => s.id)).toEqual(['a', 'b']);
  });
});
