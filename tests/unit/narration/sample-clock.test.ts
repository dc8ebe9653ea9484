import { describe, expect, it } from 'vitest';
import { createSampleClock, frameRecordingMs, MAX_GAP_MS, type Placed, type SampleClockOptions } from '../../../lib/narration/sample-clock';
import { seeded } from './seeded-random';

const SR = 16_000;
const CHUNK = 4_096;
const chunkMs = (CHUNK * 1000) / SR;

/** Runs stamped chunks through a clock; says where each chunk landed (ms) and how much silence went in. */
function run(stamps: readonly (number | undefined)[], options: Partial<SampleClockOptions> = {}) {
  const clock = createSampleClock({ sampleRate: SR, ...options });
  const chunks = stamps.map(() => new Float32Array(CHUNK));
  const placed: Placed[] = [];
  chunks.forEach((c, i) => placed.push(...clock.push(c, stamps[i])));
  placed.push(...clock.flush());
  const landedMs: number[] = [];
  let at = 0;
  let silence = 0;
  for (const p of placed) {
    if (typeof p === 'number') {
      at += p;
      silence += p;
    } else {
      expect(p).toBe(chunks[landedMs.length]); // in order, each once, untouched
      landedMs.push((at * 1000) / SR);
      at += p.length;
    }
  }
  expect(landedMs).toHaveLength(chunks.length);
  expect(clock.position).toBe(at);
  expect(clock.filledMs).toBeCloseTo((silence * 1000) / SR, 6);
  return { landedMs, filledMs: clock.filledMs, clock };
}

const steady = (n: number, fromMs = 0) => Array.from({ length: n }, (_, i) => fromMs + i * chunkMs);

describe('frameRecordingMs', () => {
  it('maps a context frame through an anchor read at another frame, either side of it', () => {
    const anchor = { frame: 160_000, recordingMs: 12_500 };
    expect(frameRecordingMs(160_000, anchor, SR)).toBe(12_500);
    expect(frameRecordingMs(176_000, anchor, SR)).toBe(13_500);
    expect(frameRecordingMs(152_000, anchor, SR)).toBe(12_000);
  });
});

describe('createSampleClock', () => {
  it('inserts nothing when chunks carry no stamp', () => {
    const { landedMs, filledMs } = run(Array.from({ length: 100 }, () => undefined));
    expect(filledMs).toBe(0);
    expect(landedMs.at(-1)).toBeCloseTo(99 * chunkMs, 6);
  });

  it('inserts nothing while the stamps keep pace with the samples, jitter included', () => {
    const random = seeded(7);
    // 10 minutes of batches, each stamp off by up to ±100 ms (render bursts, a busy document's late anchors).
    const { filledMs } = run(steady(600_000 / chunkMs).map((t) => t + (random() - 0.5) * 200));
    expect(filledMs).toBe(0);
  });

  it('fills audio the audio thread never rendered with exactly its length, where it went missing', () => {
    const stamps = [...steady(40), ...steady(40, 40 * chunkMs + 3_000)];
    const { landedMs, filledMs } = run(stamps);
    expect(filledMs).toBe(3_000);
    // everything before the loss where it was, everything after it at its own time
    for (let i = 0; i < stamps.length; i++) expect(landedMs[i]).toBeCloseTo(stamps[i]!, 6);
  });

  it('places the first sample where the recording clock says it was heard (the tap opened late)', () => {
    expect(run(steady(30, 420)).landedMs[0]).toBe(420);
    expect(run(steady(30, 5_050), { startMs: 5_000 }).landedMs[0]).toBe(0); // within tolerance
  });

  it('is not fooled by a catch-up burst stamped from a stale anchor: only the loss every later stamp shows is filled', () => {
    // 6 s stall; then the audio thread renders 4 s of catch-up in a burst before a fresh anchor reaches it, so
    // those chunks come stamped as if heard after the stall; fresh stamps after them show the net loss: 2 s.
    const before = steady(20);
    const stallEnd = 20 * chunkMs + 6_000;
    const burst = steady(16, stallEnd); // 4.1 s
    const after = steady(60, 20 * chunkMs + 2_000 + 16 * chunkMs);
    const { landedMs, filledMs } = run([...before, ...burst, ...after]);
    expect(filledMs).toBeCloseTo(2_000, 0);
    const fresh = landedMs.slice(before.length + burst.length);
    fresh.forEach((at, i) => expect(Math.abs(at - after[i]!)).toBeLessThan(150));
  });

  it('never drops audio stamped early, and a later loss first uses up that lead', () => {
    const stamps = [...steady(10), ...steady(10, 10 * chunkMs - 500), ...steady(40, 20 * chunkMs + 1_000)];
    const { landedMs, filledMs } = run(stamps);
    expect(landedMs[10]).toBeCloseTo(10 * chunkMs, 6); // said it came half a second early: kept, in place
    expect(filledMs).toBeCloseTo(1_000, 0);
    expect(landedMs.at(-1)).toBeCloseTo(stamps.at(-1)!, 0);
  });

  it('losses below the tolerance add up until they are worth a fill, and never trail further', () => {
    const stamps = Array.from({ length: 60 }, (_, i) => i * (chunkMs + 40)); // 40 ms lost before every batch
    const { landedMs, filledMs } = run(stamps, { toleranceMs: 150 });
    expect(filledMs).toBeGreaterThan(59 * 40 - 150 - 40);
    landedMs.forEach((at, i) => expect(stamps[i]! - at).toBeLessThanOrEqual(150 + 40));
  });

  it('holds a few seconds of audio back, and gives everything at Stop', () => {
    const clock = createSampleClock({ sampleRate: SR, holdMs: 1_000 });
    const outs = steady(8).map((t) => clock.push(new Float32Array(CHUNK), t));
    expect(outs.slice(0, 4).flat()).toEqual([]); // < 1 s held after the oldest
    expect(outs.flat().length).toBeGreaterThan(0);
    const rest = clock.flush();
    expect(outs.flat().length + rest.length).toBe(8);
    expect(clock.flush()).toEqual([]);
  });

  it('ignores a stamp hours ahead (a broken clock, not lost audio) and non-finite ones', () => {
    expect(run([0, MAX_GAP_MS + 60_000]).filledMs).toBe(0);
    expect(run([undefined, Number.NaN, Number.POSITIVE_INFINITY, 1]).filledMs).toBe(0);
  });

  it('refuses a sample rate that is not positive', () => {
    expect(() => createSampleClock({ sampleRate: 0 })).toThrow(RangeError);
  });
});
