/** Reading and editing stored SOPs and their steps. Every read goes through restore. */
import type { SessionId, ShotId, Sop, SopId, Step, StepId } from '../model';
import type { SopDocument } from '../sop/document';
import { restoreSop, restoreSteps } from './restore';
import { maskSecrets } from '../privacy/secrets';

/** What the author typed, with secrets masked: an SOP is written to be shared, and a token pasted into a
 * step would otherwise reach every export. The masked text shows the author what happened. */
function maskedEdit<T extends Pick<Step, 'text' | 'narration'>>(step: T): T {
  const text = maskSecrets(step.text);
  const narration = step.narration === undefined ? undefined : maskSecrets(step.narration, { spoken: true });
  return text === step.text && narration === step.narration ? step : { ...step, text, ...(narration === undefined ? {} : { narration }) };
}
import { deleteCachedRendersOfSession } from './render-cache-store';
import { db as defaultDb, type SopDatabase } from './schema';

/** The library, newest first, without SOPs waiting in the trash. */
export async function listSops(database: SopDatabase = defaultDb()): Promise<Sop[]> {
  const raws = await database.sops.orderBy('createdAt').reverse().toArray();
  return raws.map(restoreSop).filter((s): s is Sop => s !== null && s.deletedAt === undefined);
}

/** Every step of every SOP, grouped by SOP: for searching the library. */
export async function stepsBySop(database: SopDatabase = defaultDb()): Promise<Map<SopId, Step[]>> {
  const bySop = new Map<SopId, Step[]>();
  for (const step of restoreSteps(await database.steps.toArray())) {
    const list = bySop.get(step.sopId) ?? [];
    list.push(step);
    bySop.set(step.sopId, list);
  }
  return bySop;
}

export async function getSop(id: SopId, database: SopDatabase = defaultDb()): Promise<Sop | null> {
  return restoreSop(await database.sops.get(id));
}

export async function listSteps(sopId: SopId, database: SopDatabase = defaultDb()): Promise<Step[]> {
  return restoreSteps(await database.steps.where('sopId').equals(sopId).toArray());
}

/** Store a freshly drafted SOP, its steps and (when drafted) its document in one transaction: all or nothing. */
export async function saveDraft(sop: Sop, steps: readonly Step[], doc?: SopDocument, database: SopDatabase = defaultDb()): Promise<void> {
  await database.transaction('rw', database.sops, database.steps, database.documents, async () => {
    await database.sops.put({ ...sop, stepCount: steps.length });
    await database.steps.bulkPut([...steps]);
    if (doc) await database.documents.put(doc);
  });
}

async function touch(database: SopDatabase, sopId: SopId): Promise<void> {
  const stepCount = await database.steps.where('sopId').equals(sopId).count();
  await database.sops.update(sopId, { updatedAt: Date.now(), stepCount });
}

export async function renameSop(id: SopId, title: string, database: SopDatabase = defaultDb()): Promise<void> {
  const clean = maskSecrets(title.trim());
  if (clean === '') throw new Error('A procedure needs a title.');
  const next = clean.slice(0, 300);
  await database.transaction('rw', database.sops, database.documents, async () => {
    await database.sops.update(id, { title: next, updatedAt: Date.now() });
    // The document carries the title too: a rename from the popup must not be undone by the next save there.
    const doc = await database.documents.get(id);
    if (doc) await database.documents.put({ ...doc, metadata: { ...doc.metadata, title: next } });
  });
}

/** Delete an SOP with everything recorded for it: steps, events, video chunks, screenshots. */
export async function deleteSop(id: SopId, database: SopDatabase = defaultDb()): Promise<void> {
  await database.transaction(
    'rw',
    [database.sops, database.steps, database.events, database.recordings, database.chunks, database.shots, database.documents, database.observations, database.teamLinks, database.teamQueue, database.guideRuns, database.driftChecks, database.driftCrops, database.renderCache],
    async () => {
      const sop = await database.sops.get(id);
      // Deleting here never deletes it from the team library; it only forgets where it was published.
      await database.teamLinks.delete(id);
      await database.teamQueue.delete(id);
      await database.guideRuns.where('sopId').equals(id).delete();
      const checks = await database.driftChecks.where('sopId').equals(id).primaryKeys();
      await database.driftCrops.where('checkId').anyOf(checks as string[]).delete();
      await database.driftChecks.bulkDelete(checks);
      // Screenshots taken in by Accept changes for an SOP without a recording of its own.
      await database.shots.where('sessionId').equals(driftSessionOf(id)).delete();
      await deleteCachedRendersOfSession(driftSessionOf(id), database);
      await database.steps.where('sopId').equals(id).delete();
      await database.documents.delete(id);
      await database.sops.delete(id);
      const sessionId = sop?.sessionId;
      if (sessionId) {
        await database.events.where('sessionId').equals(sessionId).delete();
        await database.observations.where('sessionId').equals(sessionId).delete();
        await database.chunks.where('sessionId').equals(sessionId).delete();
        await database.shots.where('sessionId').equals(sessionId).delete();
        await deleteCachedRendersOfSession(sessionId, database);
        await database.recordings.delete(sessionId);
      }
    },
  );
}

/**
 * The one write path for edits to an SOP's step list: the editor's autosave, and through editSteps the popup's
 * quick edits and their undo. Saves the whole list at once (steps not in it are removed), the author's text
 * masked, order keys renumbered.
 */
