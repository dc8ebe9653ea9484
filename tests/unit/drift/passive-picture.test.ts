import { describe, expect, it } from 'vitest';
import { captureStillValid, createCaptureGate, ringColourPixels as ringPixelsOf, type PageMoment } from '../../../lib/drift/passive-picture';
import { checkFromRun } from '../../../lib/drift/passive';
import { markDone, recordFind, startRun, type GuideRunId } from '../../../lib/guide/run';
import type { SopId, StepId } from '../../../lib/model';
import { makeTarget } from '../factories';

const before: PageMoment = { version: 3, box: { x: 10, y: 20, width: 100, height: 30 }, viewport: { width: 1280, height: 800 } };

describe('captureStillValid', () => {
  it('keeps a capture when nothing changed (sub-pixel noise included)', () => {
    expect(captureStillValid(before, { ...before, box: { ...before.box, x: 10.3 } })).toEqual({ ok: true });
  });
  it.each([
    ['the page mutated', { ...before, version: 4 }, 'the page changed'],
    ['the element moved', { ...before, box: { ...before.box, y: 60 } }, 'moved'],
    ['the window was resized', { ...before, viewport: { width: 1000, height: 800 } }, 'resized'],
  ])('discards it when %s', (_, after, why) => {
    const r = captureStillValid(before, after);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.why).toContain(why);
  });
  it('discards it when the element is gone', () => {
    expect(captureStillValid(before, null).ok).toBe(false);
  });
});

describe('createCaptureGate', () => {
  it('start() waits its turn while the step is still wanted, and gives up once it is not', async () => {
    let t = 0;
    const slept: number[] = [];
    const gate = createCaptureGate(600, () => t, async (ms) => {
      slept.push(ms);
      t += ms;
    });
    expect(await gate.start(() => true, 5_000)).toBe(true);
    gate.done();
    t = 200;
    // 400 ms left of the gap: it waits them, then starts.
    expect(await gate.start(() => true, 5_000)).toBe(true);
    expect(t).toBe(600);
    expect(slept).toEqual([400]);
    // Busy: waits in steps until done, or until the step is left.
    let shown = true;
    const waiting = gate.start(() => shown, 5_000);
    shown = false;
    expect(await waiting).toBe(false);
    gate.done();
    // Never beyond the longest wait.
    t = 1_300;
    expect(await gate.start(() => true, 5_000)).toBe(true);
    expect(await gate.start(() => true, 250)).toBe(false);
  });
  it('lets one capture run at a time, and not sooner than the gap after the previous start', () => {
    let t = 0;
    const gate = createCaptureGate(600, () => t);
    expect(gate.tryStart()).toBe(true);
    t = 700;
    expect(gate.tryStart()).toBe(false); // still busy
    gate.done();
    expect(gate.tryStart()).toBe(true);
    gate.done();
    t = 1000;
    expect(gate.tryStart()).toBe(false); // 300 ms after the previous start
    t = 1300;
    expect(gate.tryStart()).toBe(true);
  });
});

describe('checkFromRun with pictures', () => {
  const ids = ['a', 'b', 'c'] as StepId[];
  const targets = new Map(ids.map((id) => [id as string, makeTarget({ name: id })]));
  const found = { found: true as const, how: { kind: 'locator' as const, locator: 'role' as const }, drift: [], frameDepth: 0 };
  const crops = { recorded: 'guide:r:0:recorded', live: 'guide:r:0:live', size: { width: 80, height: 60 }, liveBox: { x: 24, y: 24, width: 32, height: 12 } };

  it('carries the crops and the difference of a found step, and why a step has none', () => {
    let run = startRun({ id: 'r' as GuideRunId, sopId: 's' as SopId, title: 'T', stepIds: ids, tabId: 1, url: 'http://app/', at: 0 });
    run = recordFind(run, 0, 1, found);
    run = markDone(run, 0, 'action', 2);
    run = recordFind(run, 1, 3, found);
    const check = checkFromRun(run, targets, 'http://app/', {
      a: { kind: 'taken', crops, visual: { verdict: 'different', ratio: 0.03, coverage: 1 } },
      b: { kind: 'none', why: 'picture discarded: the page changed while it was photographed' },
    });
    expect(check.steps[0]).toMatchObject({ crops, status: 'changed', seen: { kind: 'found', visual: { ratio: 0.03 } } });
    expect(check.steps[0]!.reasons).toContainEqual({ kind: 'visual', ratio: 0.03 });
    expect(check.steps[1]).toMatchObject({ noPicture: 'picture discarded: the page changed while it was photographed' });
    expect(check.steps[1]!.crops).toBeUndefined();
  });

  it('drops a picture when the step was later not found', () => {
    let run = startRun({ id: 'r' as GuideRunId, sopId: 's' as SopId, title: 'T', stepIds: ids, tabId: 1, url: 'http://app/', at: 0 });
    run = recordFind(run, 0, 1, found);
    run = recordFind(run, 0, 2, { found: false, reason: 'none', detail: 'gone' });
    const check = checkFromRun(run, targets, 'http://app/', { a: { kind: 'taken', crops, visual: { verdict: 'same', ratio: 0, coverage: 1 } } });
    expect(check.steps[0]).toMatchObject({ status: 'missing' });
    expect(check.steps[0]!.crops).toBeUndefined();
  });
});

describe('captureStillValid and the overlay', () => {
  it("discards a capture taken while the guide's overlay showed", () => {
    const r = captureStillValid(before, { ...before, overlayHidden: false });
    expect(r.ok ? '' : r.why).toContain('overlay');
    expect(captureStillValid(before, { ...before, overlayHidden: true }).ok).toBe(true);
  });
});

describe('ringColourPixels', () => {
  it("counts the guide ring's colour and nothing else", () => {
    const px = (r: number, g: number, b: number, a = 255) => [r, g, b, a];
    const data = Uint8ClampedArray.from([...px(255, 45, 122), ...px(250, 50, 130), ...px(255, 255, 255), ...px(17, 17, 17), ...px(255, 45, 122, 0), ...px(220, 20, 60)]);
    expect(ringPixelsOf(data)).toBe(2);
  });
});
