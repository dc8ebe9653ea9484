import { describe, expect, it } from 'vitest';
import { CAPTURE_SLACK_MS, createCaptureClock, framesToDrop, pickFrame } from '../../../lib/screenshot/frame-pick';

const f = (to: number, from = to) => ({ time: { from, to }, name: `f${to}` });

describe('pickFrame', () => {
  const frames = [f(1_000), f(1_900), f(2_050), f(2_300)];

  it('takes the newest frame captured before the action, however late the request comes', () => {
    expect(pickFrame(frames, 2_000)?.name).toBe('f1900');
  });

  it('falls back to the newest frame when none predates the action, or when asked', () => {
    expect(pickFrame(frames, 500)?.name).toBe('f2300');
    expect(pickFrame(frames, 2_000, true)?.name).toBe('f2300');
    expect(pickFrame([], 2_000)).toBeUndefined();
  });

  it('judges a frame of unknown capture time by the latest it can have been captured', () => {
    expect(pickFrame([f(2_100, 1_600), f(1_500)], 2_000)?.name).toBe('f1500');
  });
});

describe('createCaptureClock', () => {
  it('maps VideoFrame timestamps to a wall-clock window that contains the capture', () => {
    // The monotonic clock's origin is 5,000,000 µs before performance.now()'s; frames arrive 40, 12 and 30 ms late.
    const clock = createCaptureClock(1_700_000_000_000);
    const capturedAtPerfMs = [100, 200, 300];
    const lateMs = [40, 12, 30];
    capturedAtPerfMs.forEach((c, i) => clock.observe((c * 1_000) + 5_000_000, c + lateMs[i]!));
    const { from, to } = clock.time(250 * 1_000 + 5_000_000);
    const truth = 1_700_000_000_000 + 250;
    expect(to).toBeGreaterThanOrEqual(truth);
    expect(from).toBeLessThanOrEqual(truth);
    expect(to - truth).toBeCloseTo(12, 6);
    expect(to - from).toBe(CAPTURE_SLACK_MS);
  });

  it('knows nothing before the first frame', () => {
    expect(createCaptureClock(0).time(1)).toEqual({ from: Number.NEGATIVE_INFINITY, to: Number.POSITIVE_INFINITY });
  });
});

describe('framesToDrop', () => {
  it('keeps recent frames up to a count, and always the newest', () => {
    const frames = [f(1_000), f(5_000), f(9_000), f(9_500), f(9_900)];
    expect(framesToDrop(frames, 10_000, 3_000, 3).map((x) => x.name).sort()).toEqual(['f1000', 'f5000']);
    expect(framesToDrop(frames, 10_000, 3_000, 2).map((x) => x.name).sort()).toEqual(['f1000', 'f5000', 'f9000']);
    expect(framesToDrop([f(1_000)], 100_000, 3_000, 3)).toEqual([]);
  });

  it('beyond the newest frames keeps one per slot of capture time, so a shot asked for late still finds the page before its action', () => {
    // A page repainting at 30 fps after a click at 5,000; the shot is asked for 2.2 s later. With only the newest
    // 8 frames every frame left is from after the click.
    const ring: ReturnType<typeof f>[] = [];
    const click = 5_000;
    for (let t = 2_000; t <= click + 2_200; t += 33) {
      ring.push(f(t));
      for (const old of framesToDrop(ring, t, 4_000, 8, 500)) ring.splice(ring.indexOf(old), 1);
    }
    expect(ring.length).toBeLessThanOrEqual(8 + 4_000 / 500 + 1);
    const before = pickFrame(ring, click);
    expect(before!.time.to).toBeLessThanOrEqual(click);
    expect(click - before!.time.to).toBeLessThan(2 * 500);
    // The newest 8 are all kept, one frame per 500 ms before them, nothing older than 4 s.
    const times = ring.map((x) => x.time.to).sort((a, b) => b - a);
    expect(times.slice(0, 8)).toEqual(Array.from({ length: 8 }, (_, i) => times[0]! - 33 * i));
    expect(new Set(times.slice(8).map((t) => Math.floor(t / 500))).size).toBe(times.length - 8);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(click + 2_200 - 4_000 - 33);
    // Without slots (the old ring) nothing from before the click is left.
    const old: ReturnType<typeof f>[] = [];
    for (let t = 2_000; t <= click + 2_200; t += 33) {
      old.push(f(t));
      for (const x of framesToDrop(old, t, 4_000, 8)) old.splice(old.indexOf(x), 1);
    }
    expect(pickFrame(old, click)!.time.to).toBeGreaterThan(click);
  });
});
