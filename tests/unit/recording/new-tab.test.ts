/**
 * A tab the workflow opens, and what the person does in it right away: nothing may be lost or land before the
 * step that opened the tab, whichever of the browser's new-tab event and the new page's hello arrives first,
 * however late (the service worker asleep, handlers queued ahead).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createRecorder } from '../../../lib/recording/recorder';
import { click, fakeRecorderPorts, page, target, viewport } from './fake-recorder-ports';

let f: ReturnType<typeof fakeRecorderPorts>;
let recorder: ReturnType<typeof createRecorder>;

const runbook = { url: 'http://console.test/runbook', title: 'Runbook — payments-api' };
const openRunbook = click(target({ tag: 'a', role: 'link', name: 'Open runbook' }));
const acknowledge = click(target({ name: 'Acknowledge' }));

beforeEach(async () => {
  f = fakeRecorderPorts();
  recorder = createRecorder(f.ports);
  await recorder.start({ tabId: 1 });
  f.tick(1_000);
});

/** The person clicks "Open runbook" in tab 1 at the current time. */
async function clickOpenRunbook(): Promise<number> {
  const at = f.now();
  await recorder.action({ action: openRunbook, page, viewport, at }, { tabId: 1, frameId: 0 });
  return at;
}

const kinds = () => [...f.events].filter((e) => e.kind !== 'navigate').sort((a, b) => a.at - b.at).map((e) => `${e.kind}@${e.tabId}`);

describe('a tab opened by the recorded tab', () => {
  it('hello from a tab whose opener is followed: adopted at once, the tab opens at the script start, and an early click lands after it', async () => {
    const clicked = await clickOpenRunbook();
    f.openers.set(9, 1);
    f.tick(100);
    const helloAt = f.now();
    // The service worker only gets to the hello (and the click held behind it) 900 ms later.
    f.tick(900);
    const answer = await recorder.hello({ isTop: true, page: runbook, at: helloAt }, { tabId: 9, frameId: 0 });
    expect(answer).toEqual({ recording: true, paused: false });
    expect(f.state().tabIds).toEqual([1, 9]);
    const open = f.events.find((e) => e.kind === 'tab-open')!;
    expect(open).toMatchObject({ tabId: 9, at: helloAt, openerTabId: 1, page: runbook });
    expect(open.at).toBeGreaterThan(clicked);

    // The click held in the new page until that answer, sent with the time the person clicked.
    await recorder.action({ action: acknowledge, page: runbook, viewport, at: helloAt + 50 }, { tabId: 9, frameId: 0 });
    expect(kinds()).toEqual(['click@1', 'tab-open@9', 'click@9']);
    // The browser's own new-tab event comes last: already followed, nothing recorded twice, no second broadcast.
    const broadcasts = f.broadcasts.length;
    await recorder.tabOpened({ tabId: 9, openerTabId: 1, url: runbook.url, title: '', at: clicked + 10 });
    expect(f.events.filter((e) => e.kind === 'tab-open')).toHaveLength(1);
    expect(f.broadcasts).toHaveLength(broadcasts);

    await recorder.stop();
    expect(f.saved.steps?.map((s) => s.text)).toEqual(['Click **Open runbook**.', 'Switch to the new tab **Runbook — payments-api**.', 'Click **Acknowledge**.']);
  });

  it('hello before tabOpened with no opener known: not recorded yet; the new-tab event then adopts the tab and tells its frames', async () => {
    const clicked = await clickOpenRunbook();
    expect(await recorder.hello({ isTop: true, page: runbook }, { tabId: 9, frameId: 0 })).toEqual({ recording: false, paused: false });
    expect(f.state().tabIds).toEqual([1]);
    f.tick(2_000);
    await recorder.tabOpened({ tabId: 9, openerTabId: 1, url: runbook.url, title: '', at: clicked + 20 });
    expect(f.state().tabIds).toEqual([1, 9]);
    expect(f.broadcasts.at(-1)).toEqual({ tabId: 9, recording: true, paused: false });
    // Stamped when the browser created the tab, not when the handler ran.
    expect(f.events.find((e) => e.kind === 'tab-open')?.at).toBe(clicked + 20);
  });

  it('a hello waits for a new-tab event queued ahead of it instead of answering "not recording"', async () => {
    await clickOpenRunbook();
    // A slow handler holds the queue (a click being stored) while the tab opens and its page says hello.
    let release!: () => void;
    const addEvent = f.ports.store.addEvent;
    f.ports.store.addEvent = (e) => new Promise<void>((resolve) => (release = () => resolve(addEvent(e))));
    const slow = recorder.action({ action: click(), page, viewport, at: f.now() }, { tabId: 1, frameId: 0 });
    const opened = recorder.tabOpened({ tabId: 9, openerTabId: 1, url: runbook.url, title: '', at: f.now() });
    const hello = recorder.hello({ isTop: true, page: runbook }, { tabId: 9, frameId: 0 });
    await new Promise((r) => setTimeout(r, 0));
    f.ports.store.addEvent = addEvent;
    release();
    await Promise.all([slow, opened]);
    expect(await hello).toEqual({ recording: true, paused: false });
  });

  it('the new-tab event and the hello at the same time: one tab-open, one followed tab, a subframe answered after the adoption', async () => {
    const clicked = await clickOpenRunbook();
    f.openers.set(9, 1);
    const answers = await Promise.all([
      recorder.hello({ isTop: true, page: runbook, at: clicked + 40 }, { tabId: 9, frameId: 0 }),
      recorder.tabOpened({ tabId: 9, openerTabId: 1, url: runbook.url, title: '', at: clicked + 10 }),
      recorder.hello({ isTop: false, frameToken: 'sub', page: { url: 'http://widgets.test/', title: '' }, at: clicked + 45 }, { tabId: 9, frameId: 3 }),
    ]);
    expect(f.state().tabIds).toEqual([1, 9]);
    expect(f.events.filter((e) => e.kind === 'tab-open')).toHaveLength(1);
    expect(answers[2]).toEqual({ recording: true, paused: false });
  });

  it('a subframe saying hello before its top frame waits in line: the top frame’s adoption answers it', async () => {
    await clickOpenRunbook();
    f.openers.set(9, 1);
    let release!: () => void;
    const get = f.ports.tabs.get;
    f.ports.tabs.get = (id) => new Promise((resolve) => (release = () => resolve(get(id))));
    const top = recorder.hello({ isTop: true, page: runbook, at: f.now() }, { tabId: 9, frameId: 0 });
    const sub = recorder.hello({ isTop: false, frameToken: 'sub', page: { url: 'http://widgets.test/', title: '' }, at: f.now() }, { tabId: 9, frameId: 3 });
    await new Promise((r) => setTimeout(r, 0));
    f.ports.tabs.get = get;
    release();
    expect(await Promise.all([top, sub])).toEqual([{ recording: true, paused: false }, { recording: true, paused: false }]);
    // Frames told to stay idle before (a hello answered ahead of the adoption) hear it too.
    expect(f.broadcasts.at(-1)).toEqual({ tabId: 9, recording: true, paused: false });
  });

  it.each([
    ['an opener the recording does not follow', 3],
    ['no opener', undefined],
  ])('a hello from a tab with %s is not adopted', async (_, openerTabId) => {
    if (openerTabId !== undefined) f.openers.set(9, openerTabId);
    expect(await recorder.hello({ isTop: true, page: runbook, at: f.now() }, { tabId: 9, frameId: 0 })).toEqual({ recording: false, paused: false });
    expect(f.state().tabIds).toEqual([1]);
    expect(f.events.filter((e) => e.kind === 'tab-open')).toHaveLength(0);
  });

  it('a tab opened while paused is not adopted by its hello', async () => {
    f.openers.set(9, 1);
    await recorder.pause();
    expect(await recorder.hello({ isTop: true, page: runbook, at: f.now() }, { tabId: 9, frameId: 0 })).toEqual({ recording: false, paused: false });
    expect(f.state().tabIds).toEqual([1]);
  });

  it('no tab is adopted when nothing records', async () => {
    f.openers.set(9, 1);
    await recorder.stop();
    expect(await recorder.hello({ isTop: true, page: runbook, at: f.now() }, { tabId: 9, frameId: 0 })).toEqual({ recording: false, paused: false });
    expect(f.state().tabIds).toEqual([]);
  });

  it('a tab-open stamped in the future by a page clock is clamped to now', async () => {
    await clickOpenRunbook();
    f.openers.set(9, 1);
    await recorder.hello({ isTop: true, page: runbook, at: f.now() + 1_500 }, { tabId: 9, frameId: 0 });
    expect(f.events.find((e) => e.kind === 'tab-open')?.at).toBe(f.now());
  });
});

