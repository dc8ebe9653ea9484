/**
 * Video export jobs, run in the offscreen document so they outlive the popup that asked: read the SOP and
 * its recording from IndexedDB, run ffmpeg.wasm, keep the file as an object URL until a page collects it.
 * Progress is broadcast on VIDEO_EXPORT_CHANNEL (every extension page hears it; the one waiting for the job
 * filters by id).
 *
 * Hand-over: a waiting page claims the finished file (claim), saves it and says so (collected). When no page
 * claims it within HANDOVER_GRACE_MS (the popup was closed mid-export) the job hands the object URL to
 * `deliver` (the service worker's chrome.downloads, which reads a blob URL of this origin) and releases it
 * once the download is complete. The claim makes the two exclusive: one file, never two downloads.
 *
 * Why an object URL and not IndexedDB: the file is made once and read once, right away, by a page of the
 * same origin; a blob URL hands it over without a second copy on disk and without a schema change, and it
 * dies with this document, which is also when the job would die.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { getRecording, listChunks } from '../db/recording-store';
import { getSop, listSteps } from '../db/sop-store';
import { exportFileName } from '../export/markdown';
import { buildFfmetadata, buildWebVtt, chaptersFromSteps, clipWindows } from '../export/video-chapters';
import { gifArgs, mp4Args, progressFraction } from '../export/video-ffmpeg-args';
import {
  CLAIM_TTL_MS,
  HANDOVER_GRACE_MS,
  mayClaim,
  overallFraction,
  reusableJob,
  stepClipFileName,
  VIDEO_EXPORT_CHANNEL,
  type Handover,
  type VideoExportKind,
  type VideoJobStatus,
} from '../messaging/video-job';
import type { SopId } from '../model';
import { loadFfmpeg, type Ffmpeg } from './ffmpeg';

/** Progress messages at most this often: a broadcast per ffmpeg frame would flood every open page. */
const PROGRESS_EVERY_MS = 250;

class Cancelled extends Error {}

interface Job {
  status: VideoJobStatus;
  readonly abort: AbortController;
  ffmpeg?: Ffmpeg;
  handover: Handover;
  timer?: ReturnType<typeof setTimeout>;
}

export interface VideoJobOptions {
  readonly load?: (signal: AbortSignal) => Promise<Ffmpeg>;
  /** Saves a finished file nobody came for; resolves once it is saved (the URL may be revoked then). */
  readonly deliver?: (file: { url: string; fileName: string }) => Promise<void>;
  readonly graceMs?: number;
}

