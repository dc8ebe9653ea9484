import { describe, expect, it } from 'vitest';
import {
  addBlurBox,
  clearCrop,
  deleteSteps,
  insertManualStep,
  mergeWithPrevious,
  moveStepTo,
  removeBlurBox,
  setCrop,
  splitStep,
  updateBlurBox,
  updateStep,
} from '../../../lib/editor/step-ops';
import type { Box, SopId, Step, StepId } from '../../../lib/model';
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
    const moved = moveStepTo(steps('A', 'B', 'C'), id(stepId), to);
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

describe('screenshot edits: blur boxes and crop', () => {
  const a: Box = { x: 10, y: 10, width: 50, height: 20 };
  const b: Box = { x: 100, y: 200, width: 80, height: 30 };
  const c: Box = { x: 300, y: 40, width: 10, height: 10 };
  const withBoxes = (...boxes: Box[]) => steps('A', 'B').map((s, i) => (i === 0 && boxes.length ? { ...s, blurBoxes: boxes } : s));

  it.each<[string, (list: readonly Step[]) => Step[], Box[] | undefined]>([
    ['adds the first box', (l) => addBlurBox(l, id('s1'), a), [a]],
    ['adds after the existing ones', (l) => addBlurBox(addBlurBox(l, id('s1'), a), id('s1'), b), [a, b]],
    ['moves one box, leaving the others', (l) => updateBlurBox(addBlurBox(addBlurBox(l, id('s1'), a), id('s1'), b), id('s1'), 0, c), [c, b]],
    ['removes one box', (l) => removeBlurBox(addBlurBox(addBlurBox(l, id('s1'), a), id('s1'), b), id('s1'), 0), [b]],
    ['removes the last box and the field with it', (l) => removeBlurBox(addBlurBox(l, id('s1'), a), id('s1'), 0), undefined],
  ])('%s', (_l, op, expected) => {
    const before = steps('A', 'B');
    const after = op(before);
    expect(after[0]!.blurBoxes).toEqual(expected);
    expect('blurBoxes' in after[0]!).toBe(expected !== undefined);
    expect(after[1]).toBe(before[1]);
    expect(before[0]!.blurBoxes).toBeUndefined(); // pure: the input is untouched
  });

  it('stores a copy of the box, never the caller’s object', () => {
    const box = { ...a, extra: 1 } as Box;
    expect(addBlurBox(steps('A'), id('s1'), box)[0]!.blurBoxes).toEqual([a]);
  });

  it.each<[string, (list: readonly Step[]) => Step[]]>([
    ['update', (l) => updateBlurBox(l, id('s1'), 2, c)],
    ['remove', (l) => removeBlurBox(l, id('s1'), 2)],
    ['remove with a negative index', (l) => removeBlurBox(l, id('s1'), -1)],
    ['remove on a step without boxes', (l) => removeBlurBox(l, id('s2'), 0)],
  ])('%s of a missing box says so', (_l, op) => {
    expect(() => op(withBoxes(a, b))).toThrow(/blur box no longer exists/);
  });

  it.each<[string, (list: readonly Step[]) => Step[], Box | undefined]>([
    ['sets a crop', (l) => setCrop(l, id('s1'), b), b],
    ['replaces a crop', (l) => setCrop(setCrop(l, id('s1'), a), id('s1'), b), b],
    ['clears a crop, removing the field', (l) => clearCrop(setCrop(l, id('s1'), a), id('s1')), undefined],
    ['clearing without a crop is harmless', (l) => clearCrop(l, id('s1')), undefined],
  ])('%s', (_l, op, expected) => {
    const after = op(steps('A'));
    expect(after[0]!.crop).toEqual(expected);
    expect('crop' in after[0]!).toBe(expected !== undefined);
  });

  it('updateStep takes the screenshot fields in one patch', () => {
    const after = updateStep(steps('A'), id('s1'), { blurBoxes: [a], crop: b });
    expect(after[0]).toMatchObject({ blurBoxes: [a], crop: b, text: 'A' });
  });

  it.each([
    ['the first step has the screenshot: its edits stay', true, { blurBoxes: [a], crop: b }],
    ['only the second has one: its edits come with it', false, { blurBoxes: [c], crop: a }],
  ])('a merge keeps the edits of the screenshot kept: %s', (_l, firstHasShot, expected) => {
    const [s1, s2] = steps('A', 'B');
    const first: Step = { ...s1!, ...(firstHasShot ? { blurBoxes: [a], crop: b } : { shotId: undefined }) };
    const second: Step = { ...s2!, blurBoxes: [c], crop: a };
    const [merged] = mergeWithPrevious([first, second], id('s2'));
    expect(merged).toMatchObject(expected);
  });
});
