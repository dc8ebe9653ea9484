import { describe, expect, it } from 'vitest';
import { createStreamWindower, planWindows, type AudioWindow } from '../../../lib/narration/windowing';

const SR = 16_000;
const s = (seconds: number) => Math.round(seconds * SR);
const spansInSeconds = (spans: { startSample: number; endSample: number }[]) => spans.map((w) => [w.startSample / SR, w.endSample / SR]);

/** Samples whose value is their own index (mod 2^24 stays exact in float32), to check windows' contents. */
function ramp(from: number, length: number): Float32Array {
  return Float32Array.from({ length }, (_, i) => from + i);
}

describe('planWindows', () => {
  it.each([
    ['nothing', 0, []],
    ['shorter than a window: one tail', 12, [[0, 12]]],
    ['exactly one window', 30, [[0, 30]]],
    ['a little more than one window', 31, [[0, 30], [28, 31]]],
    ['65 s: two full windows and a tail', 65, [[0, 30], [28, 58], [56, 65]]],
    ['ends right on a window: no tail', 58, [[0, 30], [28, 58]]],
    ['5 minutes', 300, [[0, 30], [28, 58], [56, 86], [84, 114], [112, 142], [140, 170], [168, 198], [196, 226], [224, 254], [252, 282], [280, 300]]],
  ])('%s', (_name, seconds, expected) => {
    expect(spansInSeconds(planWindows(s(seconds)))).toEqual(expected);
  });

  it('takes other window and overlap lengths', () => {
    expect(spansInSeconds(planWindows(s(25), { windowSeconds: 10, overlapSeconds: 0 }))).toEqual([[0, 10], [10, 20], [20, 25]]);
    expect(spansInSeconds(planWindows(s(25), { windowSeconds: 10, overlapSeconds: 5 }))).toEqual([[0, 10], [5, 15], [10, 20], [15, 25]]);
  });

  it('rejects an overlap as long as the window', () => {
    expect(() => planWindows(10, { windowSeconds: 5, overlapSeconds: 5 })).toThrow(RangeError);
  });
});

describe('createStreamWindower', () => {
  function feed(totalSeconds: number, chunkSamples: number, startMs = 0) {
    const windower = createStreamWindower({ startMs });
    const out: { window: AudioWindow; pushedSoFar: number }[] = [];
    const total = s(totalSeconds);
    let maxBuffered = 0;
    for (let at = 0; at < total; at += chunkSamples) {
      const chunk = ramp(at, Math.min(chunkSamples, total - at));
      for (const window of windower.push(chunk)) out.push({ window, pushedSoFar: at + chunk.length });
      maxBuffered = Math.max(maxBuffered, windower.bufferedSamples);
    }
    const tail = windower.flush();
    return { out, tail, maxBuffered, windower };
  }

  it('hands out each full window as soon as its last sample arrives, and the tail at Stop', () => {
    const { out, tail } = feed(65, 4_096);
    expect(out.map((o) => [o.window.startSample / SR, o.window.endSample / SR])).toEqual([[0, 30], [28, 58]]);
    for (const { window, pushedSoFar } of out) {
      expect(pushedSoFar).toBeGreaterThanOrEqual(window.endSample);
      expect(pushedSoFar - window.endSample).toBeLessThan(4_096);
    }
    expect(tail && [tail.startSample / SR, tail.endSample / SR, tail.isFinal, tail.index]).toEqual([56, 65, true, 2]);
  });

  it('gives windows the right samples and recording-clock times', () => {
    const { out, tail } = feed(65, 1_000, 5_000);
    const second = out[1]!.window;
    expect(second.pcm.length).toBe(s(30));
    expect(second.pcm[0]).toBe(s(28));
    expect(second.pcm[second.pcm.length - 1]).toBe(s(58) - 1);
    expect([second.startMs, second.endMs]).toEqual([33_000, 63_000]);
    expect(tail!.pcm[0]).toBe(s(56));
    expect(tail!.pcm.length).toBe(s(9));
    expect([tail!.startMs, tail!.endMs]).toEqual([61_000, 70_000]);
  });

  it('matches planWindows for any chunk size', () => {
    for (const chunk of [1, 160, 4_096, s(7), s(45)]) {
      const { out, tail } = feed(100, chunk);
      const spans = [...out.map((o) => o.window), ...(tail ? [tail] : [])].map((w) => ({ startSample: w.startSample, endSample: w.endSample }));
      expect(spans, `chunk ${chunk}`).toEqual(planWindows(s(100)));
    }
  });

  it('holds at most about one window in memory', () => {
    const { maxBuffered } = feed(300, 4_096);
    expect(maxBuffered).toBeLessThanOrEqual(s(30) + 4_096);
  });

  it('has no tail when the last full window reached the end, and flushes once', () => {
    const { tail, windower } = feed(58, 8_000);
    expect(tail).toBeNull();
    expect(windower.flush()).toBeNull();
    expect(() => windower.push(new Float32Array(1))).toThrow(/flushed/);
  });

  it('gives nothing for a recording without audio', () => {
    expect(createStreamWindower().flush()).toBeNull();
  });
});
