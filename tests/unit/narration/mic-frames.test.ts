import { describe, expect, it } from 'vitest';
import { createMicFrameBatcher, type MicBatch, type MicFrame } from '../../../lib/narration/mic-frames';
import { resample } from '../../../lib/narration/resample';
import { seeded } from './seeded-random';

const RATE = 48_000;
const FRAME = 480; // 10 ms, as Chromium's capture delivers them
/** The capture's clock starts somewhere unrelated to the recording's. */
const ORIGIN_US = 9_123_456_789;

function frames(count: number, { fromUs = ORIGIN_US, rate = RATE, size = FRAME } = {}): MicFrame[] {
  return Array.from({ length: count }, (_, i) => ({
    samples: Float32Array.from({ length: size }, (_, j) => Math.sin((i * size + j) * 0.01)),
    sampleRate: rate,
    timestampUs: fromUs + (i * size * 1e6) / rate,
  }));
}

function collect() {
  const batches: MicBatch[] = [];
  return { batches, batcher: createMicFrameBatcher({ onBatch: (b) => batches.push(b) }) };
}

/** Recording-clock ms at which frame i (captured at recordingStartMs + its capture offset) is read. */
const captureEndMs = (f: MicFrame, recordingAtOriginMs: number) => recordingAtOriginMs + (f.timestampUs - ORIGIN_US) / 1000 + (f.samples.length * 1000) / f.sampleRate;

describe('createMicFrameBatcher', () => {
  it('turns 48 kHz frames into 16 kHz batches stamped on the recording clock, whatever the capture clock', () => {
    const random = seeded(3);
    const { batches, batcher } = collect();
    const input = frames(1_000); // 10 s
    // captured from recording time 1.2 s on; each read 1–40 ms after its capture ended (one read came at once)
    input.forEach((f, i) => batcher.frame(f, captureEndMs(f, 1_200) + (i === 500 ? 0.5 : 1 + random() * 39)));
    batcher.end();
    const total = batches.reduce((n, b) => n + b.samples.length, 0);
    expect(total).toBe(160_000);
    let at = 0;
    for (const b of batches) {
      // stamps follow the samples, from where the capture started on the recording clock, late by no more
      // than the least delayed read seen so far (a few ms here; 0.5 ms once frame 500 came)
      expect(b.atMs - (1_200 + at / 16)).toBeGreaterThanOrEqual(0);
      expect(b.atMs - (1_200 + at / 16)).toBeLessThan(at >= 90_000 ? 1 : 5);
      at += b.samples.length;
    }
    expect(batches.slice(0, -1).every((b) => b.samples.length >= 4_096)).toBe(true);
    // the audio is the whole run resampled, sample for sample
    const whole = resample(Float32Array.from(input.flatMap((f) => [...f.samples])), RATE, 16_000);
    expect(Array.from(Float32Array.from(batches.flatMap((b) => [...b.samples])))).toEqual(Array.from(whole));
  });

  it('says where frames the capture dropped were: the audio after them is stamped at its own time', () => {
    const { batches, batcher } = collect();
    const before = frames(300);
    const after = frames(300, { fromUs: ORIGIN_US + 3_000_000 + 2_000_000 }); // 2 s dropped after 3 s
    for (const f of [...before, ...after]) batcher.frame(f, captureEndMs(f, 0) + 2);
    batcher.end();
    const afterGap = batches.find((b) => b.atMs > 3_000)!;
    expect(Math.abs(afterGap.atMs - 5_000)).toBeLessThan(5);
    const samplesBefore = batches.filter((b) => b.atMs < 3_000).reduce((n, b) => n + b.samples.length, 0);
    expect(samplesBefore).toBe(48_000);
  });

  it('drops frames read while paused and learns the clock again after: the recording clock skips the pause', () => {
    const { batches, batcher } = collect();
    const all = frames(900); // 9 s of capture: 0–3 s recorded, 3–6 s paused, 6–9 s recorded
    all.forEach((f, i) => {
      const captured = captureEndMs(f, 0);
      batcher.frame(f, i < 300 ? captured + 3 : i < 600 ? null : captured - 3_000 + 3);
    });
    batcher.end();
    expect(batches.reduce((n, b) => n + b.samples.length, 0)).toBe(2 * 48_000);
    const resumed = batches.filter((b) => b.atMs >= 2_990);
    expect(Math.abs(resumed[0]!.atMs - 3_000)).toBeLessThan(5);
    expect(Math.abs(resumed.at(-1)!.atMs + (resumed.at(-1)!.samples.length * 1000) / 16_000 - 6_000)).toBeLessThan(5);
  });

  it('at Stop keeps the queued frames captured before it and no others', () => {
    const { batches, batcher } = collect();
    const all = frames(500);
    all.slice(0, 200).forEach((f) => batcher.frame(f, captureEndMs(f, 0) + 1));
    const kept = all.slice(200).map((f) => batcher.drain(f, 3_000));
    batcher.end();
    expect(kept.filter(Boolean)).toHaveLength(100);
    expect(kept.indexOf(false)).toBe(100);
    expect(batches.reduce((n, b) => n + b.samples.length, 0)).toBe(3 * 16_000);
  });

  it('starts a new run when the device changes rate (44.1 kHz headset plugged in)', () => {
    const { batches, batcher } = collect();
    const first = frames(100);
    const second = frames(100, { fromUs: ORIGIN_US + 1_000_000, rate: 44_100, size: 441 });
    for (const f of [...first, ...second]) batcher.frame(f, captureEndMs(f, 0) + 1);
    batcher.end();
    expect(batches.reduce((n, b) => n + b.samples.length, 0)).toBe(32_000);
    expect(Math.abs(batches.find((b) => b.atMs >= 999)!.atMs - 1_000)).toBeLessThan(5);
  });

  it('ignores frames it cannot place and drains nothing before any frame taught it the clock', () => {
    const { batches, batcher } = collect();
    batcher.frame({ samples: new Float32Array(480), sampleRate: 0, timestampUs: 0 }, 5);
    batcher.frame({ samples: new Float32Array(480), sampleRate: RATE, timestampUs: Number.NaN }, 5);
    expect(batcher.drain(frames(1)[0]!, 1e9)).toBe(false);
    batcher.end();
    expect(batches).toEqual([]);
  });
});
