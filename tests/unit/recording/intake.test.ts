/** Capture intake alone: the shared context on the fake ports, stand-ins for screenshots and tab following. */
import { beforeEach, describe, expect, it } from 'vitest';
import { IDLE_STATE, type RecordingState, type SessionId } from '../../../lib/model';
import { createContext } from '../../../lib/recording/context';
import { createIntake, type IntakeDeps } from '../../../lib/recording/intake';
import { click, fakeRecorderPorts, page, target, viewport } from './fake-recorder-ports';

const top = { tabId: 1, frameId: 0 };
let f: ReturnType<typeof fakeRecorderPorts>;
/** Screenshot requests as the intake hands them on; each resolves when the test says. */
let shots: Array<{ shotId: string; done(taken: boolean): void }>;
let followed: Array<{ tabId: number; isTop: boolean }>;
let intake: ReturnType<typeof createIntake>;

beforeEach(async () => {
  f = fakeRecorderPorts();
  shots = [];
  followed = [];
  await f.ports.state.set({ ...IDLE_STATE, phase: 'recording', sessionId: 'session-1' as SessionId, tabId: 1, tabIds: [1], startedAt: f.now(), streaming: true });
  const deps: IntakeDeps = {
    shots: { shoot: (_state, _tab, shotId) => new Promise((resolve) => shots.push({ shotId, done: resolve })) },
    follow: {
      followFromHello: async (p) => {
        followed.push({ tabId: p.tabId, isTop: p.isTop });
        return f.state();
      },
    },
    stopIfDiskFull: async (e) => {
      throw e;
    },
  };
  intake = createIntake(createContext(f.ports), deps);
});

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('capture intake', () => {
  it('records actions in the order they arrived, the first one waiting for its own screenshot', async () => {
    const deploy = intake.action({ action: click(), page, viewport, at: f.now() }, top);
    const approve = intake.action({ action: click(target({ name: 'Approve', selectors: { css: '#approve' } })), page, viewport, at: f.now(), shotId: 'sent' }, top);
    await settle();
    expect(shots.map((s) => s.shotId)).toEqual(['id-1']);
    expect(f.events).toEqual([]);
    shots[0]!.done(true);
    await Promise.all([deploy, approve]);
    expect(f.events.map((e) => (e.kind === 'click' ? `${e.target.name}:${e.shotId}` : e.kind))).toEqual(['Deploy:id-1', 'Approve:sent']);
  });

  it('takes a screenshot request at once, not behind the actions queued before it', async () => {
    const action = intake.action({ action: click(), page, viewport, at: f.now() }, top);
    await settle();
    const shot = intake.shot({ shotId: 'pointerdown', at: f.now() }, top);
    await settle();
    expect(shots.map((s) => s.shotId)).toEqual(['id-1', 'pointerdown']);
    shots.forEach((s) => s.done(true));
    await Promise.all([action, shot]);
  });

  it('asks tab following about a tab it does not follow yet, and answers from the state it settles on', async () => {
    const state: RecordingState = f.state();
    expect(await intake.hello({ isTop: true, page, at: f.now() }, { tabId: 9, frameId: 0 })).toEqual({ recording: false, paused: false });
    expect(followed).toEqual([{ tabId: 9, isTop: true }]);
    expect(await intake.hello({ isTop: false, frameToken: 'tok', page }, { tabId: 1, frameId: 4 })).toEqual({ recording: true, paused: false });
    expect(f.links.get('tok')).toEqual({ tabId: 1, frameId: 4 });
    expect(f.state()).toBe(state);
  });
});

describe('a secret field gains focus while actions wait for their screenshots', () => {
  it('the video pauses at once, not when the hold reaches the front of the queue', async () => {
    const action = intake.action({ action: click(), page, viewport, at: f.now() }, top);
    await settle();
    expect(shots).toHaveLength(1);
    const focus = intake.sensitiveFocus({ focused: true, at: f.now() }, top);
    await settle();
    // The action still waits for its screenshot; the video is already paused.
    expect(f.mediaCalls).toEqual(['pause']);
    expect(f.state().hold).toBeUndefined();
    shots[0]!.done(true);
    await Promise.all([action, focus]);
    expect(f.state().hold).toBe('sensitive-field');
    expect(f.mediaCalls.filter((c) => c === 'resume')).toEqual([]);
  });

  it('focus gone again before the hold settled: the early pause is undone', async () => {
    const action = intake.action({ action: click(), page, viewport, at: f.now() }, top);
    await settle();
    const gained = intake.sensitiveFocus({ focused: true, at: f.now() }, top);
    const lost = intake.sensitiveFocus({ focused: false, at: f.now() }, top);
    shots[0]!.done(true);
    await Promise.all([action, gained, lost]);
    expect(f.state().hold).toBeUndefined();
    expect(f.mediaCalls.at(-1)).toBe('resume');
  });

  it('with "pause on secret fields" off in Options, nothing pauses', async () => {
    await f.ports.state.set({ ...f.state(), privacy: { ...(f.state().privacy ?? { blockedSites: [] }), pauseOnSensitiveFocus: false } } as RecordingState);
    await intake.sensitiveFocus({ focused: true, at: f.now() }, top);
    expect(f.mediaCalls).toEqual([]);
  });
});
