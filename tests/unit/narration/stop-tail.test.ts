/**
 * What is left at Stop (issue 10, Stop → draft): windows cut early at a pause while the model is idle, a tail
 * with no new speech not transcribed, and the padding stop's rule. A fake model with a cost in "audio time":
 * the recording advances chunk by chunk, a window's transcription ends once enough recording time has passed.
 */
import { describe, expect, it } from 'vitest';
import { createPaddingStop, startsInPadding } from '../../../lib/narration/padding-stop';
import type { TranscriptSegment } from '../../../lib/narration/segments';
import { createNarrationSession, type NarrationSessionOptions } from '../../../lib/narration/session';
import { createStreamWindower } from '../../../lib/narration/windowing';
import { seeded } from './seeded-random';

const SR = 16_000;

interface Burst {
  readonly id: number;
  readonly startMs: number;
  readonly endMs: number;
}

/** Speech-like audio: tone bursts (0.6–3 s) with pauses (0.2–1.2 s), then `silentTailS` of room noise. */
function speech(seconds: number, seed: number, silentTailS = 0): { pcm: Float32Array; bursts: Burst[] } {
  const random = seeded(seed);
  const pcm = new Float32Array(Math.round((seconds + silentTailS) * SR));
  const bursts: Burst[] = [];
  let i = 0;
  const end = seconds * SR;
  while (i < end) {
    const length = Math.min(end - i, Math.floor((0.6 + random() * 2.4) * SR));
    const pitch = 110 + random() * 180;
    bursts.push({ id: bursts.length, startMs: (i / SR) * 1000, endMs: ((i + length) / SR) * 1000 });
    for (let k = 0; k < length; k++, i++) pcm[i] = 0.25 * Math.sin((Math.PI * k) / length) * Math.sin((2 * Math.PI * pitch * i) / SR) + 0.003 * (random() * 2 - 1);
    for (let k = Math.floor((0.2 + random() * 1.0) * SR); k > 0 && i < pcm.length; k--, i++) pcm[i] = 0.003 * (random() * 2 - 1);
  }
  for (; i < pcm.length; i++) pcm[i] = 0.003 * (random() * 2 - 1);
  return { pcm, bursts };
}

interface Call {
  readonly offsetMs: number;
  readonly seconds: number;
}

/**
 * Records `pcm` in 100 ms chunks through a session whose fake model takes `encoderS + perAudioS × window
 * seconds` of recording time per window and "hears" each burst whose middle lies in its window. Returns the
 * transcript, the calls, and the audio still to transcribe when Stop came (windows not finished then).
 */
async function record(pcm: Float32Array, bursts: readonly Burst[], options: Partial<NarrationSessionOptions>, cost = { encoderS: 2, perAudioS: 0.1 }) {
  let nowMs = 0;
  const calls: Call[] = [];
  const waiting: { dueMs: number; resolve: () => void }[] = [];
  const session = createNarrationSession({
    model: 'fake',
    skipSilence: {},
    clock: () => nowMs,
    ...options,
    transcribe: async (window, offsetMs) => {
      const seconds = window.length / SR;
      calls.push({ offsetMs, seconds });
      await new Promise<void>((resolve) => waiting.push({ dueMs: nowMs + (cost.encoderS + cost.perAudioS * seconds) * 1000, resolve }));
      const endMs = offsetMs + seconds * 1000;
      return bursts
        .filter((b) => (b.startMs + b.endMs) / 2 >= offsetMs && (b.startMs + b.endMs) / 2 < endMs)
        .map((b): TranscriptSegment => ({ startMs: Math.max(offsetMs, b.startMs), endMs: Math.min(endMs, b.endMs), text: `burst ${b.id}` }));
    },
  });
  const settle = async () => {
    for (let k = 0; k < 5; k++) await new Promise<void>((r) => setImmediate(r));
  };
  const chunk = SR / 10;
  for (let at = 0; at < pcm.length; at += chunk) {
    session.push(pcm.subarray(at, at + chunk));
    nowMs += 100;
    for (const w of waiting.filter((x) => x.dueMs <= nowMs)) {
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve();
    }
    await settle();
  }
  const callsBeforeStop = calls.length;
  const stopAt = nowMs;
  // After Stop, time runs on until everything is done.
  const stopping = session.stop(stopAt);
  const ticker = setInterval(() => {
    nowMs += 100;
    for (const w of waiting.filter((x) => x.dueMs <= nowMs)) {
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve();
    }
  }, 0);
  const transcript = await stopping.finally(() => clearInterval(ticker));
  return { transcript, calls, callsBeforeStop, stopToTranscriptMs: nowMs - stopAt, pendingAtStopS: transcript.timings?.pendingAtStopS, windowsSkipped: session.windowsSkipped };
}

