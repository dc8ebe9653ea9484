/** The export render cache in IndexedDB (schema v7): reuse by key, one render per shot and encoding, the LRU
 * bound, and deletion with the shots it was made from. */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SopDatabase } from '../../../lib/db/schema';
import { cachedRenderKeys, clearRenderCache, getCachedRender, putCachedRender, renderCacheUsage, trimRenderCache } from '../../../lib/db/render-cache-store';
import { deleteSession, deleteUnusedShots, putShot } from '../../../lib/db/recording-store';
import { deleteSop, saveDraft } from '../../../lib/db/sop-store';
import type { SessionId, Shot, ShotId, SopId } from '../../../lib/model';
import { makeSop } from '../factories';

let database: SopDatabase;
let n = 0;
beforeEach(async () => {
  database = new SopDatabase(`render-cache-${n++}`);
  await database.open();
});
afterEach(async () => {
  await database.delete();
});

const session = 'sess-1' as SessionId;
const bytes = (len: number, fill = 7) => new Uint8Array(len).fill(fill);
const row = (key: string, shotId: string, len = 10, sessionId = session) => ({ key, shotId: shotId as ShotId, sessionId, bytes: bytes(len) });
const shot = (id: string, sessionId = session): Shot => ({ id: id as ShotId, sessionId, blob: new Blob([new Uint8Array([1, 2])]), mimeType: 'image/png', width: 2, height: 1, at: 1, t: 1, source: 'tab-stream' });

describe('render cache store', () => {
  it('gives back the bytes stored under a key, and nothing for another key', async () => {
    await putCachedRender(row('shot-1|aaaa|jpeg@0.9/1280', 'shot-1', 5), database);
    expect(await getCachedRender('shot-1|aaaa|jpeg@0.9/1280', database)).toEqual(bytes(5));
    expect(await getCachedRender('shot-1|bbbb|jpeg@0.9/1280', database)).toBeUndefined();
    expect(await cachedRenderKeys(['shot-1|aaaa|jpeg@0.9/1280', 'shot-2|aaaa|jpeg@0.9/1280'], database)).toEqual(new Set(['shot-1|aaaa|jpeg@0.9/1280']));
  });

  it('keeps one render per shot and encoding: an edit replaces the old one, another encoding stays', async () => {
    await putCachedRender(row('shot-1|aaaa|jpeg@0.9/1280', 'shot-1'), database);
    await putCachedRender(row('shot-1|aaaa|webp@0.8/2560', 'shot-1'), database);
    await putCachedRender(row('shot-1|bbbb|jpeg@0.9/1280', 'shot-1'), database);
    const keys = (await database.renderCache.toCollection().primaryKeys()).sort();
    expect(keys).toEqual(['shot-1|aaaa|webp@0.8/2560', 'shot-1|bbbb|jpeg@0.9/1280']);
  });

  it('trims the least recently used rows down to the bound, a read counting as a use', async () => {
    const hour = 60 * 60 * 1000;
    await putCachedRender(row('a|h|jpeg', 'a', 100), database, 0);
    await putCachedRender(row('b|h|jpeg', 'b', 100), database, 10);
    await putCachedRender(row('c|h|jpeg', 'c', 100), database, 20);
    // Read long after it was stored: `a` becomes the most recently used.
    await getCachedRender('a|h|jpeg', database, 2 * hour);
    expect(await trimRenderCache(250, database)).toBe(1);
    expect((await database.renderCache.toCollection().primaryKeys()).sort()).toEqual(['a|h|jpeg', 'c|h|jpeg']);
    expect(await renderCacheUsage(database)).toEqual({ rows: 2, bytes: 200 });
    expect(await trimRenderCache(250, database)).toBe(0);
  });

  it('goes with its SOP, its session, and shots the draft did not keep', async () => {
    const sop = makeSop({ id: 'sop-1' as SopId, sessionId: session });
    await saveDraft(sop, [], undefined, database);
    await putShot(shot('shot-1'), database);
    await putShot(shot('shot-2'), database);
    await putCachedRender(row('shot-1|h|jpeg', 'shot-1'), database);
    await putCachedRender(row('shot-2|h|jpeg', 'shot-2'), database);
    await putCachedRender(row('shot-9|h|jpeg', 'shot-9', 10, 'sess-2' as SessionId), database);
    await deleteUnusedShots(session, new Set(['shot-1' as ShotId]), database);
    expect((await database.renderCache.toCollection().primaryKeys()).sort()).toEqual(['shot-1|h|jpeg', 'shot-9|h|jpeg']);
    await deleteSop(sop.id, database);
    expect(await database.renderCache.toCollection().primaryKeys()).toEqual(['shot-9|h|jpeg']);
    await deleteSession('sess-2' as SessionId, database);
    expect(await renderCacheUsage(database)).toEqual({ rows: 0, bytes: 0 });
  });

  it('empties on clear (each render is made again from its shot)', async () => {
    await putCachedRender(row('a|h|jpeg', 'a', 3), database);
    await clearRenderCache(database);
    expect(await renderCacheUsage(database)).toEqual({ rows: 0, bytes: 0 });
  });
});

describe('schema v7', () => {
  it('opens a v6 database with its data and an empty render cache', async () => {
    const { Dexie } = await import('dexie');
    const name = `render-cache-v6-${n++}`;
    const v6 = new Dexie(name);
    v6.version(6).stores({ sops: 'id, createdAt, updatedAt', steps: 'id, sopId, [sopId+order]', events: 'id, sessionId, [sessionId+at]', recordings: 'id, status, sopId', chunks: '++key, sessionId, [sessionId+seq]', shots: 'id, sessionId', documents: 'sopId', observations: 'id, sessionId', teamLinks: 'sopId, path', teamQueue: 'sopId, nextAt', guideRuns: 'id, sopId, [sopId+startedAt]', driftChecks: 'id, sopId, [sopId+at]', driftCrops: 'id, checkId' });
    await v6.open();
    await v6.table('shots').put(shot('old-shot'));
    v6.close();
    const v7 = new SopDatabase(name);
    await v7.open();
    expect(v7.verno).toBe(7);
    expect(await v7.shots.get('old-shot' as ShotId)).toMatchObject({ width: 2 });
    expect(await renderCacheUsage(v7)).toEqual({ rows: 0, bytes: 0 });
    await v7.delete();
  });
});
