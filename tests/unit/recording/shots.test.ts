/** Screenshots alone, on the fake's media, tab, store and privacy ports: no recorder, no queue. */
import { beforeEach, describe, expect, it } from 'vitest';
import { IDLE_STATE, type RecordingState, type SessionId } from '../../../lib/model';
import { createShots } from '../../../lib/recording/shots';
import { fakeRecorderPorts } from './fake-recorder-ports';

let f: ReturnType<typeof fakeRecorderPorts>;
let state: RecordingState;
beforeEach(() => {
  f = fakeRecorderPorts();
  state = { ...IDLE_STATE, phase: 'recording', sessionId: 'session-1' as SessionId, tabId: 1, tabIds: [1], startedAt: f.now(), streaming: true };
});
const top = { frameId: 0 };

describe('shots', () => {
  it('keeps the stream frame captured before the action, with what the page says to blur', async () => {
    f.frameTimes.push(f.now() + 100, f.now() + 400);
    f.frameBoxes.set(0, [{ x: 1, y: 2, width: 3, height: 4 }]);
    f.tick(1_000);
    expect(await createShots(f.ports).shoot(state, 1, 'shot-a', f.now() - 700, top)).toBe(true);
    expect(f.kept).toEqual([expect.objectContaining({ shotId: 'shot-a', t: 300, blur: [{ x: 1, y: 2, width: 3, height: 4 }], phase: 'before' })]);
  });

  it('keeps no pixels when the page cannot say what the frame showed, only why', async () => {
    f.setTopAnswer({ known: false, reason: 'a state changed before it was measured', changedSince: false });
    expect(await createShots(f.ports).shoot(state, 1, 'shot-a', f.now(), top)).toBe(true);
    expect(f.kept).toEqual([]);
    expect(f.shots).toEqual([expect.objectContaining({ id: 'shot-a', width: 0, withheld: expect.stringContaining('a state changed before it was measured') })]);
  });

  it('when the page cannot say what the frame before the action showed, takes an older frame from before it', async () => {
    const t0 = f.now();
    f.frameTimes.push(t0 + 100, t0 + 400, t0 + 700);
    // A busy page replaced the state the frame at +700 shows before measuring it.
    f.ports.tabs.boxesAt = async (_tab, _frameId, w) =>
      w.from >= t0 + 600 ? { known: false, reason: 'the page changed around the frame before its secrets could be located', changedSince: false } : { known: true, boxes: [], view: { width: 1280, height: 720, devicePixelRatio: 1 }, changedSince: false };
    f.tick(1_000);
    expect(await createShots(f.ports).shoot(state, 1, 'shot-a', t0 + 800, top)).toBe(true);
    expect(f.kept).toEqual([expect.objectContaining({ shotId: 'shot-a', phase: 'before' })]);
    expect(f.shots.map((s) => s.withheld)).toEqual([undefined]);
  });

  it('goes no further back than 2 s before the action: then no pixels, only why', async () => {
    const t0 = f.now();
    f.frameTimes.push(t0 + 100, t0 + 2_500);
    f.ports.tabs.boxesAt = async (_tab, _frameId, w) =>
      w.from >= t0 + 2_000 ? { known: false, reason: 'the page changed around the frame before its secrets could be located', changedSince: false } : { known: true, boxes: [], view: { width: 1280, height: 720, devicePixelRatio: 1 }, changedSince: false };
    f.tick(3_000);
    await createShots(f.ports).shoot(state, 1, 'shot-a', t0 + 2_600, top);
    expect(f.kept).toEqual([]);
    expect(f.shots[0]?.withheld).toMatch(/before its secrets could be located/);
  });

  it('withholds a frame around a browser zoom change', async () => {
    state = { ...state, zoomChangedAt: { 1: f.now() } };
    await createShots(f.ports).shoot(state, 1, 'shot-a', f.now(), top);
    expect(f.shots[0]?.withheld).toMatch(/zoom changed/);
  });

  it('falls back to captureVisibleTab without a stream, blurred before it is stored', async () => {
    f.frameBoxes.set(0, [{ x: 5, y: 5, width: 10, height: 10 }]);
    await createShots(f.ports).shoot({ ...state, streaming: false }, 1, 'shot-a', f.now(), top);
    expect(f.blurred).toEqual([[{ x: 5, y: 5, width: 10, height: 10 }]]);
    expect(f.shots).toEqual([expect.objectContaining({ id: 'shot-a', source: 'capture-visible-tab' })]);
  });

  it('takes none on a never-record site', async () => {
    expect(await createShots(f.ports).shoot({ ...state, hold: 'blocked-site' }, 1, 'shot-a', f.now(), top)).toBe(false);
    expect(f.shots).toEqual([]);
  });

  it('drains: settles once the shots in flight have', async () => {
    let release!: () => void;
    f.ports.media.keepFrame = () => new Promise((resolve) => (release = () => resolve({ ok: true })));
    const shots = createShots(f.ports);
    const shot = shots.shoot(state, 1, 'shot-a', f.now(), top);
    let drained = false;
    const drain = shots.drain().then(() => (drained = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(drained).toBe(false);
    release();
    await Promise.all([shot, drain]);
    expect(drained).toBe(true);
  });
});
