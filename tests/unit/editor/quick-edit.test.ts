import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SopDatabase } from '../../../lib/db/schema';
import { editSteps, listSops, listSteps, replaceSteps, saveDraft } from '../../../lib/db/sop-store';
import { afterQuickEdit, applyQuickEdit, canQuickUndo, describeQuickEdit, QUICK_TEXT_MAX, quickUndo, sameSteps, type QuickEdit, type QuickHistory } from '../../../lib/editor/quick-edit';
import type { SopId, Step, StepId } from '../../../lib/model';
import { makeSop, makeStep } from '../factories';

const sopId = 'sop-1' as SopId;
const id = (s: string) => s as StepId;

function steps(...texts: string[]): Step[] {
  return texts.map((text, i) => makeStep({ id: id(`s${i + 1}`), sopId, order: i * 10, t: (i + 1) * 1000, text, narration: `said ${i + 1}` }));
}
const texts = (list: readonly Step[]) => list.map((s) => s.text);

describe('the popup quick edits, as step operations', () => {
  it('saves text and narration; an empty narration is removed, long text cut at the form limit', () => {
    const edited = applyQuickEdit(steps('A', 'B'), { kind: 'content', id: id('s2'), text: 'Click **B** twice.', narration: '  Wait for the tick.  ' });
    expect(edited[1]).toMatchObject({ text: 'Click **B** twice.', narration: 'Wait for the tick.' });
    const cleared = applyQuickEdit(edited, { kind: 'content', id: id('s2'), text: 'x'.repeat(QUICK_TEXT_MAX + 10), narration: '   ' });
    expect(cleared[1]!.text).toHaveLength(QUICK_TEXT_MAX);
    expect('narration' in cleared[1]!).toBe(false);
    expect(cleared[0]).toBe(edited[0]);
  });

  it('moves a step by one place, renumbering; the first step cannot go up', () => {
    const moved = applyQuickEdit(steps('A', 'B', 'C'), { kind: 'move', id: id('s3'), by: -1 });
    expect(texts(moved)).toEqual(['A', 'C', 'B']);
    expect(moved.map((s) => s.order)).toEqual([0, 10, 20]);
    expect(texts(applyQuickEdit(steps('A', 'B'), { kind: 'move', id: id('s1'), by: -1 }))).toEqual(['A', 'B']);
  });

  it('deletes a step; one already gone changes nothing; editing one gone is refused', () => {
    expect(texts(applyQuickEdit(steps('A', 'B', 'C'), { kind: 'delete', id: id('s1') }))).toEqual(['B', 'C']);
    expect(texts(applyQuickEdit(steps('A'), { kind: 'delete', id: id('s9') }))).toEqual(['A']);
    expect(() => applyQuickEdit(steps('A'), { kind: 'move', id: id('s9'), by: 1 })).toThrow(/no longer exists/);
    expect(() => applyQuickEdit(steps('A'), { kind: 'content', id: id('s9'), text: 'x', narration: '' })).toThrow(/no longer exists/);
  });

  it.each<[QuickEdit, string]>([
    [{ kind: 'content', id: id('s2'), text: 'x', narration: '' }, 'Saved step 2.'],
    [{ kind: 'move', id: id('s3'), by: -1 }, 'Moved step 3 up.'],
    [{ kind: 'move', id: id('s1'), by: 1 }, 'Moved step 1 down.'],
    [{ kind: 'delete', id: id('s1') }, 'Deleted step 1.'],
    [{ kind: 'delete', id: id('s9') }, 'That step no longer exists.'],
  ])('says what it did: %o', (edit, message) => {
    expect(describeQuickEdit(steps('A', 'B', 'C'), edit)).toBe(message);
  });

  it('compares step lists by content', () => {
    expect(sameSteps(steps('A', 'B'), steps('A', 'B'))).toBe(true);
    expect(sameSteps(steps('A', 'B'), steps('A', 'C'))).toBe(false);
    expect(sameSteps(steps('A', 'B'), steps('A'))).toBe(false);
  });
});

