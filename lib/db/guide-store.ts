/** Guide me's run logs beside the SOPs (lib/guide/run.ts): written by the background as a run goes, read by the editor. */
import type { SopId } from '../model';
import type { GuideLogEntry, GuideRun, GuideRunId } from '../guide/run';
import { db as defaultDb, type SopDatabase } from './schema';

export async function saveGuideRun(run: GuideRun, database: SopDatabase = defaultDb()): Promise<void> {
  await database.guideRuns.put(run);
}

export async function getGuideRun(id: GuideRunId, database: SopDatabase = defaultDb()): Promise<GuideRun | undefined> {
  const run = await database.guideRuns.get(id);
  return run ? restoreGuideRun(run) : undefined;
}

/** An SOP's runs, newest first. */
export async function listGuideRuns(sopId: SopId, limit = 20, database: SopDatabase = defaultDb()): Promise<GuideRun[]> {
  const runs = await database.guideRuns.where('[sopId+startedAt]').between([sopId, -Infinity], [sopId, Infinity]).reverse().limit(limit).toArray();
  return runs.map(restoreGuideRun);
}

const KINDS = new Set<GuideLogEntry['kind']>(['started', 'found', 'not-found', 'done', 'skipped', 'back', 'finished', 'stopped']);

/** Restore on read: a record from an older build or a damaged one still reads as a run (never throws). */
export function restoreGuideRun(raw: GuideRun): GuideRun {
  const log = Array.isArray(raw.log) ? raw.log.filter((e) => e && typeof e === 'object' && KINDS.has(e.kind) && typeof e.at === 'number') : [];
  return {
    ...raw,
    status: raw.status === 'finished' || raw.status === 'stopped' ? raw.status : 'running',
    step: Number.isInteger(raw.step) ? raw.step : 0,
    stepIds: Array.isArray(raw.stepIds) ? raw.stepIds : [],
    tabs: raw.tabs && typeof raw.tabs === 'object' ? raw.tabs : {},
    log,
  };
}
