/**
 * Runs in every frame of every page, recording or not: it stays idle until the background says a recording
 * is live. Wiring only; capture logic lives in lib/capture.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createActionTracker, type TrackerOutput } from '../lib/capture/action-tracker';
import { createCaptureGate } from '../lib/capture/capture-gate';
import { createEventClock } from '../lib/capture/event-clock';
import { announceFrame, createFrameRegistry, queryChildFrames } from '../lib/capture/frame-link';
import { createPageObserver } from '../lib/capture/page-observer';
import { createTaskBatch } from '../lib/capture/task-batch';
import { readFrameView, watchScreenStates, type BoxesAnswer, type ScreenWatch } from '../lib/privacy/screen-states';
import { createSecretFocusWatch } from '../lib/privacy/secret-focus';
import { createTypingBoxRule } from '../lib/privacy/sensitive-boxes';
import { createSecretIndex, type SecretIndex } from '../lib/privacy/secret-index';
import { maskDeep } from '../lib/privacy/secrets';
import type { ContentState, PayloadOf } from '../lib/messaging/protocol';
import { CONTENT_SPECS } from '../lib/messaging/content-specs';
import { createRouter } from '../lib/messaging/router';
import { listen, send } from '../lib/platform/messaging';
import { createPageGuide } from '../components/guide/page-guide';
import { createPageCheck } from '../components/drift/page-check';

/** A captured message held until the hello answer says whether this frame is recorded. */
type Captured = { verb: 'capture.shot'; payload: PayloadOf<'background', 'capture.shot'> } | { verb: 'capture.action'; payload: PayloadOf<'background', 'capture.action'> };

