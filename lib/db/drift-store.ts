/** Drift checks beside the SOPs (lib/drift/check.ts): written by the background as a check goes, read by the
 * editor (the report) and the library lists (the health badge). */
import type { SopId } from '../model';
import type { DriftCheck, DriftCheckId, DriftStepResult } from '../drift/check';
import { db as defaultDb, type DriftCrop, type SopDatabase } from './schema';

/** Checks kept per SOP: older ones (and their crops) are deleted as new ones are saved. */
export const KEEP_CHECKS = 10;

export async function saveDriftCheck(check: DriftCheck, database: SopDatabase = defaultDb()): Promise<void> {
  await database.driftChecks.put(check);
}

export async function putDriftCrop(crop: DriftCrop, database: SopDatabase = defaultDb()): Promise<void> {
  await database.driftCrops.put(crop);
}

export async function getDriftCrop(id: string, database: SopDatabase = defaultDb()): Promise<DriftCrop | undefined> {
  return database.driftCrops.get(id);
}

/** An SOP's checks, newest first. */
export async function listDriftChecks(sopId: SopId, limit = KEEP_CHECKS, database: SopDatabase = defaultDb()): Promise<DriftCheck[]> {
  const checks = await database.driftChecks.where('[sopId+at]').between([sopId, -Infinity], [sopId, Infinity]).reverse().limit(limit).toArray();
  return checks.map(restoreDriftCheck);
}

/** The newest finished check of each SOP (for the library's badges). */
export async function latestDriftChecks(database: SopDatabase = defaultDb()): Promise<Map<SopId, DriftCheck>> {
  const out = new Map<SopId, DriftCheck>();
  await database.driftChecks.each((raw) => {
    const c = restoreDriftCheck(raw);
    if (c.status === 'running') return;
    const seen = out.get(c.sopId);
    if (!seen || c.at > seen.at) out.set(c.sopId, c);
  });
  return out;
}

/** Keeps the newest KEEP_CHECKS checks of an SOP, with their crops. */
export async function pruneDriftChecks(sopId: SopId, database: SopDatabase = defaultDb()): Promise<void> {
  const old = await database.driftChecks.where('[sopId+at]').between([sopId, -Infinity], [sopId, Infinity]).reverse().offset(KEEP_CHECKS).primaryKeys();
  if (old.length === 0) return;
  await database.transaction('rw', database.driftChecks, database.driftCrops, async () => {
    await database.driftCrops.where('checkId').anyOf(old as string[]).delete();
    await database.driftChecks.bulkDelete(old);
  });
}

export async function deleteDriftChecksOf(sopId: SopId, database: SopDatabase = defaultDb()): Promise<void> {
  const ids = await database.driftChecks.where('sopId').equals(sopId).primaryKeys();
  await database.driftCrops.where('checkId').anyOf(ids as string[]).delete();
  await database.driftChecks.bulkDelete(ids);
}

const STATUSES = new Set<DriftStepResult['status']>(['ok', 'changed', 'missing', 'unchecked']);

/** Restore on read: a damaged record still reads as a check (never throws). */
export function restoreDriftCheck(raw: DriftCheck): DriftCheck {
  const steps = Array.isArray(raw.steps) ? raw.steps.filter((s) => s && typeof s === 'object' && STATUSES.has(s.status) && typeof s.stepId === 'string') : [];
  return {
    ...raw,
    id: String(raw.id) as DriftCheckId,
    mode: raw.mode === 'passive' ? 'passive' : 'active',
    status: raw.status === 'finished' || raw.status === 'stopped' ? raw.status : 'running',
    url: typeof raw.url === 'string' ? raw.url : '',
    steps: steps.map((s) => ({ ...s, reasons: Array.isArray(s.reasons) ? s.reasons : [] })),
  };
}
