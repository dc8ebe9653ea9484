/**
 * A video export job as the offscreen document reports it to the page that asked (and to any page that
 * asks again later: a job outlives the popup). Pure types and the few rules about them;
 * beside the protocol because the offscreen specs and the page both speak it.
 */
import type { SopId } from '../model';

/** Where the offscreen document broadcasts every job's status (BroadcastChannel: all extension pages). */
export const VIDEO_EXPORT_CHANNEL = 'sop-recorder:video-export';

/** `mp4`: the whole recording with chapters and narration. `gif-zip`: a zip of step-NN.gif clips.
 * `gif-step`: one step's clip as a .gif (the job names the step). */
export const VIDEO_EXPORT_KINDS = ['mp4', 'gif-zip', 'gif-step'] as const;
export type VideoExportKind = (typeof VIDEO_EXPORT_KINDS)[number];

export type VideoJobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface VideoJobStatus {
  readonly jobId: string;
  readonly sopId: SopId;
  readonly kind: VideoExportKind;
  /** The step of a 'gif-step' job. */
  readonly stepId?: string;
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
export function reusableJob(jobs: Iterable<VideoJobStatus>, sopId: SopId, kind: VideoExportKind, stepId?: string): VideoJobStatus | undefined {
  for (const job of jobs) {
    if (job.sopId !== sopId || job.kind !== kind || job.stepId !== stepId) continue;
    if (job.state === 'running' || job.state === 'done') return job;
  }
  return undefined;
}

/** How long a finished file waits for a page to take it before the job downloads it itself: longer than a
 * waiting page's poll (lib/exporting/video.ts, 3 s), so a page that is open always wins. */
export const HANDOVER_GRACE_MS = 5_000;
/** A page that took a file but never said it saved it (closed mid-download) loses it after this. */
export const CLAIM_TTL_MS = 60_000;

/** Who saves a finished file: a page that claimed it, or the job itself when nobody came. */
export interface Handover {
  readonly claimedAt?: number;
  readonly by?: 'page' | 'auto';
}

/** Whether a page (or the job's own fallback) may take the file now: nobody has, or a page's claim went
 * stale. The automatic download's claim never goes stale (it is the last resort and reports back). */
export function mayClaim(h: Handover, now: number): boolean {
  if (h.claimedAt === undefined) return true;
  return h.by === 'page' && now - h.claimedAt > CLAIM_TTL_MS;
}

/** `step-03.gif` → `<sop file stem>-step-03.gif`: a single clip named after its SOP and step. */
export function stepClipFileName(sopFileName: string, clipFileName: string): string {
  return `${sopFileName.replace(/\.[^.]*$/, '')}-${clipFileName}`;
}

/**
 * Overall progress of a job made of `parts` equal parts (one ffmpeg run each, or one run = 1 part):
 * `index` parts are done and the current one is `partFraction` through.
 */
export function overallFraction(index: number, parts: number, partFraction = 0): number {
  if (parts <= 0) return 0;
  return Math.min(1, Math.max(0, (index + Math.min(1, Math.max(0, partFraction))) / parts));
}
