/**
 * Reads what the JSON export writes: the SOP, its steps, its document, the stored (unedited) screenshots the
 * steps and saved versions cite, and optionally the recording's video chunks and transcript.
 */
import { getCurrentDocument } from './document-store';
import { getRecording, getShot, listChunks } from './recording-store';
import { db as defaultDb, type SopDatabase } from './schema';
import { getSop, listSteps } from './sop-store';
import type { ShotId, SopId } from '../model';
import type { RecordingWithBytes, ShotWithBytes, SopExportInput } from '../export/json';

export interface CollectOptions {
  /** Include the recording's video chunks and transcript (the "with video" variant). */
  readonly withVideo?: boolean;
  /** Called after each screenshot or chunk is read; `done` of `total`. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Checked between reads; throw to stop (e.g. the user pressed Cancel). */
  readonly checkpoint?: () => void;
}

const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());

export async function collectSopExport(sopId: SopId, options: CollectOptions = {}, database: SopDatabase = defaultDb()): Promise<SopExportInput> {
  const sop = await getSop(sopId, database);
  if (!sop) throw new Error('That procedure no longer exists.');
  const steps = await listSteps(sopId, database);
  const doc = await getCurrentDocument(sopId, steps, database);
  const shotIds = [...new Set([...steps, ...doc.revisions.flatMap((r) => r.steps)].flatMap((s) => (s.shotId ? [s.shotId] : [])))];
  const recordingRecord = options.withVideo && sop.sessionId ? await getRecording(sop.sessionId, database) : undefined;
  const chunkRecords = recordingRecord && sop.sessionId ? await listChunks(sop.sessionId, database) : [];
  const total = shotIds.length + chunkRecords.length;
  let done = 0;
  const tick = () => {
    options.checkpoint?.();
    options.onProgress?.(++done, total);
  };

  const shots: ShotWithBytes[] = [];
  for (const id of shotIds) {
    const shot = await getShot(id as ShotId, database);
    if (shot) {
      const { blob, ...rest } = shot;
      shots.push({ shot: rest, bytes: await bytesOf(blob) });
    }
    tick();
  }

  let recording: RecordingWithBytes | undefined;
  if (recordingRecord) {
    const chunks = [];
    for (const c of chunkRecords) {
      chunks.push({ seq: c.seq, t: c.t, bytes: await bytesOf(c.blob) });
      tick();
    }
    recording = {
      mimeType: recordingRecord.mimeType || chunkRecords[0]?.blob.type || 'video/webm',
      startedAt: recordingRecord.startedAt,
      ...(recordingRecord.endedAt !== undefined ? { endedAt: recordingRecord.endedAt } : {}),
      ...(recordingRecord.transcript ? { transcript: recordingRecord.transcript } : {}),
      ...(recordingRecord.narrationError ? { narrationError: recordingRecord.narrationError } : {}),
      chunks,
    };
  }
  return { sop, steps, doc, shots, ...(recording ? { recording } : {}) };
}
