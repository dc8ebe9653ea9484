/**
 * A video export job as the offscreen document reports it to the page that asked (and to any page that
 * asks again later: a job outlives the popup). Pure types and the few rules about them.
 */
import type { SopId } from '../model';

/** Where the offscreen document broadcasts every job's status (BroadcastChannel: all extension pages). */
export const VIDEO_EXPORT_CHANNEL = 'sop-recorder:video-export';

/** `mp4`: the whole recording with chapters and narration. `gif-zip`: a zip of step-NN.gif clips. */
export const VIDEO_EXPORT_KINDS = ['mp4', 'gif-zip'] as const;
export type VideoExportKind = (typeof VIDEO_EXPORT_KINDS)[number];

export type VideoJobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface VideoJobStatus {
  readonly jobId: string;
  readonly sopId: SopId;
  readonly kind: VideoExportKind;
  readonly state: VideoJobState;
  /** 0..1 of the whole job, when known. */
  readonly fraction?: number;
  /** What it is doing now, for the progress line. */
  readonly note: string;
  /** When done: where to read the file from (an object URL owned by the offscreen document), its name and type. */
  readonly url?: string;
  readonly fileName?: string;
  readonly mimeType?: string;
  readonly bytes?: number;
  readonly error?: string;
}

export const isFinished = (s: VideoJobStatus): boolean => s.state !== 'running';

/**
 * A new request for the same SOP and kind joins a job that is still running or whose file nobody has
 * collected yet (the popup was closed meanwhile) instead of starting the slow work again.
 */
export function reusableJob(jobs: Iterable<VideoJobStatus>, sopId: SopId, kind: VideoExportKind): VideoJobStatus | undefined {
  for (const job of jobs) if (job.sopId === sopId && job.kind === kind && (job.state === 'running' || job.state === 'done')) return job;
  return undefined;
}

/**
 * Overall progress of a job made of `parts` equal parts (one ffmpeg run each, or one run = 1 part):
 * `index` parts are done and the current one is `partFraction` through.
 */
export function overallFraction(index: number, parts: number, partFraction = 0): number {
  if (parts <= 0) return 0;
  return Math.min(1, Math.max(0, (index + Math.min(1, Math.max(0, partFraction))) / parts));
}
