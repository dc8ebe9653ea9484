import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SopDatabase } from '../../../lib/db/schema';
import { deleteSop, duplicateSop, editSteps, listSops, listSteps, purgeDeletedSops, renameSop, replaceSteps, saveDraft, stepsBySop, trashSop, untrashSop } from '../../../lib/db/sop-store';
import { applyQuickEdit } from '../../../lib/editor/quick-edit';
import { deleteSteps, moveStepTo, updateStep } from '../../../lib/editor/step-ops';
import { appendChunk, createRecording, getRecording, listChunks, putShot } from '../../../lib/db/recording-store';
import type { SessionId, Sop, SopId, Step, StepId } from '../../../lib/model';

let database: SopDatabase;
let n = 0;

beforeEach(async () => {
  database = new SopDatabase(`test-${n++}`);
  await database.open();
});
afterEach(async () => {
  await database.delete();
});

const sopId = 'sop-1' as SopId;
const sessionId = 'sess-1' as SessionId;

function makeSop(overrides: Partial<Sop> = {}): Sop {
  return { id: sopId, title: 'Deploy', createdAt: 1, updatedAt: 1, sourceUrl: 'http://x', stepCount: 0, durationMs: 0, sessionId, ...overrides };
}
function makeStep(i: number): Step {
  return { id: `st-${i}` as StepId, sopId, order: i * 10, kind: 'click', text: `Step ${i}`, page: { url: 'u', title: 't' }, tabId: 1, t: i, eventIds: [] };
}

describe('sop store', () => {
  it('saves a draft and lists it newest first with its steps in order', async () => {
    await saveDraft(makeSop(), [makeStep(2), makeStep(1)], undefined, database);
    await saveDraft(makeSop({ id: 'sop-2' as SopId, createdAt: 9 }), [], undefined, database);
    expect((await listSops(database)).map((s) => s.id)).toEqual(['sop-2', 'sop-1']);
    expect((await listSteps(sopId, database)).map((s) => s.text)).toEqual(['Step 1', 'Step 2']);
    expect((await listSops(database))[1]?.stepCount).toBe(2);
  });

  it('edits, moves and deletes steps through the step operations and keeps the count', async () => {
    await saveDraft(makeSop(), [makeStep(0), makeStep(1), makeStep(2)], undefined, database);
    await editSteps(sopId, (s) => updateStep(s, 'st-1' as StepId, { text: 'Click **Deploy**.' }), database);
    await editSteps(sopId, (s) => applyQuickEdit(s, { kind: 'move', id: 'st-2' as StepId, by: -1 }), database);
    await editSteps(sopId, (s) => applyQuickEdit(s, { kind: 'move', id: 'st-0' as StepId, by: -1 }), database); // already first: no change
    const { before, after } = await editSteps(sopId, (s) => deleteSteps(s, ['st-0' as StepId]), database);
    expect(before.map((s) => s.id)).toEqual(['st-0', 'st-2', 'st-1']);
    expect(after.map((s) => [s.id, s.order])).toEqual([
      ['st-2', 0],
      ['st-1', 10],
    ]);
    const steps = await listSteps(sopId, database);
    expect(steps.map((s) => s.text)).toEqual(['Step 2', 'Click **Deploy**.']);
    expect((await listSops(database))[0]?.stepCount).toBe(2);
  });

  it('writes nothing when the edit refuses', async () => {
    await saveDraft(makeSop(), [makeStep(0), makeStep(1)], undefined, database);
    await expect(editSteps(sopId, (s) => moveStepTo(s, 'st-9' as StepId, 0), database)).rejects.toThrow(/no longer exists/);
    expect((await listSteps(sopId, database)).map((s) => s.id)).toEqual(['st-0', 'st-1']);
  });

  it('refuses an empty title', async () => {
    await saveDraft(makeSop(), [], undefined, database);
    await expect(renameSop(sopId, '  ', database)).rejects.toThrow(/title/);
    await renameSop(sopId, ' Deploy payments-api ', database);
    expect((await listSops(database))[0]?.title).toBe('Deploy payments-api');
  });

  it('deleting an SOP deletes its blobs', async () => {
    await createRecording({ id: sessionId, tabId: 1, startedAt: 0, status: 'done', chunkCount: 0, bytes: 0 }, database);
    await appendChunk({ sessionId, seq: 0, blob: new Blob(['abc']), t: 0 }, database);
    await appendChunk({ sessionId, seq: 1, blob: new Blob(['de']), t: 1000 }, database);
    expect(await getRecording(sessionId, database)).toMatchObject({ chunkCount: 2, bytes: 5 });
    expect((await listChunks(sessionId, database)).map((c) => c.seq)).toEqual([0, 1]);
    await putShot({ id: 'shot-1' as never, sessionId, blob: new Blob(['png']), mimeType: 'image/png', width: 1, height: 1, at: 0, t: 0, source: 'tab-stream' }, database);
    await saveDraft(makeSop(), [makeStep(0)], undefined, database);
    await deleteSop(sopId, database);
    expect(await database.chunks.count()).toBe(0);
    expect(await database.shots.count()).toBe(0);
    expect(await database.recordings.count()).toBe(0);
    expect(await database.steps.count()).toBe(0);
  });
});

