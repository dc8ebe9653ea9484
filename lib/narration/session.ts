/**
 * One recording's narration, streamed: PCM chunks in, windows transcribed one after another while the
 * recording goes on, the tail at Stop, one stitched transcript out. The transcribe function is injected, so
 * this runs with the real model (offscreen worker, integration tests) or a fake (unit tests).
 */
import { stitchWindows, type Transcript, type TranscriptSegment, type WindowTranscript } from './segments';
import { maskSecrets } from '../privacy/secrets';
import { createStreamWindower, type AudioWindow, type EarlyCutOptions, type WindowingOptions } from './windowing';
import { voiceActivity, type VoiceActivityOptions } from './voice-activity';
import { MAX_TIMED_WINDOWS, type ComputeCounters, type NarrationTimings, type WindowTiming } from './timings';
import { createSampleClock, type Placed } from './sample-clock';

export type TranscribeWindow = (pcm16k: Float32Array, offsetMs: number) => Promise<TranscriptSegment[]>;

export interface NarrationSessionOptions extends Omit<WindowingOptions, 'earlyCut'> {
  readonly transcribe: TranscribeWindow;
  /** Recorded in the transcript. */
  readonly model: string;
  readonly language?: string;
  /** Called after each window with the transcript so far (for a live preview). */
  readonly onUpdate?: (segments: readonly TranscriptSegment[], windowsDone: number) => void;
  /** ms epoch; injectable for tests. */
  readonly now?: () => number;
  /**
   * Skip windows in which nobody speaks (voice-activity.ts): they are not given to the model and count as
   * transcribed with no segments, so stitching and coverage are as if the model had heard nothing. Off unless
   * given (`{}` for the defaults).
   */
  readonly skipSilence?: VoiceActivityOptions;
  /**
   * The transcriber's cumulative compute counters (encoder ms, decoder ms, tokens): read before and after each
   * window, so each window's share is known. Without it the windows' timings carry wall time only.
   */
  readonly counters?: () => ComputeCounters;
  /**
   * How the model runs (load time, build, threads, device), asked when timings are put together; undefined
   * (the model never loaded) leaves the transcript without timings.
   */
  readonly describeRun?: () => Omit<NarrationTimings, 'windows' | 'pendingAtStopS' | 'tailAfterStopMs' | 'lostAudioS'> | undefined;
  /** Monotonic ms for durations; injectable for tests. */
  readonly clock?: () => number;
  /**
   * While the model is idle, cut a window at a pause once it holds `minSeconds` (windowing.ts EarlyCutOptions),
   * so Stop leaves only the speech since the last pause. Off unless given (`{}` for the defaults).
   */
  readonly earlyCut?: Omit<EarlyCutOptions, 'idle'>;
}

export interface NarrationSession {
  /**
   * Feeds 16 kHz mono samples; transcription of complete windows starts in the background. `atMs`: the
   * recording-clock ms of the chunk's first sample, when the tap knows it: audio lost before it (a starved
   * audio thread) becomes silence, so later words keep their place on the recording clock (sample-clock.ts).
   */
  push(chunk: Float32Array, atMs?: number): void;
  /**
   * Stop: transcribes the tail, waits for every window, returns the transcript. `stoppedAt` (the `clock`'s
   * time Stop was asked for, if earlier than this call) is where the timings' tail starts.
   */
  stop(stoppedAt?: number): Promise<Transcript>;
  /** Windows handed to the model so far (full windows, plus the tail after stop()). */
  readonly windowsQueued: number;
  readonly windowsDone: number;
  /** Windows not given to the model because nobody spoke in them. */
  readonly windowsSkipped: number;
  /** The timings of the windows done so far (before Stop: nothing pending counted), when describeRun answers. */
  timingsSoFar(): NarrationTimings | undefined;
}

/**
 * The windows stitched, with any secret said aloud ("my password is …") masked: neither the live preview nor
 * the stored transcript holds it. After stitching, which drops bracketed text as non-speech markers.
 */
function stitchMasked(done: readonly WindowTranscript[]): TranscriptSegment[] {
  return stitchWindows(done).map((s) => ({ ...s, text: maskSecrets(s.text, { spoken: true }) }));
}

/** Silence is pushed in pieces of at most this: a long gap (a machine asleep) never becomes one huge buffer. */
const SILENCE_PIECE = new Float32Array(16_000);

