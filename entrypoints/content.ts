/**
 * Runs in every frame of every page, recording or not: it stays idle until the background says a recording
 * is live. Wiring only; capture logic lives in lib/capture.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createActionTracker, type TrackerOutput } from '../lib/capture/action-tracker';
import { createEventClock } from '../lib/capture/event-clock';
import { announceFrame, createFrameRegistry, queryChildFrames } from '../lib/capture/frame-link';
import { createPageObserver } from '../lib/capture/page-observer';
import type { ContentState } from '../lib/messaging/protocol';
import { CONTENT_SPECS } from '../lib/messaging/content-specs';
import { createRouter } from '../lib/messaging/router';
import { listen, send } from '../lib/platform/messaging';

function randomToken(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export default defineContentScript({
  matches: ['<all_urls>'],
  allFrames: true,
  matchAboutBlank: true,
  runAt: 'document_start',
  main(ctx) {
    // The background also injects this file at Start (tabs opened before the extension was installed have
    // none). A second copy in the same frame invalidates the first through WXT's context, so exactly one set
    // of listeners stays.
    const isTop = window === window.top;
    const frameToken = isTop ? undefined : randomToken();
    let active = false;
    let stopped = false;

    const clock = createEventClock();
    const tracker = createActionTracker({ win: window, isActive: () => active && !stopped, emit: forward, now: clock });
    const frames = createFrameRegistry(window, () => {
      if (frameToken) announceFrame(window, frameToken);
    });

    // What the page shows after an action becomes the step's expected result.
    const observer = createPageObserver({
      doc: document,
      now: clock,
      emit: (o) => {
        if (active && !stopped) send('background', 'capture.observation', o).catch(onSendError);
      },
    });

    function forward(out: TrackerOutput): void {
      if (out.type === 'action') observer.afterAction();
      const sent =
        out.type === 'shot'
          ? send('background', 'capture.shot', { shotId: out.shotId, at: out.at })
          : send('background', 'capture.action', { action: out.action, page: out.page, viewport: out.viewport, at: out.at, ...(out.shotId ? { shotId: out.shotId } : {}) });
      sent.catch(onSendError);
    }

    function sendLink(link: { token: string; selector: string }): void {
      send('background', 'capture.frameLink', link).catch(onSendError);
    }

    function setState(state: ContentState): void {
      const next = state.recording && !state.paused;
      if (active && !next) tracker.flush();
      // Links are only worth a message while recording; frames that appeared before are sent now, and a
      // subframe names itself again (the background forgets frame tokens between recordings).
      if (!active && next) {
        frames.links().forEach(sendLink);
        if (frameToken) send('background', 'capture.hello', { isTop, frameToken, page: { url: location.href, title: document.title } }).catch(onSendError);
      }
      active = next;
    }

    function onMessage(event: MessageEvent): void {
      const link = frames.receive(event);
      if (link && active) sendLink(link);
    }

    // The extension was reloaded or updated under this page: this script can no longer reach it.
    function stop(): void {
      if (stopped) return;
      stopped = true;
      tracker.detach();
      observer.stop();
      window.removeEventListener('message', onMessage);
      unlisten();
    }

    function onSendError(): void {
      if (ctx.isInvalid) stop();
    }

    const unlisten = listen(
      createRouter(CONTENT_SPECS, {
        'content.state': (state) => setState(state),
        'content.frameRect': ({ token }) => frames.frameRect(token),
      }),
      'content',
    );
    window.addEventListener('message', onMessage);
    ctx.onInvalidated(stop);

    if (frameToken) announceFrame(window, frameToken);
    queryChildFrames(window);
    send('background', 'capture.hello', { isTop, frameToken, page: { url: location.href, title: document.title } })
      .then(setState)
      .catch(onSendError);
  },
});