export async function replaceSteps(sopId: SopId, steps: readonly Step[], database: SopDatabase = defaultDb()): Promise<void> {
  await database.transaction('rw', database.sops, database.steps, async () => {
    if (!(await database.sops.get(sopId))) throw new Error('This procedure was deleted elsewhere; your edits cannot be saved.');
    const keep = new Set(steps.map((s) => s.id));
    const stale = (await database.steps.where('sopId').equals(sopId).primaryKeys()).filter((id) => !keep.has(id));
    await database.steps.bulkDelete(stale);
    await database.steps.bulkPut(steps.map((s, i) => ({ ...maskedEdit(s), sopId, order: i * 10 })));
    await touch(database, sopId);
  });
}

/**
 * Apply `edit` (a pure step operation, lib/editor/step-ops.ts) to the stored step list and save the result
 * through replaceSteps, in one transaction: nothing written elsewhere in between is lost. Returns the list
 * before and after, as stored (masked), for undo; `edit` may throw to refuse (nothing is written then).
 */
export async function editSteps(
  sopId: SopId,
  edit: (steps: readonly Step[]) => readonly Step[],
  database: SopDatabase = defaultDb(),
): Promise<{ before: Step[]; after: Step[] }> {
  return database.transaction('rw', database.sops, database.steps, async () => {
    const before = await listSteps(sopId, database);
    await replaceSteps(sopId, edit(before), database);
    return { before, after: await listSteps(sopId, database) };
  });
}

/** Hide an SOP now; purgeDeletedSops removes it for good later, so the author can still undo. */
export async function trashSop(id: SopId, database: SopDatabase = defaultDb(), now = Date.now()): Promise<void> {
  await database.sops.update(id, { deletedAt: now });
}

export async function untrashSop(id: SopId, database: SopDatabase = defaultDb()): Promise<void> {
  await database.transaction('rw', database.sops, async () => {
    const sop = await database.sops.get(id);
    if (!sop) throw new Error('That procedure is gone for good.');
    const { deletedAt: _gone, ...rest } = sop;
    await database.sops.put(rest);
  });
}

/** Delete, with their media, the SOPs trashed more than `graceMs` ago. */
export async function purgeDeletedSops(graceMs: number, database: SopDatabase = defaultDb(), now = Date.now()): Promise<number> {
  const due = (await database.sops.toArray()).filter((s) => s.deletedAt !== undefined && now - s.deletedAt >= graceMs);
  for (const sop of due) await deleteSop(sop.id, database);
  return due.length;
}

/**
 * Copy an SOP and its steps under new ids. Screenshots are copied too (a duplicate must survive the
 * original's deletion); the recording's video and raw events stay with the original.
 */
export async function duplicateSop(id: SopId, newId: () => string, database: SopDatabase = defaultDb(), now = Date.now()): Promise<SopId> {
  return database.transaction('rw', [database.sops, database.steps, database.shots, database.documents], async () => {
    const sop = restoreSop(await database.sops.get(id));
    if (!sop) throw new Error('That procedure no longer exists.');
    const copyId = newId() as SopId;
    const sessionId = newId() as NonNullable<Sop['sessionId']>;
    const steps = restoreSteps(await database.steps.where('sopId').equals(id).toArray());
    const shotIds = new Map<string, ShotId>();
    for (const step of steps) {
      if (!step.shotId || shotIds.has(step.shotId)) continue;
      const shot = await database.shots.get(step.shotId);
      if (!shot) continue;
      const copy = { ...shot, id: newId() as ShotId, sessionId };
      await database.shots.put(copy);
      shotIds.set(step.shotId, copy.id);
    }
    await database.sops.put({ ...sop, id: copyId, title: `${sop.title} (copy)`, createdAt: now, updatedAt: now, sessionId, deletedAt: undefined });
    const stepIds = new Map(steps.map((s) => [s.id, newId() as StepId]));
    await database.steps.bulkPut(steps.map((s) => ({ ...s, id: stepIds.get(s.id)!, sopId: copyId, shotId: s.shotId ? shotIds.get(s.shotId) : undefined })));
    const doc = await database.documents.get(id);
    if (doc) await database.documents.put(copyDocument(doc, copyId, `${sop.title} (copy)`, stepIds));
    return copyId;
  });
}

/** A document for a copied SOP: its own id and title, step references moved to the copied steps, and no
 * saved versions (those describe the original's history). */
function copyDocument(doc: SopDocument, sopId: SopId, title: string, stepIds: ReadonlyMap<StepId, StepId>): SopDocument {
  const move = (id: StepId | undefined) => (id === undefined ? undefined : stepIds.get(id));
  const stepNotes = Object.fromEntries(
    Object.entries(doc.stepNotes).flatMap(([id, note]) => {
      const to = stepIds.get(id as StepId);
      return to ? [[to, note]] : [];
    }),
  ) as SopDocument['stepNotes'];
  return {
    ...doc,
    sopId,
    metadata: { ...doc.metadata, title },
    gates: doc.gates.map((g) => ({ ...g, afterStepId: move(g.afterStepId) })),
    variables: doc.variables.map((v) => ({ ...v, occurrences: v.occurrences.flatMap((o) => (stepIds.has(o.stepId) ? [{ ...o, stepId: stepIds.get(o.stepId)! }] : [])) })),
    stepNotes,
    revisions: [],
  };
}

/** The session id the screenshots Accept changes stores are filed under when the SOP has no recording. */
export function driftSessionOf(sopId: SopId): SessionId {
  return `drift:${sopId}` as SessionId;
}
