/**
 * What a video export says about the recording besides its pictures: one chapter per step (an FFMETADATA
 * file ffmpeg turns into MP4 chapters), the narration transcript as WebVTT / SRT, and the short window of
 * video each step's clip covers. Pure; every time is recording-clock ms, which is also the video's own
 * clock (MediaRecorder starts with the recording clock and both leave paused time out), so a step at
 * `t` is at `t` in the video — the recording player seeks the same way.
 *
 * Step texts and narration are page- or author-derived text: escaped for each format so that a label can
 * never add a chapter, a metadata key or a subtitle cue.
 */
import type { Step, StepId } from '../model';
import type { TranscriptSegment } from '../narration/segments';
import { stepTextToPlain } from '../text/markdown';
import { orderedSteps } from './markdown';

export interface Chapter {
  readonly stepId: StepId;
  /** 1-based position of the step in the SOP (reading order). */
  readonly number: number;
  /** Plain text (markup removed, one line), not yet escaped for any format. */
  readonly title: string;
  readonly startMs: number;
  readonly endMs: number;
}

export interface ChapterOptions {
  /** A chapter starts this long before its step, so jumping to it shows what led up to the action. */
  readonly leadInMs?: number;
  /** Longest chapter title, in characters (players show one line). */
  readonly maxTitleLength?: number;
}

const DEFAULT_LEAD_IN_MS = 1_000;
const DEFAULT_MAX_TITLE = 120;

/** Line breaks and other control characters fold to spaces: every title and cue stays on its line. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this folds
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
}

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/** "3. Click Deploy" — the step's number in the SOP and its text as the reader sees it. */
export function chapterTitle(step: Step, number: number, maxLength = DEFAULT_MAX_TITLE): string {
  const text = oneLine(stepTextToPlain(step.text));
  return clip(text ? `${number}. ${text}` : `Step ${number}`, maxLength);
}

const finiteMs = (ms: number) => (Number.isFinite(ms) ? Math.max(0, Math.round(ms)) : 0);

/**
 * One chapter per step, in time order (an author may have moved steps, so reading order and time order can
 * differ; a chapter list must be increasing in time, and each title keeps the step's number). The first
 * chapter starts at 0 so the whole video is covered; each later one `leadInMs` before its step; starts are
 * made strictly increasing (1 ms apart at least, so no chapter is empty) and kept inside the video; the
 * last ends at `durationMs`.
 */
export function chaptersFromSteps(steps: readonly Step[], durationMs: number, options: ChapterOptions = {}): Chapter[] {
  const leadIn = options.leadInMs ?? DEFAULT_LEAD_IN_MS;
  const numbered = orderedSteps(steps).map((step, i) => ({ step, number: i + 1 }));
  const byTime = numbered.map((n, i) => ({ ...n, i })).sort((a, b) => finiteMs(a.step.t) - finiteMs(b.step.t) || a.i - b.i);
  const n = byTime.length;
  if (n === 0) return [];
  // Room for n chapters of at least 1 ms each, even when the recorded duration is missing or too short.
  const duration = Math.max(finiteMs(durationMs), ...byTime.map((b) => finiteMs(b.step.t) + 1), n);
  const starts: number[] = [];
  byTime.forEach((b, i) => {
    const wanted = i === 0 ? 0 : Math.max(0, finiteMs(b.step.t) - leadIn);
    const floor = i === 0 ? 0 : starts[i - 1]! + 1;
    const ceiling = duration - (n - i);
    starts.push(Math.min(Math.max(wanted, floor), ceiling));
  });
  return byTime.map((b, i) => ({
    stepId: b.step.id,
    number: b.number,
    title: chapterTitle(b.step, b.number, options.maxTitleLength),
    startMs: starts[i]!,
    endMs: i + 1 < n ? starts[i + 1]! : duration,
  }));
}

