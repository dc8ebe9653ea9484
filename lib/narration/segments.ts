/**
 * Transcript segments and the pure helpers that turn per-window model output into one clean transcript.
 * All times are recording-clock ms (since Start, paused time excluded): the clock of steps (`Step.t`).
 */
import type { NarrationTimings } from './timings';

/** One stretch of speech. */
export interface TranscriptSegment {
  /** Recording-clock ms where the speech starts. */
  readonly startMs: number;
  /** Recording-clock ms where it ends (≥ startMs). */
  readonly endMs: number;
  readonly text: string;
}

/** The narration of one recording. */
export interface Transcript {
  /** In time order, not overlapping, timestamps monotonic. */
  readonly segments: readonly TranscriptSegment[];
  /** The model that heard it (hub id or local folder name), for display and re-runs. */
  readonly model: string;
  /** Language asked of a multilingual model (ISO code); absent for English-only models. */
  readonly language?: string;
  /** ms epoch. */
  readonly createdAt: number;
  /** How long the model took, window by window (timings.ts); absent for transcripts from before it existed. */
  readonly timings?: NarrationTimings;
}

/** What one window of audio gave: its span on the recording clock and its segments (same clock). */
export interface WindowTranscript {
  readonly startMs: number;
  readonly endMs: number;
  readonly segments: readonly TranscriptSegment[];
}

/** Whisper's non-speech markers: `[BLANK_AUDIO]`, `[ Silence ]`, `[MUSIC]`… */
const BRACKETED = /\[[^\]]*\]/g;
/** `(upbeat music)`, `*cough*`, `♪`: dropped only when they are the whole segment. */
const NON_SPEECH_ONLY = /^(?:\s*(?:\([^)]*\)|\*[^*]*\*|[♪♫]+)\s*)+$/u;

/** Trims, collapses whitespace, removes non-speech markers. Returns '' when nothing spoken is left. */
export function cleanText(text: string): string {
  const stripped = text.replace(BRACKETED, ' ');
  if (NON_SPEECH_ONLY.test(stripped)) return '';
  return stripped.replace(/\s+/g, ' ').trim();
}

/** Cleans every segment's text and drops the ones left empty. */
export function cleanSegments(segments: readonly TranscriptSegment[]): TranscriptSegment[] {
  return segments.flatMap((s) => {
    const text = cleanText(s.text);
    return text ? [{ ...s, text }] : [];
  });
}

/** Moves window-relative segments onto the recording clock. */
export function offsetSegments(segments: readonly TranscriptSegment[], offsetMs: number): TranscriptSegment[] {
  return segments.map((s) => ({ ...s, startMs: s.startMs + offsetMs, endMs: s.endMs + offsetMs }));
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}' ]/gu, '').replace(/\s+/g, ' ').trim();
}

function midpoint(s: TranscriptSegment): number {
  return (s.startMs + s.endMs) / 2;
}

/**
 * One transcript from overlapping windows.
 *
 * Where two windows overlap, each keeps the segments whose middle falls on its side of the overlap's middle
 * (Whisper is least reliable at a window's edges). A segment repeated across the cut (same words, times
 * touching) is kept once, the longer version. Then timestamps are made monotonic: a segment never starts
 * before the previous one ends, and never ends before it starts.
 */
export function stitchWindows(windows: readonly WindowTranscript[]): TranscriptSegment[] {
  const sorted = [...windows].sort((a, b) => a.startMs - b.startMs);
  const kept: TranscriptSegment[] = [];
  sorted.forEach((w, i) => {
    const prev = sorted[i - 1];
    const next = sorted[i + 1];
    const lo = prev && prev.endMs > w.startMs ? (w.startMs + prev.endMs) / 2 : -Infinity;
    const hi = next && w.endMs > next.startMs ? (next.startMs + w.endMs) / 2 : Infinity;
    const mine = cleanSegments(w.segments)
      .filter((s) => midpoint(s) >= lo && midpoint(s) < hi)
      .sort((a, b) => a.startMs - b.startMs);
    for (const s of mine) {
      const last = kept[kept.length - 1];
      if (last && isRepeat(last, s)) {
        if (s.text.length > last.text.length) kept[kept.length - 1] = { ...s, startMs: Math.min(last.startMs, s.startMs) };
        continue;
      }
      kept.push(s);
    }
  });
  return monotonic(kept);
}

/** The same words heard twice at a window edge: one's words appear, in a row, in the other; times touch. */
function isRepeat(a: TranscriptSegment, b: TranscriptSegment): boolean {
  if (b.startMs > a.endMs) return false;
  const x = words(a.text);
  const y = words(b.text);
  return x.length > 0 && y.length > 0 && (containsRun(x, y) || containsRun(y, x));
}

function words(text: string): string[] {
  const n = normalise(text);
  return n ? n.split(' ') : [];
}

function containsRun(haystack: readonly string[], needle: readonly string[]): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** Clamps so that start ≤ end and each segment starts no earlier than the previous one ends. */
export function monotonic(segments: readonly TranscriptSegment[]): TranscriptSegment[] {
  const out: TranscriptSegment[] = [];
  let floor = -Infinity;
  for (const s of segments) {
    const startMs = Math.max(s.startMs, floor);
    const endMs = Math.max(s.endMs, startMs);
    out.push({ ...s, startMs, endMs });
    floor = endMs;
  }
  return out;
}

/** How long a recording-clock time reads to a person: "4:03". */
export function clockLabel(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/**
 * The transcript when Stop could not wait for the last windows (a slow machine, a big model): the part done
 * is kept, and the note says from when on speech is missing and how to get it all.
 */
export function unfinishedTranscript(
  done: readonly TranscriptSegment[],
  model: string,
  now: number,
  language?: string,
  timings?: NarrationTimings,
): { transcript: Transcript | null; error: string } {
  const again = 'Open the SOP in the editor and use "Transcribe narration again" to transcribe all of it; the audio is kept in the recording.';
  if (done.length === 0) return { transcript: null, error: `Transcription took too long and was left out. ${again}` };
  const upTo = done[done.length - 1]!.endMs;
  return {
    transcript: { segments: [...done], model, ...(language ? { language } : {}), createdAt: now, ...(timings ? { timings } : {}) },
    error: `Transcription could not keep up: narration after ${clockLabel(upTo)} was left out. ${again}`,
  };
}
