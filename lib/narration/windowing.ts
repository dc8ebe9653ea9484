/**
 * The streaming plan: cut 16 kHz mono PCM, as it arrives during a recording, into Whisper's 30 s windows
 * with a small overlap, so each window is transcribed while the recording goes on and only the tail is left
 * at Stop. Pure: no timers, no audio APIs; the offscreen worker feeds it chunks and transcribes what it hands
 * back.
 */
import { LEVEL_DEFAULTS, levelDb, noiseFloorOf, speechThresholdDb } from './voice-activity';

export const WHISPER_SAMPLE_RATE = 16_000;

export interface WindowingOptions {
  /** Samples per second of the PCM pushed in (Whisper wants 16 kHz). */
  readonly sampleRate?: number;
  /** Length of a full window, seconds (Whisper sees 30 s at a time). */
  readonly windowSeconds?: number;
  /**
   * Seconds shared by consecutive windows, so a word cut at one window's edge is whole in the next; the
   * stitcher keeps each side's half. Default 2 s: longer than most words, short enough to cost ~7 % extra.
   */
  readonly overlapSeconds?: number;
  /** Recording-clock ms of the first sample (non-zero when narration starts after the recording). */
  readonly startMs?: number;
  /**
   * Cut a window before it is full, at a pause, while the model has nothing to do (see EarlyCutOptions): what
   * is left at Stop is then the speech since the last pause, not up to a whole window. Off unless given.
   */
  readonly earlyCut?: EarlyCutOptions;
}

/**
 * When the model is idle and the audio since the last window ends in a pause, that audio becomes a window at
 * once, cut in the middle of the pause. No word straddles a pause, so the next window starts at the cut with
 * no overlap: no second is transcribed twice. Each such window costs a whole encoder pass (Whisper's encoder
 * always sees 30 s), so a window is cut early only once it holds `minSeconds`.
 */
export interface EarlyCutOptions {
  /** Says whether the model has no window to work on (the cut is only made then). */
  readonly idle: () => boolean;
  /** Audio since the last window needed before cutting early, seconds. Default 10. */
  readonly minSeconds?: number;
  /** Quiet needed at the end of that audio, ms. Default 500. */
  readonly pauseMs?: number;
  /** Level analysis frame, ms. Default 30 (as voice-activity.ts). */
  readonly frameMs?: number;
  /** A frame below this RMS (dBFS) is quiet whatever else. Default −50 (as voice-activity.ts). */
  readonly absoluteFloorDb?: number;
  /** A frame this many dB above the audio's noise floor (10th-percentile frame) is not quiet. Default 12. */
  readonly aboveNoiseDb?: number;
}

/** A span of audio to transcribe, in samples from the first pushed sample. */
export interface WindowSpan {
  readonly startSample: number;
  readonly endSample: number;
}

/** A window ready to transcribe. */
export interface AudioWindow extends WindowSpan {
  /** 0, 1, 2… in order. */
  readonly index: number;
  /** Recording-clock ms of its first and one-past-last sample. */
  readonly startMs: number;
  readonly endMs: number;
  /** A copy of its samples, safe to transfer to a worker. */
  readonly pcm: Float32Array;
  /** True for the tail handed out at Stop. */
  readonly isFinal: boolean;
}

interface Resolved {
  sampleRate: number;
  window: number;
  hop: number;
  startMs: number;
}

function resolve(options: WindowingOptions): Resolved {
  const sampleRate = options.sampleRate ?? WHISPER_SAMPLE_RATE;
  const windowSeconds = options.windowSeconds ?? 30;
  const overlapSeconds = options.overlapSeconds ?? 2;
  if (!(windowSeconds > 0) || !(overlapSeconds >= 0) || overlapSeconds >= windowSeconds) {
    throw new RangeError(`Invalid windowing: ${windowSeconds} s windows with ${overlapSeconds} s overlap`);
  }
  const window = Math.round(windowSeconds * sampleRate);
  const hop = window - Math.round(overlapSeconds * sampleRate);
  return { sampleRate, window, hop, startMs: options.startMs ?? 0 };
}

/**
 * The windows for `totalSamples` of audio: full windows every hop (window − overlap), then the tail from the
 * next hop to the end, if any audio lies past the last full window.
 */
export function planWindows(totalSamples: number, options: WindowingOptions = {}): WindowSpan[] {
  const { window, hop } = resolve(options);
  const spans: WindowSpan[] = [];
  let start = 0;
  while (start + window <= totalSamples) {
    spans.push({ startSample: start, endSample: start + window });
    start += hop;
  }
  const coveredTo = spans.length ? spans[spans.length - 1]!.endSample : 0;
  if (totalSamples > coveredTo) spans.push({ startSample: start, endSample: totalSamples });
  return spans;
}

/** Feeds on chunks; hands out each full window as soon as its last sample arrives, and the tail at Stop. */
export interface StreamWindower {
  /** Appends samples; returns the windows that became complete (usually none, sometimes one). */
  push(chunk: Float32Array): AudioWindow[];
  /** Stop: the remaining tail window, or null when the full windows already covered everything. */
  flush(): AudioWindow | null;
  /** Samples pushed so far. */
  readonly totalSamples: number;
  /** Samples held in memory (at most one window plus the current chunk). */
  readonly bufferedSamples: number;
  /** End of the audio handed out in windows so far, samples. */
  readonly coveredSamples: number;
}

