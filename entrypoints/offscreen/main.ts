/** Offscreen document: wiring only. Media lives in lib/platform/tab-recorder.ts. */
import { OFFSCREEN_SPECS } from '../../lib/messaging/offscreen-specs';
import { createRouter } from '../../lib/messaging/router';
import { listen, send } from '../../lib/platform/messaging';
import { createVideoJobs } from '../../lib/media/video-jobs';
import { createTabRecorder } from '../../lib/platform/tab-recorder';
import { createExportPreparer } from '../../lib/exporting/prepare-after-stop';

const media = createTabRecorder(
  (status) => {
    void send('background', 'offscreen.status', status).catch(() => undefined);
  },
  () => new Worker(new URL('./transcribe-worker.ts', import.meta.url), { type: 'module' }),
);

// Video exports (ffmpeg.wasm) run here so that closing the popup does not stop them; a file nobody came for
// is downloaded by the service worker.
const videoJobs = createVideoJobs({ deliver: (file) => send('background', 'video.download', file) });

// Queued team-library publishes the service worker's alarm asks for (no extension page was open to try them);
// loaded only then: isomorphic-git has no place in a recording's document otherwise.
let teamRetries = 0;
async function teamRetry(p: { settings: unknown; token: string }): Promise<{ tried: number; published: number }> {
  teamRetries++;
  try {
    const [{ retryDuePublishes }, { restoreTeamSettings }] = await Promise.all([import('../../lib/team-sync/queue'), import('../../lib/team-library/settings')]);
    return await retryDuePublishes(undefined, undefined, { settings: restoreTeamSettings(p.settings), token: p.token });
  } finally {
    teamRetries--;
  }
}

// A new SOP's export images, prepared right after Stop with no page open; a recording starting stops it at once.
const preparer = createExportPreparer({
  onIdle: () => void send('background', 'offscreen.exportsPrepared', {}).catch(() => undefined),
});

listen(
  createRouter(
    OFFSCREEN_SPECS,
    {
      'offscreen.start': async (p) => {
        preparer.stop();
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
        const preparing = preparer.current();
        return { recording: media.isRecording(), jobs: videoJobs.active() + teamRetries + (preparing ? 1 : 0), ...(preparing ? { preparing } : {}), ...(frames ? { frames } : {}) };
      },
      'offscreen.prepareExports': (p) => {
        if (media.isRecording()) return { queued: false };
        preparer.request(p);
        return { queued: true };
      },
      'offscreen.videoExport': (p) => videoJobs.start(p.sopId, p.kind, p.stepId),
      'offscreen.videoStatus': (p) => videoJobs.status(p.jobId),
      'offscreen.videoCancel': (p) => videoJobs.cancel(p.jobId),
      'offscreen.videoClaim': (p) => videoJobs.claim(p.jobId),
      'offscreen.videoCollected': (p) => videoJobs.collected(p.jobId),
      'offscreen.teamRetry': (p) => teamRetry(p),
    },
    (r) => console.warn('[offscreen] dropped message', r),
  ),
  'offscreen',
);