export function createVideoJobs(options: VideoJobOptions = {}) {
  const load = options.load ?? loadFfmpeg;
  const graceMs = options.graceMs ?? HANDOVER_GRACE_MS;
  const jobs = new Map<string, Job>();
  const channel = new BroadcastChannel(VIDEO_EXPORT_CHANNEL);
  let lastPost = 0;

  function update(job: Job, patch: Partial<VideoJobStatus>, force = false) {
    job.status = { ...job.status, ...patch };
    const now = Date.now();
    if (!force && now - lastPost < PROGRESS_EVERY_MS) return;
    lastPost = now;
    channel.postMessage(job.status);
  }

  async function run(job: Job): Promise<void> {
    const { sopId, kind } = job.status;
    const signal = job.abort.signal;
    const check = () => {
      if (signal.aborted) throw new Cancelled();
    };
    const sop = await getSop(sopId);
    if (!sop) throw new Error('That procedure no longer exists.');
    if (!sop.sessionId) throw new Error('This procedure has no recording to export.');
    const [steps, chunks, recording] = await Promise.all([listSteps(sopId), listChunks(sop.sessionId), getRecording(sop.sessionId)]);
    if (chunks.length === 0) throw new Error('No video was recorded for this procedure.');
    if (steps.length === 0) throw new Error('This procedure has no steps.');
    // MediaRecorder's chunks are pieces of one WebM stream: concatenated they are the whole file.
    const video = new Blob(
      chunks.map((c) => c.blob),
      { type: 'video/webm' },
    );
    const durationMs = Math.max(sop.durationMs, chunks[chunks.length - 1]!.t);
    check();

    update(job, { note: 'loading ffmpeg', fraction: 0 }, true);
    const ffmpeg = await load(signal);
    job.ffmpeg = ffmpeg;
    try {
      check();
      const input = await ffmpeg.mountInput('recording.webm', video);
      let result: { bytes: Uint8Array; fileName: string; mimeType: string };
      if (kind === 'mp4') {
        const chapters = chaptersFromSteps(steps, durationMs);
        await ffmpeg.writeText('/chapters.txt', buildFfmetadata(sop.title, chapters));
        const segments = recording?.transcript?.segments ?? [];
        const withSubtitles = segments.some((s) => s.text.trim() !== '');
        if (withSubtitles) await ffmpeg.writeText('/narration.vtt', buildWebVtt(segments));
        update(job, { note: 'encoding MP4' }, true);
        const out = await ffmpeg.run(
          mp4Args({ input, metadata: '/chapters.txt', ...(withSubtitles ? { subtitles: '/narration.vtt' } : {}), output: '/out.mp4' }),
          (us) => update(job, { fraction: progressFraction(us, durationMs) ?? job.status.fraction }),
        );
        check();
        if (out.code !== 0) throw new Error(`ffmpeg could not encode the MP4 (exit ${out.code}): ${out.tail.slice(-3).join(' / ')}`);
        result = { bytes: await ffmpeg.readBytes('/out.mp4'), fileName: exportFileName(sop, 'mp4'), mimeType: 'video/mp4' };
      } else if (kind === 'gif-step') {
        const clip = clipWindows(steps, durationMs).find((c) => c.stepId === job.status.stepId);
        if (!clip) throw new Error('That step is not in the saved procedure (was it just added? wait for the save and try again).');
        update(job, { note: `clip of step ${clip.number}` }, true);
        const out = await ffmpeg.run(gifArgs({ input, output: '/clip.gif', startMs: clip.startMs, endMs: clip.endMs }), (us) =>
          update(job, { fraction: progressFraction(us, clip.endMs - clip.startMs) ?? job.status.fraction }),
        );
        check();
        if (out.code !== 0) throw new Error(`ffmpeg could not make the clip of step ${clip.number} (exit ${out.code}): ${out.tail.slice(-3).join(' / ')}`);
        result = { bytes: await ffmpeg.readBytes('/clip.gif'), fileName: stepClipFileName(exportFileName(sop, 'gif'), clip.fileName), mimeType: 'image/gif' };
      } else {
        const clips = clipWindows(steps, durationMs);
        const files: Zippable = {};
        for (const [i, clip] of clips.entries()) {
          check();
          update(job, { note: `step ${i + 1} of ${clips.length}`, fraction: overallFraction(i, clips.length) }, true);
          const out = await ffmpeg.run(gifArgs({ input, output: '/clip.gif', startMs: clip.startMs, endMs: clip.endMs }), (us) =>
            update(job, { fraction: overallFraction(i, clips.length, progressFraction(us, clip.endMs - clip.startMs)) }),
          );
          check();
          if (out.code !== 0) throw new Error(`ffmpeg could not make the clip of step ${clip.number} (exit ${out.code}): ${out.tail.slice(-3).join(' / ')}`);
          // GIF is already compressed: stored, not deflated again.
          files[clip.fileName] = [await ffmpeg.readBytes('/clip.gif'), { level: 0 }];
          await ffmpeg.remove('/clip.gif');
        }
        files['README.txt'] = strToU8(`${clips.length} clips of "${sop.title.replace(/[\r\n]+/g, ' ')}", one per step: from 1 s before the step to 3 s after.\n`);
        result = { bytes: zipSync(files), fileName: exportFileName(sop, 'zip').replace(/\.zip$/, '-step-clips.zip'), mimeType: 'application/zip' };
      }
      const url = URL.createObjectURL(new Blob([result.bytes as BlobPart], { type: result.mimeType }));
      update(job, { state: 'done', note: 'done', fraction: 1, url, fileName: result.fileName, mimeType: result.mimeType, bytes: result.bytes.byteLength }, true);
      if (options.deliver) scheduleHandover(job, graceMs);
    } finally {
      ffmpeg.terminate();
      job.ffmpeg = undefined;
    }
  }

  function scheduleHandover(job: Job, delayMs: number) {
    clearTimeout(job.timer);
    job.timer = setTimeout(() => void deliverUnclaimed(job), Math.max(0, delayMs));
  }

  /** Nobody took the file: save it from here (unless a page claimed it meanwhile; a stale claim expires). */
  async function deliverUnclaimed(job: Job): Promise<void> {
    const { jobId, url, fileName } = job.status;
    if (jobs.get(jobId) !== job || !url || !fileName || !options.deliver) return;
    const now = Date.now();
    if (!mayClaim(job.handover, now)) {
      // A page is saving it: look again when its claim would go stale.
      if (job.handover.by === 'page') scheduleHandover(job, job.handover.claimedAt! + CLAIM_TTL_MS + 1 - now);
      return;
    }
    job.handover = { claimedAt: now, by: 'auto' };
    try {
      await options.deliver({ url, fileName });
      release(jobId);
    } catch (e) {
      // Keep the file: a page asking for the same export again still gets it.
      console.warn('[video export] could not download the finished file', e);
      job.handover = {};
    }
  }

  function release(jobId: string): void {
    const job = jobs.get(jobId);
    if (!job) return;
    clearTimeout(job.timer);
    if (job.status.url) URL.revokeObjectURL(job.status.url);
    jobs.delete(jobId);
  }

  return {
    start(sopId: SopId, kind: VideoExportKind, stepId?: string): VideoJobStatus {
      const key = kind === 'gif-step' ? stepId : undefined;
      if (kind === 'gif-step' && !key) throw new Error('A step clip needs the step.');
      const existing = reusableJob(
        [...jobs.values()].map((j) => j.status),
        sopId,
        kind,
        key,
      );
      if (existing) return existing;
      const jobId = crypto.randomUUID();
      const job: Job = {
        status: { jobId, sopId, kind, ...(key ? { stepId: key } : {}), state: 'running', note: 'starting', fraction: 0 },
        abort: new AbortController(),
        handover: {},
      };
      jobs.set(jobId, job);
      void run(job).catch((e: unknown) => {
        if (job.abort.signal.aborted || e instanceof Cancelled) update(job, { state: 'cancelled', note: 'cancelled' }, true);
        else update(job, { state: 'failed', note: 'failed', error: e instanceof Error ? e.message : String(e) }, true);
      });
      return job.status;
    },

    status(jobId: string): VideoJobStatus | null {
      return jobs.get(jobId)?.status ?? null;
    },

    cancel(jobId: string): void {
      const job = jobs.get(jobId);
      if (!job || job.status.state !== 'running') return;
      job.abort.abort();
      // Terminating the worker is the only way to stop a running ffmpeg command.
      job.ffmpeg?.terminate();
    },

    /** A page takes the finished file: true means it is this page's to save (then `collected`); false means
     * another page or the automatic download has it (or the job is gone). */
    claim(jobId: string): boolean {
      const job = jobs.get(jobId);
      const now = Date.now();
      if (!job || job.status.state !== 'done' || !mayClaim(job.handover, now)) return false;
      job.handover = { claimedAt: now, by: 'page' };
      return true;
    },

    collected(jobId: string): void {
      release(jobId);
    },

    /** Jobs that still need this document: running, or finished with a file not yet saved. */
    active(): number {
      let n = 0;
      for (const job of jobs.values()) if (job.status.state === 'running' || job.status.state === 'done') n++;
      return n;
    },
  };
}
