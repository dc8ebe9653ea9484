/**
 * Recordings the browser never finished (it was closed or crashed mid-recording): which ones to offer for
 * recovery, and how they are described. Pure; the popup reads the rows, the background recovers them.
 */
import type { RecordingState, RawEvent, SessionId } from '../model';
import { isLive } from './transitions';

/** What the database holds of a recording: its row and a summary of its video chunks. */
export interface StoredRecording {
  readonly id: SessionId;
  readonly status: 'recording' | 'done' | 'failed';
  readonly startedAt: number;
  readonly sopId?: string;
}

export interface ChunkSpan {
  readonly count: number;
  readonly bytes: number;
  /** Recording-clock ms when the last chunk arrived: the length of the video kept. */
  readonly lastT?: number;
}

export interface UnfinishedRecording {
  readonly sessionId: SessionId;
  readonly startedAt: number;
  readonly steps: number;
  readonly videoSeconds: number;
  readonly chunks: number;
}

/**
 * Rows still marked 'recording' that no live recording owns: their browser went away before Stop. The live
 * session's row is 'recording' too (storage.session, which names it, is emptied when the browser closes), and
 * a row that already has an SOP was finished. Oldest first.
 */
export function unfinishedSessions(rows: readonly StoredRecording[], state: RecordingState): StoredRecording[] {
  const live = isLive(state) || state.phase === 'stopping' ? state.sessionId : undefined;
  return rows.filter((r) => r.status === 'recording' && r.id !== live && r.sopId === undefined).sort((a, b) => a.startedAt - b.startedAt);
}

export function describeUnfinished(row: StoredRecording, steps: number, chunks: ChunkSpan): UnfinishedRecording {
  return { sessionId: row.id, startedAt: row.startedAt, steps, videoSeconds: Math.round((chunks.lastT ?? 0) / 1000), chunks: chunks.count };
}

/** The popup's button: "Recover unfinished recording (3 steps, 12 s of video)". */
export function recoverLabel(u: UnfinishedRecording): string {
  const steps = `${u.steps} ${u.steps === 1 ? 'step' : 'steps'}`;
  const video = u.chunks > 0 ? `${u.videoSeconds} s of video` : 'no video';
  return `Recover unfinished recording (${steps}, ${video})`;
}

/** How long the recovered recording ran: its last event or its last video chunk, whichever came later. */
export function recoveredDurationMs(events: readonly RawEvent[], chunks: ChunkSpan): number {
  return Math.max(0, chunks.lastT ?? 0, ...events.map((e) => e.t));
}
