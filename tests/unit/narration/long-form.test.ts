/**
 * Our streaming (windowing.ts + session.ts + stitchWindows) against transformers.js' own long-form pipeline
 * (`chunk_length_s: 30, stride_length_s: 1`, timestamps on) on the same random-weight model and 70 s of audio.
 *
 * By design the two differ in one place only: where consecutive windows overlap. The library merges the two
 * windows' token sequences (longest common run, then drops the stride); we stream, so each window is
 * transcribed as soon as its audio is in, and the stitcher keeps each side's segments up to the middle of the
 * overlap. Everything else is the same pipeline call on the same samples (same feature extraction, decoding
 * and timestamp tokens), so: the same windows, the same segments (text and times) away from the cuts, every
 * second covered once, timestamps monotonic.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env, pipeline } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createNarrationSession } from '../../../lib/narration/session';
import { createTranscriber, type Transcriber } from '../../../lib/narration/transcriber';
import { planWindows } from '../../../lib/narration/windowing';
import { generateTinyWhisper } from '../../fixtures/whisper/generate-tiny-whisper.mjs';
import { seeded } from './seeded-random';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const SR = 16_000;
const MODEL = 'sop-test/whisper-long-form';
const SECONDS = 70;
/** Whisper's timestamp resolution (30 s / 1500 positions): times may differ by one step after offsetting. */
const TIME_PRECISION_MS = 20;

let root = '';
let ours: Transcriber;

function audio(seconds: number): Float32Array {
  const random = seeded(12_345);
  return Float32Array.from({ length: seconds * SR }, (_, i) => 0.2 * Math.sin((2 * Math.PI * (120 + ((i / SR) % 7) * 30) * i) / SR) + 0.02 * (random() * 2 - 1));
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sop-whisper-long-'));
  await generateTinyWhisper({ outDir: join(root, MODEL), seed: 5, dtypes: ['q8'] });
  ours = await createTranscriber({ modelId: MODEL, localModelPath: root, allowRemote: false, device: 'cpu' });
});

afterAll(async () => {
  await ours?.dispose();
  if (root) await rm(root, { recursive: true, force: true });
});

interface Chunk {
  timestamp: [number, number | null];
  text: string;
}

describe("our streamed windows vs transformers.js' long-form pipeline", () => {
  it('cuts the same windows, gives the same segments away from the cuts, covers every second once', async () => {
    const pcm = audio(SECONDS);

    // The library's own long-form run. createTranscriber set the env for this model folder already.
    env.localModelPath = root;
    const asr = await pipeline('automatic-speech-recognition', MODEL, { dtype: 'q8', device: 'cpu' });
    const model = (asr as unknown as { model: { generate: (o: Record<string, unknown>) => Promise<unknown> } }).model;
    const chunkFrames: number[] = [];
    const generate = model.generate.bind(model);
    model.generate = (o) => {
      chunkFrames.push(o.num_frames as number);
      return generate(o);
    };
    const library = (await (asr as unknown as (a: Float32Array, o: object) => Promise<{ chunks: Chunk[] }>)(pcm, {
      chunk_length_s: 30,
      stride_length_s: 1,
      return_timestamps: true,
    })).chunks;
    await (asr as unknown as { dispose(): Promise<void> }).dispose();

    // Same windows: 30 s every 28 s, the last one shorter (the library reports each chunk's frames).
    const spans = planWindows(pcm.length);
    expect(spans.map((s) => s.startSample / SR)).toEqual([0, 28, 56]);
    expect(chunkFrames).toEqual(spans.map((s) => Math.floor((s.endSample - s.startSample) / 160)));

    // Ours, streamed in 100 ms chunks as the microphone tap sends them.
    const session = createNarrationSession({ transcribe: (p, o) => ours.transcribeWindow(p, o), model: MODEL });
    for (let at = 0; at < pcm.length; at += 1_600) session.push(pcm.subarray(at, at + 1_600));
    const segments = (await session.stop()).segments;

    // Monotonic, inside the audio, no overlap: every second is covered once.
    let previousEnd = 0;
    for (const s of segments) {
      expect(s.startMs).toBeGreaterThanOrEqual(previousEnd);
      expect(s.endMs).toBeGreaterThanOrEqual(s.startMs);
      previousEnd = s.endMs;
    }
    expect(previousEnd).toBeLessThanOrEqual(SECONDS * 1000);

    const all = library.map((c) => ({ startMs: Math.round(c.timestamp[0] * 1000), endMs: Math.round((c.timestamp[1] ?? SECONDS) * 1000), text: c.text.trim() }));
    // The second difference by design: the library keeps what the model "hears" in the zeros Whisper pads the
    // last window with (segments past the end of the audio); we keep nothing past the audio.
    expect(all.some((s) => s.startMs >= SECONDS * 1000)).toBe(true);
    expect(segments.every((s) => s.endMs <= SECONDS * 1000)).toBe(true);

    // Away from the overlaps ([28, 30] and [56, 58] s, plus a segment's length either side) and the end of the
    // audio, both transcripts hold the same segments: same words, same times within one timestamp step.
    const compared = (s: { startMs: number; endMs: number }) =>
      s.endMs < SECONDS * 1000 && ![29_000, 57_000].some((cut) => s.endMs > cut - 4_000 && s.startMs < cut + 4_000);
    const lib = all.filter((s) => s.text && compared(s));
    const mine = segments.filter(compared);
    expect(lib.length).toBeGreaterThanOrEqual(11); // most of the 70 s
    expect(mine.map((s) => s.text)).toEqual(lib.map((s) => s.text));
    mine.forEach((s, i) => {
      expect(Math.abs(s.startMs - lib[i]!.startMs)).toBeLessThanOrEqual(TIME_PRECISION_MS);
      expect(Math.abs(s.endMs - lib[i]!.endMs)).toBeLessThanOrEqual(TIME_PRECISION_MS);
    });
  });
});