const describeRun = () => ({ modelLoadMs: 0, dtype: 'q8' as const, threads: 1, device: 'wasm' as const });

describe('early cut at a pause while the model is idle', () => {
  it('cuts windows of at least minSeconds at pauses, abutting, each burst heard by one window only', () => {
    const { pcm, bursts } = speech(120, 3);
    let idle = true;
    const windower = createStreamWindower({ earlyCut: { idle: () => idle, minSeconds: 10 } });
    const windows = [];
    for (let at = 0; at < pcm.length; at += 1_600) windows.push(...windower.push(pcm.subarray(at, at + 1_600)));
    const tail = windower.flush();
    if (tail) windows.push(tail);

    expect(windows.length).toBeGreaterThan(120 / 30 + 2);
    for (const [i, w] of windows.entries()) {
      if (i > 0) expect(w.startSample).toBe(windows[i - 1]!.endSample);
      if (i < windows.length - 1) {
        expect(w.endSample - w.startSample).toBeGreaterThanOrEqual(10 * SR);
        expect(w.endSample - w.startSample).toBeLessThan(30 * SR);
        // Cut in a pause: no burst spans the cut.
        const cutMs = (w.endSample / SR) * 1000;
        expect(bursts.some((b) => b.startMs < cutMs && b.endMs > cutMs)).toBe(false);
      }
    }
    expect(windows.at(-1)!.endSample).toBe(pcm.length);
    idle = false;
  });

  it('never cuts early while the model is busy: full 30 s windows with their overlap, as before', () => {
    const { pcm } = speech(95, 4);
    const windower = createStreamWindower({ earlyCut: { idle: () => false, minSeconds: 10 } });
    const starts: number[] = [];
    for (let at = 0; at < pcm.length; at += 1_600) for (const w of windower.push(pcm.subarray(at, at + 1_600))) starts.push(w.startSample / SR);
    expect(starts).toEqual([0, 28, 56]);
  });

  it('leaves only the speech since the last pause at Stop; every burst transcribed once', async () => {
    const { pcm, bursts } = speech(300, 7);
    const before = await record(pcm, bursts, { describeRun });
    const after = await record(pcm, bursts, { describeRun, earlyCut: { minSeconds: 10 } });
    for (const run of [before, after]) {
      expect(run.transcript.segments.map((s) => s.text)).toEqual(bursts.map((b) => `burst ${b.id}`));
    }
    const tailS = (run: typeof before) => run.calls.at(-1)!.seconds;
    // Before: the tail is whatever followed the last 28 s hop (here over 10 s); after: under minSeconds + a burst.
    expect(tailS(before)).toBeGreaterThan(10);
    expect(tailS(after)).toBeLessThan(10 + 3 + 1.2);
    expect(after.pendingAtStopS!).toBeLessThan(before.pendingAtStopS!);
    // Whether a window is still running at Stop is chance (and audio a sample clock holds back arrives at Stop):
    // at most that window and a tail under minSeconds + a burst are left.
    expect(after.stopToTranscriptMs).toBeLessThanOrEqual((2 + 0.1 * 30) * 1000 + (2 + 0.1 * (10 + 3 + 1.2)) * 1000);
    // What it costs: encoder passes (windows); no second transcribed twice (abutting early windows).
    const audioS = (run: typeof before) => run.calls.reduce((a, c) => a + c.seconds, 0);
    expect(audioS(after)).toBeLessThanOrEqual(audioS(before));
    expect(after.calls.length).toBeGreaterThan(before.calls.length);
    expect(after.calls.length).toBeLessThanOrEqual(Math.ceil(300 / 10) + 1);
  });
});

