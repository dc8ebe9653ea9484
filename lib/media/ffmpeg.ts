/**
 * ffmpeg.wasm (single-thread core) loaded from the extension's own files: MV3 forbids remote code, and WXT/Vite
 * does not emit @ffmpeg/ffmpeg's worker (load() then hangs with no error), so wxt.config.ts copies the worker,
 * its two imports and the core into `ffmpeg/` and they are named here by extension URL. Single-thread because
 * the multi-thread core needs cross-origin isolation, which breaks tab capture.
 */
import { FFFSType, FFmpeg } from '@ffmpeg/ffmpeg';

/** Where wxt.config.ts puts the files (its `build:publicAssets` hook). */
export const FFMPEG_DIR = 'ffmpeg';

export interface FfmpegRun {
  /** ffmpeg's exit code; 0 = success. ffmpeg.wasm logs `Aborted()` after every run, even a good one. */
  readonly code: number;
  /** The last lines ffmpeg wrote, for an error message. */
  readonly tail: readonly string[];
}

export interface Ffmpeg {
  /** Make `blob` readable at `/in/<name>` without copying it into the wasm heap (WORKERFS reads it lazily). */
  mountInput(name: string, blob: Blob): Promise<string>;
  writeText(path: string, text: string): Promise<void>;
  readBytes(path: string): Promise<Uint8Array>;
  remove(path: string): Promise<void>;
  /** Runs one command; `onTime` gets the output time written so far, in µs. */
  run(args: readonly string[], onTime?: (us: number) => void): Promise<FfmpegRun>;
  /** Kills the worker at once: a running command stops and its promise rejects. */
  terminate(): void;
}

const TAIL_LINES = 12;

export async function loadFfmpeg(signal?: AbortSignal): Promise<Ffmpeg> {
  const ffmpeg = new FFmpeg();
  // Runs in the offscreen document: its own origin is the extension's, so this is the extension's own URL for the file.
  const url = (file: string) => new URL(`/${FFMPEG_DIR}/${file}`, location.origin).href;
  const onAbort = () => ffmpeg.terminate();
  signal?.addEventListener('abort', onAbort, { once: true });
  await ffmpeg.load({ coreURL: url('ffmpeg-core.js'), wasmURL: url('ffmpeg-core.wasm'), classWorkerURL: url('worker.js') });

  let tail: string[] = [];
  ffmpeg.on('log', ({ message }) => {
    tail.push(message);
    if (tail.length > TAIL_LINES * 4) tail = tail.slice(-TAIL_LINES);
  });
  let mounted = false;

  return {
    async mountInput(name, blob) {
      if (!mounted) {
        await ffmpeg.createDir('/in');
        mounted = true;
      } else {
        await ffmpeg.unmount('/in');
      }
      await ffmpeg.mount(FFFSType.WORKERFS, { blobs: [{ name, data: blob }] }, '/in');
      return `/in/${name}`;
    },
    async writeText(path, text) {
      await ffmpeg.writeFile(path, new TextEncoder().encode(text));
    },
    async readBytes(path) {
      const data = await ffmpeg.readFile(path);
      return typeof data === 'string' ? new TextEncoder().encode(data) : data;
    },
    async remove(path) {
      await ffmpeg.deleteFile(path).catch(() => undefined);
    },
    async run(args, onTime) {
      tail = [];
      const progress = ({ time }: { time: number }) => onTime?.(time);
      ffmpeg.on('progress', progress);
      try {
        const code = await ffmpeg.exec([...args]);
        return { code, tail: tail.filter((l) => !/^Aborted\(/.test(l)).slice(-TAIL_LINES) };
      } finally {
        ffmpeg.off('progress', progress);
      }
    },
    terminate() {
      signal?.removeEventListener('abort', onAbort);
      ffmpeg.terminate();
    },
  };
}