describe('library operations', () => {
  it('replaces the whole step list (autosave) and drops removed steps', async () => {
    await saveDraft(makeSop(), [makeStep(0), makeStep(1), makeStep(2)], undefined, database);
    const [a, , c] = await listSteps(sopId, database);
    await replaceSteps(sopId, [c!, { ...a!, text: 'edited' }], database);
    expect((await listSteps(sopId, database)).map((s) => [s.id, s.text, s.order])).toEqual([
      ['st-2', 'Step 2', 0],
      ['st-0', 'edited', 10],
    ]);
    expect((await listSops(database))[0]?.stepCount).toBe(2);
  });

  it('refuses to autosave into a deleted SOP rather than resurrect half of it', async () => {
    await expect(replaceSteps(sopId, [makeStep(0)], database)).rejects.toThrow(/deleted elsewhere/);
  });

  it('trash hides an SOP, undo brings it back, purge deletes it with its media after the grace period', async () => {
    await saveDraft(makeSop(), [makeStep(0)], undefined, database);
    await putShot({ id: 'shot-1' as never, sessionId, blob: new Blob(['png']), mimeType: 'image/png', width: 1, height: 1, at: 0, t: 0, source: 'tab-stream' }, database);
    await trashSop(sopId, database, 1_000);
    expect(await listSops(database)).toEqual([]);
    await untrashSop(sopId, database);
    expect((await listSops(database)).map((s) => s.id)).toEqual([sopId]);
    await trashSop(sopId, database, 1_000);
    expect(await purgeDeletedSops(60_000, database, 30_000)).toBe(0);
    expect(await purgeDeletedSops(60_000, database, 61_000)).toBe(1);
    expect(await database.sops.count()).toBe(0);
    expect(await database.shots.count()).toBe(0);
  });

  it('duplicates an SOP with its own copies of the screenshots', async () => {
    await putShot({ id: 'shot-1' as never, sessionId, blob: new Blob(['png']), mimeType: 'image/png', width: 1, height: 1, at: 0, t: 0, source: 'tab-stream' }, database);
    await saveDraft(makeSop(), [{ ...makeStep(0), shotId: 'shot-1' as never }, makeStep(1)], undefined, database);
    let n = 0;
    const copyId = await duplicateSop(sopId, () => `new-${n++}`, database, 5);
    const copySteps = await listSteps(copyId, database);
    expect(copySteps.map((s) => s.text)).toEqual(['Step 0', 'Step 1']);
    expect(copySteps[0]?.shotId).not.toBe('shot-1');
    expect((await listSops(database)).map((s) => s.title)).toEqual(['Deploy (copy)', 'Deploy']);
    await deleteSop(sopId, database);
    expect(await database.shots.get(copySteps[0]!.shotId!)).toBeDefined();
  });

  it('groups every step by SOP for search', async () => {
    await saveDraft(makeSop(), [makeStep(0), makeStep(1)], undefined, database);
    expect((await stepsBySop(database)).get(sopId)?.map((s) => s.id)).toEqual(['st-0', 'st-1']);
  });
});
