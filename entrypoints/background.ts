/** Service worker: wiring only. The recording logic is lib/recording/recorder.ts. */
import { defineBackground } from 'wxt/utils/define-background';
import { BACKGROUND_SPECS } from '../lib/messaging/background-specs';
import { createRouter } from '../lib/messaging/router';
import { listen } from '../lib/platform/messaging';
import { createBackgroundPorts } from '../lib/platform/background-ports';
import { createRecorder } from '../lib/recording/recorder';
import { listenToTabEvents } from '../lib/platform/tab-events';
import { listenToCommands } from '../lib/platform/commands';
import { isLive } from '../lib/recording/transitions';
import { downloadOwnBlobUrl } from '../lib/platform/downloads';
import { send } from '../lib/platform/messaging';
import { closeOffscreenDocument, ensureOffscreenDocument } from '../lib/platform/offscreen';
import { onTeamRetryAlarm, retryQueuedInOffscreen } from '../lib/platform/team-retry-alarm';
import { listQueuedPublishes } from '../lib/db/team-store';
import { getTeamSettings, readTeamToken } from '../lib/platform/team-library-settings';
import { nextDue } from '../lib/team-library/retry';
import { createGuideRunner, listenForGuide } from '../lib/platform/guide-runner';
import { createDriftChecker } from '../lib/platform/drift-check';

export default defineBackground(() => {
  const recorder = createRecorder(createBackgroundPorts());
  const guide = createGuideRunner();
  const drift = createDriftChecker();

  listen(
    createRouter(
      BACKGROUND_SPECS,
      {
        'capture.hello': recorder.hello,
        'capture.action': recorder.action,
        'capture.shot': recorder.shot,
        'capture.frameLink': recorder.frameLink,
        'capture.observation': recorder.observed,
        'capture.sensitiveFocus': recorder.sensitiveFocus,
        'recording.start': recorder.start,
        'recording.pause': recorder.pause,
        'recording.resume': recorder.resume,
        'recording.stop': recorder.stop,
        'recording.getState': recorder.getState,
        'recording.recover': recorder.recover,
        'recording.discard': recorder.discard,
        'offscreen.status': recorder.mediaStatus,
        'video.download': (p) => downloadOwnBlobUrl(p),
        // Only with the recorder idle: a Start or Stop in progress owns the document.
        'offscreen.exportsPrepared': async () => {
          if ((await recorder.getState()).phase === 'idle') await closeOffscreenDocument();
        },
        'guide.start': guide.start,
        'guide.control': guide.control,
        'guide.acted': guide.acted,
        'drift.check': drift.check,
      },
      (r) => console.warn('[background] dropped message', r),
    ),
    'background',
  );

  listenToTabEvents({
    navigated: recorder.navigated,
    titled: recorder.titled,
    tabOpened: recorder.tabOpened,
    tabActivated: recorder.tabActivated,
    zoomChanged: recorder.zoomChanged,
    tabClosed: async (p) => {
      const { stopRequested } = await recorder.tabClosed(p);
      if (stopRequested) await recorder.stop();
    },
  });

  // Publishes queued while offline, tried with no extension page open (lib/team-sync/queue.ts in pages).
  onTeamRetryAlarm(() =>
    retryQueuedInOffscreen({
      nextQueuedAt: async () => nextDue(await listQueuedPublishes()),
      ensureDocument: ensureOffscreenDocument,
      retry: async () => {
        const [settings, token] = await Promise.all([getTeamSettings(), readTeamToken()]);
        // Not connected any more: nothing can go out; the pages say so when opened.
        if (!settings || !token) return 0;
        return (await send('offscreen', 'offscreen.teamRetry', { settings, token })).tried;
      },
      closeUnlessNeeded: async () => {
        if (!isLive(await recorder.getState())) await closeOffscreenDocument();
      },
    }),
  );
  listenForGuide(guide);

  listenToCommands(async (tabId) => {
    try {
      if (isLive(await recorder.getState())) await recorder.stop();
      else await recorder.start({ tabId });
    } catch (e) {
      console.warn('[background] shortcut failed', e);
    }
  });
});
