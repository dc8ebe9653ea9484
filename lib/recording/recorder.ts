/**
 * The background's recording logic, with every browser and storage call injected (see RecorderPorts) so it
 * runs under Vitest. Holds no state of its own: the service worker may be stopped between any two calls, so
 * everything lives behind `ports.state` (storage.session) and the database. Handlers are idempotent.
 */
import type {
  Box,
  RecordingState,
  ShotId,
  ViewportInfo,
} from '../model';
import { COUNT_WINDOW } from './live-step-count';
import * as tr from './transitions';
import { tabBlocked, urlBlocked, withSensitiveFocus, withTabUrl, withoutTabFocus } from '../privacy/privacy-hold';
import { maskDeep } from '../privacy/secrets';
import { linkFrame, placeInTab } from './frames';
import { createShots } from './shots';
import { createSession } from './session';
import type { RecorderPorts } from './ports';
import { clampTime, contentState, createContext } from './context';
import type { CaptureSender, Payload, Result, TabEvents } from './verbs';

export function createRecorder(ports: RecorderPorts) {
  const ctx = createContext(ports);
  const { exclusive, setState, settleHold, record, refreshCount } = ctx;
  const shots = createShots(ports);
  const session = createSession(ctx, shots);
  const { stopIfDiskFull } = session;

  /**
   * Follow a tab opened by a followed tab (idempotent: a tab already followed is left as it is). Called from
   * whichever comes first, the browser's new-tab event or the new page's own hello, inside `exclusive`.
   * `at`: when the tab opened (the event's time, or the new page's script start): never later than anything
   * done in it, so the tab-open step comes before the actions of the tab even when this runs late (a service
   * worker waking up, a queue of handlers ahead). Returns the state when the tab is followed now.
   */
  async function adoptTab(p: TabEvents['tabOpened']): Promise<{ state: RecordingState; adopted: boolean } | undefined> {
    const state = await ports.state.get();
    if (!tr.isLive(state)) return undefined;
    if (state.tabIds.includes(p.tabId)) return { state, adopted: false };
    if (!tr.capturing(state, p.openerTabId)) return undefined;
    const next = await setState(withTabUrl(tr.followTab(state, p.tabId), p.tabId, p.url));
    if (!tabBlocked(next, p.tabId)) {
      const now = ports.now();
      const at = p.at === undefined ? now : clampTime(p.at, next, now);
      await refreshCount(next, await record(next, p.tabId, 0, Math.min(at, now), { url: p.url, title: p.title }, { kind: 'tab-open', openerTabId: p.openerTabId }));
    }
    return { state: await ports.state.get(), adopted: true };
  }


  return {
    getState: session.getState,
    start: session.start,
    pause: session.pause,
    resume: session.resume,
    stop: session.stop,
    recover: session.recover,
    discard: session.discard,
    mediaStatus: session.mediaStatus,

    /** A frame's content script (re)starts: tell it whether to capture; remember its frame token. */
    hello: async ({ isTop, frameToken, page, at }: Payload<'capture.hello'>, sender: CaptureSender): Promise<Result<'capture.hello'>> => {
      let state = await ports.state.get();
      if (!tr.isLive(state) || sender.tabId === undefined) return { recording: false, paused: false };
      if (!state.tabIds.includes(sender.tabId)) {
        // Not followed, or not yet: the browser's new-tab event may be queued behind other handlers (waiting
        // here lets it land first), or not delivered at all (a worker waking up, a busy machine): a top frame
        // whose tab a followed tab opened adopts it. A subframe waits here behind its top frame's hello.
        const tabId = sender.tabId;
        const followed = await exclusive(async () => {
          const tab = isTop ? await ports.tabs.get(tabId) : undefined;
          if (tab?.openerTabId === undefined) return ports.state.get();
          const adopted = await adoptTab({ tabId, openerTabId: tab.openerTabId, url: page.url, title: page.title, ...(at === undefined ? {} : { at }) });
          // Frames answered before (told to stay idle) capture from now on.
          if (adopted?.adopted) await ports.tabs.broadcast(tabId, contentState(adopted.state, tabId)).catch(() => undefined);
          return adopted?.state;
        });
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
    sensitiveFocus: ({ focused, at }: Payload<'capture.sensitiveFocus'>, sender: CaptureSender): Promise<Result<'capture.sensitiveFocus'>> =>
      exclusive(async () => {
        const state = await ports.state.get();
        if (!tr.isLive(state) || sender.tabId === undefined || !state.tabIds.includes(sender.tabId)) return;
        const now = ports.now();
        await settleHold(withSensitiveFocus(state, sender.tabId, sender.frameId ?? 0, focused), at === undefined ? now : clampTime(at, state, now));
      }),

    observed: async (p: Payload<'capture.observation'>, sender: CaptureSender): Promise<Result<'capture.observation'>> => {
      const state = await ports.state.get();
      if (!tr.capturing(state, sender.tabId) || tabBlocked(state, sender.tabId)) return;
      await ports.store
        .addObservation({ id: ports.newId(), sessionId: state.sessionId!, tabId: sender.tabId!, at: clampTime(p.at, state, ports.now()), kind: p.kind, text: maskDeep(p.text) })
        .catch((e: unknown) => exclusive(() => stopIfDiskFull(e)));
    },

    frameLink: (p: Payload<'capture.frameLink'>, sender: CaptureSender) => linkFrame(ports, p, sender),

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

    /**
     * `at`: when the browser committed it. Not when the queue reached it: behind slow screenshot work that can be
     * seconds later, too late to be read as the click's consequence (an SPA route became a step of its own).
     */
    navigated: (p: TabEvents['navigated']): Promise<void> => {
      const heardAt = ports.now();
      return exclusive(async () => {
        const before = await ports.state.get();
        if (!tr.isLive(before) || !before.tabIds.includes(p.tabId)) return;
        // Onto or off a never-record site: hold or release before anything else; a new page has no focus.
        const state = await settleHold(withTabUrl(withoutTabFocus(before, p.tabId), p.tabId, p.url));
        if (!tr.capturing(state, p.tabId)) return;
        if (!tabBlocked(state, p.tabId)) {
          const tab = await ports.tabs.get(p.tabId);
          const title = tab?.url === p.url ? tab.title : '';
          const when = clampTime(Math.min(p.at ?? heardAt, heardAt), state, ports.now());
          const event = await record(state, p.tabId, 0, when, { url: p.url, title }, { kind: 'navigate', cause: p.cause });
          await refreshCount(state, event);
        }
        await ports.tabs.broadcast(p.tabId, contentState(state, p.tabId)).catch(() => undefined);
      }).catch((e: unknown) => exclusive(() => stopIfDiskFull(e)));
    },

    /** A tab's title settled after a navigation: name the navigation after it. */
    titled: (p: TabEvents['titled']): Promise<void> =>
      exclusive(async () => {
        const state = await ports.state.get();
        if (!tr.isLive(state) || !state.tabIds.includes(p.tabId) || tabBlocked(state, p.tabId)) return;
        const events = await ports.store.recentEvents(state.sessionId!, COUNT_WINDOW);
        const last = [...events].reverse().find((e) => e.tabId === p.tabId && (e.kind === 'navigate' || e.kind === 'tab-open'));
        if (last && last.page.url === p.url && last.page.title !== p.title && ports.now() - last.at < 15_000) {
          await ports.store.addEvent({ ...last, page: maskDeep({ url: p.url, title: p.title }) });
        }
      }),

    /** `at`: when the browser created the tab (the event's own time stamp). */
    tabOpened: (p: TabEvents['tabOpened']): Promise<void> =>
      exclusive(async () => {
        const adopted = await adoptTab(p);
        // Already followed (its page said hello first): its frames were answered then.
        if (!adopted?.adopted) return;
        await ports.tabs.broadcast(p.tabId, contentState(adopted.state, p.tabId)).catch(() => undefined);
      }),

    /** The browser zoom of a tab changed (tabs.onZoomChange): shots captured around it are not trusted. */
    zoomChanged: (p: TabEvents['zoomChanged']): Promise<void> =>
      exclusive(async () => {
        const state = await ports.state.get();
        if (!tr.isLive(state) || !state.tabIds.includes(p.tabId)) return;
        await setState({ ...state, zoomChangedAt: { ...state.zoomChangedAt, [p.tabId]: ports.now() } });
      }),

    /** `at`: when the browser reported the switch (not when this handler's turn came). */
    tabActivated: (p: TabEvents['tabActivated']): Promise<void> =>
      exclusive(async () => {
        const state = await ports.state.get();
        if (!tr.capturing(state, p.tabId) || tabBlocked(state, p.tabId)) return;
        const now = ports.now();
        const at = p.at === undefined ? now : clampTime(p.at, state, now);
        // The last event up to the switch: an action in the new tab sent before this ran is after it anyway.
        const before = (await ports.store.recentEvents(state.sessionId!, COUNT_WINDOW)).filter((e) => e.at <= at);
        const last = before.at(-1);
        if (!last || last.tabId === p.tabId) return;
        const tab = await ports.tabs.get(p.tabId);
        await refreshCount(state, await record(state, p.tabId, 0, Math.min(at, now), { url: tab?.url ?? '', title: tab?.title ?? '' }, { kind: 'tab-switch' }));
      }),

    tabClosed: async (p: TabEvents['tabClosed']): Promise<{ stopRequested: boolean }> => {
      const state = await ports.state.get();
      if (!tr.isLive(state)) return { stopRequested: false };
      if (p.tabId === state.tabId) return { stopRequested: true };
      if (state.tabIds.includes(p.tabId)) await exclusive(async () => setState(tr.dropTab(await ports.state.get(), p.tabId)));
      return { stopRequested: false };
    },

  };
}

export type Recorder = ReturnType<typeof createRecorder>;
