import { describe, expect, it } from 'vitest';
import { createStreamResampler, resample } from '../../../lib/narration/resample';

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

describe('createStreamResampler', () => {
  const speechLike = (n: number, rate: number) => Float32Array.from({ length: n }, (_, i) => 0.4 * Math.sin((2 * Math.PI * 220 * i) / rate) + 0.2 * Math.sin((2 * Math.PI * 3_100 * i) / rate) + 0.1 * Math.sin(i * 1.7));

  it.each([
    [48_000, 16_000],
    [44_100, 16_000],
    [22_050, 16_000],
    [16_000, 16_000],
    [8_000, 16_000],
  ])('gives %i → %i Hz in pieces exactly what resample gives on the whole', (from, to) => {
    const input = speechLike(Math.round(from * 0.73), from);
    const whole = resample(input, from, to);
    const stream = createStreamResampler(from, to);
    const parts: Float32Array[] = [];
    // pieces of uneven sizes, as AudioData frames and batches come (480, 441, 128, 1…)
    for (let at = 0, k = 0; at < input.length; k++) {
      const n = [480, 441, 1, 128, 1_024, 7][k % 6]!;
      parts.push(stream.push(input.subarray(at, at + n)));
      at += n;
    }
    parts.push(stream.flush());
    const joined = Float32Array.from(parts.flatMap((p) => [...p]));
    expect(joined.length).toBe(whole.length);
    expect(Array.from(joined)).toEqual(Array.from(whole));
  });

  it('keeps only the input its next outputs need, however long the stream', () => {
    const stream = createStreamResampler(48_000, 16_000);
    let out = 0;
    for (let i = 0; i < 600; i++) out += stream.push(new Float32Array(480)).length; // 6 s
    expect(out).toBeGreaterThan(6 * 16_000 - 100);
    expect(() => (stream.flush(), stream.push(new Float32Array(1)))).toThrow(/flushed/);
  });
});
