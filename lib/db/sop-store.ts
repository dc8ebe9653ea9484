/** Reading and editing stored SOPs and their steps. Every read goes through restore. */
import type { Sop, SopId, Step, StepId } from '../model';
import { restoreSop, restoreSteps } from './restore';
import { db as defaultDb, type SopDatabase } from './schema';

export async function listSops(database: SopDatabase = defaultDb()): Promise<Sop[]> {
  const raws = await database.sops.orderBy('createdAt').reverse().toArray();
  return raws.map(restoreSop).filter((s): s is Sop => s !== null);
}

export async function getSop(id: SopId, database: SopDatabase = defaultDb()): Promise<Sop | null> {
  return restoreSop(await database.sops.get(id));
}

export async function listSteps(sopId: SopId, database: SopDatabase = defaultDb()): Promise<Step[]> {
  return restoreSteps(await database.steps.where('sopId').equals(sopId).toArray());
}

/** Store a freshly drafted SOP and its steps in one transaction: all or nothing. */
export async function saveDraft(sop: Sop, steps: readonly Step[], database: SopDatabase = defaultDb()): Promise<void> {
  await database.transaction('rw', database.sops, database.steps, async () => {
    await database.sops.put({ ...sop, stepCount: steps.length });
    await database.steps.bulkPut([...steps]);
  });
}

async function touch(database: SopDatabase, sopId: SopId): Promise<void> {
  const stepCount = await database.steps.where('sopId').equals(sopId).count();
  await database.sops.update(sopId, { updatedAt: Date.now(), stepCount });
}

export async function renameSop(id: SopId, title: string, database: SopDatabase = defaultDb()): Promise<void> {
  const clean = title.trim();
  if (clean === '') throw new Error('A procedure needs a title.');
  await database.sops.update(id, { title: clean.slice(0, 300), updatedAt: Date.now() });
}

export async function updateStepText(id: StepId, text: string, database: SopDatabase = defaultDb()): Promise<void> {
  await database.transaction('rw', database.sops, database.steps, async () => {
    const step = await database.steps.get(id);
    if (!step) throw new Error('That step no longer exists.');
    await database.steps.update(id, { text: text.slice(0, 5_000) });
    await touch(database, step.sopId);
  });
}

export async function deleteStep(id: StepId, database: SopDatabase = defaultDb()): Promise<void> {
  await database.transaction('rw', database.sops, database.steps, async () => {
    const step = await database.steps.get(id);
    if (!step) return;
    await database.steps.delete(id);
    await touch(database, step.sopId);
  });
}

/** Swap a step with its neighbour (-1 = up, +1 = down). Renumbers the SOP so order keys stay distinct. */
export async function moveStep(id: StepId, direction: -1 | 1, database: SopDatabase = defaultDb()): Promise<void> {
  await database.transaction('rw', database.sops, database.steps, async () => {
    const step = await database.steps.get(id);
    if (!step) throw new Error('That step no longer exists.');
    const steps = restoreSteps(await database.steps.where('sopId').equals(step.sopId).toArray());
    const from = steps.findIndex((s) => s.id === id);
    const to = from + direction;
    if (from < 0 || to < 0 || to >= steps.length) return;
    const reordered = [...steps];
    [reordered[from], reordered[to]] = [reordered[to]!, reordered[from]!];
    await Promise.all(reordered.map((s, i) => database.steps.update(s.id, { order: i * 10 })));
    await touch(database, step.sopId);
  });
}

/** Delete an SOP with everything recorded for it: steps, events, video chunks, screenshots. */
export async function deleteSop(id: SopId, database: SopDatabase = defaultDb()): Promise<void> {
  await database.transaction(
    'rw',
    [database.sops, database.steps, database.events, database.recordings, database.chunks, database.shots],
    async () => {
      const sop = await database.sops.get(id);
      await database.steps.where('sopId').equals(id).delete();
      await database.sops.delete(id);
      const sessionId = sop?.sessionId;
      if (sessionId) {
        await database.events.where('sessionId').equals(sessionId).delete();
        await database.chunks.where('sessionId').equals(sessionId).delete();
        await database.shots.where('sessionId').equals(sessionId).delete();
        await database.recordings.delete(sessionId);
      }
    },
  );
}
