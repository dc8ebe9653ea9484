import { beforeEach, describe, expect, it } from 'vitest';
import { createRecorder } from '../../../lib/recording/recorder';
import { DEFAULT_PRIVACY_SETTINGS, type PrivacySettings } from '../../../lib/privacy/site-rules';
import { click, fakeRecorderPorts, page, target, viewport } from '../recording/fake-recorder-ports';

const TOKEN = 'ghp_' + 'FAKEtoken1234567890abcdefghijklmnopq';

const top = { tabId: 1, frameId: 0 };
const SPOKEN = { segments: [{ startMs: 0, endMs: 1_000, text: 'My password is hunter2, then deploy.' }], model: 'fake', createdAt: 1 };
/** Privacy rules with one never-record pattern, and a narration that speaks a password. */
const fakePorts = (privacy: PrivacySettings = { ...DEFAULT_PRIVACY_SETTINGS, blockedSites: ['*.bank.test'] }) => fakeRecorderPorts({ privacy, transcript: SPOKEN });

let f: ReturnType<typeof fakeRecorderPorts>;
let recorder: ReturnType<typeof createRecorder>;
beforeEach(() => {
  f = fakePorts();
  recorder = createRecorder(f.ports);
});

describe('recorder: never-record sites', () => {
  it('refuses Start on one, with the pattern in the message', async () => {
    f.setTabUrl('https://online.bank.test/login');
    await expect(recorder.start({ tabId: 1 })).rejects.toThrow(/turned off on this site.*\*\.bank\.test/);
    expect(f.state().phase).toBe('idle');
  });

  it('a recording that navigates onto one pauses there: no events, no shots, video paused; it resumes after', async () => {
    await recorder.start({ tabId: 1 });
    f.tick(1_000);
    await recorder.navigated({ tabId: 1, url: 'https://online.bank.test/', cause: 'link' });
    expect(f.state().hold).toBe('blocked-site');
    expect(f.mediaCalls).toEqual(['pause']);
    await recorder.action({ action: click(), page: { url: 'https://online.bank.test/', title: 'Bank' }, viewport, at: f.now() }, top);
    await recorder.shot({ shotId: 's1', at: f.now() }, top);
    expect(await recorder.hello({ isTop: true, page: { url: 'https://online.bank.test/', title: 'Bank' } }, top)).toMatchObject({ paused: true });
    f.tick(5_000);
    await recorder.navigated({ tabId: 1, url: 'http://console.test/back', cause: 'link' });
    expect(f.state().hold).toBeUndefined();
    expect(f.mediaCalls).toEqual(['pause', 'resume']);
    expect(JSON.stringify(f.events)).not.toContain('bank.test');
    expect(f.grabs).toHaveLength(0);
    // the time on the bank site is paused time: the recording clock skipped it
    expect(f.events.at(-1)).toMatchObject({ kind: 'navigate', t: 1_000 });
  });
});

describe('recorder: pause while a secret field has focus', () => {
  it('holds (video paused, clock stopped) while focused, and lifts the hold when focus leaves', async () => {
    await recorder.start({ tabId: 1 });
    f.tick(1_000);
    await recorder.sensitiveFocus({ focused: true }, top);
    expect(f.state()).toMatchObject({ phase: 'recording', hold: 'sensitive-field' });
    expect(f.mediaCalls).toEqual(['pause']);
    f.tick(4_000);
    // the field's own value-less action is still a step
    await recorder.action({ action: { kind: 'input', target: target({ tag: 'input', sensitive: true }) }, page, viewport, at: f.now() }, top);
    await recorder.sensitiveFocus({ focused: false }, top);
    expect(f.state().hold).toBeUndefined();
    expect(f.mediaCalls).toEqual(['pause', 'resume']);
    expect(f.events.find((e) => e.kind === 'input')).toMatchObject({ t: 1_000 });
  });

  it('the hold spans the moments focus moved in the page, not when the messages were handled', async () => {
    await recorder.start({ tabId: 1 });
    const start = f.now();
    f.tick(1_000);
    await recorder.sensitiveFocus({ focused: true, at: start + 800 }, top);
    f.tick(3_000);
    const left = f.now();
    // handled 300 ms after focus left (a busy service worker); the click right after focus left comes later
    f.tick(300);
    await recorder.sensitiveFocus({ focused: false, at: left }, top);
    expect(f.state().pausedMs).toBe(left - (start + 800));
    await recorder.action({ action: click(), page, viewport, at: left + 10 }, top);
    expect(f.events.find((e) => e.kind === 'click')).toMatchObject({ t: 810 });
  });

  it('is off when the option is off', async () => {
    f = fakePorts({ blockedSites: [], pauseOnSensitiveFocus: false });
    recorder = createRecorder(f.ports);
    await recorder.start({ tabId: 1 });
    await recorder.sensitiveFocus({ focused: true }, top);
    expect(f.state().hold).toBeUndefined();
    expect(f.mediaCalls).toEqual([]);
  });

  it("the author's pause during a hold keeps the clock right, and Resume goes back into the hold", async () => {
    await recorder.start({ tabId: 1 });
    await recorder.sensitiveFocus({ focused: true }, top);
    f.tick(2_000);
    await recorder.pause();
    f.tick(3_000);
    const resumed = await recorder.resume();
    expect(resumed).toMatchObject({ phase: 'recording', hold: 'sensitive-field', pausedMs: 5_000 });
    await recorder.sensitiveFocus({ focused: false }, top);
    f.tick(1_000);
    expect(f.state().pausedMs).toBe(5_000);
    const { sopId } = await recorder.stop();
    expect(sopId).toBeTruthy();
  });
});

