import { describe, expect, it } from 'vitest';
import {
  buildFfmetadata,
  buildSrt,
  buildWebVtt,
  chapterTitle,
  chaptersFromSteps,
  clipWindows,
  escapeFfmetadata,
  formatTimestamp,
} from '../../../lib/export/video-chapters';
import type { StepId } from '../../../lib/model';
import { makeStep } from '../factories';

const step = (id: string, order: number, t: number, text = `Click **Step ${order}**.`) => makeStep({ id: id as StepId, order, t, text });

/** Parses FFMETADATA the way ffmpeg does: unescaped `;`/`#` at the start of a line are comments,
 * `key=value` with `\` escaping the next character. Enough to prove no value can add keys or sections. */
function parseFfmetadata(text: string): { global: Record<string, string>; chapters: Record<string, string>[] } {
  const global: Record<string, string> = {};
  const chapters: Record<string, string>[] = [];
  let current = global;
  const lines: string[] = [];
  // A backslash-newline continues the line (ffmpeg's read_line).
  let buf = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      buf += c + text[++i];
    } else if (c === '\n') {
      lines.push(buf);
      buf = '';
    } else buf += c;
  }
  if (buf) lines.push(buf);
  expect(lines[0]).toBe(';FFMETADATA1');
  for (const line of lines.slice(1)) {
    if (!line || line.startsWith(';') || line.startsWith('#')) continue;
    if (line === '[CHAPTER]') {
      current = {};
      chapters.push(current);
      continue;
    }
    let key = '';
    let value = '';
    let inValue = false;
    for (let i = 0; i < line.length; i++) {
      let c = line[i]!;
      if (c === '\\') c = line[++i]!;
      else if (c === '=' && !inValue) {
        inValue = true;
        continue;
      }
      if (inValue) value += c;
      else key += c;
    }
    current[key] = value;
  }
  return { global, chapters };
}

