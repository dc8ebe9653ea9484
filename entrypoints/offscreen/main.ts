/** Offscreen document: wiring only. Media lives in lib/platform/tab-recorder.ts. */
import { OFFSCREEN_SPECS } from '../../lib/messaging/offscreen-specs';
import { createRouter } from '../../lib/messaging/router';
import { listen, send } from '../../lib/platform/messaging';
import { createVideoJobs } from '../../lib/media/video-jobs';
import { createTabRecorder } from '../../lib/platform/tab-recorder';

const media = createTabRecorder(
  (status) => {
    void send('background', 'offscreen.status', status).catch(() => undefined);
  },
  () => new Worker(new URL('./transcribe-worker.ts', import.meta.url), { type: 'module' }),
);

// Video exports (ffmpeg.wasm) run here so that closing the popup does not stop them; a file nobody came for
// is downloaded by the service worker.
const videoJobs = createVideoJobs({ deliver: (file) => send('background', 'video.download', file) });

listen(
  createRouter(
    OFFSCREEN_SPECS,
    {
      'offscreen.start': async (p) => {
        try {
          return await media.start(p);
        } catch (e) {
          return { ok: false, error: `Tab video unavailable: ${e instanceof Error ? e.message : String(e)}` };
        }
      },
      'offscreen.pause': () => media.pause(),
      'offscreen.resume': () => media.resume(),
      'offscreen.stop': () => media.stop(),
      'offscreen.pickFrame': (p) => media.pickFrame(p),
      'offscreen.keepFrame': (p) => media.keepFrame(p),
      'offscreen.ping': () => {
        const frames = media.frameStats();
        return { recording: media.isRecording(), jobs: videoJobs.active(), ...(frames ? { frames } : {}) };
      },
      'offscreen.videoExport': (p) => videoJobs.start(p.sopId, p.kind, p.stepId),
      'offscreen.videoStatus': (p) => videoJobs.status(p.jobId),
      'offscreen.videoCancel': (p) => videoJobs.cancel(p.jobId),
      'offscreen.videoClaim': (p) => videoJobs.claim(p.jobId),
      'offscreen.videoCollected': (p) => videoJobs.collected(p.jobId),
    },
    (r) => console.warn('[offscreen] dropped message', r),
  ),
  'offscreen',
);
