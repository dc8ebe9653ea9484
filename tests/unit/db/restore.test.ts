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

  const box = { x: 10, y: 20, width: 30, height: 40 };

  it.each<[string, unknown, unknown]>([
    ['keeps good boxes', [box, { x: -5, y: 0, width: 1.5, height: 2 }], [box, { x: -5, y: 0, width: 1.5, height: 2 }]],
    ['drops malformed boxes', [box, null, 'x', { x: 1, y: 1, width: 0, height: 5 }, { x: Number.NaN, y: 1, width: 5, height: 5 }, { x: 1, y: 1, width: '5', height: 5 }], [box]],
    ['drops the field when no box is left', [{ x: 1, y: 1, width: -1, height: 5 }], undefined],
    ['drops a field that is not a list', { 0: box }, undefined],
    ['strips extra keys from a box', [{ ...box, evil: '<script>' }], [box]],
  ])('blur boxes: %s', (_label, blurBoxes, expected) => {
    const step = restoreStep({ id: 'a', sopId: 's', kind: 'click', blurBoxes });
    expect(step?.blurBoxes).toEqual(expected);
    expect(step && 'blurBoxes' in step).toBe(expected !== undefined);
  });

  it.each<[string, unknown, unknown]>([
    ['keeps a good crop', box, box],
    ['drops an empty crop', { x: 0, y: 0, width: 0, height: 0 }, undefined],
    ['drops a crop that is not a box', [0, 0, 10, 10], undefined],
    ['drops an Infinity crop', { x: 0, y: 0, width: Number.POSITIVE_INFINITY, height: 10 }, undefined],
  ])('crop: %s', (_label, crop, expected) => {
    const step = restoreStep({ id: 'a', sopId: 's', kind: 'click', crop });
    expect(step?.crop).toEqual(expected);
    expect(step && 'crop' in step).toBe(expected !== undefined);
  });
});
