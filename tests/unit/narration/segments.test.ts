import { describe, expect, it } from 'vitest';
import {
  cleanSegments,
  cleanText,
  monotonic,
  offsetSegments,
  stitchWindows,
  type TranscriptSegment,
} from '../../../lib/narration/segments';
import { clockLabel, unfinishedTranscript } from '../../../lib/narration/segments';

const seg = (startMs: number, endMs: number, text: string): TranscriptSegment => ({ startMs, endMs, text });

describe('cleanText', () => {
  it.each([
    ['  Click   Save \n now ', 'Click Save now'],
    ['[BLANK_AUDIO]', ''],
    [' [ Silence ] ', ''],
    ['Open the [MUSIC] menu', 'Open the menu'],
    ['(upbeat music)', ''],
    ['*cough*', ''],
    ['♪ ♪', ''],
    ['Pick the (optional) region', 'Pick the (optional) region'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(cleanText(input)).toBe(expected);
  });
});

describe('cleanSegments / offsetSegments', () => {
  it('drops segments with nothing spoken and trims the rest', () => {
    expect(cleanSegments([seg(0, 1, ' Hi '), seg(1, 2, '[BLANK_AUDIO]'), seg(2, 3, '  ')])).toEqual([seg(0, 1, 'Hi')]);
  });

  it('moves window-relative times onto the recording clock', () => {
    expect(offsetSegments([seg(0, 1_500, 'a'), seg(2_000, 3_000, 'b')], 28_000)).toEqual([
      seg(28_000, 29_500, 'a'),
      seg(30_000, 31_000, 'b'),
    ]);
  });
});

describe('monotonic', () => {
  it('clamps overlaps and inverted spans so time only moves forward', () => {
    expect(monotonic([seg(0, 2_000, 'a'), seg(1_500, 3_000, 'b'), seg(4_000, 3_500, 'c'), seg(3_000, 3_200, 'd')])).toEqual([
      seg(0, 2_000, 'a'),
      seg(2_000, 3_000, 'b'),
      seg(4_000, 4_000, 'c'),
      seg(4_000, 4_000, 'd'),
    ]);
  });
});

describe('stitchWindows', () => {
  it('keeps windows without overlap as they are, in time order', () => {
    const stitched = stitchWindows([
      { startMs: 30_000, endMs: 45_000, segments: [seg(31_000, 33_000, 'second')] },
      { startMs: 0, endMs: 30_000, segments: [seg(1_000, 3_000, 'first')] },
    ]);
    expect(stitched).toEqual([seg(1_000, 3_000, 'first'), seg(31_000, 33_000, 'second')]);
  });

  it('splits an overlap at its middle: each window keeps the segments centred on its side', () => {
    // Windows [0, 30 s] and [28 s, 58 s]: the cut is at 29 s.
    const stitched = stitchWindows([
      {
        startMs: 0,
        endMs: 30_000,
        segments: [seg(25_000, 28_000, 'click save'), seg(28_200, 29_600, 'and the'), seg(29_600, 30_000, 'conf')],
      },
      {
        startMs: 28_000,
        endMs: 58_000,
        segments: [seg(28_000, 28_800, 'save'), seg(29_100, 31_000, 'and then confirm'), seg(32_000, 34_000, 'the dialog')],
      },
    ]);
    expect(stitched).toEqual([
      seg(25_000, 28_000, 'click save'),
      seg(28_200, 29_600, 'and the'),
      seg(29_600, 31_000, 'and then confirm'),
      seg(32_000, 34_000, 'the dialog'),
    ]);
  });

  it('keeps a segment heard twice across the cut once (the longer version)', () => {
    const stitched = stitchWindows([
      { startMs: 0, endMs: 30_000, segments: [seg(27_000, 29_200, 'Open settings')] },
      { startMs: 28_000, endMs: 58_000, segments: [seg(28_900, 30_500, 'open settings page.'), seg(31_000, 32_000, 'Next')] },
    ]);
    expect(stitched).toEqual([seg(27_000, 30_500, 'open settings page.'), seg(31_000, 32_000, 'Next')]);
  });

  it('cleans text and never goes back in time across windows', () => {
    const stitched = stitchWindows([
      { startMs: 0, endMs: 30_000, segments: [seg(20_000, 29_500, 'long sentence'), seg(29_500, 30_000, '[BLANK_AUDIO]')] },
      { startMs: 28_000, endMs: 40_000, segments: [seg(29_200, 31_000, 'next words')] },
    ]);
    expect(stitched).toEqual([seg(20_000, 29_500, 'long sentence'), seg(29_500, 31_000, 'next words')]);
    for (let i = 1; i < stitched.length; i++) expect(stitched[i]!.startMs).toBeGreaterThanOrEqual(stitched[i - 1]!.endMs);
  });

  it('returns nothing for no windows or silent windows', () => {
    expect(stitchWindows([])).toEqual([]);
    expect(stitchWindows([{ startMs: 0, endMs: 30_000, segments: [seg(0, 30_000, '[BLANK_AUDIO]')] }])).toEqual([]);
  });
});

describe('unfinishedTranscript', () => {
  it('keeps what was transcribed and says from when on speech is missing', () => {
    const done = [
      { startMs: 0, endMs: 4_000, text: 'First check the build.' },
      { startMs: 240_000, endMs: 243_500, text: 'Then deploy.' },
    ];
    const { transcript, error } = unfinishedTranscript(done, 'onnx-community/whisper-base.en', 123);
    expect(transcript).toEqual({ segments: done, model: 'onnx-community/whisper-base.en', createdAt: 123 });
    expect(error).toContain('after 4:03 was left out');
    expect(error).toContain('Transcribe narration again');
  });

  it('with nothing done, there is no transcript, only the note', () => {
    const { transcript, error } = unfinishedTranscript([], 'm', 1, 'fr');
    expect(transcript).toBeNull();
    expect(error).toContain('took too long');
  });

  it('labels clock times as m:ss', () => {
    expect([0, 999, 61_000, 3_600_000].map(clockLabel)).toEqual(['0:00', '0:00', '1:01', '60:00']);
  });
});
