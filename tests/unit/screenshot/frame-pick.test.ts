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
});
