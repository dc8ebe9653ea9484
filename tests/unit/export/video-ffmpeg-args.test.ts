import { describe, expect, it } from 'vitest';
import { clipMp4Args, gifArgs, mp4Args, progressFraction, scaleFilter } from '../../../lib/export/video-ffmpeg-args';

/** The value following `flag` in an argument list. */
const after = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe('mp4Args', () => {
  it('maps video, optional audio and the chapters file; H.264 + AAC in MP4', () => {
    const args = mp4Args({ input: 'rec.webm', metadata: 'chapters.txt', output: 'out.mp4' });
    expect(args.slice(0, 4)).toEqual(['-i', 'rec.webm', '-i', 'chapters.txt']);
    expect(args.filter((a, i) => args[i - 1] === '-map')).toEqual(['0:v:0', '0:a:0?']);
    expect(after(args, '-map_chapters')).toBe('1');
    expect(after(args, '-map_metadata')).toBe('1');
    expect(after(args, '-c:v')).toBe('libx264');
    expect(after(args, '-c:a')).toBe('aac');
    expect(after(args, '-pix_fmt')).toBe('yuv420p');
    expect(args).not.toContain('-c:s');
    expect(args.at(-1)).toBe('out.mp4');
  });

  it('adds the transcript as a mov_text track when given', () => {
    const args = mp4Args({ input: 'rec.webm', metadata: 'm.txt', subtitles: 'subs.vtt', output: 'o.mp4', preset: 'veryfast' });
    expect(args.slice(0, 6)).toEqual(['-i', 'rec.webm', '-i', 'm.txt', '-i', 'subs.vtt']);
    expect(args.filter((a, i) => args[i - 1] === '-map')).toEqual(['0:v:0', '0:a:0?', '2:s:0']);
    expect(after(args, '-c:s')).toBe('mov_text');
    expect(after(args, '-preset')).toBe('veryfast');
  });
});

describe('scaleFilter', () => {
  it('caps the width at an even number, never upscales, keeps both sides even', () => {
    expect(scaleFilter(641)).toBe("scale=w='trunc(min(640,iw)/2)*2':h=-2");
    expect(scaleFilter(1280, 'lanczos')).toBe("scale=w='trunc(min(1280,iw)/2)*2':h=-2:flags=lanczos");
  });
});

describe('gifArgs', () => {
  it('seeks to the window, and builds its palette from the clip itself', () => {
    const args = gifArgs({ input: 'rec.webm', output: 'step-01.gif', startMs: 4_000, endMs: 8_000 });
    expect(args.slice(0, 6)).toEqual(['-ss', '4.000', '-t', '4.000', '-i', 'rec.webm']);
    const graph = after(args, '-filter_complex')!;
    expect(graph).toMatch(/^fps=10,scale=w='trunc\(min\(640,iw\)\/2\)\*2'/);
    expect(graph).toContain('palettegen');
    expect(graph).toContain('[b][p]paletteuse');
    expect(args.at(-1)).toBe('step-01.gif');
  });

  it('clip MP4s cut the same window without sound', () => {
    const args = clipMp4Args({ input: 'rec.webm', output: 'step-02.mp4', startMs: 1_234.4, endMs: 5_000 });
    expect(args.slice(0, 4)).toEqual(['-ss', '1.234', '-t', '3.766']);
    expect(args).toContain('-an');
  });
});

describe('progressFraction', () => {
  it('turns µs written into a clamped fraction of the expected length', () => {
    expect(progressFraction(5_000_000, 10_000)).toBe(0.5);
    expect(progressFraction(20_000_000, 10_000)).toBe(1);
    expect(progressFraction(-1, 10_000)).toBeUndefined();
    expect(progressFraction(1_000, 0)).toBeUndefined();
  });
});