/**
 * Levels (dBFS) of fixed frames of the audio since a start sample, kept as samples arrive, and where a trailing
 * pause is: the early cut's analysis, linear in the audio (each sample is looked at once).
 */
function createPauseFinder(sampleRate: number, o: Required<Omit<EarlyCutOptions, 'idle'>>) {
  const frame = Math.max(1, Math.round((sampleRate * o.frameMs) / 1000));
  const pauseFrames = Math.max(1, Math.ceil(o.pauseMs / o.frameMs));
  let levels: number[] = [];
  /** Sample index of levels[0]'s first sample. */
  let origin = 0;
  let sum = 0;
  let inFrame = 0;
  return {
    frame,
    append(chunk: Float32Array): void {
      for (let i = 0; i < chunk.length; i++) {
        sum += chunk[i]! * chunk[i]!;
        if (++inFrame === frame) {
          levels.push(levelDb(sum / frame));
          sum = 0;
          inFrame = 0;
        }
      }
    },
    /** Forget the frames that end before `sample` (the frame grid stays: cuts fall on frame boundaries). */
    restart(sample: number): void {
      const drop = Math.max(0, Math.min(levels.length, Math.floor((sample - origin) / frame)));
      levels = levels.slice(drop);
      origin += drop * frame;
    },
    /** The middle of the quiet run ending the whole frames, as a sample index, or null without such a pause. */
    pauseCut(): number | null {
      if (levels.length <= pauseFrames) return null;
      const threshold = speechThresholdDb(noiseFloorOf(levels), o);
      let quiet = 0;
      while (quiet < levels.length && levels[levels.length - 1 - quiet]! <= threshold) quiet++;
      if (quiet < pauseFrames || quiet === levels.length) return null;
      return origin + (levels.length - Math.ceil(quiet / 2)) * frame;
    },
  };
}

export function createStreamWindower(options: WindowingOptions = {}): StreamWindower {
  const { sampleRate, window, hop, startMs } = resolve(options);
  const early = options.earlyCut;
  const finder = early
    ? createPauseFinder(sampleRate, {
        minSeconds: early.minSeconds ?? 10,
        pauseMs: early.pauseMs ?? 500,
        frameMs: early.frameMs ?? LEVEL_DEFAULTS.frameMs,
        absoluteFloorDb: early.absoluteFloorDb ?? LEVEL_DEFAULTS.absoluteFloorDb,
        aboveNoiseDb: early.aboveNoiseDb ?? LEVEL_DEFAULTS.aboveNoiseDb,
      })
    : null;
  const earlyMin = Math.round((early?.minSeconds ?? 10) * sampleRate);
  /** The finder is asked again once this many more samples arrived (cheap, but not on every 10 ms chunk). */
  const earlyCheckEvery = Math.round(0.25 * sampleRate);
  let earlyCheckedAt = 0;
  let buffer = new Float32Array(window);
  /** Sample index of buffer[0]. */
  let bufferStart = 0;
  let length = 0;
  let total = 0;
  let nextStart = 0;
  let coveredTo = 0;
  let index = 0;
  let flushed = false;

  const toMs = (sample: number) => startMs + (sample * 1000) / sampleRate;

  function take(startSample: number, endSample: number, isFinal: boolean): AudioWindow {
    const pcm = buffer.slice(startSample - bufferStart, endSample - bufferStart);
    coveredTo = endSample;
    return { index: index++, startSample, endSample, startMs: toMs(startSample), endMs: toMs(endSample), pcm, isFinal };
  }

  function append(chunk: Float32Array): void {
    if (length + chunk.length > buffer.length) {
      const grown = new Float32Array(Math.max(buffer.length * 2, length + chunk.length));
      grown.set(buffer.subarray(0, length));
      buffer = grown;
    }
    buffer.set(chunk, length);
    length += chunk.length;
  }

  /** Forgets samples before the next window's start. */
  function trim(): void {
    const drop = nextStart - bufferStart;
    if (drop <= 0) return;
    buffer.copyWithin(0, drop, length);
    length -= drop;
    bufferStart = nextStart;
  }

  return {
    push(chunk) {
      if (flushed) throw new Error('The windower was flushed: start a new one for a new recording');
      append(chunk);
      total += chunk.length;
      finder?.append(chunk);
      const ready: AudioWindow[] = [];
      while (nextStart + window <= total) {
        ready.push(take(nextStart, nextStart + window, false));
        nextStart += hop;
        finder?.restart(nextStart);
      }
      if (!ready.length && finder && total - nextStart >= earlyMin && total - earlyCheckedAt >= earlyCheckEvery && early!.idle()) {
        earlyCheckedAt = total;
        const cut = finder.pauseCut();
        if (cut !== null && cut - nextStart >= earlyMin) {
          ready.push(take(nextStart, cut, false));
          nextStart = cut;
          finder.restart(cut);
        }
      }
      if (ready.length) trim();
      return ready;
    },
    flush() {
      if (flushed) return null;
      flushed = true;
      if (total <= coveredTo) return null;
      return take(nextStart, total, true);
    },
    get totalSamples() {
      return total;
    },
    get bufferedSamples() {
      return length;
    },
    get coveredSamples() {
      return coveredTo;
    },
  };
}
