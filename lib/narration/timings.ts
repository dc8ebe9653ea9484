/**
 * How long one recording's narration took to transcribe, measured by the transcription worker itself and
 * stored with the transcript: the product's own speed figures (the Chromium bench reads them from IndexedDB)
 * and a "why was the narration slow" line for support. Numbers only: no text, no audio.
 */
import { z } from 'zod';
import type { DecodeStats } from './fast-decode';
import { MODEL_DTYPES, type ModelDtype } from './models';

/** One window of audio handed to the model (or skipped because nobody spoke in it). */
export interface WindowTiming {
  /** Where the window starts on the recording clock, seconds. */
  readonly startS: number;
  /** Its audio, seconds (30 for a full window; the tail at Stop is shorter). */
  readonly audioS: number;
  /** From the window being ready to its transcription starting: a backlog (or the model still loading). */
  readonly waitMs: number;
  /** Wall time of its transcription: features, encoder, decoder steps, the pipeline's own work. */
  readonly wallMs: number;
  /** The encoder's run. */
  readonly encoderMs: number;
  /** Every decoder step together (the first, uncached one included). */
  readonly decodeMs: number;
  /** Decoder steps = tokens generated. */
  readonly tokens: number;
  /** Not given to the model: the voice-activity detector heard no speech (then every ms figure is 0). */
  readonly skippedSilent: boolean;
  /** Handed out at Stop (the tail). */
  readonly final: boolean;
}

export interface NarrationTimings {
  /** From the worker being asked to load the model to the model being ready (download or cache + compile). */
  readonly modelLoadMs: number;
  readonly dtype: ModelDtype;
  /** ONNX Runtime WebAssembly threads the worker really asked for. */
  readonly threads: number;
  readonly device: 'wasm' | 'webgpu';
  /** Whether decoder steps kept the cross-attention K/V inside ONNX Runtime (fast-decode.ts); absent: unknown. */
  readonly fastDecode?: boolean;
  readonly windows: readonly WindowTiming[];
  /** Audio still waiting for the model when Stop came (windows not done + the tail), seconds. */
  readonly pendingAtStopS: number;
  /** From Stop reaching the worker to the transcript being ready: what narration adds to the wait at Stop. */
  readonly tailAfterStopMs: number;
  /**
   * Microphone audio that never reached the worker (the audio thread starved under load), seconds, filled
   * with silence so later words keep their time (sample-clock.ts); absent in transcripts stored before.
   */
  readonly lostAudioS?: number;
}

/** More windows than this (about 8 hours at one every 28 s) are cut: the record must stay small. */
export const MAX_TIMED_WINDOWS = 1_000;

const ms = z.number().finite().min(0).max(86_400_000);
const seconds = z.number().finite().min(0).max(86_400);

export const windowTimingSchema = z.object({
  startS: seconds,
  audioS: seconds,
  waitMs: ms,
  wallMs: ms,
  encoderMs: ms,
  decodeMs: ms,
  tokens: z.number().int().min(0).max(1_000_000),
  skippedSilent: z.boolean(),
  final: z.boolean(),
});

export const narrationTimingsSchema = z.object({
  modelLoadMs: ms,
  dtype: z.enum(MODEL_DTYPES as [ModelDtype, ...ModelDtype[]]),
  threads: z.number().int().min(1).max(64),
  device: z.enum(['wasm', 'webgpu']),
  fastDecode: z.boolean().optional(),
  windows: z.array(windowTimingSchema).max(MAX_TIMED_WINDOWS),
  pendingAtStopS: seconds,
  tailAfterStopMs: ms,
  lostAudioS: seconds.optional(),
}) satisfies z.ZodType<NarrationTimings>;

/**
 * The timings as they may be trusted, or undefined: called where they cross a boundary (worker → offscreen
 * document, offscreen document → background). Bad timings never cost the transcript: they are just left out.
 */
