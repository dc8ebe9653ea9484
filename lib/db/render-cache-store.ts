/**
 * Export screenshots kept in IndexedDB (schema v7), so a step's screenshot is encoded once for export and not
 * again on the next export, in another page or another day. A 1440×900 shot costs 80–190 ms of CPU to decode,
 * draw and encode (scripts/profile-export-pdf.mjs); reading back its encoded copy costs about a millisecond.
 *
 * Rows are keyed by renderCacheKey (lib/export/image-format.ts), which names the shot, a hash of every edit
 * drawn into it and the encoding: an edit makes a new key, and the old row is removed when the new one is
 * stored (one row per shot and encoding). The cache is bounded by bytes, least recently used first, and a
 * shot's rows go with the shot (its SOP or session deleted). Everything here is derived from the stored shot
 * (already blurred at capture), so nothing in it is more private than what the shots table holds.
 */
import type { SessionId, ShotId } from '../model';
import { db as defaultDb, type SopDatabase } from './schema';

/** What all cached renders may take together: a 500-step SOP in two encodings (~0.1–0.2 MB a step each) fits. */
export const RENDER_CACHE_MAX_BYTES = 400 * 1024 * 1024;

/** Only rewrite a row's last-use time when it is this old: a read should not cost a write each time. */
const TOUCH_AFTER_MS = 60 * 60 * 1000;

/** The part of a key after the shot and the edit hash: the encoding. One row per shot and encoding. */
function encodingOf(key: string): string {
  return key.split('|').slice(2).join('|');
}

/** The encoded bytes stored for `key`, or undefined. */
export async function getCachedRender(key: string, database: SopDatabase = defaultDb(), now = Date.now()): Promise<Uint8Array | undefined> {
  const blob = (await getCachedRenders([key], database, now)).get(key);
  return blob ? new Uint8Array(await blob.arrayBuffer()) : undefined;
}

/**
 * The stored renders of `keys`, as blobs not yet read (an export reads them as it goes), in one transaction: an
 * export of 500 steps asking key by key paid an IndexedDB round trip per step. Rows not used for an hour are
 * marked used, in one write.
 */
export async function getCachedRenders(keys: readonly string[], database: SopDatabase = defaultDb(), now = Date.now()): Promise<Map<string, Blob>> {
  const rows = await database.renderCache.bulkGet([...keys]);
  const found = new Map<string, Blob>();
  const stale: string[] = [];
  for (const row of rows) {
    if (!row) continue;
    found.set(row.key, row.blob);
    if (now - row.usedAt > TOUCH_AFTER_MS) stale.push(row.key);
  }
  if (stale.length > 0) await database.renderCache.bulkUpdate(stale.map((key) => ({ key, changes: { usedAt: now } }))).catch(() => undefined);
  return found;
}

/** Which of `keys` are stored, without reading any image. */
export async function cachedRenderKeys(keys: readonly string[], database: SopDatabase = defaultDb()): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const found = await database.renderCache.where('key').anyOf([...keys]).primaryKeys();
  return new Set(found as string[]);
}

/**
 * Keep `bytes` as the render for `key`; the same shot's older render in the same encoding (an earlier edit)
 * goes. The size bound is kept by trimRenderCache, once per batch: summing the table at every put would make
 * warming a 500-step SOP quadratic. A failed write (disk full) is the caller's to ignore: the export already
 * has its bytes.
 */
export async function putCachedRender(
  row: { key: string; shotId: ShotId; sessionId: SessionId; bytes: Uint8Array },
  database: SopDatabase = defaultDb(),
  now = Date.now(),
): Promise<void> {
  if (row.bytes.length > RENDER_CACHE_MAX_BYTES) return;
  const encoding = encodingOf(row.key);
  await database.transaction('rw', database.renderCache, async () => {
    const sameShot = await database.renderCache.where('shotId').equals(row.shotId).primaryKeys();
    const stale = (sameShot as string[]).filter((k) => k !== row.key && encodingOf(k) === encoding);
    await database.renderCache.bulkDelete(stale);
    await database.renderCache.put({
      key: row.key,
      shotId: row.shotId,
      sessionId: row.sessionId,
      blob: new Blob([row.bytes as Uint8Array<ArrayBuffer>]),
      bytes: row.bytes.length,
      usedAt: now,
    });
  });
}

/** The least recently used rows removed until the total is under `maxBytes`. Returns how many went. */
export async function trimRenderCache(maxBytes = RENDER_CACHE_MAX_BYTES, database: SopDatabase = defaultDb()): Promise<number> {
  return database.transaction('rw', database.renderCache, async () => {
    // Rows carry their size beside the blob, so this reads no image.
    const rows = await database.renderCache.orderBy('usedAt').toArray();
    let total = rows.reduce((sum, r) => sum + r.bytes, 0);
    const evict: string[] = [];
    for (const r of rows) {
      if (total <= maxBytes) break;
      evict.push(r.key);
      total -= r.bytes;
    }
    await database.renderCache.bulkDelete(evict);
    return evict.length;
  });
}

/** Every cached render of a session's shots, gone (the session or its SOP was deleted). */
export async function deleteCachedRendersOfSession(sessionId: SessionId, database: SopDatabase = defaultDb()): Promise<void> {
  await database.renderCache.where('sessionId').equals(sessionId).delete();
}

/** Every cached render of these shots, gone (the shots were deleted). */
export async function deleteCachedRendersOfShots(shotIds: readonly ShotId[], database: SopDatabase = defaultDb()): Promise<void> {
  if (shotIds.length === 0) return;
  await database.renderCache.where('shotId').anyOf([...shotIds]).delete();
}

/** Total bytes and rows held (Options' storage line, benches, tests). */
export async function renderCacheUsage(database: SopDatabase = defaultDb()): Promise<{ rows: number; bytes: number }> {
  let rows = 0;
  let bytes = 0;
  await database.renderCache.each((r) => {
    rows++;
    bytes += r.bytes;
  });
  return { rows, bytes };
}

/** Drop every cached render (nothing is lost: each is made again from its shot on the next export). */
export async function clearRenderCache(database: SopDatabase = defaultDb()): Promise<void> {
  await database.renderCache.clear();
}