export function createNarrationSession(options: NarrationSessionOptions): NarrationSession {
  /** Windows handed out and not finished: the early cut waits for 0. */
  let inFlight = 0;
  const windower = createStreamWindower({ ...options, earlyCut: options.earlyCut ? { ...options.earlyCut, idle: () => inFlight === 0 } : undefined });
  const sampleClock = createSampleClock({ sampleRate: options.sampleRate ?? 16_000, startMs: options.startMs });
  /** The last analysed window's noise floor: a short tail's own may be speech (voice-activity.ts). */
  let noiseFloorDb: number | undefined;
  const done: WindowTranscript[] = [];
  let queued = 0;
  let skipped = 0;
  let chain: Promise<void> = Promise.resolve();
  let failure: unknown = null;
  const clock = options.clock ?? (() => (typeof performance !== 'undefined' ? performance.now() : Date.now()));
  const timed: WindowTiming[] = [];
  /** Every window handed out: its audio and, once done, when (clock ms): what was left at Stop is known later. */
  const spans: { audioS: number; doneAt?: number }[] = [];
  let stop: { pendingAtStopS: number; tailAfterStopMs: number } = { pendingAtStopS: 0, tailAfterStopMs: 0 };

  const counters = (): ComputeCounters => options.counters?.() ?? { encoderMs: 0, decodeMs: 0, tokens: 0 };

  function timings(): NarrationTimings | undefined {
    const run = options.describeRun?.();
    return run ? { ...run, windows: timed.slice(0, MAX_TIMED_WINDOWS), ...stop, lostAudioS: sampleClock.filledMs / 1000 } : undefined;
  }

  /**
   * Whether nobody speaks in a tail's audio past what earlier windows covered: then the tail is not transcribed
   * at all (not even as an empty window, which would take the overlap's second half from the window before).
   * Only with skipSilence. The noise floor is the lower of the tail's and the last window's, so a tail that is
   * all speech is not taken for the floor. Waits for the windows before it: their floors are known then.
   */
  async function noNewSpeech(tail: AudioWindow, covered: number): Promise<boolean> {
    if (options.skipSilence === undefined) return false;
    await chain;
    const fromMs = ((covered - tail.startSample) * 1000) / (options.sampleRate ?? 16_000);
    return !voiceActivity(tail.pcm, { ...options.skipSilence, fromMs, noiseFloorAtMostDb: noiseFloorDb }).hasSpeech;
  }

  function enqueue(window: AudioWindow): void {
    queued++;
    inFlight++;
    const readyAt = clock();
    const audioS = (window.endMs - window.startMs) / 1000;
    const span: { audioS: number; doneAt?: number } = { audioS };
    spans.push(span);
    chain = chain.then(async () => {
      if (failure) return;
      try {
        // A short tail may be all speech, its own floor too high: the window before's floor is used too.
        const vad = window.isFinal ? { ...options.skipSilence, noiseFloorAtMostDb: noiseFloorDb } : options.skipSilence;
        const activity = options.skipSilence !== undefined ? voiceActivity(window.pcm, vad) : undefined;
        if (activity && !window.isFinal && Number.isFinite(activity.noiseFloorDb)) noiseFloorDb = activity.noiseFloorDb;
        const silent = activity !== undefined && !activity.hasSpeech;
        if (silent) skipped++;
        const before = counters();
        const startedAt = clock();
        const segments = silent ? [] : await options.transcribe(window.pcm, window.startMs);
        const after = counters();
        timed.push({
          startS: window.startMs / 1000,
          audioS,
          waitMs: Math.max(0, startedAt - readyAt),
          wallMs: silent ? 0 : Math.max(0, clock() - startedAt),
          encoderMs: Math.max(0, after.encoderMs - before.encoderMs),
          decodeMs: Math.max(0, after.decodeMs - before.decodeMs),
          tokens: Math.max(0, after.tokens - before.tokens),
          skippedSilent: silent,
          final: window.isFinal,
        });
        done.push({ startMs: window.startMs, endMs: window.endMs, segments });
        options.onUpdate?.(stitchMasked(done), done.length);
      } catch (error) {
        failure = error;
      } finally {
        span.doneAt = clock();
        inFlight--;
      }
    });
  }

  function place(placed: readonly Placed[]): void {
    for (const p of placed) {
      if (typeof p !== 'number') {
        for (const window of windower.push(p)) enqueue(window);
        continue;
      }
      for (let gap = p; gap > 0; gap -= SILENCE_PIECE.length) {
        for (const window of windower.push(gap >= SILENCE_PIECE.length ? SILENCE_PIECE : SILENCE_PIECE.subarray(0, gap))) enqueue(window);
      }
    }
  }

  return {
    push(chunk, atMs) {
      place(sampleClock.push(chunk, atMs));
    },
    async stop(stoppedAt = clock()) {
      place(sampleClock.flush());
      const covered = windower.coveredSamples;
      const tail = windower.flush();
      if (tail && !(covered > 0 && (await noNewSpeech(tail, covered)))) enqueue(tail);
      else if (tail) {
        // Timed as a silent window (no cost), but not stitched: the window before keeps all its segments.
        skipped++;
        const audioS = (tail.endMs - tail.startMs) / 1000;
        timed.push({ startS: tail.startMs / 1000, audioS, waitMs: 0, wallMs: 0, encoderMs: 0, decodeMs: 0, tokens: 0, skippedSilent: true, final: true });
      }
      await chain;
      if (failure) throw failure;
      // Windows finished after Stop was asked for were still to do then (the worker may hear of Stop only once
      // the window it is on is done).
      const pendingAtStopS = spans.filter((w) => w.doneAt === undefined || w.doneAt > stoppedAt).reduce((a, w) => a + w.audioS, 0);
      stop = { pendingAtStopS, tailAfterStopMs: Math.max(0, clock() - stoppedAt) };
      const t = timings();
      return {
        segments: stitchMasked(done),
        model: options.model,
        ...(options.language ? { language: options.language } : {}),
        createdAt: (options.now ?? Date.now)(),
        ...(t ? { timings: t } : {}),
      };
    },
    timingsSoFar: timings,
    get windowsQueued() {
      return queued;
    },
    get windowsDone() {
      return done.length;
    },
    get windowsSkipped() {
      return skipped;
    },
  };
}