export function parseTimings(raw: unknown): NarrationTimings | undefined {
  if (raw === undefined) return undefined;
  const parsed = narrationTimingsSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** A transcript-like object with its `timings` checked: kept when valid, removed otherwise. */
export function withCheckedTimings<T extends object>(value: T): T {
  if (!('timings' in value) || value.timings === undefined) return value;
  const timings = parseTimings(value.timings);
  if (timings) return { ...value, timings };
  const { timings: _dropped, ...rest } = value;
  return rest as T;
}

/** What the timings say, for a bench table or a support line. */
export interface TimingSummary {
  readonly windows: number;
  readonly transcribed: number;
  readonly skippedSilent: number;
  /** Audio of the windows the model ran on, seconds (windows overlap by 2 s: this counts the overlap). */
  readonly transcribedAudioS: number;
  /** Wall time of those windows. */
  readonly transcribeMs: number;
  /**
   * Real-time factor of the windows the model ran on: their wall time / their audio (null if none ran).
   * What a person narrating without pause costs; silent windows cost nothing and are not in it.
   */
  readonly rtf: number | null;
  /** The same for full (30 s) windows only: the steady state, not skewed by a short tail padded to 30 s. */
  readonly rtfFullWindows: number | null;
  readonly encoderMsPerWindow: number | null;
  /** Decoder time / tokens over every transcribed window. */
  readonly decodeMsPerToken: number | null;
  readonly tokensPerWindow: number | null;
  /** The longest wait a window had before its turn (> the 28 s hop: the model did not keep up). */
  readonly maxWaitMs: number;
  readonly modelLoadMs: number;
  readonly pendingAtStopS: number;
  readonly tailAfterStopMs: number;
  /** Microphone audio lost before the worker (filled with silence), seconds; 0 when unknown. */
  readonly lostAudioS: number;
}

/** A full window's audio, seconds, less a little for rounding. */
const FULL_WINDOW_S = 29.9;

const ratio = (a: number, b: number, digits = 3): number | null => (b > 0 ? round(a / b, digits) : null);
const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

export function summarizeTimings(t: NarrationTimings): TimingSummary {
  const ran = t.windows.filter((w) => !w.skippedSilent);
  const full = ran.filter((w) => w.audioS >= FULL_WINDOW_S);
  const sum = (ws: readonly WindowTiming[], k: 'audioS' | 'wallMs' | 'encoderMs' | 'decodeMs' | 'tokens') => ws.reduce((a, w) => a + w[k], 0);
  const tokens = sum(ran, 'tokens');
  return {
    windows: t.windows.length,
    transcribed: ran.length,
    skippedSilent: t.windows.length - ran.length,
    transcribedAudioS: round(sum(ran, 'audioS'), 2),
    transcribeMs: Math.round(sum(ran, 'wallMs')),
    rtf: ratio(sum(ran, 'wallMs') / 1000, sum(ran, 'audioS')),
    rtfFullWindows: ratio(sum(full, 'wallMs') / 1000, sum(full, 'audioS')),
    encoderMsPerWindow: ran.length ? Math.round(sum(ran, 'encoderMs') / ran.length) : null,
    decodeMsPerToken: ratio(sum(ran, 'decodeMs'), tokens, 1),
    tokensPerWindow: ran.length ? round(tokens / ran.length, 1) : null,
    maxWaitMs: Math.round(Math.max(0, ...t.windows.map((w) => w.waitMs))),
    modelLoadMs: Math.round(t.modelLoadMs),
    pendingAtStopS: round(t.pendingAtStopS, 2),
    tailAfterStopMs: Math.round(t.tailAfterStopMs),
    lostAudioS: round(t.lostAudioS ?? 0, 2),
  };
}

/** One line for a support report: "tiny q8, 1 thread: 12 windows (2 silent), 0.18× real time, …". */
export function timingsLine(t: NarrationTimings): string {
  const s = summarizeTimings(t);
  const parts = [
    `${t.dtype} on ${t.device}, ${t.threads} thread${t.threads === 1 ? '' : 's'}${t.fastDecode === false ? ', library decoding path' : ''}`,
    `model loaded in ${(s.modelLoadMs / 1000).toFixed(1)} s`,
    `${s.windows} window${s.windows === 1 ? '' : 's'}${s.skippedSilent ? ` (${s.skippedSilent} silent, skipped)` : ''}`,
    ...(s.rtf === null ? [] : [`${s.rtf}× real time`]),
    ...(s.maxWaitMs > 28_000 ? [`fell behind by up to ${Math.round(s.maxWaitMs / 1000)} s`] : []),
    ...(s.lostAudioS >= 1 ? [`${s.lostAudioS} s of microphone audio lost (the computer was busy)`] : []),
    `${s.pendingAtStopS} s of audio left at Stop, done ${(s.tailAfterStopMs / 1000).toFixed(1)} s after it`,
  ];
  return parts.join('; ');
}

/** The cumulative counters the transcriber keeps (fast-decode.ts DecodeStats), as the session reads them. */
export interface ComputeCounters {
  readonly encoderMs: number;
  readonly decodeMs: number;
  readonly tokens: number;
}

/** Lost audio below this, seconds, is not worth a note: a breath's worth of silence moves no words. */
const LOST_AUDIO_NOTE_S = 2;

/**
 * What to tell the author when the machine was too busy to hear all of the narration (undefined when it
 * heard it all): the words said then are missing, though everything else stays under the right step.
 */
export function lostAudioNote(t: NarrationTimings | undefined): string | undefined {
  const lost = t?.lostAudioS ?? 0;
  if (lost < LOST_AUDIO_NOTE_S) return undefined;
  const amount = lost < 60 ? `${Math.round(lost)} s` : `${Math.round(lost / 60)} min`;
  return `The computer was too busy to hear about ${amount} of your narration: words said then may be missing from the steps (the rest is under the right steps).`;
}

/** The transcriber's timing counters as the session diffs them; zeros when the transcriber has none. */
export function computeCounters(stats: DecodeStats | undefined): ComputeCounters {
  if (!stats) return { encoderMs: 0, decodeMs: 0, tokens: 0 };
  return { encoderMs: stats.encoderMs, decodeMs: stats.firstStepMs + stats.cachedStepMs, tokens: stats.firstSteps + stats.cachedSteps };
}
