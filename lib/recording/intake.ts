/**
 * Capture intake: what the content scripts send. A frame's hello (answered with whether to capture), its
 * actions and screenshot requests, what the page showed after an action, secret-field focus, and the
 * frame-announce links. Actions enter the serial queue as they arrive, so they are recorded in that order;
 * a screenshot request does not wait behind them, but never outruns Start.
 */
import type { Box, ShotId, ViewportInfo } from '../model';
import { tabBlocked, urlBlocked, withSensitiveFocus } from '../privacy/privacy-hold';
import { maskDeep } from '../privacy/secrets';
import { clampTime, contentState, type RecorderContext } from './context';
import { linkFrame, placeInTab, type FramePorts } from './frames';
import type { FrameLinksPort, MediaPort, RecorderPorts, StorePort } from './ports';
import type { Shots } from './shots';
import type { TabFollow } from './tab-follow';
import * as tr from './transitions';
import type { CaptureSender, Payload, Result } from './verbs';

export type IntakePorts = FramePorts &
  Pick<RecorderPorts, 'now' | 'newId' | 'state' | 'log'> & {
    readonly media: Pick<MediaPort, 'pause' | 'resume'>;
    readonly frameLinks: Pick<FrameLinksPort, 'merge'>;
    readonly store: Pick<StorePort, 'addObservation'>;
  };

export interface IntakeDeps {
  readonly shots: Pick<Shots, 'shoot'>;
  readonly follow: Pick<TabFollow, 'followFromHello'>;
  /** A write failed: stop on a full disk (run inside the queue), rethrow anything else. */
  stopIfDiskFull(e: unknown): Promise<void>;
}