describe('chapterTitle', () => {
  it('numbers the step and strips its markup to one plain line', () => {
    expect(chapterTitle(step('a', 1, 0, 'Click **Deploy \\*now\\***.\nThen wait'), 3)).toBe('3. Click Deploy *now*. Then wait');
  });

  it('falls back to "Step n" for an empty text and clips long ones', () => {
    expect(chapterTitle(step('a', 1, 0, '  '), 2)).toBe('Step 2');
    const long = chapterTitle(step('a', 1, 0, 'x'.repeat(500)), 1, 40);
    expect([...long]).toHaveLength(40);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('chaptersFromSteps', () => {
  it('gives one chapter per step, the first from 0, later ones a lead-in before their step, the last to the end', () => {
    const chapters = chaptersFromSteps([step('a', 1, 2_000), step('b', 2, 5_000), step('c', 3, 9_500)], 12_000);
    expect(chapters.map((c) => [c.number, c.startMs, c.endMs])).toEqual([
      [1, 0, 4_000],
      [2, 4_000, 8_500],
      [3, 8_500, 12_000],
    ]);
    expect(chapters[1]!.title).toBe('2. Click Step 2.');
  });

  it('orders chapters by time but keeps each step its number in the SOP', () => {
    // The author moved the step recorded last to the top.
    const chapters = chaptersFromSteps([step('late', 1, 8_000), step('early', 2, 1_000), step('mid', 3, 4_000)], 10_000);
    expect(chapters.map((c) => c.stepId)).toEqual(['early', 'mid', 'late']);
    expect(chapters.map((c) => c.number)).toEqual([2, 3, 1]);
    for (let i = 1; i < chapters.length; i++) expect(chapters[i]!.startMs).toBeGreaterThan(chapters[i - 1]!.startMs);
  });

  it('never yields an empty or overlapping chapter, even for steps at the same instant or past the end', () => {
    const chapters = chaptersFromSteps([step('a', 1, 3_000), step('b', 2, 3_000), step('c', 3, 3_000), step('d', 4, 50_000)], 10_000);
    expect(chapters).toHaveLength(4);
    for (const c of chapters) expect(c.endMs).toBeGreaterThan(c.startMs);
    for (let i = 1; i < chapters.length; i++) expect(chapters[i]!.startMs).toBe(chapters[i - 1]!.endMs);
    // The duration grows to cover a step recorded after the stored duration.
    expect(chapters.at(-1)!.endMs).toBeGreaterThan(50_000);
  });

  it('copes with a missing duration and non-finite times', () => {
    const chapters = chaptersFromSteps([step('a', 1, Number.NaN), step('b', 2, 1_500)], Number.NaN);
    expect(chapters.map((c) => [c.startMs, c.endMs])).toEqual([
      [0, 500],
      [500, 1_501],
    ]);
    expect(chaptersFromSteps([], 1_000)).toEqual([]);
  });
});

describe('FFMETADATA', () => {
  it('escapes = ; # \\ and folds newlines so a title cannot add keys, comments or chapters', () => {
    expect(escapeFfmetadata('a=b;c#d\\e\nf')).toBe('a\\=b\\;c\\#d\\\\e\\\nf');
    const hostile = 'Click x\n[CHAPTER]\nSTART=0\n;title=evil #\\';
    const chapters = chaptersFromSteps([step('a', 1, 1_000, hostile), step('b', 2, 4_000, 'START\\=1')], 6_000);
    const text = buildFfmetadata('Deploy = prod; #1', chapters);
    const parsed = parseFfmetadata(text);
    expect(parsed.global).toEqual({ title: 'Deploy = prod; #1' });
    expect(parsed.chapters).toEqual([
      { TIMEBASE: '1/1000', START: '0', END: '3000', title: '1. Click x [CHAPTER] START=0 ;title=evil #\\' },
      { TIMEBASE: '1/1000', START: '3000', END: '6000', title: '2. START=1' },
    ]);
  });
});

describe('subtitles', () => {
  const segments = [
    { startMs: 6_000, endMs: 7_000, text: 'second' },
    { startMs: 500, endMs: 6_500, text: 'First <i>x</i> --> & {\\an8}\n\nstill first' },
    { startMs: 8_000, endMs: 8_000, text: '   ' },
  ];

  it('formats timestamps for both formats', () => {
    expect(formatTimestamp(3_723_045)).toBe('01:02:03.045');
    expect(formatTimestamp(61_005, ',')).toBe('00:01:01,005');
    expect(formatTimestamp(-5)).toBe('00:00:00.000');
  });

  it('writes WebVTT cues in time order, not overlapping, with text that cannot form tags or timing lines', () => {
    expect(buildWebVtt(segments)).toBe(
      [
        'WEBVTT',
        '',
        '00:00:00.500 --> 00:00:06.000',
        'First &lt;i&gt;x&lt;/i&gt; --&gt; &amp; ｛\\an8｝ still first',
        '',
        '00:00:06.000 --> 00:00:07.000',
        'second',
        '',
      ].join('\n'),
    );
  });

  it('writes SRT with numbered cues and look-alikes for tag and override characters', () => {
    expect(buildSrt(segments)).toBe(
      ['1', '00:00:00,500 --> 00:00:06,000', 'First ‹i›x‹/i› --› & ｛\\an8｝ still first', '', '2', '00:00:06,000 --> 00:00:07,000', 'second', ''].join('\n'),
    );
    expect(buildSrt([])).toBe('');
  });
});

describe('clipWindows', () => {
  it('takes 1 s before to 3 s after each step, in reading order, named step-NN', () => {
    const clips = clipWindows([step('b', 2, 10_000), step('a', 1, 5_000)], 30_000);
    expect(clips).toEqual([
      { stepId: 'a', number: 1, fileName: 'step-01.gif', startMs: 4_000, endMs: 8_000 },
      { stepId: 'b', number: 2, fileName: 'step-02.gif', startMs: 9_000, endMs: 13_000 },
    ]);
  });

  it('slides the window inside the video near either end and shrinks it only for a shorter video', () => {
    const clips = clipWindows([step('a', 1, 300), step('b', 2, 9_800)], 10_000, { extension: 'mp4' });
    expect(clips.map((c) => [c.fileName, c.startMs, c.endMs])).toEqual([
      ['step-01.mp4', 0, 4_000],
      ['step-02.mp4', 6_000, 10_000],
    ]);
    expect(clipWindows([step('a', 1, 1_000)], 2_500).map((c) => [c.startMs, c.endMs])).toEqual([[0, 2_500]]);
  });

  it('pads numbers to the width of the step count', () => {
    const many = Array.from({ length: 120 }, (_, i) => step(`s${i}`, i, i * 100));
    expect(clipWindows(many, 20_000)[4]!.fileName).toBe('step-005.gif');
  });
});
