/**
 * The ffmpeg command lines of the video exports, as argument arrays (no shell: nothing is ever parsed as
 * a command line, so file names and titles need no quoting here — titles go through the FFMETADATA file).
 * Pure, so the exact commands are unit-tested and shared by the extension and the benchmark.
 */

/** Widest output the exports produce. Screen text stays readable at 1280; wider costs wasm encode time. */
export const MP4_MAX_WIDTH = 1280;
export const GIF_MAX_WIDTH = 640;
export const GIF_FPS = 10;

const ms = (value: number) => (Math.max(0, Math.round(value)) / 1000).toFixed(3);

/**
 * Scale down to at most `maxWidth`, never up, keeping the aspect ratio; both sides even because H.264 in
 * 4:2:0 needs even dimensions (a tab can be any odd size).
 */
export function scaleFilter(maxWidth: number, flags?: string): string {
  const w = Math.max(2, Math.floor(maxWidth / 2) * 2);
  return `scale=w='trunc(min(${w},iw)/2)*2':h=-2${flags ? `:flags=${flags}` : ''}`;
}

export interface Mp4Args {
  /** The recording, one WebM stream (the chunks concatenated). */
  readonly input: string;
  /** FFMETADATA file with the chapters. */
  readonly metadata: string;
  /** WebVTT transcript to carry as a mov_text subtitle track, when there is one. */
  readonly subtitles?: string;
  readonly output: string;
  readonly maxWidth?: number;
  /** x264 speed/size trade-off. ultrafast by default: in single-thread wasm it encoded ~3× faster than
   * veryfast for ~2–3× the bytes (scripts/bench-export-video.mjs); screen recordings are mostly still. */
  readonly preset?: string;
  readonly crf?: number;
}

/**
 * WebM (VP8 + Opus, variable frame rate) → MP4 (H.264 + AAC) with the chapters and, optionally, the
 * transcript as a subtitle track. Frames pass through at their own times (`-fps_mode passthrough`): tab
 * capture only sends a frame when the page changes, and filling the gaps with copies would only add
 * encode time. The audio map is optional (`?`): a recording without sound still exports.
 */
export function mp4Args(a: Mp4Args): string[] {
  const subs = a.subtitles !== undefined;
  return [
    '-i', a.input,
    '-i', a.metadata,
    ...(subs ? ['-i', a.subtitles!] : []),
    '-map', '0:v:0',
    '-map', '0:a:0?',
    ...(subs ? ['-map', '2:s:0'] : []),
    '-map_metadata', '1',
    '-map_chapters', '1',
    '-vf', scaleFilter(a.maxWidth ?? MP4_MAX_WIDTH),
    '-fps_mode', 'passthrough',
    '-c:v', 'libx264',
    '-preset', a.preset ?? 'ultrafast',
    '-crf', String(a.crf ?? 28),
    '-pix_fmt', 'yuv420p',
    '-c:a', 'aac',
    '-b:a', '96k',
    ...(subs ? ['-c:s', 'mov_text'] : []),
    '-movflags', '+faststart',
    a.output,
  ];
}

export interface GifArgs {
  readonly input: string;
  readonly output: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly maxWidth?: number;
  readonly fps?: number;
}

/**
 * One step's clip as an animated GIF: seek, cut, drop to `fps`, scale, and a palette made from the clip
 * itself (palettegen → paletteuse in one graph), so UI colours stay true instead of the web-safe 256.
 */
export function gifArgs(a: GifArgs): string[] {
  const fps = a.fps ?? GIF_FPS;
  const graph = [
    `fps=${fps},${scaleFilter(a.maxWidth ?? GIF_MAX_WIDTH, 'lanczos')},split[a][b]`,
    '[a]palettegen=max_colors=128:stats_mode=diff[p]',
    '[b][p]paletteuse=dither=bayer:bayer_scale=4:diff_mode=rectangle',
  ].join(';');
  return ['-ss', ms(a.startMs), '-t', ms(a.endMs - a.startMs), '-i', a.input, '-filter_complex', graph, '-loop', '0', a.output];
}

export interface ClipMp4Args extends GifArgs {
  readonly preset?: string;
}

/** One step's clip as a small MP4 (H.264, no sound: a few seconds of a UI rarely need it). */
export function clipMp4Args(a: ClipMp4Args): string[] {
  return [
    '-ss', ms(a.startMs), '-t', ms(a.endMs - a.startMs), '-i', a.input,
    '-map', '0:v:0',
    '-vf', scaleFilter(a.maxWidth ?? GIF_MAX_WIDTH),
    '-c:v', 'libx264', '-preset', a.preset ?? 'ultrafast', '-crf', '28', '-pix_fmt', 'yuv420p',
    '-an', '-movflags', '+faststart',
    a.output,
  ];
}

/**
 * ffmpeg's progress events give `time` in µs of output written; with the expected output length that is a
 * fraction. Clamped: the last frames can run past the estimate.
 */
export function progressFraction(timeUs: number, expectedMs: number): number | undefined {
  if (!Number.isFinite(timeUs) || !(expectedMs > 0) || timeUs < 0) return undefined;
  return Math.min(1, timeUs / 1000 / expectedMs);
}
