import { describe, expect, it } from 'vitest';
import { frameTime, framesToDrop, pickFrame, UNKNOWN_CAPTURE_LAG_MS } from '../../../lib/screenshot/frame-pick';

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

describe('frameTime', () => {
  it('uses the capture time when the browser gives it, else a window before the presentation', () => {
    expect(frameTime(1_000, { captureTime: 50, presentationTime: 80 })).toEqual({ from: 1_050, to: 1_050 });
    expect(frameTime(1_000, { presentationTime: 800 })).toEqual({ from: 1_800 - UNKNOWN_CAPTURE_LAG_MS, to: 1_800 });
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
