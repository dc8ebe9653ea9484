/**
 * Splits a speech-to-text transcript into timed sentences. Whisper-style output is untidy: a sentence may
 * run across two segments ("If the health check" | "fails, roll back."), a segment may hold several
 * sentences, punctuation may be missing, and there are noise tags ("[Music]", "(inaudible)").
 */
import { cleanText, type TranscriptSegment } from '../narration/segments';

export interface Sentence {
  readonly text: string;
  /** Recording-clock ms, interpolated within the segment by character position. */
  readonly startMs: number;
  readonly endMs: number;
}

/** Two segments further apart than this are never one sentence, punctuation or not. */
export const JOIN_GAP_MS = 1500;

/** Noise inside speech ("so (inaudible) click"); lib/narration drops whole-segment noise and [tags]. */
const NOISE = /\((?:inaudible|unintelligible|music|laughter|applause|silence|crosstalk|background[^)]*)\)|[♪♫]+/gi;
/** Speaker-change markers some models emit at a segment's start. */
const SPEAKER_MARK = /^\s*(?:>>|-{1,2}|–|—)\s*/;
const TERMINAL_END = /[.!?…]["'”’)\]]*$/;
/** A segment ending like this leaves its sentence open for the next one. */
const OPEN_END = /(?:[,;:–—-]|\b(?:and|or|but|the|a|an|to|if|then|so|of|in|on|for|with|that|when|because|is|are))$/i;
/** Words that end in a period without ending the sentence. */
const ABBREVIATION = /(?:^|[\s(])(?:e\.g|i\.e|vs|mr|mrs|ms|dr|cf|approx|incl|fig)$/i;
const HAS_WORD = /[\p{L}\p{N}]/u;

interface Piece {
  readonly from: number;
  readonly to: number;
  readonly startMs: number;
  readonly endMs: number;
}

interface Run {
  text: string;
  pieces: Piece[];
  endMs: number;
}

function clean(text: string): string {
  return cleanText(text).replace(NOISE, ' ').replace(SPEAKER_MARK, '').replace(/\s+/g, ' ').trim();
}

function continues(run: Run, next: string, gap: number): boolean {
  if (gap >= JOIN_GAP_MS || TERMINAL_END.test(run.text)) return false;
  return /^[\p{Ll}\p{N},]/u.test(next) || OPEN_END.test(run.text);
}

/** The recording-clock time at character `offset` of the run. */
function timeAt(run: Run, offset: number): number {
  const piece = run.pieces.find((p) => offset <= p.to) ?? run.pieces[run.pieces.length - 1]!;
  const span = piece.to - piece.from;
  const fraction = span > 0 ? Math.min(1, Math.max(0, (offset - piece.from) / span)) : 0;
  return Math.round(piece.startMs + fraction * (piece.endMs - piece.startMs));
}

/** Offsets just after each sentence end in `text`. */
function sentenceEnds(text: string): number[] {
  const ends: number[] = [];
  for (const m of text.matchAll(/([.!?…]+)["'”’)\]]*(?=\s+(\S)|$)/g)) {
    const mark = m[1]!;
    const next = m[2];
    if (mark === '.' && ABBREVIATION.test(text.slice(0, m.index))) continue;
    // "so... then": a hesitation followed by a lower-case word continues the sentence.
    const ellipsis = mark === '…' || /^\.{2,}$/.test(mark);
    if (ellipsis && next !== undefined && !/\p{Lu}/u.test(next)) continue;
    const end = m.index + m[0].length;
    ends.push(end);
  }
  return ends;
}

function splitRun(run: Run): Sentence[] {
  const out: Sentence[] = [];
  let from = 0;
  for (const end of [...sentenceEnds(run.text), run.text.length]) {
    const raw = run.text.slice(from, end);
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    if (HAS_WORD.test(text)) out.push({ text, startMs: timeAt(run, from + lead), endMs: timeAt(run, from + lead + text.length) });
    from = end;
  }
  return out;
}

/** Timed sentences, in time order. Segments with no words or unusable times are skipped. */
export function splitSentences(segments: readonly TranscriptSegment[]): Sentence[] {
  const usable = segments
    .filter((s) => typeof s?.text === 'string' && Number.isFinite(s.startMs) && Number.isFinite(s.endMs))
    .map((s, i) => ({ s, i, text: clean(s.text) }))
    .filter((x) => x.text !== '')
    .sort((a, b) => a.s.startMs - b.s.startMs || a.i - b.i);

  const runs: Run[] = [];
  for (const { s, text } of usable) {
    const endMs = Math.max(s.startMs, s.endMs);
    const run = runs[runs.length - 1];
    if (run && continues(run, text, s.startMs - run.endMs)) {
      const from = run.text.length + 1;
      run.text += ` ${text}`;
      run.pieces.push({ from, to: run.text.length, startMs: s.startMs, endMs });
      run.endMs = endMs;
    } else {
      runs.push({ text, pieces: [{ from: 0, to: text.length, startMs: s.startMs, endMs }], endMs });
    }
  }
  return runs.flatMap(splitRun);
}
