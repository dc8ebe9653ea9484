/**
 * Following tabs: the tabs a followed tab opens (adopted from the browser's new-tab event or the new page's
 * own hello, whichever comes first), navigations and the titles that settle after them, tab switches, zoom
 * changes and closed tabs. Each event enters the serial queue when it is heard, so what it records keeps its
 * place among the actions.
 */
import type { RecordingState } from '../model';
import { tabBlocked, withTabUrl, withoutTabFocus } from '../privacy/privacy-hold';
import { maskDeep } from '../privacy/secrets';
import { clampTime, contentState, type RecorderContext } from './context';
import { COUNT_WINDOW } from './live-step-count';
import type { RecorderPorts, StorePort, TabsPort } from './ports';
import * as tr from './transitions';
import type { Payload, TabEvents } from './verbs';

export type TabFollowPorts = Pick<RecorderPorts, 'now' | 'state'> & {
  readonly tabs: Pick<TabsPort, 'get' | 'broadcast'>;
  readonly store: Pick<StorePort, 'recentEvents' | 'addEvent'>;
};

export function createTabFollow(ctx: RecorderContext<TabFollowPorts>, { stopIfDiskFull }: { stopIfDiskFull(e: unknown): Promise<void> }) {
  const { ports, exclusive, setState, settleHold, record, refreshCount } = ctx;

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
    /**
     * A top frame says hello from a tab not followed (yet): adopt the tab when a followed tab opened it. In the
     * queue, so a new-tab event queued ahead lands first, and a subframe's hello waits behind its top frame's.
     * Resolves with the state after: the tab is followed in it, or not.
     */
    followFromHello: ({ tabId, isTop, page, at }: { tabId: number } & Pick<Payload<'capture.hello'>, 'isTop' | 'page' | 'at'>): Promise<RecordingState | undefined> =>
      exclusive(async () => {
        const tab = isTop ? await ports.tabs.get(tabId) : undefined;
        if (tab?.openerTabId === undefined) return ports.state.get();
        const adopted = await adoptTab({ tabId, openerTabId: tab.openerTabId, url: page.url, title: page.title, at });
        // Frames answered before (told to stay idle) capture from now on.
        if (adopted?.adopted) await ports.tabs.broadcast(tabId, contentState(adopted.state, tabId)).catch(() => undefined);
        return adopted?.state;
      }),

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

export type TabFollow = ReturnType<typeof createTabFollow>;
