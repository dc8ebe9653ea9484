import { beforeEach, describe, expect, it } from 'vitest';
import { IDLE_STATE, type CapturedAction } from '../../../lib/model';
import { createRecorder } from '../../../lib/recording/recorder';
import { capturedActionSchema } from '../../../lib/messaging/schemas';
import { click, fakeRecorderPorts, page, target, viewport } from './fake-recorder-ports';

/** The page inside the subframes of these tests. */
const approvals = { url: 'http://widgets.test/approvals', title: 'Approvals' };

let f: ReturnType<typeof fakeRecorderPorts>;
let recorder: ReturnType<typeof createRecorder>;

beforeEach(() => {
  f = fakeRecorderPorts();
  recorder = createRecorder(f.ports);
});

describe('recorder', () => {
  it('records a click with its pointerdown screenshot and drafts an SOP at stop', async () => {
    await recorder.start({ tabId: 1 });
    expect(f.state().phase).toBe('recording');
    expect(f.injected()).toBe(1);
    expect(f.broadcasts.at(-1)).toEqual({ tabId: 1, recording: true, paused: false });
    f.tick(2_000);
    await recorder.shot({ shotId: 'shot-a', at: f.now() }, { tabId: 1, frameId: 0 });
    await recorder.action({ action: click(), page, viewport, at: f.now(), shotId: 'shot-a' }, { tabId: 1, frameId: 0 });
    expect(f.media.grabs).toBe(1);
    const clickEvent = f.events.find((e) => e.kind === 'click')!;
    expect(clickEvent).toMatchObject({ t: 2_000, shotId: 'shot-a', tabId: 1, frameId: 0 });
    expect(f.state().stepCount).toBe(1);

    const { sopId } = await recorder.stop();
    expect(sopId).toBeTruthy();
    expect(f.saved.sop).toMatchObject({ id: sopId, sourceUrl: 'http://console.test/', stepCount: 1, durationMs: 2_000 });
    expect(f.saved.steps?.map((s) => s.text)).toEqual(['Click **Deploy**.']);
    // the document is drafted with the steps: same SOP, a diagram that names the step
    expect(f.saved.doc).toMatchObject({ sopId, metadata: { title: f.saved.sop?.title } });
    expect(f.saved.doc?.diagram.source).toContain('Click Deploy');
    expect(f.state()).toMatchObject({ phase: 'idle', lastSopId: sopId });
    expect(f.media.stopped).toBe(1);
  });

  it('Stop waits for a screenshot still being taken: it needs the live stream', async () => {
    await recorder.start({ tabId: 1 });
    let release!: () => void;
    const order: string[] = [];
    f.ports.media.keepFrame = () =>
      new Promise((resolve) => {
        release = () => {
          order.push('grabbed');
          resolve({ ok: true });
        };
      });
    const stopMedia = f.ports.media.stop;
    f.ports.media.stop = async () => {
      order.push('media stopped');
      return stopMedia();
    };
    f.tick(1_000);
    const shot = recorder.shot({ shotId: 'shot-late', at: f.now() }, { tabId: 1, frameId: 0 });
    await recorder.action({ action: click(), page, viewport, at: f.now(), shotId: 'shot-late' }, { tabId: 1, frameId: 0 });
    const stopped = recorder.stop();
    await new Promise((r) => setTimeout(r, 20));
    expect(order).toEqual([]);
    release();
    await Promise.all([shot, stopped]);
    expect(order).toEqual(['grabbed', 'media stopped']);
  });

  it('ignores actions from tabs it does not follow and while paused', async () => {
    await recorder.start({ tabId: 1 });
    await recorder.action({ action: click(), page, viewport, at: f.now() }, { tabId: 2, frameId: 0 });
    await recorder.pause();
    await recorder.action({ action: click(), page, viewport, at: f.now() }, { tabId: 1, frameId: 0 });
    expect(f.events.filter((e) => e.kind === 'click')).toHaveLength(0);
    expect(f.broadcasts.at(-1)).toMatchObject({ recording: true, paused: true });
  });

  it('keeps recording steps when tab video cannot start, and says so', async () => {
    f.media.failStart = true;
    const state = await recorder.start({ tabId: 1 });
    expect(state).toMatchObject({ phase: 'recording', streaming: false });
    expect(state.error).toMatch(/Video could not start/);
    await recorder.action({ action: click(), page, viewport, at: f.now() }, { tabId: 1, frameId: 0 });
    // no stream: the fallback screenshot is stored by the background itself
    expect(f.shots).toHaveLength(1);
    expect(f.shots[0]?.source).toBe('capture-visible-tab');
  });

  it('never stays stuck in "starting" when storage fails, and says why', async () => {
    f.ports.store.createRecording = async () => {
      throw new Error('QuotaExceededError');
    };
    await expect(recorder.start({ tabId: 1 })).rejects.toThrow('QuotaExceededError');
    expect(f.state()).toMatchObject({ phase: 'idle', error: 'Recording could not start: QuotaExceededError' });
    expect(f.broadcasts.at(-1)).toEqual({ tabId: 1, recording: false, paused: false });
  });

  it('takes the video back when a slow start finishes after Start gave up waiting', async () => {
    f.media.failStart = true;
    await recorder.start({ tabId: 1 });
    expect(f.state()).toMatchObject({ streaming: false });
    await recorder.mediaStatus({ streaming: true });
    expect(f.state().streaming).toBe(true);
    expect(f.state().error).toBeUndefined();
    await recorder.action({ action: click(), page, viewport, at: f.now() }, { tabId: 1, frameId: 0 });
    expect(f.media.grabs).toBe(1);
  });

  it('says plainly when there is no narration, and when the mic comes back', async () => {
    await recorder.start({ tabId: 1 });
    await recorder.mediaStatus({ streaming: true, narration: { on: false, note: 'No narration: no microphone was found.' } });
    expect(f.state()).toMatchObject({ narration: 'off', narrationNote: 'No narration: no microphone was found.', streaming: true });
    await recorder.mediaStatus({ streaming: true, narration: { on: true } });
    expect(f.state()).toMatchObject({ narration: 'on', narrationNote: undefined });
  });

  it('puts the transcribed narration under the steps it talks about and drafts the purpose from the intro', async () => {
    f.ports.media.stop = async () => ({
      chunks: 1,
      bytes: 1,
      transcript: {
        model: 'tiny',
        createdAt: 0,
        segments: [
          { startMs: 0, endMs: 900, text: "We're deploying payments-api to production." },
          { startMs: 1_900, endMs: 2_400, text: 'Deploy only when the build is green.' },
        ],
      },
    });
    await recorder.start({ tabId: 1 });
    f.tick(2_000);
    await recorder.action({ action: click(), page, viewport, at: f.now() }, { tabId: 1, frameId: 0 });
    await recorder.stop();
    expect(f.saved.steps?.[0]?.narration).toBe('Deploy only when the build is green.');
    expect(f.saved.doc?.purpose.text).toContain('deploying payments-api to production');
  });

  it('refuses pages it cannot record', async () => {
    f.ports.tabs.get = async () => ({ url: 'chrome://settings', title: 'Settings', width: 1, height: 1, active: true });
    await expect(recorder.start({ tabId: 1 })).rejects.toThrow(/cannot be recorded/);
    expect(f.state().phase).toBe('idle');
  });

  it('places a subframe action in tab coordinates and records its frame path', async () => {
    await recorder.start({ tabId: 1 });
    await recorder.hello({ isTop: false, frameToken: 'tok', page: approvals }, { tabId: 1, frameId: 5 });
    await recorder.frameLink({ token: 'tok', selector: 'iframe[title="Approvals"]' }, { tabId: 1, frameId: 0 });
    await recorder.action({ action: click(), page, viewport: { width: 400, height: 300, devicePixelRatio: 1 }, at: f.now() }, { tabId: 1, frameId: 5 });
    const e = f.events.find((x) => x.kind === 'click')!;
    expect(e.boxInTab).toEqual({ x: 110, y: 70, width: 80, height: 30 });
    expect(e.viewport?.width).toBe(1280);
    expect(e.kind === 'click' && e.target.framePath).toEqual(['iframe[title="Approvals"]']);
    // Neither the handshake nor the parent said where the frame is among its siblings: no guess is stored.
    expect(e.kind === 'click' && 'framePathIndexes' in e.target).toBe(false);
  });

  it("records each iframe's child-frame index down the frame path: the parent's current one, else the handshake's", async () => {
    await recorder.start({ tabId: 1 });
    // Top (0) → outer iframe (frame 5, window.frames[2] of the top) → inner iframe (frame 8, index 1 at the handshake).
    await recorder.hello({ isTop: false, frameToken: 'outer', page: approvals }, { tabId: 1, frameId: 5 });
    await recorder.frameLink({ token: 'outer', selector: '#outer', index: 0 }, { tabId: 1, frameId: 0 });
    await recorder.hello({ isTop: false, frameToken: 'inner', page: approvals }, { tabId: 1, frameId: 8 });
    await recorder.frameLink({ token: 'inner', selector: '#inner', index: 1 }, { tabId: 1, frameId: 5 });
    // The top document inserted two iframes before the outer one since the handshake; the inner frame's
    // parent runs a script that reports no index.
    f.ports.tabs.frameRect = async (_tab, _frame, token) => ({
      box: { x: 10, y: 10, width: 400, height: 300 },
      viewport: { width: 1280, height: 720, devicePixelRatio: 1 },
      ...(token === 'outer' ? { index: 2 } : {}),
    });
    await recorder.action({ action: click(), page, viewport, at: f.now() }, { tabId: 1, frameId: 8 });
    const e = f.events.find((x) => x.kind === 'click')!;
    expect(e.kind === 'click' && e.target.framePath).toEqual(['#outer', '#inner']);
    expect(e.kind === 'click' && e.target.framePathIndexes).toEqual([2, 1]);
  });

  it("masks a secret in a select's option value before storing it, as in its label", async () => {
    await recorder.start({ tabId: 1 });
    const token = `ghp_${'a1B2c3D4e5'.repeat(3)}abcdef`;
    const select = target({ tag: 'select', role: 'combobox', name: 'Key' });
    await recorder.action({ action: { kind: 'change', target: select, value: 'Deploy key', optionValue: token }, page, viewport, at: f.now() }, { tabId: 1, frameId: 0 });
    const e = f.events.find((x) => x.kind === 'change')!;
    expect(JSON.stringify(e)).not.toContain(token);
    expect(e.kind === 'change' && e.optionValue).toMatch(/^\[masked/);
  });

  it('ignores frame indexes a page puts in the action it sends', async () => {
    await recorder.start({ tabId: 1 });
    const forged = click({ ...target(), framePathIndexes: [7] });
    await recorder.action({ action: capturedActionSchema.parse(forged) as CapturedAction, page, viewport, at: f.now() }, { tabId: 1, frameId: 0 });
    const e = f.events.find((x) => x.kind === 'click')!;
    expect(e.kind === 'click' && 'framePathIndexes' in e.target).toBe(false);
  });

  it('follows a tab opened by the workflow and tells its content script to capture', async () => {
    await recorder.start({ tabId: 1 });
    await recorder.tabOpened({ tabId: 9, openerTabId: 1, url: 'http://console.test/runbook', title: '' });
    expect(f.state().tabIds).toEqual([1, 9]);
    expect(await recorder.hello({ isTop: true, page: { url: 'http://console.test/runbook', title: 'Runbook' } }, { tabId: 9, frameId: 0 })).toEqual({ recording: true, paused: false });
    await recorder.tabOpened({ tabId: 12, openerTabId: 3, url: 'http://elsewhere/', title: '' });
    expect(f.state().tabIds).toEqual([1, 9]);
  });

  it('names a navigation after the title that arrives later', async () => {
    await recorder.start({ tabId: 1 });
    await recorder.navigated({ tabId: 1, url: 'http://console.test/audit', cause: 'typed' });
    await recorder.titled({ tabId: 1, url: 'http://console.test/audit', title: 'Audit log' });
    expect(f.events.at(-1)?.page.title).toBe('Audit log');
  });

  it('stamps a navigation when the browser committed it, not when a busy queue reached it', async () => {
    await recorder.start({ tabId: 1 });
    // The machine is busy: storing the click holds the recorder's queue for three seconds.
    let release!: () => void;
    const addEvent = f.ports.store.addEvent;
    f.ports.store.addEvent = async (e) => {
      if (e.kind === 'click') await new Promise<void>((r) => (release = r));
      return addEvent(e);
    };
    f.tick(1_000);
    const clickAt = f.now();
    const action = recorder.action({ action: click(), page, viewport, at: clickAt }, { tabId: 1, frameId: 0 });
    f.tick(120);
    const navigation = recorder.navigated({ tabId: 1, url: 'http://console.test/deploy', cause: 'push-state', at: clickAt + 80 });
    await new Promise((r) => setTimeout(r, 10));
    f.tick(3_000);
    release();
    await Promise.all([action, navigation]);
    expect(f.events.filter((e) => e.kind === 'navigate').at(-1)?.t).toBe(1_080);
    await recorder.stop();
    // The route is the click's consequence, not a step of its own.
    expect(f.saved.steps?.map((s) => s.text)).toEqual(['Click **Deploy**.']);
  });

  it('asks to stop when the recorded tab closes', async () => {
    await recorder.start({ tabId: 1 });
    expect(await recorder.tabClosed({ tabId: 1 })).toEqual({ stopRequested: true });
  });

  it('start and stop are idempotent', async () => {
    await recorder.start({ tabId: 1 });
    await recorder.start({ tabId: 1 });
    expect(f.media.started).toBe(1);
    const first = await recorder.stop();
    const second = await recorder.stop();
    expect(second.sopId).toBe(first.sopId);
  });

  it('does not trust a page clock outside the recording', async () => {
    await recorder.start({ tabId: 1 });
    f.tick(500);
    await recorder.action({ action: click(), page, viewport, at: f.now() + 10_000_000 }, { tabId: 1, frameId: 0 });
    expect(f.events.find((e) => e.kind === 'click')?.t).toBe(2_500);
  });
});

/** What IndexedDB throws when the origin's quota is used up (Dexie keeps the name). */
function quotaError(): Error {
  const e = new Error('The quota has been exceeded.');
  e.name = 'QuotaExceededError';
  return e;
}

describe('recorder on a full disk', () => {
  it('stops when an action cannot be stored, says why, and drafts the SOP from what was saved', async () => {
    await recorder.start({ tabId: 1 });
    f.tick(1_000);
    await recorder.action({ action: click(target({ name: 'Deploy' })), page, viewport, at: f.now() }, { tabId: 1, frameId: 0 });
    f.ports.store.addEvent = async () => {
      throw quotaError();
    };
    f.tick(1_000);
    await recorder.action({ action: click(target({ name: 'Approve', selectors: { css: '#approve' } })), page, viewport, at: f.now() }, { tabId: 1, frameId: 0 });
    expect(f.state()).toMatchObject({ phase: 'idle', error: 'Your disk is full: recording stopped; everything up to now is saved.' });
    expect(f.state().lastSopId).toBe(f.saved.sop?.id);
    expect(f.saved.steps?.map((s) => s.text)).toEqual(['Click **Deploy**.']);
    expect(f.media.stopped).toBe(1);
    expect(f.broadcasts.at(-1)).toEqual({ tabId: 1, recording: false, paused: false });
    expect(f.rows.get(f.state().lastSopId ? f.saved.sop!.sessionId! : '')).toMatchObject({ status: 'done', sopId: f.saved.sop?.id });
  });

  it('stops when a screenshot cannot be stored (the stream grab failed, the fallback hit the quota)', async () => {
    await recorder.start({ tabId: 1 });
    f.ports.media.keepFrame = async () => ({ ok: false });
    f.ports.store.putShot = async () => {
      throw quotaError();
    };
    await recorder.shot({ shotId: 'shot-a', at: f.now() }, { tabId: 1, frameId: 0 });
    expect(f.state()).toMatchObject({ phase: 'idle', error: expect.stringMatching(/^Your disk is full/) });
    expect(f.saved.sop).toBeDefined();
  });

  it('stops when the offscreen document cannot write a video chunk', async () => {
    await recorder.start({ tabId: 1 });
    await recorder.action({ action: click(), page, viewport, at: f.now() }, { tabId: 1, frameId: 0 });
    await recorder.mediaStatus({ streaming: true, error: 'Video chunks could not be saved', storageFull: true });
    expect(f.state()).toMatchObject({ phase: 'idle', error: expect.stringMatching(/^Your disk is full/) });
    expect(f.saved.steps).toHaveLength(1);
  });

  it('recognises a quota error wrapped by Dexie (inner) as a full disk, and nothing else', async () => {
    await recorder.start({ tabId: 1 });
    f.ports.store.addEvent = async () => {
      throw Object.assign(new Error('Transaction aborted'), { name: 'AbortError', inner: quotaError() });
    };
    await recorder.action({ action: click(), page, viewport, at: f.now() }, { tabId: 1, frameId: 0 });
    expect(f.state().phase).toBe('idle');

    f = fakeRecorderPorts();
    recorder = createRecorder(f.ports);
    await recorder.start({ tabId: 1 });
    f.ports.store.addEvent = async () => {
      throw new Error('Database closed');
    };
    await expect(recorder.action({ action: click(), page, viewport, at: f.now() }, { tabId: 1, frameId: 0 })).rejects.toThrow('Database closed');
    expect(f.state().phase).toBe('recording');
  });

  it('goes idle even when the draft itself cannot be saved, leaving the recording to recover later', async () => {
    await recorder.start({ tabId: 1 });
    await recorder.action({ action: click(), page, viewport, at: f.now() }, { tabId: 1, frameId: 0 });
    const sessionId = f.state().sessionId!;
    f.ports.store.saveDraft = async () => {
      throw quotaError();
    };
    expect(await recorder.stop()).toEqual({ sopId: null });
    expect(f.state()).toMatchObject({ phase: 'idle', error: expect.stringMatching(/Free some space, then recover/) });
    expect(f.rows.get(sessionId)).toMatchObject({ status: 'recording' });
  });
});

describe('recovering a recording the browser never finished', () => {
  /** A recording left as a closed browser leaves it: events stored, row still 'recording', state gone. */
  async function abandoned(): Promise<string> {
    await recorder.start({ tabId: 1 });
    f.tick(1_000);
    await recorder.action({ action: click(), page, viewport, at: f.now(), shotId: 'shot-a' }, { tabId: 1, frameId: 0 });
    f.tick(1_000);
    await recorder.action({ action: click(target({ name: 'Approve', selectors: { css: '#approve' } })), page, viewport, at: f.now() }, { tabId: 1, frameId: 0 });
    const sessionId = f.state().sessionId!;
    await f.ports.state.set(IDLE_STATE);
    return sessionId;
  }

  it('drafts the SOP from the stored events, keeps the video, and closes the row', async () => {
    const sessionId = await abandoned();
    f.ports.store.chunkSpan = async () => ({ count: 5, bytes: 5_000, lastT: 4_800 });
    const { sopId } = await recorder.recover({ sessionId: sessionId as never });
    expect(f.saved.sop).toMatchObject({ id: sopId, sessionId, stepCount: 2, durationMs: 4_800 });
    expect(f.saved.steps?.map((s) => s.text)).toEqual(['Click **Deploy**.', 'Click **Approve**.']);
    expect(f.rows.get(sessionId)).toMatchObject({ status: 'done', sopId });
    // a second click on Recover opens the same SOP instead of drafting another
    expect(await recorder.recover({ sessionId: sessionId as never })).toEqual({ sopId });
  });

  it('refuses to recover or discard the recording that is still running', async () => {
    await recorder.start({ tabId: 1 });
    const sessionId = f.state().sessionId! as never;
    await expect(recorder.recover({ sessionId })).rejects.toThrow('still running');
    await expect(recorder.discard({ sessionId })).rejects.toThrow('still running');
  });

  it('discards: the events and the row are gone', async () => {
    const sessionId = await abandoned();
    await recorder.discard({ sessionId: sessionId as never });
    expect(f.rows.has(sessionId)).toBe(false);
    expect(f.events.filter((e) => e.sessionId === sessionId)).toEqual([]);
  });
});

describe('a tab the workflow opens', () => {
  it('is adopted by its page\u2019s hello when that comes before the tab-opened event, its tab-open placed at the hello', async () => {
    const f = fakeRecorderPorts();
    const recorder = createRecorder(f.ports);
    await recorder.start({ tabId: 1 });
    f.tick(1_000);
    f.openers.set(2, 1);
    const helloAt = f.now() - 200;
    const state = await recorder.hello({ isTop: true, page: { url: 'http://console.test/runbook', title: 'Runbook' }, at: helloAt }, { tabId: 2, frameId: 0 });
    expect(state).toMatchObject({ recording: true, paused: false });
    expect(f.state().tabIds).toEqual([1, 2]);
    const open = f.events.find((e) => e.kind === 'tab-open')!;
    expect(open).toMatchObject({ tabId: 2, at: helloAt, openerTabId: 1 });
    // The browser's own event arrives later: nothing recorded twice.
    await recorder.tabOpened({ tabId: 2, openerTabId: 1, url: 'http://console.test/runbook', title: '' });
    expect(f.events.filter((e) => e.kind === 'tab-open')).toHaveLength(1);
    // Its first click, sent when the page learnt it was recorded, keeps the time it happened: after the tab-open.
    await recorder.action({ action: click(), page, viewport, at: helloAt + 50 }, { tabId: 2, frameId: 0 });
    await recorder.stop();
    expect(f.saved.steps!.map((s) => s.kind)).toEqual(['open-tab', 'click']);
  });

  it('is not adopted when nothing recorded opened it, or from a subframe\u2019s hello', async () => {
    const f = fakeRecorderPorts();
    const recorder = createRecorder(f.ports);
    await recorder.start({ tabId: 1 });
    f.openers.set(3, 99);
    expect(await recorder.hello({ isTop: true, page, at: f.now() }, { tabId: 3, frameId: 0 })).toMatchObject({ recording: false });
    f.openers.set(2, 1);
    expect(await recorder.hello({ isTop: false, frameToken: 'tok-aaaaaaaa', page, at: f.now() }, { tabId: 2, frameId: 5 })).toMatchObject({ recording: false });
    expect(f.state().tabIds).toEqual([1]);
  });
});
