import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createNarrationSession } from '../../../lib/narration/session';
import { createTranscriber, type Transcriber } from '../../../lib/narration/transcriber';
import { voiceActivity } from '../../../lib/narration/voice-activity';
import { generateTinyWhisper } from '../../fixtures/whisper/generate-tiny-whisper.mjs';
import { seeded } from './seeded-random';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const SR = 16_000;

/** White noise at `db` dBFS RMS. */
function noise(seconds: number, db: number, seed = 1): Float32Array {
  const random = seeded(seed);
  const amplitude = 10 ** (db / 20) * Math.sqrt(3); // uniform in [-a, a] has RMS a/√3
  return Float32Array.from({ length: Math.round(seconds * SR) }, () => amplitude * (random() * 2 - 1));
}

/** Voiced bursts (harmonics under an envelope, pauses between) at about `db` dBFS peak RMS, over `noiseDb` noise. */
function speech(seconds: number, db: number, noiseDb = -70, seed = 3): Float32Array {
  const random = seeded(seed);
  const out = noise(seconds, noiseDb, seed + 1);
  const gain = 10 ** (db / 20) * Math.SQRT2 / 1.15;
  let i = 0;
  while (i < out.length) {
    const burst = Math.floor((0.6 + random() * 2) * SR);
    const pitch = 110 + random() * 180;
    for (let k = 0; k < burst && i < out.length; k++, i++) {
      const env = Math.sin((Math.PI * k) / burst);
      const t = i / SR;
      out[i]! += gain * env * (Math.sin(2 * Math.PI * pitch * t) + 0.5 * Math.sin(4 * Math.PI * pitch * t));
    }
    i += Math.floor((0.2 + random() * 0.6) * SR);
  }
  return out;
}

function concat(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe('voiceActivity', () => {
  it.each([
    ['digital silence', new Float32Array(30 * SR)],
    ['a quiet room (−60 dBFS noise)', noise(30, -60)],
    ['a loud fan (−25 dBFS steady noise)', noise(30, -25)],
    ['one click (40 ms at −10 dBFS) in a quiet room', concat(noise(10, -60), noise(0.04, -10), noise(20, -60))],
  ])('no speech: %s', (_name, pcm) => {
    expect(voiceActivity(pcm).hasSpeech).toBe(false);
  });

  it.each([
    ['normal speech (−20 dBFS)', speech(30, -20)],
    ['quiet speech (−40 dBFS) in a quiet room', speech(30, -40, -65)],
    ['speech over a fan (−20 dBFS over −35 dBFS noise)', speech(30, -20, -35)],
    ['one second of speech in 29 s of silence', concat(noise(14, -60), speech(1, -25), noise(15, -60))],
  ])('speech: %s', (_name, pcm) => {
    expect(voiceActivity(pcm).hasSpeech).toBe(true);
  });

  it('says where the speech is', () => {
    const v = voiceActivity(concat(noise(10, -60), speech(5, -20), noise(15, -60)));
    expect(v.firstMs).toBeGreaterThanOrEqual(9_900);
    expect(v.lastMs).toBeLessThanOrEqual(15_100);
    expect(v.speechMs).toBeGreaterThan(2_000);
  });
});

describe('a session that skips silent windows', () => {
  const fake = vi.fn(async (pcm: Float32Array, offsetMs: number) => [{ startMs: offsetMs, endMs: offsetMs + (pcm.length / SR) * 1000, text: `heard ${offsetMs}` }]);

  it('gives silent windows to no model, and covers them as windows that heard nothing', async () => {
    // windows: [0, 30) speech, [28, 58) silence, [56, 86) silence, tail [84, 95) speech from 86 s
    const pcm = concat(speech(28, -20), noise(58, -60), speech(9, -20));
    const session = createNarrationSession({ transcribe: fake, model: 'fake', skipSilence: {} });
    session.push(pcm);
    const transcript = await session.stop();
    expect(fake.mock.calls.map(([, offset]) => offset)).toEqual([0, 84_000]);
    expect(session.windowsDone).toBe(4);
    expect(session.windowsSkipped).toBe(2);
    expect(transcript.segments.map((s) => s.text)).toEqual(['heard 0', 'heard 84000']);
  });

  it('skips nothing unless asked', async () => {
    fake.mockClear();
    const session = createNarrationSession({ transcribe: fake, model: 'fake' });
    session.push(new Float32Array(40 * SR));
    await session.stop();
    expect(fake).toHaveBeenCalledTimes(2);
    expect(session.windowsSkipped).toBe(0);
  });
});

describe('with the real model (random weights, q8 as shipped)', () => {
  let root = '';
  let transcriber: Transcriber;
  const MODEL = 'sop-test/whisper-vad';

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'sop-whisper-vad-'));
    await generateTinyWhisper({ outDir: join(root, MODEL), seed: 7, dtypes: ['q8'] });
    transcriber = await createTranscriber({ modelId: MODEL, localModelPath: root, allowRemote: false, device: 'cpu' });
  });

  afterAll(async () => {
    await transcriber?.dispose();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('keeps the transcript of the spoken windows identical and drops only what the model "heard" in silence', async () => {
    const pcm = concat(speech(28, -20, -60, 5), noise(58, -60, 9), speech(9, -22, -60, 11));
    const run = async (skip: boolean) => {
      const session = createNarrationSession({ transcribe: (p, o) => transcriber.transcribeWindow(p, o), model: MODEL, now: () => 0, ...(skip ? { skipSilence: {} } : {}) });
      session.push(pcm);
      return { transcript: await session.stop(), skipped: session.windowsSkipped };
    };
    const all = await run(false);
    const vad = await run(true);
    expect(vad.skipped).toBe(2);
    // Random weights "hear" words in silence as Whisper sometimes does: every window gives text without VAD…
    // The skipped windows' share of the timeline: between the cuts in their overlaps with the spoken ones.
    const inSilence = (s: { startMs: number; endMs: number }) => (s.startMs + s.endMs) / 2 >= 29_000 && (s.startMs + s.endMs) / 2 < 85_000;
    expect(all.transcript.segments.some(inSilence)).toBe(true);
    // …with it, the silent stretch has none, and the spoken windows' segments are the same: same words, same
    // times, except the first segment after the stretch, which without VAD was clamped to start where a
    // segment "heard" in the silence ended (stitching keeps timestamps monotonic) and now keeps its own start.
    expect(vad.transcript.segments.some(inSilence)).toBe(false);
    const kept = all.transcript.segments.filter((s) => !inSilence(s));
    expect(vad.transcript.segments.map((s) => [s.text, s.endMs])).toEqual(kept.map((s) => [s.text, s.endMs]));
    const firstAfter = kept.findIndex((s) => s.startMs >= 85_000 || s.endMs > 85_000);
    vad.transcript.segments.forEach((s, i) => {
      if (i === firstAfter) expect(s.startMs).toBeLessThanOrEqual(kept[i]!.startMs);
      else expect(s.startMs, `segment ${i}`).toBe(kept[i]!.startMs);
    });
  });
});
