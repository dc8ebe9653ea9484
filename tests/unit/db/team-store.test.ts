/** The team library's records: schema v4 over a v3 database, a pulled import, an update as a revision and its Undo. */
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { SopDatabase } from '../../../lib/db/schema';
import { applyTeamUpdate, getTeamLink, saveTeamImport, undoTeamUpdate } from '../../../lib/db/team-store';
import { getDocument } from '../../../lib/db/document-store';
import { deleteSop, listSteps, getSop } from '../../../lib/db/sop-store';
import { buildSopJson } from '../../../lib/export/json';
import { parseSopFile, prepareImport } from '../../../lib/import/sop-import';
import type { SopId, TeamLink } from '../../../lib/model';
import { fixtureExportInput } from '../import/fixture';

let n = 0;
const opened: Dexie[] = [];
afterEach(async () => {
  for (const d of opened.splice(0)) await d.delete();
});

function fresh(): SopDatabase {
  const database = new SopDatabase(`team-store-${n++}`);
  opened.push(database);
  return database;
}

const ids = () => {
  let i = 0;
  return () => `id-${++i}`;
};

const LINK: Omit<TeamLink, 'sopId'> = { repoUrl: 'https://git.test/r.git', path: 'docs/sops/deploy', commit: 'c1', branch: 'main', baseFingerprint: 'f1', syncedAt: 1, how: 'pulled' };

describe('team store', () => {
  it('opens a version 3 database as version 4: the SOPs are kept and read as never published', async () => {
    const name = `team-store-v3-${n++}`;
    const v3 = new Dexie(name);
    v3.version(3).stores({ sops: 'id, createdAt, updatedAt', steps: 'id, sopId, [sopId+order]', events: 'id, sessionId, [sessionId+at]', recordings: 'id, status, sopId', chunks: '++key, sessionId, [sessionId+seq]', shots: 'id, sessionId', documents: 'sopId', observations: 'id, sessionId' });
    await v3.open();
    await v3.table('sops').put({ id: 'old', title: 'Old', createdAt: 1, updatedAt: 1, sourceUrl: '', stepCount: 0, durationMs: 0 });
    v3.close();
    const v4 = new SopDatabase(name);
    opened.push(v4);
    await v4.open();
    expect(v4.verno).toBe(7); // v5 (guide runs), v6 (drift checks) and v7 (export render cache) add tables; v3 data still opens
    expect(await v4.sops.get('old' as SopId)).toMatchObject({ title: 'Old' });
    expect(await getTeamLink('old' as SopId, v4)).toBeUndefined();
  });

  it('imports a pulled SOP with its link; deleting it forgets the link', async () => {
    const database = fresh();
    const records = prepareImport(parseSopFile(buildSopJson(fixtureExportInput(), 1)), ids(), 5);
    const id = await saveTeamImport(records, LINK, database);
    expect(await getTeamLink(id, database)).toMatchObject({ ...LINK, sopId: id });
    await deleteSop(id, database);
    expect(await getTeamLink(id, database)).toBeUndefined();
  });

  it('an update is a new revision of the local SOP, and Undo brings the local copy and the link back', async () => {
    const database = fresh();
    const input = fixtureExportInput();
    const local = prepareImport(parseSopFile(buildSopJson(input, 1)), ids(), 5);
    const id = await saveTeamImport(local, LINK, database);
    const before = (await listSteps(id, database)).map((s) => s.text);
    const revisionsBefore = (await getDocument(id, database)).revisions.length;

    const theirs = { ...input, sop: { ...input.sop, title: 'Deploy, theirs' }, doc: { ...input.doc, metadata: { ...input.doc.metadata, title: 'Deploy, theirs' } }, steps: input.steps.slice(1).map((s, i) => (i === 0 ? { ...s, text: 'Their first step.' } : s)) };
    let k = 100;
    const incoming = prepareImport(parseSopFile(buildSopJson(theirs, 2)), () => `new-${++k}`, 6);
    const update = await applyTeamUpdate(id, incoming, { ...LINK, commit: 'c2', baseFingerprint: 'f2' }, 'Before the team library update', 7, database);
    expect((await listSteps(id, database)).map((s) => s.text)[0]).toBe('Their first step.');
    expect((await getSop(id, database))?.title).toBe('Deploy, theirs');
    const doc = await getDocument(id, database);
    expect(doc.revisions).toHaveLength(revisionsBefore + 1);
    expect(doc.revisions.at(-1)).toMatchObject({ id: update.revisionId, summary: 'Before the team library update' });
    expect(await getTeamLink(id, database)).toMatchObject({ commit: 'c2', baseFingerprint: 'f2' });

    await undoTeamUpdate(id, update, 8, database);
    expect((await listSteps(id, database)).map((s) => s.text)).toEqual(before);
    expect(await getTeamLink(id, database)).toMatchObject({ commit: 'c1', baseFingerprint: 'f1' });
    // Every screenshot a step cites is stored (the update's and the original's).
    const shots = new Set((await database.shots.toArray()).map((s) => s.id));
    expect((await listSteps(id, database)).every((s) => !s.shotId || shots.has(s.shotId))).toBe(true);
  });
});