export function createIntake(ctx: RecorderContext<IntakePorts>, { shots, follow, stopIfDiskFull }: IntakeDeps) {
  const { ports, exclusive, settleHold, record, refreshCount } = ctx;

  /** Pauses the video at once if a secret field's focus will hold this recording (see sensitiveFocus). */
  async function pauseForFocus(sender: CaptureSender): Promise<boolean> {
    const state = await ports.state.get();
    const holds = state.phase === 'recording' && !state.hold && state.privacy?.pauseOnSensitiveFocus !== false && sender.tabId !== undefined && state.tabIds.includes(sender.tabId);
    if (!holds) return false;
    await ports.media.pause().catch((e: unknown) => ports.log('hold: pause failed', e));
    return true;
  }

  return {
    /** A frame's content script (re)starts: tell it whether to capture; remember its frame token. */
    hello: async ({ isTop, frameToken, page, at }: Payload<'capture.hello'>, sender: CaptureSender): Promise<Result<'capture.hello'>> => {
      let state = await ports.state.get();
      if (!tr.isLive(state) || sender.tabId === undefined) return { recording: false, paused: false };
      if (!state.tabIds.includes(sender.tabId)) {
        // Not followed, or not yet: the browser's new-tab event may be queued behind other handlers (waiting
        // here lets it land first), or not delivered at all (a worker waking up, a busy machine): a top frame
        // whose tab a followed tab opened adopts it. A subframe waits here behind its top frame's hello.
        const tabId = sender.tabId;
        const followed = await follow.followFromHello({ tabId, isTop, page, at });
        if (!followed || !followed.tabIds.includes(tabId)) return { recording: false, paused: false };
        state = followed;
      }
      // Only while recording: every frame of every page says hello, and storage.session is small.
      if (frameToken && sender.frameId !== undefined) await ports.frameLinks.merge(frameToken, { tabId: sender.tabId!, frameId: sender.frameId });
      // A frame of a never-record site (even inside an allowed page) never captures.
      if (urlBlocked(state, page.url)) return { ...contentState(state, sender.tabId), paused: true };
      return contentState(state, sender.tabId);
    },

    /** A secret field gained or lost focus in a frame: hold capture meanwhile (Options). */
    sensitiveFocus: ({ focused, at }: Payload<'capture.sensitiveFocus'>, sender: CaptureSender): Promise<Result<'capture.sensitiveFocus'>> => {
      // The queue can be seconds behind a burst of actions (each waits for its screenshot): the video must stop
      // showing the field now, not when the hold's turn comes. The queued settle below does the bookkeeping.
      // Queued now, in arrival order (a focus lost right after must settle after this one).
      const pausing = focused ? pauseForFocus(sender) : Promise.resolve(false);
      return exclusive(async () => {
        const pausedEarly = await pausing;
        const state = await ports.state.get();
        if (!tr.isLive(state) || sender.tabId === undefined || !state.tabIds.includes(sender.tabId)) return;
        const now = ports.now();
        const settled = await settleHold(withSensitiveFocus(state, sender.tabId, sender.frameId ?? 0, focused), at === undefined ? now : clampTime(at, state, now), { mediaPaused: pausedEarly });
        // Paused ahead of a hold that did not come (focus already gone again): nothing else keeps the video paused.
        if (pausedEarly && !settled.hold && settled.phase === 'recording') await ports.media.resume().catch((e: unknown) => ports.log('hold: resume failed', e));
      });
    },

    observed: async (p: Payload<'capture.observation'>, sender: CaptureSender): Promise<Result<'capture.observation'>> => {
      const state = await ports.state.get();
      if (!tr.capturing(state, sender.tabId) || tabBlocked(state, sender.tabId)) return;
      await ports.store
        .addObservation({ id: ports.newId(), sessionId: state.sessionId!, tabId: sender.tabId!, at: clampTime(p.at, state, ports.now()), kind: p.kind, text: maskDeep(p.text) })
        .catch((e: unknown) => exclusive(() => stopIfDiskFull(e)));
    },

    frameLink: (p: Payload<'capture.frameLink'>, sender: CaptureSender): Promise<Result<'capture.frameLink'>> => linkFrame(ports, p, sender),

    shot: async ({ shotId, at, states }: Payload<'capture.shot'>, sender: CaptureSender): Promise<Result<'capture.shot'>> => {
      let state = await ports.state.get();
      // A never-record hold may be about to lift (the tab is navigating back): let that land first.
      if (state.phase === 'starting' || state.hold === 'blocked-site') {
        // Not serialised like actions (a shot must not wait behind them), but it may not outrun Start.
        await exclusive(async () => undefined);
        state = await ports.state.get();
      }
      if (!tr.capturing(state, sender.tabId)) return;
      await shots.shoot(state, sender.tabId!, shotId, clampTime(at, state, ports.now()), { frameId: sender.frameId ?? 0, ...(states ? { states } : {}) }).catch((e: unknown) => exclusive(() => stopIfDiskFull(e)));
    },

    action: (payload: Payload<'capture.action'>, sender: CaptureSender): Promise<Result<'capture.action'>> => {
      // Where a subframe is now, asked at once: by the time earlier actions and their screenshots are through
      // the queue, a dialog's iframe may be gone.
      const placing = sender.tabId !== undefined && sender.frameId ? placeInTab(ports, sender.tabId, sender.frameId, payload.action.target.box).catch(() => null) : Promise.resolve(null);
      return exclusive(async () => {
        const state = await ports.state.get();
        if (!tr.capturing(state, sender.tabId)) return;
        if (tabBlocked(state, sender.tabId) || urlBlocked(state, payload.page.url)) return;
        const tabId = sender.tabId!;
        const frameId = sender.frameId ?? 0;
        const at = clampTime(payload.at, state, ports.now());
        let shotId = payload.shotId;
        if (!shotId) {
          shotId = ports.newId();
          if (!(await shots.shoot(state, tabId, shotId, at, { frameId }))) shotId = undefined;
        }
        let action = payload.action;
        let boxInTab: Box | undefined = action.target.box;
        let viewport: ViewportInfo | undefined = payload.viewport;
        if (frameId !== 0) {
          const placed = await placing;
          boxInTab = placed?.box;
          viewport = placed?.viewport;
          // (A page cannot send framePathIndexes itself: the action schema strips it.)
          if (placed) action = { ...action, target: { ...action.target, framePath: placed.framePath, ...(placed.framePathIndexes ? { framePathIndexes: placed.framePathIndexes } : {}) } };
        }
        const event = await record(state, tabId, frameId, at, payload.page, action, { shotId: shotId as ShotId | undefined, boxInTab, viewport });
        await refreshCount(state, event);
      }).catch((e: unknown) => exclusive(() => stopIfDiskFull(e)));
    },
  };
}
