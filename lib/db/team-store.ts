/**
 * The team library's records beside the SOPs: each SOP's link to its folder in the repository
 * (lib/model.ts TeamLink), the publishes waiting for the network, and the two writes a pull makes — a new SOP
 * from the repository, or an update of a local one as a new revision that Undo takes back.
 */
import type { QueuedPublish, Shot, SopId, Step, TeamLink } from '../model';
import { maskDeep } from '../privacy/secrets';
import type { RevisionId, SopDocument } from '../sop/document';
import { restoreRevision, saveVersion } from '../sop/revisions';
import { getDocument } from './document-store';
import { saveImportedSop, type ImportedSop } from './import-store';
import { restoreSop } from './restore';
import { db as defaultDb, type SopDatabase } from './schema';
import { listSteps } from './sop-store';

export async function getTeamLink(sopId: SopId, database: SopDatabase = defaultDb()): Promise<TeamLink | undefined> {
  return database.teamLinks.get(sopId);
}

export async function listTeamLinks(database: SopDatabase = defaultDb()): Promise<TeamLink[]> {
  return database.teamLinks.toArray();
}

export async function putTeamLink(link: TeamLink, database: SopDatabase = defaultDb()): Promise<void> {
  await database.teamLinks.put(link);
}

export async function listQueuedPublishes(database: SopDatabase = defaultDb()): Promise<QueuedPublish[]> {
  return database.teamQueue.toArray();
}

export async function getQueuedPublish(sopId: SopId, database: SopDatabase = defaultDb()): Promise<QueuedPublish | undefined> {
  return database.teamQueue.get(sopId);
}

export async function putQueuedPublish(entry: QueuedPublish, database: SopDatabase = defaultDb()): Promise<void> {
  await database.teamQueue.put(entry);
}

export async function removeQueuedPublish(sopId: SopId, database: SopDatabase = defaultDb()): Promise<void> {
  await database.teamQueue.delete(sopId);
}

/** A new local SOP from the repository (records from prepareImport, new ids) and its link, all or nothing. */
export async function saveTeamImport(records: ImportedSop, link: Omit<TeamLink, 'sopId'>, database: SopDatabase = defaultDb()): Promise<SopId> {
  await database.transaction('rw', [database.sops, database.steps, database.documents, database.shots, database.recordings, database.chunks, database.teamLinks], async () => {
    await saveImportedSop(records, database);
    await database.teamLinks.put({ ...link, sopId: records.sop.id });
  });
  return records.sop.id;
}

export interface PulledUpdate {
  /** The saved version holding the local copy as it was: Undo restores it. */
  readonly revisionId: RevisionId;
  /** The link before the update, for Undo. */
  readonly previousLink?: TeamLink;
}

/**
 * Updates the local SOP `sopId` with the repository's copy (`records`, from prepareImport under fresh ids): the
 * local copy is first saved as a version ("Before the team library's update"), then its steps, document and
 * title become the repository's, the new screenshots are added under the SOP's session, and the link moves to
 * the new base. One transaction.
 */
export async function applyTeamUpdate(sopId: SopId, records: ImportedSop, link: Omit<TeamLink, 'sopId'>, summary: string, now: number, database: SopDatabase = defaultDb()): Promise<PulledUpdate> {
  return database.transaction('rw', [database.sops, database.steps, database.documents, database.shots, database.teamLinks, database.events], async () => {
    const sop = restoreSop(await database.sops.get(sopId));
    if (!sop) throw new Error('That procedure no longer exists.');
    const current = await getDocument(sopId, database);
    const before = await listSteps(sopId, database);
    const saved = saveVersion(current, before, summary, now);
    const sessionId = sop.sessionId ?? records.sop.sessionId!;
    const shots: Shot[] = records.shots.map((s) => ({ ...s, sessionId }));
    const steps: Step[] = records.steps.map((s) => maskDeep({ ...s, sopId }));
    const incoming = maskDeep(records.doc);
    const doc: SopDocument = { ...incoming, sopId, revisions: saved.doc.revisions };
    await database.steps.where('sopId').equals(sopId).delete();
    await database.steps.bulkAdd(steps);
    await database.shots.bulkAdd(shots);
    await database.documents.put(doc);
    await database.sops.update(sopId, { title: maskDeep(records.sop.title), updatedAt: now, stepCount: steps.length, ...(sop.sessionId ? {} : { sessionId }) });
    const previousLink = await database.teamLinks.get(sopId);
    await database.teamLinks.put({ ...link, sopId });
    return { revisionId: saved.revision.id, ...(previousLink ? { previousLink } : {}) };
  });
}

/** Undo of applyTeamUpdate: the saved version comes back as the working copy, and the link as it was. */
export async function undoTeamUpdate(sopId: SopId, update: PulledUpdate, now: number, database: SopDatabase = defaultDb()): Promise<void> {
  await database.transaction('rw', [database.sops, database.steps, database.documents, database.teamLinks, database.events, database.shots], async () => {
    const current = await getDocument(sopId, database);
    const revision = current.revisions.find((r) => r.id === update.revisionId);
    if (!revision) throw new Error('That version is gone: the update cannot be undone.');
    const { doc, steps } = restoreRevision(current, revision);
    await database.steps.where('sopId').equals(sopId).delete();
    await database.steps.bulkAdd(steps.map((s) => ({ ...s, sopId })));
    await database.documents.put(doc);
    await database.sops.update(sopId, { title: doc.metadata.title || revision.doc.metadata.title, updatedAt: now, stepCount: steps.length });
    if (update.previousLink) await database.teamLinks.put(update.previousLink);
    else await database.teamLinks.delete(sopId);
  });
}
