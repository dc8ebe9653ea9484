import { describe, expect, it } from 'vitest';
import { deleteSteps, insertManualStep, mergeWithPrevious, moveStep, splitStep, updateStep } from '../../../lib/editor/step-ops';
import type { SopId, Step, StepId } from '../../../lib/model';
import { makeStep } from '../factories';

const sopId = 'sop-1' as SopId;
const id = (s: string) => s as StepId;

function steps(...texts: string[]): Step[] {
  return texts.map((text, i) => makeStep({ id: id(`s${i + 1}`), sopId, order: i * 10, text, shotId: `shot-${i + 1}` as never, eventIds: [`e${i + 1}` as never] }));
}
const texts = (list: readonly Step[]) => list.map((s) => s.text);
const orders = (list: readonly Step[]) => list.map((s) => s.order);

describe('step operations', () => {
  it.each([
    ['down by one', 's1', 1, ['B', 'A', 'C']],
    ['to the end', 's1', 2, ['B', 'C', 'A']],
    ['to the top', 's3', 0, ['C', 'A', 'B']],
    ['past the end (clamped)', 's2', 99, ['A', 'C', 'B']],
    ['onto itself', 's2', 1, ['A', 'B', 'C']],
  ])('moves a step %s', (_l, stepId, to, expected) => {
    const moved = moveStep(steps('A', 'B', 'C'), id(stepId), to);
    expect(texts(moved)).toEqual(expected);
    expect(orders(moved)).toEqual([0, 10, 20]);
  });

  it('merges a step into the previous one, keeping both event lists and the first screenshot', () => {
    const merged = mergeWithPrevious(steps('Click **Deploy**.', 'Wait for the toast'), id('s2'));
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ id: 's1', text: 'Click **Deploy**. Wait for the toast', shotId: 'shot-1', eventIds: ['e1', 'e2'] });
  });

  it('refuses to merge the first step', () => {
    expect(() => mergeWithPrevious(steps('A', 'B'), id('s1'))).toThrow(/first step/);
  });

  it('splits a step at the cursor into a manual step right after it', () => {
    const split = splitStep(steps('Open the page. Then click Save.', 'Z'), id('s1'), 14, id('new'));
    expect(texts(split)).toEqual(['Open the page.', 'Then click Save.', 'Z']);
    expect(split[1]).toMatchObject({ id: 'new', kind: 'manual', eventIds: [] });
    expect(orders(split)).toEqual([0, 10, 20]);
  });

  it.each([0, 31])('refuses a split at the edge (offset %i)', (offset) => {
    expect(() => splitStep(steps('Open the page. Then click Save.'), id('s1'), offset, id('n'))).toThrow(/cursor/);
  });

  it.each([
    ['at the top', -1, ['New', 'A', 'B']],
    ['in the middle', 0, ['A', 'New', 'B']],
    ['at the end', 1, ['A', 'B', 'New']],
  ])('inserts a manual step %s', (_l, after, expected) => {
    expect(texts(insertManualStep(steps('A', 'B'), after, sopId, id('n'), 'New'))).toEqual(expected);
  });

  it('inserts into an empty SOP', () => {
    expect(insertManualStep([], 5, sopId, id('n'), 'First')).toMatchObject([{ id: 'n', order: 0, kind: 'manual' }]);
  });

  it('deletes steps and renumbers', () => {
    const left = deleteSteps(steps('A', 'B', 'C'), [id('s2')]);
    expect(texts(left)).toEqual(['A', 'C']);
    expect(orders(left)).toEqual([0, 10]);
  });

  it('updates text without touching other steps (same objects, cheap re-render)', () => {
    const before = steps('A', 'B');
    const after = updateStep(before, id('s2'), { text: 'B2' });
    expect(after[0]).toBe(before[0]);
    expect(after[1]?.text).toBe('B2');
  });

  it('says clearly when a step is gone', () => {
    expect(() => updateStep(steps('A'), id('nope'), { text: 'x' })).toThrow(/no longer exists/);
  });
});
