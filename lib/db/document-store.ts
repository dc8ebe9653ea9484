/** The SOP document beside its steps: read through restore, drafted on first read when missing. */
import type { SopId, Step } from '../model';
import { refreshDiagram } from '../sop/diagram';
import type { SopDocument } from '../sop/document';
import { restoreDocument } from './restore-document';
import { draftDocument } from '../sop/draft-document';
import { listEvents } from './recording-store';
import { getSop, listSteps } from './sop-store';
import { maskDeep } from '../privacy/secrets';
import { db as defaultDb, type SopDatabase } from './schema';

/** The document of an SOP. SOPs recorded before documents existed get one drafted from their recording. */
export async function getDocument(sopId: SopId, database: SopDatabase = defaultDb()): Promise<SopDocument> {
  const sop = await getSop(sopId, database);
  if (!sop) throw new Error('That procedure no longer exists.');
  const raw = await database.documents.get(sopId);
  if (raw) return restoreDocument(raw, sop);
  const steps = await listSteps(sopId, database);
  const events = sop.sessionId ? await listEvents(sop.sessionId, database) : [];
  const doc = draftDocument({ sop, steps, events });
  await database.documents.put(doc);
  return doc;
}

/**
 * The document as exports should see it: its diagram drawn from `steps` as they are now (unless the author
 * edited the source). Steps change outside the editor too (the popup's quick edits), which does not save the
 * document, so its stored diagram may still show a deleted or moved step.
 */
export async function getCurrentDocument(sopId: SopId, steps: readonly Step[], database: SopDatabase = defaultDb()): Promise<SopDocument> {
  return refreshDiagram(await getDocument(sopId, database), steps);
}

/** Save the document; the title is shared with the SOP record, and the diagram follows the steps unless the
 * author edited it. */
export async function saveDocument(doc: SopDocument, steps: readonly Step[], database: SopDatabase = defaultDb()): Promise<SopDocument> {
  // Every field the author can type into (purpose, notes, rollback…) is checked for secrets before it is kept.
  const next = maskDeep(refreshDiagram(doc, steps));
  await database.transaction('rw', database.sops, database.documents, async () => {
    const sop = await database.sops.get(doc.sopId);
    if (!sop) throw new Error('This procedure was deleted elsewhere; your edits cannot be saved.');
    await database.documents.put(next);
    const title = next.metadata.title.trim();
    if (title && title !== sop.title) await database.sops.update(doc.sopId, { title, updatedAt: Date.now() });
  });
  return next;
}