/** Tone bursts (0.6–3 s) with quiet pauses (0.3–1.2 s): pauses where windows can be cut early. */
function withPauses(seconds: number): Float32Array {
  const random = seeded(777);
  const out = new Float32Array(seconds * SR);
  for (let i = 0; i < out.length; ) {
    const burst = Math.floor((0.6 + random() * 2.4) * SR);
    const pitch = 120 + random() * 160;
    for (let k = 0; k < burst && i < out.length; k++, i++) out[i] = 0.2 * Math.sin((Math.PI * k) / burst) * Math.sin((2 * Math.PI * pitch * i) / SR) + 0.003 * (random() * 2 - 1);
    for (let k = Math.floor((0.3 + random() * 0.9) * SR); k > 0 && i < out.length; k--, i++) out[i] = 0.003 * (random() * 2 - 1);
  }
  return out;
}

describe('windows cut early at pauses (shorter than 30 s, no overlap)', () => {
  it("give, stitched, exactly the library pipeline's segments for the same samples, nothing from the padding", async () => {
    const pcm = withPauses(SECONDS);
    const windows: { pcm: Float32Array; offsetMs: number }[] = [];
    const session = createNarrationSession({
      model: MODEL,
      earlyCut: { minSeconds: 8 },
      transcribe: (p, o) => {
        windows.push({ pcm: p, offsetMs: o });
        return ours.transcribeWindow(p, o);
      },
    });
    // A model that keeps up: each window is done before more audio comes, so the model is idle at each pause.
    for (let at = 0; at < pcm.length; at += 1_600) {
      session.push(pcm.subarray(at, at + 1_600));
      while (session.windowsDone < session.windowsQueued) await new Promise((r) => setTimeout(r, 5));
    }
    const segments = (await session.stop()).segments;
    expect(windows.length).toBeGreaterThanOrEqual(5);
    expect(windows.slice(0, -1).every((w) => w.pcm.length < 30 * SR && w.pcm.length >= 8 * SR)).toBe(true);
    // Abutting: every sample in exactly one window.
    windows.forEach((w, i) => i > 0 && expect(w.offsetMs).toBeCloseTo(windows[i - 1]!.offsetMs + (windows[i - 1]!.pcm.length * 1000) / SR, 6));
    expect(windows.reduce((a, w) => a + w.pcm.length, 0)).toBe(pcm.length);

    // The library's own pipeline on each window's samples (its default decoding: no padding stop).
    env.localModelPath = root;
    const asr = (await pipeline('automatic-speech-recognition', MODEL, { dtype: 'q8', device: 'cpu' })) as unknown as ((a: Float32Array, o: object) => Promise<{ chunks: Chunk[] }>) & { dispose(): Promise<void> };
    const expected: { startMs: number; endMs: number; text: string }[] = [];
    let paddingSegments = 0;
    for (const w of windows) {
      const durationMs = (w.pcm.length * 1000) / SR;
      for (const c of (await asr(w.pcm, { return_timestamps: true })).chunks) {
        const startMs = Math.round(c.timestamp[0] * 1000);
        if (startMs >= durationMs) {
          paddingSegments++;
          continue;
        }
        if (!c.text.trim()) continue;
        expected.push({ startMs: w.offsetMs + startMs, endMs: w.offsetMs + Math.min(durationMs, Math.round((c.timestamp[1] ?? durationMs / 1000) * 1000)), text: c.text.trim() });
      }
    }
    await asr.dispose();
    // The random model decodes into the padding of every short window: what the padding stop saves.
    expect(paddingSegments).toBeGreaterThan(windows.length);
    expect(segments.map((s) => s.text)).toEqual(expected.map((s) => s.text));
    segments.forEach((s, i) => {
      expect(Math.abs(s.startMs - expected[i]!.startMs)).toBeLessThanOrEqual(TIME_PRECISION_MS);
      expect(Math.abs(s.endMs - expected[i]!.endMs)).toBeLessThanOrEqual(TIME_PRECISION_MS);
    });
  });
});
