/** Guide me's run logs: schema v5, newest first per SOP, deleted with the SOP, restored on read. */
import 'fake-indexeddb/auto';
import type { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { SopDatabase } from '../../../lib/db/schema';
import { getGuideRun, listGuideRuns, saveGuideRun } from '../../../lib/db/guide-store';
import { deleteSop, saveDraft } from '../../../lib/db/sop-store';
import { markDone, recordFind, startRun, type GuideRun, type GuideRunId } from '../../../lib/guide/run';
import { makeSop, makeStep, stepId } from '../factories';

let n = 0;
const opened: Dexie[] = [];
afterEach(async () => {
  for (const d of opened.splice(0)) await d.delete();
});
function fresh(): SopDatabase {
  const database = new SopDatabase(`guide-store-${n++}`);
  opened.push(database);
  return database;
}

const sop = makeSop();
const run = (id: string, at: number): GuideRun =>
  startRun({ id: id as GuideRunId, sopId: sop.id, title: sop.title, stepIds: [stepId('a'), stepId('b')], tabId: 3, url: 'http://x.test/', at });

describe('guide store', () => {
  it('keeps each run with its log, lists an SOP\'s runs newest first', async () => {
    const database = fresh();
    let r1 = run('r1', 1_000);
    r1 = recordFind(r1, 0, 1_001, { found: true, how: { kind: 'score', score: 0.8, margin: 0.4 }, drift: [{ field: 'name', recorded: 'Deploy', now: 'Ship' }], frameDepth: 0 });
    r1 = markDone(r1, 0, 'action', 1_002);
    await saveGuideRun(r1, database);
    await saveGuideRun(run('r2', 2_000), database);
    await saveGuideRun({ ...run('other', 3_000), sopId: 'sop-other' as GuideRun['sopId'] }, database);
    const runs = await listGuideRuns(sop.id, 20, database);
    expect(runs.map((r) => r.id)).toEqual(['r2', 'r1']);
    expect((await getGuideRun('r1' as GuideRunId, database))?.log.map((e) => e.kind)).toEqual(['started', 'found', 'done']);
  });

  it('deleting the SOP deletes its runs', async () => {
    const database = fresh();
    await saveDraft(sop, [makeStep()], undefined, database);
    await saveGuideRun(run('r1', 1), database);
    await deleteSop(sop.id, database);
    expect(await listGuideRuns(sop.id, 20, database)).toEqual([]);
  });

  it('a damaged record still reads as a run', async () => {
    const database = fresh();
    await database.guideRuns.put({ ...run('bad', 5), log: [{ kind: 'nonsense' }, null] as unknown as GuideRun['log'], status: 'weird' as GuideRun['status'] });
    const got = await getGuideRun('bad' as GuideRunId, database);
    expect(got).toMatchObject({ status: 'running', log: [] });
  });
});