describe('switching to a followed tab', () => {
  it('is stamped when the browser reported it: a click in that tab stored first still comes after the switch', async () => {
    await clickOpenRunbook();
    // Opened in the background (middle-click), adopted at once.
    await recorder.tabOpened({ tabId: 9, openerTabId: 1, url: runbook.url, title: runbook.title, at: f.now() });
    f.tick(500);
    await recorder.action({ action: click(target({ name: 'Refresh' })), page, viewport, at: f.now() }, { tabId: 1, frameId: 0 });
    f.tick(1_000);
    const switchedAt = f.now();
    f.tick(200);
    // The click in tab 9 is stored before the switch handler gets its turn.
    await recorder.action({ action: acknowledge, page: runbook, viewport, at: f.now() }, { tabId: 9, frameId: 0 });
    f.tick(300);
    await recorder.tabActivated({ tabId: 9, at: switchedAt });
    expect(kinds()).toEqual(['click@1', 'tab-open@9', 'click@1', 'tab-switch@9', 'click@9']);
    await recorder.stop();
    expect(f.saved.steps?.map((s) => s.text)).toEqual(['Click **Open runbook**.', 'Click **Refresh**.', 'Switch to the tab **Shipyard**.', 'Click **Acknowledge**.']);
  });

  it('records no switch into the tab the workflow is already in', async () => {
    await recorder.tabOpened({ tabId: 9, openerTabId: 1, url: runbook.url, title: runbook.title, at: f.now() });
    await recorder.tabActivated({ tabId: 9, at: f.now() });
    expect(f.events.filter((e) => e.kind === 'tab-switch')).toHaveLength(0);
  });
});
