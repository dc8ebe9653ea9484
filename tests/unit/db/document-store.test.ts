import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCurrentDocument, getDocument, saveDocument } from '../../../lib/db/document-store';
import { collectSopExport } from '../../../lib/db/export-source';
import { applyQuickEdit } from '../../../lib/editor/quick-edit';
import { SopDatabase } from '../../../lib/db/schema';
import { deleteSop, duplicateSop, editSteps, getSop, listSteps, renameSop, saveDraft } from '../../../lib/db/sop-store';
import type { SessionId, Sop, SopId, Step, StepId } from '../../../lib/model';
import { emptyDocument } from '../../../lib/sop/document';

let database: SopDatabase;
let n = 0;
beforeEach(async () => {
  database = new SopDatabase(`doc-test-${n++}`);
  await database.open();
});
afterEach(async () => database.delete());

const sopId = 'sop-1' as SopId;
const sop: Sop = { id: sopId, title: 'Deploy', createdAt: 1, updatedAt: 1, sourceUrl: 'https://shipyard.test/', stepCount: 1, durationMs: 0, sessionId: 's' as SessionId };
const step: Step = { id: 'st-1' as StepId, sopId, order: 0, kind: 'click', text: 'Click **Deploy**.', page: { url: 'https://shipyard.test/x', title: 'Shipyard' }, tabId: 1, t: 0, eventIds: [] };

describe('document store', () => {
  it('drafts a document for an SOP that has none (recorded before documents existed) and keeps it', async () => {
    await saveDraft(sop, [step], undefined, database);
    const doc = await getDocument(sopId, database);
    expect(doc.sopId).toBe(sopId);
    expect(doc.diagram.source).toContain('Click Deploy');
    expect(await database.documents.count()).toBe(1);
  });

  it('saves edits, shares the title with the SOP, and restores a damaged record on read', async () => {
    await saveDraft(sop, [step], emptyDocument(sop), database);
    const doc = await getDocument(sopId, database);
    await saveDocument({ ...doc, metadata: { ...doc.metadata, title: 'Deploy payments-api', owner: 'Dana' } }, [step], database);
    expect((await getSop(sopId, database))?.title).toBe('Deploy payments-api');
    await database.documents.update(sopId, { purpose: 42 as never, revisions: 'x' as never });
    const restored = await getDocument(sopId, database);
    expect(restored.metadata.owner).toBe('Dana');
    expect(restored.purpose.text).toBe('');
    expect(restored.revisions).toEqual([]);
  });

  it('a rename from the popup renames the document too, so the editor cannot bring the old title back', async () => {
    await saveDraft(sop, [step], emptyDocument(sop), database);
    await renameSop(sopId, 'Roll out payments-api', database);
    expect((await getDocument(sopId, database)).metadata.title).toBe('Roll out payments-api');
  });

  it('refuses to save into a deleted SOP, and deleting an SOP deletes its document', async () => {
    await saveDraft(sop, [step], emptyDocument(sop), database);
    await deleteSop(sopId, database);
    expect(await database.documents.count()).toBe(0);
    await expect(saveDocument(emptyDocument(sop), [step], database)).rejects.toThrow(/deleted elsewhere/);
  });

  it('a duplicate gets its own document, with notes moved to the copied steps', async () => {
    const doc = emptyDocument(sop);
    await saveDraft(sop, [step], { ...doc, stepNotes: { [step.id]: { expectedResult: { text: 'Toast shows', source: 'author' }, notes: { text: '', source: 'author' }, warnings: [] } } }, database);
    let k = 0;
    const copy = await duplicateSop(sopId, () => `c${k++}`, database);
    const [copiedStep] = await listSteps(copy, database);
    const copyDoc = await getDocument(copy, database);
    expect(copyDoc.metadata.title).toBe('Deploy (copy)');
    expect(copyDoc.stepNotes[copiedStep!.id]?.expectedResult.text).toBe('Toast shows');
    expect(copyDoc.stepNotes[step.id]).toBeUndefined();
  });

  it('a step deleted from the popup is gone from the diagram exports draw (the document itself was not saved)', async () => {
    const approve: Step = { ...step, id: 'st-2' as StepId, order: 10, text: 'Click **Approve**.' };
    await saveDraft(sop, [step, approve], undefined, database);
    expect((await getDocument(sopId, database)).diagram.source).toContain('Click Approve');
    await editSteps(sopId, (steps) => applyQuickEdit(steps, { kind: 'delete', id: approve.id }), database);
    const steps = await listSteps(sopId, database);
    expect((await getCurrentDocument(sopId, steps, database)).diagram.source).not.toContain('Approve');
    expect(JSON.stringify(await collectSopExport(sopId, {}, database))).not.toContain('Click Approve');
  });

  it('a diagram the author edited by hand stays as written', async () => {
    await saveDraft(sop, [step], undefined, database);
    const doc = await getDocument(sopId, database);
    await saveDocument({ ...doc, diagram: { source: 'flowchart TD\n  a[Hand drawn]\n', edited: true } }, [step], database);
    expect((await getCurrentDocument(sopId, [], database)).diagram.source).toContain('Hand drawn');
  });
});
