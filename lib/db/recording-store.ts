/** Writes made while a recording runs: events, media chunks, screenshots. Each is one small write. */
import type { RawEvent, SessionId, Shot, ShotId } from '../model';
import { deleteCachedRendersOfSession, deleteCachedRendersOfShots } from './render-cache-store';
import { db as defaultDb, type ChunkRecord, type ObservationRecord, type RecordingRecord, type SopDatabase } from './schema';

export async function createRecording(record: RecordingRecord, database: SopDatabase = defaultDb()): Promise<void> {
  await database.recordings.put(record);
}

/** Append one chunk and bump the session's totals in the same transaction, so they never disagree. */
export async function appendChunk(chunk: ChunkRecord, database: SopDatabase = defaultDb()): Promise<void> {
  await database.transaction('rw', database.chunks, database.recordings, async () => {
    await database.chunks.add(chunk);
    const rec = await database.recordings.get(chunk.sessionId);
    if (rec) {
      await database.recordings.update(chunk.sessionId, {
        chunkCount: rec.chunkCount + 1,
        bytes: rec.bytes + chunk.blob.size,
      });
    }
  });
}

export async function finishRecording(
  sessionId: SessionId,
  patch: Partial<Pick<RecordingRecord, 'status' | 'endedAt' | 'error' | 'sopId' | 'mimeType' | 'transcript' | 'narrationError'>>,
  database: SopDatabase = defaultDb(),
): Promise<void> {
  await database.recordings.update(sessionId, patch);
}

export async function getRecording(sessionId: SessionId, database: SopDatabase = defaultDb()): Promise<RecordingRecord | undefined> {
  return database.recordings.get(sessionId);
}

export async function listChunks(sessionId: SessionId, database: SopDatabase = defaultDb()): Promise<ChunkRecord[]> {
  return database.chunks.where('[sessionId+seq]').between([sessionId, -Infinity], [sessionId, Infinity]).toArray();
}

export async function addEvent(event: RawEvent, database: SopDatabase = defaultDb()): Promise<void> {
  await database.events.put(event);
}

export async function listEvents(sessionId: SessionId, database: SopDatabase = defaultDb()): Promise<RawEvent[]> {
  return database.events.where('[sessionId+at]').between([sessionId, -Infinity], [sessionId, Infinity]).toArray();
}

/** The session's last `limit` events in time order: one index walk from the end, however long the session. */
export async function recentEvents(sessionId: SessionId, limit: number, database: SopDatabase = defaultDb()): Promise<RawEvent[]> {
  const newestFirst = await database.events.where('[sessionId+at]').between([sessionId, -Infinity], [sessionId, Infinity]).reverse().limit(limit).toArray();
  return newestFirst.reverse();
}

export async function putShot(shot: Shot, database: SopDatabase = defaultDb()): Promise<void> {
  await database.shots.put(shot);
}

/** A shot with pixels; a withheld shot (no pixels kept, see Shot.withheld) reads as none. */
export async function getShot(id: ShotId, database: SopDatabase = defaultDb()): Promise<Shot | undefined> {
  const shot = await database.shots.get(id);
  return shot && !shot.withheld ? shot : undefined;
}

/** Several shots in one transaction, by id; withheld and missing ones are left out. */
export async function getShots(ids: readonly ShotId[], database: SopDatabase = defaultDb()): Promise<Map<ShotId, Shot>> {
  const rows = await database.shots.bulkGet([...ids]);
  return new Map(rows.filter((s): s is Shot => s !== undefined && !s.withheld).map((s) => [s.id, s]));
}

/** What the draft needs to know of a session's shots besides their pixels. */
export interface ShotFacts {
  readonly id: ShotId;
  readonly phase?: Shot['phase'];
  readonly withheld?: string;
}

export async function shotFacts(sessionId: SessionId, database: SopDatabase = defaultDb()): Promise<ShotFacts[]> {
  const out: ShotFacts[] = [];
  await database.shots
    .where('sessionId')
    .equals(sessionId)
    .each((s) => {
      if (s.phase || s.withheld) out.push({ id: s.id, ...(s.phase ? { phase: s.phase } : {}), ...(s.withheld ? { withheld: s.withheld } : {}) });
    });
  return out;
}

/** Screenshots of a session that no step cites: clicked-through noise. Called after drafting. */
export async function deleteUnusedShots(
  sessionId: SessionId,
  keep: ReadonlySet<string>,
  database: SopDatabase = defaultDb(),
): Promise<number> {
  return database.transaction('rw', database.shots, database.renderCache, async () => {
    const unused = (await database.shots.where('sessionId').equals(sessionId).primaryKeys()).filter((id) => !keep.has(id));
    await database.shots.bulkDelete(unused);
    await deleteCachedRendersOfShots(unused, database);
    return unused.length;
  });
}

export async function addObservation(o: ObservationRecord, database: SopDatabase = defaultDb()): Promise<void> {
  await database.observations.put(o);
}

export async function listObservations(sessionId: SessionId, database: SopDatabase = defaultDb()): Promise<ObservationRecord[]> {
  return (await database.observations.where('sessionId').equals(sessionId).toArray()).sort((a, b) => a.at - b.at);
}

/** Rows of recordings never finished: the live one, or ones whose browser closed before Stop. */
export async function listUnfinishedRecordings(database: SopDatabase = defaultDb()): Promise<RecordingRecord[]> {
  return database.recordings.where('status').equals('recording').toArray();
}

/** How much video a session wrote: chunk count, bytes, and the recording clock of its last chunk. */
export async function chunkSpan(sessionId: SessionId, database: SopDatabase = defaultDb()): Promise<{ count: number; bytes: number; lastT?: number }> {
  const range = database.chunks.where('[sessionId+seq]').between([sessionId, -Infinity], [sessionId, Infinity]);
  const [count, last, rec] = await Promise.all([range.count(), range.last(), database.recordings.get(sessionId)]);
  return { count, bytes: rec?.bytes ?? 0, ...(last ? { lastT: last.t } : {}) };
}

/** Everything a session stored, gone: events, observations, video chunks, screenshots, its row. SOPs stay. */
export async function deleteSession(sessionId: SessionId, database: SopDatabase = defaultDb()): Promise<void> {
  await database.transaction('rw', [database.events, database.observations, database.chunks, database.shots, database.recordings, database.renderCache], async () => {
    await database.events.where('sessionId').equals(sessionId).delete();
    await database.observations.where('sessionId').equals(sessionId).delete();
    await database.chunks.where('sessionId').equals(sessionId).delete();
    await database.shots.where('sessionId').equals(sessionId).delete();
    await deleteCachedRendersOfSession(sessionId, database);
    await database.recordings.delete(sessionId);
  });
}
