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

  it('passes every frame\u2019s secret boxes, in tab coordinates, to the grab', async () => {
    await recorder.start({ tabId: 1 });
    f.links.set('tok', { tabId: 1, frameId: 7, parentFrameId: 0, selector: 'iframe' });
    f.frameBoxes.set(7, [{ x: 1, y: 2, width: 30, height: 10 }]);
    const own = [{ x: 500, y: 400, width: 200, height: 30 }];
    await recorder.shot({ shotId: 's1', at: f.now(), blur: own }, top);
    expect(f.grabs).toEqual([[...own, { x: 101, y: 52, width: 30, height: 10 }]]);
  });

  it('blurs the captureVisibleTab fallback before storing it, and keeps no shot it cannot blur', async () => {
    f.noStream();
    await recorder.start({ tabId: 1 });
    await recorder.shot({ shotId: 's1', at: f.now(), blur: [{ x: 5, y: 5, width: 50, height: 20 }] }, top);
    expect(f.blurred).toEqual([[{ x: 5, y: 5, width: 50, height: 20 }]]);
    expect(await f.shots[0]!.blob.text()).toBe('blurred');

    const bare = fakePorts();
    bare.noStream();
    delete (bare.ports as { privacy?: unknown }).privacy;
    const r = createRecorder(bare.ports);
    await r.start({ tabId: 1 });
    await r.shot({ shotId: 's2', at: bare.now(), blur: [{ x: 5, y: 5, width: 50, height: 20 }] }, top);
    expect(bare.shots).toHaveLength(0);
  });
});