/** FFMETADATA escaping: `=`, `;`, `#`, `\` and newlines are special in keys and values. */
export function escapeFfmetadata(value: string): string {
  return value.replace(/[=;#\\\n]/g, (c) => `\\${c}`);
}

/** The FFMETADATA1 text ffmpeg reads with `-i chapters.txt -map_metadata 1 -map_chapters 1`. */
export function buildFfmetadata(title: string, chapters: readonly Chapter[]): string {
  const lines = [';FFMETADATA1', `title=${escapeFfmetadata(oneLine(title))}`, ''];
  for (const c of chapters) {
    lines.push('[CHAPTER]', 'TIMEBASE=1/1000', `START=${c.startMs}`, `END=${c.endMs}`, `title=${escapeFfmetadata(oneLine(c.title))}`, '');
  }
  return lines.join('\n');
}

/** `hh:mm:ss.mmm` (WebVTT) or `hh:mm:ss,mmm` (SRT). */
export function formatTimestamp(ms: number, separator: '.' | ',' = '.'): string {
  const total = finiteMs(ms);
  const h = Math.floor(total / 3_600_000);
  const m = Math.floor((total % 3_600_000) / 60_000);
  const s = Math.floor((total % 60_000) / 1000);
  const frac = total % 1000;
  const two = (x: number) => String(x).padStart(2, '0');
  return `${two(h)}:${two(m)}:${two(s)}${separator}${String(frac).padStart(3, '0')}`;
}

interface Cue {
  readonly startMs: number;
  readonly endMs: number;
  readonly text: string;
}

/** Segments with text, in time order, each at least 1 ms long and never overlapping the next. */
function cues(segments: readonly TranscriptSegment[]): Cue[] {
  const sorted = segments
    .map((s) => ({ startMs: finiteMs(s.startMs), endMs: finiteMs(s.endMs), text: oneLine(s.text) }))
    .filter((s) => s.text)
    .sort((a, b) => a.startMs - b.startMs);
  return sorted.map((s, i) => {
    const next = sorted[i + 1];
    let end = Math.max(s.endMs, s.startMs + 1);
    if (next && end > next.startMs) end = Math.max(next.startMs, s.startMs + 1);
    return { ...s, endMs: end };
  });
}

/**
 * Cue text as WebVTT wants it: `&`, `<`, `>` as character references (so no tag can form and no `-->` is
 * left for a parser to take as a timing line). Braces become look-alikes: ffmpeg carries cue text through
 * ASS on its way to mov_text, and there `{\…}` is a style override that would swallow the words.
 */
export function escapeVttText(text: string): string {
  return oneLine(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\{/g, '｛')
    .replace(/\}/g, '｝');
}

/** The transcript as WebVTT (what ffmpeg reads for the MP4's mov_text track). */
export function buildWebVtt(segments: readonly TranscriptSegment[]): string {
  const out = ['WEBVTT', ''];
  for (const c of cues(segments)) {
    out.push(`${formatTimestamp(c.startMs)} --> ${formatTimestamp(c.endMs)}`, escapeVttText(c.text), '');
  }
  return out.join('\n');
}

/**
 * SRT has no escaping; players read `<b>`-style tags and `{\…}` overrides in it. Angle brackets and braces
 * become look-alike characters so hostile text stays text; line breaks fold so a cue cannot end early.
 */
export function escapeSrtText(text: string): string {
  return oneLine(text)
    .replace(/</g, '‹')
    .replace(/>/g, '›')
    .replace(/\{/g, '｛')
    .replace(/\}/g, '｝');
}

/** The transcript as SubRip (.srt), for players that take a sidecar file. */
export function buildSrt(segments: readonly TranscriptSegment[]): string {
  return cues(segments)
    .map((c, i) => `${i + 1}\n${formatTimestamp(c.startMs, ',')} --> ${formatTimestamp(c.endMs, ',')}\n${escapeSrtText(c.text)}\n`)
    .join('\n');
}

export interface ClipWindow {
  readonly stepId: StepId;
  readonly number: number;
  /** `step-07.gif`: 1-based, zero-padded to at least two digits so names sort in step order. */
  readonly fileName: string;
  readonly startMs: number;
  readonly endMs: number;
}

export interface ClipOptions {
  readonly beforeMs?: number;
  readonly afterMs?: number;
  readonly extension?: string;
}

/**
 * The stretch of video around each step (reading order): `beforeMs` before the action to `afterMs` after,
 * moved (not shrunk) to stay inside [0, durationMs] when the step is near either end, and shrunk only
 * when the whole video is shorter than the window.
 */
export function clipWindows(steps: readonly Step[], durationMs: number, options: ClipOptions = {}): ClipWindow[] {
  const before = options.beforeMs ?? 1_000;
  const after = options.afterMs ?? 3_000;
  const ext = (options.extension ?? 'gif').replace(/[^a-z0-9]/gi, '');
  const list = orderedSteps(steps);
  const width = Math.max(2, String(list.length).length);
  const duration = finiteMs(durationMs);
  return list.map((step, i) => {
    const length = Math.min(before + after, duration);
    const t = finiteMs(step.t);
    const start = Math.min(Math.max(0, t - before), Math.max(0, duration - length));
    return {
      stepId: step.id,
      number: i + 1,
      fileName: `step-${String(i + 1).padStart(width, '0')}.${ext}`,
      startMs: start,
      endMs: start + length,
    };
  });
}