describe('undo of the quick edits', () => {
  const a = steps('A', 'B', 'C');
  const b = applyQuickEdit(a, { kind: 'delete', id: id('s1') });
  const c = applyQuickEdit(b, { kind: 'move', id: id('s3'), by: -1 });

  it('keeps each saved edit and undoes them in turn', () => {
    let h = afterQuickEdit(undefined, a, b);
    h = afterQuickEdit(h, b, c);
    expect(canQuickUndo(h, c)).toBe(true);
    const once = quickUndo(h, c);
    expect(texts(once.present)).toEqual(['B', 'C']);
    const twice = quickUndo(once, once.present);
    expect(texts(twice.present)).toEqual(['A', 'B', 'C']);
    expect(canQuickUndo(twice, twice.present)).toBe(false);
  });

  it('an edit that changed nothing leaves no undo step', () => {
    expect(afterQuickEdit(undefined, a, steps('A', 'B', 'C'))).toBeUndefined();
  });

  it('is not offered once the list was changed elsewhere, and the history starts over at the next edit', () => {
    const h = afterQuickEdit(undefined, a, b) as QuickHistory;
    const elsewhere = [{ ...b[0]!, text: 'Edited in the editor.' }, b[1]!];
    expect(canQuickUndo(h, elsewhere)).toBe(false);
    expect(() => quickUndo(h, elsewhere)).toThrow(/changed elsewhere/);
    const next = applyQuickEdit(elsewhere, { kind: 'delete', id: id('s3') });
    const fresh = afterQuickEdit(h, elsewhere, next)!;
    expect(fresh.past).toHaveLength(1);
    expect(quickUndo(fresh, next).present).toEqual(elsewhere);
  });
});

describe('quick edits and undo stored through the one write path', () => {
  let database: SopDatabase;
  let n = 0;
  beforeEach(async () => {
    database = new SopDatabase(`quick-edit-${n++}`);
    await database.open();
  });
  afterEach(async () => {
    await database.delete();
  });

  it('delete, move and text edit are stored (masked), and undone back to the draft', async () => {
    await saveDraft(makeSop({ id: sopId }), steps('A', 'B', 'C'), undefined, database);
    const draft = await listSteps(sopId, database);
    let h: QuickHistory | undefined;
    for (const edit of [
      { kind: 'delete', id: id('s1') },
      { kind: 'move', id: id('s3'), by: -1 },
      { kind: 'content', id: id('s2'), text: 'Paste ghp_FAKEtoken1234567890abcdefghijklmnopq here.', narration: '' },
    ] satisfies QuickEdit[]) {
      const { before, after } = await editSteps(sopId, (s) => applyQuickEdit(s, edit), database);
      h = afterQuickEdit(h, before, after);
    }
    const stored = await listSteps(sopId, database);
    expect(stored.map((s) => [s.text, s.narration, s.order])).toEqual([
      ['C', 'said 3', 0],
      ['Paste [masked GitHub token] here.', undefined, 10],
    ]);
    expect((await listSops(database))[0]?.stepCount).toBe(2);
    expect(sameSteps(h!.present, stored)).toBe(true);

    while (canQuickUndo(h, await listSteps(sopId, database))) {
      let back: QuickHistory | undefined;
      await editSteps(sopId, (s) => (back = quickUndo(h, s)).present, database);
      h = back;
    }
    expect(await listSteps(sopId, database)).toEqual(draft);
    expect((await listSops(database))[0]?.stepCount).toBe(3);
  });

  it('an undo after the editor saved the list is refused and writes nothing', async () => {
    await saveDraft(makeSop({ id: sopId }), steps('A', 'B'), undefined, database);
    const { before, after } = await editSteps(sopId, (s) => applyQuickEdit(s, { kind: 'delete', id: id('s2') }), database);
    const h = afterQuickEdit(undefined, before, after);
    await replaceSteps(sopId, [{ ...after[0]!, text: 'Autosaved by the editor.' }], database);
    await expect(editSteps(sopId, (s) => quickUndo(h, s).present, database)).rejects.toThrow(/changed elsewhere/);
    expect(texts(await listSteps(sopId, database))).toEqual(['Autosaved by the editor.']);
  });
});