/** A hello that fails (a worker being replaced) is asked again: held actions wait on its answer. */
const HELLO_RETRIES_MS = [200, 1_000, 3_000];

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
    // Until the background answers, what the person does is captured and held (a click right after a new tab
    // loads comes before the answer), then sent or dropped by the answer.
    const gate = createCaptureGate<Captured>();
    let stopped = false;
    let holdOnSecretFocus = true;
    /** Shots not asked for while a secret field had focus: the action that follows must not cite them. */
    const skippedShots = new Set<string>();
    let screen: ScreenWatch | undefined;
    /** Where this frame shows secrets, followed while capturing (a full walk per measure costs big pages). */
    let secrets: SecretIndex | undefined;

    const clock = createEventClock();
    // One task after each event dispatch for everything that leaves it (a click's screenshot request, the
    // snapshot for the next click, describing the action, a secret field's focus): nothing is sent from inside
    // the page's dispatch, and registering a task costs it 10–30 µs.
    const soon = createTaskBatch((run) => void setTimeout(run, 0));
    // Registered before the tracker's listeners, so that a pointerdown leaving a secret field lifts the
    // hold before the tracker asks for that click's screenshot. Its report goes out in the same task after the
    // dispatch as that screenshot request, ahead of it.
    const secretFocus = createSecretFocusWatch({
      win: window,
      later: soon,
      report: (focused) => {
        const at = clock();
        soon(() => {
          if (active && !stopped) send('background', 'capture.sensitiveFocus', { focused, at }).catch(onSendError);
        });
      },
    });

    // What the page shows after an action becomes the step's expected result.
    const observer = createPageObserver({
      doc: document,
      now: clock,
      // Found in a mutation callback, which runs inside the page's own event handling: sent from a task.
      emit: (o) =>
        soon(() => {
          if (active && !stopped) send('background', 'capture.observation', o).catch(onSendError);
        }),
    });
    // Guide me: independent of capture (works with no recording live, records nothing).
    const guide = createPageGuide({
      win: window,
      acted: (runId, step) => void send('background', 'guide.acted', { runId, step }).catch(onSendError),
      control: (runId, step, action) => void send('background', 'guide.control', { runId, step, action }).catch(onSendError),
    });

    // Check against the app (the drift check's replay): acts only when the background asks, in its own window.
    const check = createPageCheck(window);

    const tracker = createActionTracker({ win: window, isActive: () => gate.capturing() && !stopped, ignore: (e) => guide.owns(e), emit: forward, now: clock, soon, onAction: () => observer.afterAction() });
    const frames = createFrameRegistry(window, () => {
      if (frameToken) announceFrame(window, frameToken);
    });

    // Secrets are masked here, so they never even cross a message; the background masks again.
    function forward(out: TrackerOutput): void {
      if (out.type === 'shot') {
        if (holdOnSecretFocus && secretFocus.focused()) {
          skippedShots.add(out.shotId);
          return;
        }
        // Held: sent with the action at the answer, without the state history (not followed before it).
        if (!active) return void deliver({ verb: 'capture.shot', payload: { shotId: out.shotId, at: out.at } });
        // Right after the dispatch (not in it): if the page has not changed since the click began, its current
        // state is the one the frame before the click shows — measure it now, before a navigation can take it
        // away, and send the recent states along (the background answers from them if the page is gone).
        const seq = screen?.states.currentSeq();
        soon(() => {
          if (seq !== undefined) screen?.states.measureIfCurrent(seq);
          const states = screen?.states.history();
          send('background', 'capture.shot', { shotId: out.shotId, at: out.at, ...(states ? { states } : {}) }).catch(onSendError);
        });
        return;
      }
      const shotId = out.shotId && !skippedShots.delete(out.shotId) ? out.shotId : undefined;
      const { action, page } = maskDeep({ action: out.action, page: out.page });
      deliver({ verb: 'capture.action', payload: { action, page, viewport: out.viewport, at: out.at, ...(shotId ? { shotId } : {}) } });
    }

    function deliver(item: Captured): void {
      if (gate.offer(item) === 'send') sendCaptured(item);
    }

    function sendCaptured({ verb, payload }: Captured): void {
      if (verb === 'capture.shot') send('background', verb, payload).catch(onSendError);
      else send('background', verb, payload).catch(onSendError);
    }

    function sendLink(link: { token: string; selector: string }): void {
      send('background', 'capture.frameLink', link).catch(onSendError);
    }

    function setState(state: ContentState): void {
      const next = state.recording && !state.paused;
      const was = active;
      holdOnSecretFocus = state.holdOnSecretFocus !== false;
      if (gate.capturing() && !next) tracker.flush();
      // Links are only worth a message while recording; frames that appeared before are sent now, and a
      // subframe names itself again (the background forgets frame tokens between recordings).
      if (!active && next) {
        frames.links().forEach(sendLink);
        if (frameToken) send('background', 'capture.hello', { isTop, frameToken, page: maskDeep({ url: location.href, title: document.title }) }).catch(onSendError);
      }
      active = next;
      if (!was && active) observer.start();
      if (was && !active) observer.stop();
      // What is on screen, and what of it is secret, is followed for as long as the recording lasts, paused
      // or not (see screen-states): a screenshot of the moment before a pause, or of a step that settles as
      // the pause begins (typing flushed by it), is placed from this history; without it the shot is withheld.
      if (!screen && state.recording) {
        const index = createSecretIndex(document);
        secrets = index;
        screen = watchScreenStates(window, {
          now: clock,
          measure: () => ({ boxes: [...index.boxes(), ...frames.silentFrames()], view: readFrameView(window), frames: frames.places() }),
          sameBoxes: createTypingBoxRule(),
        });
      }
      if (screen && !state.recording) {
        screen.stop();
        screen = undefined;
        secrets?.stop();
        secrets = undefined;
      }
      // Focus changes are not reported while capture is off: say where it is now (a secret field focused
      // before capture began holds it from the start; one left meanwhile must not keep holding it).
      if (!was && active) send('background', 'capture.sensitiveFocus', { focused: secretFocus.focused(), at: clock() }).catch(onSendError);
      // What was captured before the answer, in capture order with its own times (or dropped: not recorded).
      gate.settle(next).forEach(sendCaptured);
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
      secretFocus.detach();
      screen?.stop();
      secrets?.stop();
      observer.stop();
      guide.detach();
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
        'content.boxesAt': ({ from, to, since }): BoxesAnswer =>
          screen ? screen.states.boxesAt(from, to, since) : { known: false, reason: 'this frame is not capturing', changedSince: false },
        'content.guideFind': (p) => guide.find(p),
        'content.guidePanel': (p) => guide.panel(p),
        'content.guideClear': (p) => guide.clear(p),
        'content.guideSnap': (p) => guide.snap(p),
        'content.driftFind': (p) => check.find(p),
        'content.driftAct': (p) => check.act(p),
      }),
      'content',
    );
    window.addEventListener('message', onMessage);
    ctx.onInvalidated(stop);

    if (frameToken) announceFrame(window, frameToken);
    queryChildFrames(window);
    // `at`: when this document's script started, before anything it captures; a tab adopted at this hello
    // is said to open then (the buffered click must come after it).
    const helloAt = clock();
    const hello = (retry: number): void => {
      send('background', 'capture.hello', { isTop, frameToken, at: helloAt, page: maskDeep({ url: location.href, title: document.title }) })
        .then((state) => {
          // A state broadcast may have answered first; it is as new as this answer or newer.
          if (gate.phase() === 'unknown') setState(state);
        })
        .catch(() => {
          if (ctx.isInvalid) return stop();
          const wait = HELLO_RETRIES_MS[retry];
          if (wait !== undefined && gate.phase() === 'unknown') ctx.setTimeout(() => hello(retry + 1), wait);
        });
    };
    hello(0);
  },
});
