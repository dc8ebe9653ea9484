/**
 * Voice activity on 16 kHz PCM, before the encoder: a window in which nobody speaks is not transcribed at all
 * (Whisper spends a whole 30 s encoder pass and a decoder run on it, and tends to "hear" words in silence).
 * People recording a procedure are silent much of the time, so on long recordings this is the largest saving.
 *
 * Energy-based and deliberately conservative — a window is skipped only when no 30 ms frame stands out as
 * speech for at least `minSpeechMs` in total: a frame counts as speech when its RMS is above an absolute
 * floor (quiet room, low gain) AND well above the window's own noise floor (a fan or hum at any level never
 * counts). Anything that might be speech is transcribed.
 */

export interface VoiceActivityOptions {
  readonly sampleRate?: number;
  /** Frame length, ms. */
  readonly frameMs?: number;
  /** A frame below this RMS (dBFS) is silence whatever else: ~ a quiet room through a laptop microphone. */
  readonly absoluteFloorDb?: number;
  /** A frame must be this many dB above the window's noise floor (its 10th-percentile frame) to be speech. */
  readonly aboveNoiseDb?: number;
  /** Speech frames needed in a window, ms in total, to transcribe it (a click or a cough is shorter). */
  readonly minSpeechMs?: number;
  /** Count speech only from this ms on (earlier frames still set the noise floor): a tail's new audio. */
  readonly fromMs?: number;
  /** A noise floor known from earlier audio (dBFS): the lower of it and this audio's own is used. */
  readonly noiseFloorAtMostDb?: number;
}

const DEFAULTS = { sampleRate: 16_000, frameMs: 30, absoluteFloorDb: -50, aboveNoiseDb: 12, minSpeechMs: 200, fromMs: 0 };

/** The level analysis every speech/quiet decision here shares (windowing.ts's pause finder too). */
export const LEVEL_DEFAULTS = { frameMs: DEFAULTS.frameMs, absoluteFloorDb: DEFAULTS.absoluteFloorDb, aboveNoiseDb: DEFAULTS.aboveNoiseDb } as const;

/** A frame's level from the mean of its squared samples, dBFS. */
export const levelDb = (meanSquare: number): number => toDb(Math.sqrt(meanSquare));

/** The noise floor of frame levels: their 10th percentile (−∞ without frames). */
export function noiseFloorOf(levels: ArrayLike<number>): number {
  const sorted = Float64Array.from(levels).sort();
  return sorted.length ? sorted[Math.floor(sorted.length * 0.1)]! : -Infinity;
}

/** A frame above this level counts as speech (not quiet): an absolute floor, and well above the noise floor. */
export function speechThresholdDb(noiseFloorDb: number, o: { readonly absoluteFloorDb: number; readonly aboveNoiseDb: number }): number {
  return Math.max(o.absoluteFloorDb, noiseFloorDb + o.aboveNoiseDb);
}

export interface VoiceActivity {
  /** ms of frames that count as speech. */
  readonly speechMs: number;
  /** Where the first and last speech frame start / end, ms from the window's start; null without speech. */
  readonly firstMs: number | null;
  readonly lastMs: number | null;
  /** The window's noise floor (10th-percentile frame RMS), dBFS. */
  readonly noiseFloorDb: number;
  readonly hasSpeech: boolean;
}

const toDb = (rms: number) => (rms > 0 ? 20 * Math.log10(rms) : -Infinity);

export function voiceActivity(pcm: Float32Array, options: VoiceActivityOptions = {}): VoiceActivity {
  const o = { ...DEFAULTS, ...options };
  const frame = Math.max(1, Math.round((o.sampleRate * o.frameMs) / 1000));
  const count = Math.floor(pcm.length / frame);
  const levels = new Float64Array(count);
  for (let f = 0; f < count; f++) {
    let sum = 0;
    for (let i = f * frame; i < (f + 1) * frame; i++) sum += pcm[i]! * pcm[i]!;
    levels[f] = levelDb(sum / frame);
  }
  const ownFloorDb = noiseFloorOf(levels);
  const noiseFloorDb = o.noiseFloorAtMostDb === undefined ? ownFloorDb : Math.min(ownFloorDb, o.noiseFloorAtMostDb);
  const firstFrame = Math.max(0, Math.ceil(o.fromMs / o.frameMs));
  const threshold = speechThresholdDb(noiseFloorDb, o);
  let speechFrames = 0;
  let first = -1;
  let last = -1;
  for (let f = firstFrame; f < count; f++) {
    if (levels[f]! <= threshold) continue;
    speechFrames++;
    if (first < 0) first = f;
    last = f;
  }
  const speechMs = speechFrames * o.frameMs;
  const hasSpeech = speechMs >= o.minSpeechMs;
  return {
    speechMs,
    firstMs: first < 0 ? null : first * o.frameMs,
    lastMs: last < 0 ? null : (last + 1) * o.frameMs,
    noiseFloorDb,
    hasSpeech,
  };
}
