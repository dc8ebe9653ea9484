import { describe, expect, it } from 'vitest';
import { resample } from '../../../lib/narration/resample';

function sine(freq: number, rate: number, seconds: number): Float32Array {
  return Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) => Math.sin((2 * Math.PI * freq * i) / rate));
}

/** RMS over the middle of a signal (edges carry the filter's start-up). */
function rms(x: Float32Array): number {
  const from = Math.floor(x.length * 0.1);
  const to = Math.floor(x.length * 0.9);
  let sum = 0;
  for (let i = from; i < to; i++) sum += x[i]! * x[i]!;
  return Math.sqrt(sum / (to - from));
}

/** Amplitude of `freq` in x (single-bin DFT over the middle). */
function tone(x: Float32Array, freq: number, rate: number): number {
  const from = Math.floor(x.length * 0.1);
  const to = Math.floor(x.length * 0.9);
  let re = 0;
  let im = 0;
  for (let i = from; i < to; i++) {
    re += x[i]! * Math.cos((2 * Math.PI * freq * i) / rate);
    im += x[i]! * Math.sin((2 * Math.PI * freq * i) / rate);
  }
  return (2 * Math.hypot(re, im)) / (to - from);
}

describe('resample', () => {
  it.each([
    [48_000, 16_000],
    [44_100, 16_000],
    [22_050, 16_000],
    [8_000, 16_000],
    [16_000, 16_000],
  ])('%i Hz → %i Hz keeps length and a 440 Hz tone', (from, to) => {
    const out = resample(sine(440, from, 1), from, to);
    expect(out.length).toBe(Math.floor(from * (to / from)));
    expect(tone(out, 440, to)).toBeCloseTo(1, 1);
    expect(rms(out)).toBeCloseTo(Math.SQRT1_2, 1);
  });

  it('filters out what the lower rate cannot hold instead of folding it into speech', () => {
    // 11 kHz at 48 kHz would alias to 5 kHz at 16 kHz without the low-pass.
    const out = resample(sine(11_000, 48_000, 1), 48_000, 16_000);
    expect(rms(out)).toBeLessThan(0.01);
    expect(tone(out, 5_000, 16_000)).toBeLessThan(0.01);
  });

  it('handles rates with no small common ratio', () => {
    const out = resample(sine(300, 44_123, 0.5), 44_123, 16_000);
    expect(tone(out, 300, 16_000)).toBeCloseTo(1, 1);
  });

  it('returns a copy at equal rates and rejects nonsense rates', () => {
    const x = new Float32Array([1, 2, 3]);
    const y = resample(x, 16_000, 16_000);
    expect([...y]).toEqual([1, 2, 3]);
    expect(y).not.toBe(x);
    expect(() => resample(x, 0, 16_000)).toThrow(RangeError);
  });
});
