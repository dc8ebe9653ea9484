import { describe, expect, it, vi } from 'vitest';
import type { TranscriptSegment } from '../../../lib/narration/segments';
import { createNarrationSession, type TranscribeWindow } from '../../../lib/narration/session';

const SR = 16_000;

/** A fake model: one segment per 5 s of audio it is given, text naming the absolute second. */
const fakeTranscribe: TranscribeWindow = async (pcm, offsetMs) => {
  const out: TranscriptSegment[] = [];
  for (let start = 0; start + 5_000 <= (pcm.length / SR) * 1000; start += 5_000) {
    out.push({ startMs: offsetMs + start + 500, endMs: offsetMs + start + 4_500, text: `at ${(offsetMs + start) / 1000}` });
  }
  return out;
};

function push(session: ReturnType<typeof createNarrationSession>, seconds: number, chunk = 4_096): void {
  const total = seconds * SR;
  for (let at = 0; at < total; at += chunk) session.push(new Float32Array(Math.min(chunk, total - at)));
}

describe('createNarrationSession', () => {
  it('transcribes full windows during the recording and only the tail at Stop', async () => {
    const transcribe = vi.fn(fakeTranscribe);
    const updates: number[] = [];
    const session = createNarrationSession({ transcribe, model: 'fake', onUpdate: (_s, n) => updates.push(n), now: () => 1_234 });
    push(session, 65);
    await vi.waitFor(() => expect(session.windowsDone).toBe(2));
    expect(transcribe.mock.calls.map(([pcm, offset]) => [offset, pcm.length / SR])).toEqual([[0, 30], [28_000, 30]]);

    const transcript = await session.stop();
    expect(transcribe).toHaveBeenCalledTimes(3);
    expect(transcribe.mock.calls[2]!.slice(1)).toEqual([56_000]);
    expect(updates).toEqual([1, 2, 3]);
    expect(transcript.model).toBe('fake');
    expect(transcript.createdAt).toBe(1_234);
    expect(transcript).not.toHaveProperty('language');
    // Window 0: 0,5,…,25; window 1 (28 s): 28…53, the overlap's 28 s segment falls to window 1's side of
    // the 29 s cut only if centred past it (30.5 s: yes); 25 s (centre 27.5 s) stays with window 0.
    expect(transcript.segments.map((s) => s.text)).toEqual([
      'at 0', 'at 5', 'at 10', 'at 15', 'at 20', 'at 25',
      'at 28', 'at 33', 'at 38', 'at 43', 'at 48', 'at 53',
      'at 56', // the 9 s tail holds one 5 s stretch
    ]);
  });

  it('records the language and passes recording-clock offsets when narration starts late', async () => {
    const transcribe = vi.fn(fakeTranscribe);
    const session = createNarrationSession({ transcribe, model: 'm', language: 'fr', startMs: 12_000 });
    push(session, 10);
    const transcript = await session.stop();
    expect(transcribe.mock.calls[0]![1]).toBe(12_000);
    expect(transcript.language).toBe('fr');
    expect(transcript.segments.map((s) => s.startMs)).toEqual([12_500, 17_500]);
  });

  it('reports a failed window at Stop and skips the windows after it', async () => {
    const transcribe = vi.fn<TranscribeWindow>().mockRejectedValueOnce(new Error('model crashed')).mockResolvedValue([]);
    const session = createNarrationSession({ transcribe, model: 'm' });
    push(session, 65);
    await expect(session.stop()).rejects.toThrow('model crashed');
    expect(transcribe).toHaveBeenCalledTimes(1);
  });

  it('gives an empty transcript for a recording without audio', async () => {
    const transcribe = vi.fn(fakeTranscribe);
    const transcript = await createNarrationSession({ transcribe, model: 'm' }).stop();
    expect(transcript.segments).toEqual([]);
    expect(transcribe).not.toHaveBeenCalled();
  });

  describe('on the recording clock', () => {
    /** A fake model hearing "speech" (samples of 1): one segment per run of speech, at the time it was heard. */
    const hears: TranscribeWindow = async (pcm, offsetMs) => {
      const out: TranscriptSegment[] = [];
      for (let i = 0; i < pcm.length; i++) {
        if (pcm[i] !== 1) continue;
        let j = i;
        while (j < pcm.length && pcm[j] === 1) j++;
        out.push({ startMs: offsetMs + (i * 1000) / SR, endMs: offsetMs + (j * 1000) / SR, text: 'spoken' });
        i = j;
      }
      return out;
    };

    /** Pushes `seconds` of audio in 4096-sample batches stamped from `atS` on; `speech` fills them with 1s. */
    function tap(session: ReturnType<typeof createNarrationSession>, atS: number, seconds: number, speech = false): void {
      for (let n = 0; n < seconds * SR; n += 4_096) {
        const chunk = new Float32Array(Math.min(4_096, seconds * SR - n)).fill(speech ? 1 : 0);
        session.push(chunk, atS * 1000 + (n * 1000) / SR);
      }
    }

    it('keeps words said after lost audio at the time they were said, and says how much was lost', async () => {
      const session = createNarrationSession({ transcribe: hears, model: 'm', describeRun: () => ({ modelLoadMs: 1, dtype: 'q8', threads: 1, device: 'wasm' }) });
      tap(session, 0.5, 9.5); // the tap opened half a second into the recording
      tap(session, 14, 2); // 4 s the audio thread never rendered (a starved machine)
      tap(session, 16, 2, true); // said at 16–18 s
      tap(session, 18, 50);
      tap(session, 75, 1, true); // 7 s more lost; said at 75–76 s, in the third window
      tap(session, 76, 4);
      const transcript = await session.stop();
      const said = transcript.segments.filter((s) => s.text === 'spoken');
      expect(said.map((s) => [Math.round(s.startMs), Math.round(s.endMs)])).toEqual([
        [16_000, 18_000],
        [75_000, 76_000],
      ]);
      expect(transcript.timings?.lostAudioS).toBeCloseTo(0.5 + 4 + 7, 2);
    });

    it('counts samples as before when the tap gives no stamps', async () => {
      const session = createNarrationSession({ transcribe: hears, model: 'm' });
      session.push(new Float32Array(10 * SR));
      session.push(new Float32Array(2 * SR).fill(1));
      const transcript = await session.stop();
      expect(transcript.segments.map((s) => [s.startMs, s.endMs])).toEqual([[10_000, 12_000]]);
    });
  });

  describe('timings', () => {
    const RUN = { modelLoadMs: 8_000, dtype: 'q8' as const, threads: 2, device: 'wasm' as const };

    /** A fake model on a fake clock: each window takes 5 s, 1 s of it the encoder, 3 s the decoder, 80 tokens. */
    function timedModel() {
      const state = { now: 0, encoderMs: 0, decodeMs: 0, tokens: 0 };
      const transcribe: TranscribeWindow = async (pcm, offsetMs) => {
        state.now += 5_000;
        state.encoderMs += 1_000;
        state.decodeMs += 3_000;
        state.tokens += 80;
        return fakeTranscribe(pcm, offsetMs);
      };
      const counters = () => ({ encoderMs: state.encoderMs, decodeMs: state.decodeMs, tokens: state.tokens });
      return { state, transcribe, counters, clock: () => state.now };
    }

    it('times every window and the tail left at Stop', async () => {
      const m = timedModel();
      const session = createNarrationSession({ transcribe: m.transcribe, counters: m.counters, clock: m.clock, describeRun: () => RUN, model: 'm' });
      push(session, 65); // two full windows ready at once: the second waits for the first
      await vi.waitFor(() => expect(session.windowsDone).toBe(2));
      expect(session.timingsSoFar()).toMatchObject({ ...RUN, pendingAtStopS: 0, tailAfterStopMs: 0 });
      expect(session.timingsSoFar()?.windows).toHaveLength(2);

      const transcript = await session.stop();
      const window = { audioS: 30, wallMs: 5_000, encoderMs: 1_000, decodeMs: 3_000, tokens: 80, skippedSilent: false };
      expect(transcript.timings).toEqual({
        ...RUN,
        windows: [
          { ...window, startS: 0, waitMs: 0, final: false },
          { ...window, startS: 28, waitMs: 5_000, final: false },
          { ...window, startS: 56, audioS: 9, waitMs: 0, final: true },
        ],
        pendingAtStopS: 9,
        tailAfterStopMs: 5_000,
        lostAudioS: 0,
      });
    });

    it('counts the windows still queued at Stop, and the tail from when Stop was asked for', async () => {
      const m = timedModel();
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const transcribe: TranscribeWindow = async (pcm, offsetMs) => {
        await held;
        return m.transcribe(pcm, offsetMs);
      };
      const session = createNarrationSession({ transcribe, counters: m.counters, clock: m.clock, describeRun: () => RUN, model: 'm' });
      push(session, 65);
      m.state.now = 1_000;
      const stopping = session.stop(500);
      release();
      const t = (await stopping).timings!;
      expect(t.pendingAtStopS).toBe(69); // 30 + 30 + the 9 s tail
      expect(t.tailAfterStopMs).toBe(1_000 + 15_000 - 500);
    });

    it('marks silent windows skipped, at no cost', async () => {
      const m = timedModel();
      const session = createNarrationSession({ transcribe: m.transcribe, counters: m.counters, clock: m.clock, describeRun: () => RUN, model: 'm', skipSilence: {} });
      push(session, 35); // zeros: nobody speaks
      const t = (await session.stop()).timings!;
      expect(t.windows.map((w) => [w.skippedSilent, w.wallMs, w.tokens])).toEqual([
        [true, 0, 0],
        [true, 0, 0],
      ]);
    });

    it('stores no timings while the model has not told how it runs', async () => {
      const session = createNarrationSession({ transcribe: fakeTranscribe, describeRun: () => undefined, model: 'm' });
      push(session, 10);
      const transcript = await session.stop();
      expect(transcript).not.toHaveProperty('timings');
      expect(session.timingsSoFar()).toBeUndefined();
    });
  });
});