describe('recorder: masking and blurring before storage', () => {
  it('masks secrets in what a page sends and in URLs from the browser', async () => {
    await recorder.start({ tabId: 1 });
    await recorder.action({ action: { kind: 'input', target: target({ tag: 'input', name: 'Notes' }), value: `use ${TOKEN}` }, page: { url: 'http://console.test/?token=abc123', title: 'Shipyard' }, viewport, at: f.now() }, top);
    await recorder.navigated({ tabId: 1, url: 'http://console.test/cb?access_token=xyz789', cause: 'link' });
    const stored = JSON.stringify(f.events);
    expect(stored).not.toContain(TOKEN);
    expect(stored).not.toContain('abc123');
    expect(stored).not.toContain('xyz789');
    expect(stored).toContain('[masked GitHub token]');
  });

  it('masks a secret said aloud before the transcript is stored and aligned', async () => {
    await recorder.start({ tabId: 1 });
    await recorder.action({ action: click(), page, viewport, at: f.now() }, top);
    const saved: unknown[] = [];
    f.ports.store.saveDraft = async (sop, steps, doc) => void saved.push(sop, steps, doc);
    await recorder.stop();
    expect(JSON.stringify(saved)).not.toContain('hunter2');
  });

  it('blurs what every frame shows at the captured frame, in tab coordinates', async () => {
    await recorder.start({ tabId: 1 });
    f.links.set('tok', { tabId: 1, frameId: 7, parentFrameId: 0, selector: 'iframe' });
    f.frameBoxes.set(0, [{ x: 500, y: 400, width: 200, height: 30 }]);
    f.frameBoxes.set(7, [{ x: 1, y: 2, width: 30, height: 10 }]);
    await recorder.shot({ shotId: 's1', at: f.now() }, top);
    expect(f.grabs).toEqual([[{ x: 500, y: 400, width: 200, height: 30 }, { x: 101, y: 52, width: 30, height: 10 }]]);
    expect(f.kept[0]).toMatchObject({ view: { viewport: { width: 1280, height: 720 } }, phase: 'before' });
  });

  it('places a subframe\u2019s secrets where its iframe was in the captured frame, not where it is now', async () => {
    await recorder.start({ tabId: 1 });
    f.links.set('tok', { tabId: 1, frameId: 7, parentFrameId: 0, selector: 'iframe' });
    f.frameBoxes.set(7, [{ x: 1, y: 2, width: 30, height: 10 }]);
    // The page moved the iframe since (the fake's live frameRect says (100, 50)); at capture it was at (10, 300).
    f.setTopAnswer({ known: true, boxes: [], view: { width: 1280, height: 720, devicePixelRatio: 1 }, changedSince: false, frames: [{ token: 'tok', box: { x: 10, y: 300, width: 400, height: 300 } }] });
    await recorder.shot({ shotId: 's1', at: f.now() }, top);
    expect(f.grabs).toEqual([[{ x: 11, y: 302, width: 30, height: 10 }]]);
  });

  it('blurs a subframe whole when it cannot say what it shows, or its size does not match its iframe', async () => {
    await recorder.start({ tabId: 1 });
    f.links.set('tok', { tabId: 1, frameId: 7, parentFrameId: 0, selector: 'iframe' });
    f.frameBoxes.set(7, [{ x: 1, y: 2, width: 30, height: 10 }]);
    const ask = f.ports.tabs.boxesAt;
    f.ports.tabs.boxesAt = async (tab, frameId, w) => (frameId === 7 ? { known: false, reason: 'busy', changedSince: false } : ask(tab, frameId, w));
    await recorder.shot({ shotId: 's1', at: f.now() }, top);
    f.ports.tabs.boxesAt = async (tab, frameId, w) => (frameId === 7 ? { known: true, boxes: [{ x: 1, y: 2, width: 30, height: 10 }], view: { width: 800, height: 600, devicePixelRatio: 1 }, changedSince: false } : ask(tab, frameId, w));
    await recorder.shot({ shotId: 's2', at: f.now() }, top);
    // The fake iframe's content box is 400×300 at (100, 50).
    expect(f.grabs).toEqual([[{ x: 100, y: 50, width: 400, height: 300 }], [{ x: 100, y: 50, width: 400, height: 300 }]]);
  });

  it('takes the frame captured before the action even when the request comes late, and labels a later one', async () => {
    await recorder.start({ tabId: 1 });
    const clickAt = f.now();
    f.frameTimes.push(clickAt - 300, clickAt + 40);
    await recorder.shot({ shotId: 's1', at: clickAt }, top);
    expect(f.kept.at(-1)).toMatchObject({ shotId: 's1', phase: 'before' });
    // The page changed after the click, and only a later frame is left: stored, marked 'after'.
    f.frameTimes.splice(0, 2, clickAt + 40);
    f.setTopAnswer({ known: true, boxes: [], view: { width: 1280, height: 720, devicePixelRatio: 1 }, changedSince: true });
    await recorder.shot({ shotId: 's2', at: clickAt }, top);
    expect(f.kept.at(-1)).toMatchObject({ shotId: 's2', phase: 'after' });
    await recorder.action({ action: click(), page, viewport, at: clickAt, shotId: 's2' }, top);
    await recorder.stop();
    const step = f.saved.steps!.find((s) => s.kind === 'click')!;
    expect(step.shotId).toBe('s2');
    expect(step.highlight).toBeUndefined();
    expect(step.shotNote).toMatch(/after this action/);
  });

  it('keeps no pixels when the page cannot say what the frame shows: the step says why', async () => {
    await recorder.start({ tabId: 1 });
    f.setTopAnswer({ known: false, reason: 'the page changed around the frame before its secrets could be located', changedSince: true });
    await recorder.shot({ shotId: 's1', at: f.now() }, top);
    expect(f.kept).toHaveLength(0);
    expect(f.shots).toEqual([expect.objectContaining({ id: 's1', withheld: expect.stringMatching(/^Screenshot withheld: could not place the privacy blur/) })]);
    await recorder.action({ action: click(), page, viewport, at: f.now(), shotId: 's1' }, top);
    await recorder.stop();
    const step = f.saved.steps!.find((s) => s.kind === 'click')!;
    expect(step.shotId).toBeUndefined();
    expect(step.highlight).toBeUndefined();
    expect(step.shotNote).toMatch(/^Screenshot withheld/);
  });

  it('does not trust a frame captured around a browser zoom change', async () => {
    await recorder.start({ tabId: 1 });
    f.frameTimes.push(f.now() - 100);
    await recorder.zoomChanged({ tabId: 1 });
    await recorder.shot({ shotId: 's1', at: f.now() }, top);
    expect(f.shots.at(-1)).toMatchObject({ id: 's1', withheld: expect.stringMatching(/zoom changed/) });
  });

  it('checks the captureVisibleTab fallback the same way before storing it', async () => {
    f.noStream();
    await recorder.start({ tabId: 1 });
    f.frameBoxes.set(0, [{ x: 5, y: 5, width: 50, height: 20 }]);
    await recorder.shot({ shotId: 's1', at: f.now() }, top);
    expect(f.blurred).toEqual([[{ x: 5, y: 5, width: 50, height: 20 }]]);
    expect(await f.shots[0]!.blob.text()).toBe('blurred');
    expect(f.shots[0]).toMatchObject({ viewport: { width: 1280, height: 720 }, source: 'capture-visible-tab' });

    f.setTopAnswer(null);
    await recorder.shot({ shotId: 's2', at: f.now() }, top);
    expect(f.shots[1]).toMatchObject({ id: 's2', withheld: expect.stringMatching(/did not say/) });
  });
});