describe('a tail with no new speech', () => {
  it('is not transcribed, and the window before keeps its overlap', async () => {
    // 56 s of speech, then 6 s of room noise: the tail is [56, 62) s, its new audio (from 58 s) silent.
    const { pcm, bursts } = speech(56, 9, 6);
    const run = await record(pcm, bursts, { describeRun });
    expect(run.calls.map((c) => c.offsetMs)).toEqual([0, 28_000]);
    expect(run.windowsSkipped).toBe(1);
    expect(run.transcript.segments.map((s) => s.text)).toEqual(bursts.map((b) => `burst ${b.id}`));
  });

  it('is transcribed when it holds speech, even all speech (the last window gives the noise floor)', async () => {
    const { pcm, bursts } = speech(62, 9);
    const run = await record(pcm, bursts, { describeRun });
    expect(run.calls.map((c) => c.offsetMs)).toEqual([0, 28_000, 56_000]);
    expect(run.transcript.segments.map((s) => s.text)).toEqual(bursts.map((b) => `burst ${b.id}`));

    // A tail that is one continuous tone (from the last hop on, overlap included): its own 10th-percentile
    // frame is loud, so only the window before's noise floor shows it is speech.
    const loud = new Float32Array(61 * SR);
    loud.set(pcm.subarray(0, 56 * SR));
    for (let i = 56 * SR; i < loud.length; i++) loud[i] = 0.2 * Math.sin((2 * Math.PI * 180 * i) / SR);
    const withLoudTail = await record(loud, bursts.filter((b) => b.endMs < 56_000), { describeRun });
    expect(withLoudTail.calls.map((c) => c.offsetMs)).toEqual([0, 28_000, 56_000]);
  });
});

describe('the padding stop', () => {
  const o = { durationMs: 5_000, timestampBegin: 1_000, eosTokenId: 900 };
  const ts = (ms: number) => 1_000 + ms / 20;

  it('ends decoding only when a segment would start at or past the end of the audio', () => {
    // prefix of 3 ids; nothing generated yet: the first timestamp starts a segment.
    expect(startsInPadding([1, 2, 3], 3, ts(0), o)).toBe(false);
    expect(startsInPadding([1, 2, 3], 3, ts(5_000), o)).toBe(true);
    // After text and an end timestamp: the next timestamp starts a segment.
    expect(startsInPadding([1, 2, 3, ts(0), 10, 11, ts(4_980)], 3, ts(4_980), o)).toBe(false);
    expect(startsInPadding([1, 2, 3, ts(0), 10, 11, ts(4_000)], 3, ts(5_000), o)).toBe(true);
    // A segment's end past the audio is kept (its start was inside): after text, a timestamp is an end.
    expect(startsInPadding([1, 2, 3, ts(4_000), 10, 11], 3, ts(7_000), o)).toBe(false);
    // After a start timestamp (end + start pair) text must come: never ours to end.
    expect(startsInPadding([1, 2, 3, ts(0), 10, ts(2_000), ts(6_000)], 3, ts(8_000), o)).toBe(false);
    // Text tokens never end it.
    expect(startsInPadding([1, 2, 3, ts(0), 10, ts(6_000)], 3, 12, o)).toBe(false);
  });

  it('forces <|endoftext|> in the logits, and remembers where generation began', () => {
    const stop = createPaddingStop(o);
    const row = (best: number) => {
      const data = new Float32Array(1_400).fill(-5);
      data[best] = 3;
      return { dims: [1, 1_400], 0: { data } };
    };
    const first = row(ts(0));
    stop([[1, 2, 3]], first);
    expect(first[0].data[ts(0)]).toBe(3);
    const late = row(ts(6_000));
    stop([[1, 2, 3, ts(0), 10, ts(3_000)]], late);
    expect(late[0].data[900]).toBe(0);
    expect(Math.max(...late[0].data.filter((_, i) => i !== 900))).toBe(-Infinity);
  });
});
