/** Following tabs alone: the shared context on the fake ports, a recording already running in tab 1. */
import { beforeEach, describe, expect, it } from 'vitest';
import { IDLE_STATE, type SessionId } from '../../../lib/model';
import { createContext } from '../../../lib/recording/context';
import { createTabFollow } from '../../../lib/recording/tab-follow';
import { fakeRecorderPorts } from './fake-recorder-ports';

let f: ReturnType<typeof fakeRecorderPorts>;
let follow: ReturnType<typeof createTabFollow>;
let writeFailures: unknown[];
beforeEach(async () => {
  f = fakeRecorderPorts();
  writeFailures = [];
  await f.ports.state.set({ ...IDLE_STATE, phase: 'recording', sessionId: 'session-1' as SessionId, tabId: 1, tabIds: [1], startedAt: f.now(), streaming: true });
  follow = createTabFollow(createContext(f.ports), { stopIfDiskFull: async (e) => void writeFailures.push(e) });
  f.tick(1_000);
});

describe('tab following', () => {
  it('adopts a tab a followed tab opened, once, its tab-open stamped when the browser created it', async () => {
    const created = f.now() - 300;
    await follow.tabOpened({ tabId: 9, openerTabId: 1, url: 'http://console.test/runbook', title: 'Runbook', at: created });
    await follow.tabOpened({ tabId: 9, openerTabId: 1, url: 'http://console.test/runbook', title: 'Runbook', at: created });
    await follow.tabOpened({ tabId: 12, openerTabId: 3, url: 'http://elsewhere.test/', title: '' });
    expect(f.state().tabIds).toEqual([1, 9]);
    expect(f.events).toEqual([expect.objectContaining({ kind: 'tab-open', tabId: 9, at: created, openerTabId: 1 })]);
    expect(f.broadcasts).toEqual([{ tabId: 9, recording: true, paused: false }]);
  });

  it('adopts from a top frame’s hello when the browser says who opened the tab, not from a subframe’s', async () => {
    f.openers.set(9, 1);
    const runbook = { url: 'http://console.test/runbook', title: 'Runbook' };
    expect((await follow.followFromHello({ tabId: 9, isTop: false, page: runbook }))?.tabIds).toEqual([1]);
    expect((await follow.followFromHello({ tabId: 9, isTop: true, page: runbook }))?.tabIds).toEqual([1, 9]);
  });

  it('stamps a navigation when the browser committed it and names it after the title that settles later', async () => {
    const committed = f.now() - 200;
    await follow.navigated({ tabId: 1, url: 'http://console.test/audit', cause: 'link', at: committed });
    await follow.titled({ tabId: 1, url: 'http://console.test/audit', title: 'Audit log' });
    expect(f.events).toEqual([expect.objectContaining({ kind: 'navigate', at: committed, page: { url: 'http://console.test/audit', title: 'Audit log' } })]);
  });

  it('hands a failed write to the full-disk stop', async () => {
    const full = Object.assign(new Error('full'), { name: 'QuotaExceededError' });
    f.ports.store.addEvent = async () => {
      throw full;
    };
    await follow.navigated({ tabId: 1, url: 'http://console.test/audit', cause: 'link' });
    expect(writeFailures).toEqual([full]);
  });

  it('asks to stop when the recorded tab closes, and drops any other followed tab', async () => {
    await follow.tabOpened({ tabId: 9, openerTabId: 1, url: 'http://console.test/runbook', title: '' });
    expect(await follow.tabClosed({ tabId: 9 })).toEqual({ stopRequested: false });
    expect(f.state().tabIds).toEqual([1]);
    expect(await follow.tabClosed({ tabId: 1 })).toEqual({ stopRequested: true });
  });
});
