#!/usr/bin/env node
// Video export cost: the product's ffmpeg command lines (lib/export/video-ffmpeg-args.ts) run by the same
// single-thread ffmpeg.wasm core the extension ships, here in Node (same V8 WebAssembly engine as the
// offscreen document's worker, minus the page). Input: MediaRecorder-like WebM (VP8 + Opus, no cues, no
// duration: written to a pipe) at 1280×800, made by the system ffmpeg (apt `ffmpeg`). The picture is
// testsrc2 at 10 fps — every frame changes, so this is an upper bound: a real tab recording sends a frame
// only when the page changes. Also prints the bytes the core adds to the package.
import { execSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const core = join(root, 'node_modules/@ffmpeg/core/dist/esm');
const work = mkdtempSync(join(tmpdir(), 'bench-video-'));
const SECONDS = (process.env.BENCH_VIDEO_SECONDS ?? '30,120').split(',').map(Number);

async function loadProduct() {
  const outfile = join(work, 'video.bundle.mjs');
  await build({
    stdin: { contents: "export * from './lib/export/video-chapters'; export * from './lib/export/video-ffmpeg-args';", resolveDir: root, loader: 'ts' },
    bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'silent',
  });
  return import(pathToFileURL(outfile).href);
}

/** A fresh core per export, as the extension does (one worker per job). */
async function loadCore() {
  globalThis.self ??= globalThis;
  globalThis.location ??= { href: pathToFileURL(`${core}/`).href };
  const create = (await import(pathToFileURL(join(core, 'ffmpeg-core.js')).href)).default;
  const started = performance.now();
  const m = await create({ wasmBinary: readFileSync(join(core, 'ffmpeg-core.wasm')) });
  const tail = [];
  m.setLogger(({ message }) => tail.push(message));
  return { m, tail, loadMs: performance.now() - started };
}

function run(ff, args) {
  ff.tail.length = 0;
  const started = performance.now();
  const code = ff.m.exec(...args);
  ff.m.reset();
  if (code !== 0) throw new Error(`ffmpeg exit ${code}: ${ff.tail.slice(-5).join(' / ')}`);
  return performance.now() - started;
}

const V = await loadProduct();
const round = (ms) => Math.round(ms);
const results = [];
for (const seconds of SECONDS) {
  const input = join(work, `rec-${seconds}.webm`);
  execSync(
    `ffmpeg -v error -f lavfi -i testsrc2=size=1280x800:rate=10 -f lavfi -i sine=frequency=300:sample_rate=48000 -t ${seconds} ` +
      `-c:v libvpx -b:v 2500k -deadline realtime -cpu-used 8 -c:a libopus -f webm pipe:1 > ${input}`,
    { shell: '/bin/bash' },
  );
  const durationMs = seconds * 1000;
  const steps = Array.from({ length: Math.max(3, Math.floor(seconds / 10)) }, (_, i) => ({ id: `s${i}`, order: i, text: `Click **Button ${i + 1}**.`, t: 2_000 + i * 10_000 }));
  const segments = steps.map((s) => ({ startMs: s.t - 1_500, endMs: s.t, text: `Now press button ${s.order + 1}.` }));

  const ff = await loadCore();
  ff.m.FS.writeFile('/in.webm', readFileSync(input));
  ff.m.FS.writeFile('/chapters.txt', V.buildFfmetadata('Bench', V.chaptersFromSteps(steps, durationMs)));
  ff.m.FS.writeFile('/subs.vtt', V.buildWebVtt(segments));
  const mp4Ms = run(ff, V.mp4Args({ input: '/in.webm', metadata: '/chapters.txt', subtitles: '/subs.vtt', output: '/out.mp4' }));
  const mp4Bytes = ff.m.FS.readFile('/out.mp4').byteLength;
  let gifMs = 0;
  let gifBytes = 0;
  for (const clip of V.clipWindows(steps, durationMs)) {
    gifMs += run(ff, V.gifArgs({ input: '/in.webm', output: '/clip.gif', startMs: clip.startMs, endMs: clip.endMs }));
    gifBytes += ff.m.FS.readFile('/clip.gif').byteLength;
    ff.m.FS.unlink('/clip.gif');
  }
  results.push({
    recordingSeconds: seconds,
    webmBytes: statSync(input).size,
    coreLoadMs: round(ff.loadMs),
    mp4: { ms: round(mp4Ms), realtimeFactor: +(mp4Ms / durationMs).toFixed(2), bytes: mp4Bytes, preset: 'ultrafast', maxWidth: V.MP4_MAX_WIDTH },
    gifClips: { clips: steps.length, ms: round(gifMs), msPerClip: round(gifMs / steps.length), bytes: gifBytes, maxWidth: V.GIF_MAX_WIDTH },
  });
}

const coreFiles = ['ffmpeg-core.js', 'ffmpeg-core.wasm'].map((f) => join(core, f));
const ffmpegFiles = ['worker.js', 'const.js', 'errors.js'].map((f) => join(root, 'node_modules/@ffmpeg/ffmpeg/dist/esm', f));
const files = [...coreFiles, ...ffmpegFiles];
const packageBytes = files.reduce((n, f) => n + statSync(f).size, 0);
const zippedBytes = files.reduce((n, f) => n + deflateSync(readFileSync(f), { level: 9 }).byteLength, 0);
console.log(JSON.stringify({ videoExport: results, packageAdded: { bytes: packageBytes, deflatedBytes: zippedBytes } }, null, 2));
rmSync(work, { recursive: true, force: true });
