/** Offscreen document: wiring only. Media lives in lib/platform/tab-recorder.ts. */
import { OFFSCREEN_SPECS } from '../../lib/messaging/offscreen-specs';
import { createRouter } from '../../lib/messaging/router';
import { listen, send } from '../../lib/platform/messaging';
import { createTabRecorder } from '../../lib/platform/tab-recorder';

const media = createTabRecorder(
  (status) => {
    void send('background', 'offscreen.status', status).catch(() => undefined);
  },
  () => new Worker(new URL('./transcribe-worker.ts', import.meta.url), { type: 'module' }),
);

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
      'offscreen.grab': (p) => media.grab(p),
      'offscreen.ping': () => ({ recording: media.isRecording() }),
    },
    (r) => console.warn('[offscreen] dropped message', r),
  ),
  'offscreen',
);
