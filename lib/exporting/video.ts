/**
 * The page side of a video export (popup or editor): ask the offscreen document to run the job, follow its
 * progress, cancel it, and download the file when it is ready. The job itself is lib/media/video-jobs.ts.
 */
import { listenChannel, VIDEO_EXPORT } from '../messaging/channels';
import type { VideoExportKind, VideoJobStatus } from '../messaging/video-job';
import type { SopId } from '../model';
import { ExportCancelled, type ExportContext } from './context';
import { send } from '../platform/messaging';
import { ensureOffscreenDocument } from '../platform/offscreen';
import { downloadBytes } from '../platform/downloads';

/** How often to ask for the job's status besides listening: a missed broadcast or a closed offscreen
 * document must not leave the page waiting forever. */
const POLL_MS = 3_000;

function waitForJob(first: VideoJobStatus, ctx: ExportContext): Promise<VideoJobStatus> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      stopListening();
      clearInterval(poll);
      ctx.signal.removeEventListener('abort', onAbort);
      fn();
    };
    const seen = (s: VideoJobStatus | null) => {
      if (settled) return;
      if (!s) return finish(() => reject(new Error('The video export was interrupted (the media document closed). Try again.')));
      if (s.jobId !== first.jobId) return;
      if (s.state === 'running') ctx.progress({ note: s.note, ...(s.fraction !== undefined ? { fraction: s.fraction } : {}) });
      else if (s.state === 'done') finish(() => resolve(s));
      else if (s.state === 'cancelled') finish(() => reject(new ExportCancelled()));
      else finish(() => reject(new Error(s.error ?? 'The video export failed.')));
    };
    const onAbort = () => {
      void send('offscreen', 'offscreen.videoCancel', { jobId: first.jobId }).catch(() => undefined);
      finish(() => reject(new ExportCancelled()));
    };
    const stopListening = listenChannel(VIDEO_EXPORT, seen);
    const poll = setInterval(() => {
      send('offscreen', 'offscreen.videoStatus', { jobId: first.jobId }).then(seen, () => seen(null));
    }, POLL_MS);
    if (ctx.signal.aborted) return onAbort();
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    seen(first);
  });
}

/** Runs (or joins) the job, downloads its file, returns the file name. `stepId`: the step of a 'gif-step'. */
export async function exportVideo(sopId: SopId, kind: VideoExportKind, ctx: ExportContext, stepId?: string): Promise<string> {
  ctx.progress({ note: 'starting', fraction: 0 });
  await ensureOffscreenDocument();
  const first = await send('offscreen', 'offscreen.videoExport', { sopId, kind, ...(stepId ? { stepId } : {}) });
  const done = await waitForJob(first, ctx);
  if (!done.url || !done.fileName) throw new Error('The video export finished without a file.');
  // Another page joined the same job and took the file, or nobody was here in time and it was downloaded
  // without us: either way it is in the downloads already.
  if (!(await send('offscreen', 'offscreen.videoClaim', { jobId: done.jobId }))) return done.fileName;
  // The object URL belongs to the offscreen document (same origin): read it here, download it as ours.
  const bytes = new Uint8Array(await (await fetch(done.url)).arrayBuffer());
  await downloadBytes(bytes, done.fileName, done.mimeType ?? 'application/octet-stream');
  await send('offscreen', 'offscreen.videoCollected', { jobId: done.jobId }).catch(() => undefined);
  return done.fileName;
}
