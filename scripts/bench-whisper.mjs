#!/usr/bin/env node
/**
 * Narration speed in Node (ONNX Runtime native, CPU): real-time factor (processing time / audio length) of the
 * product's transcriber and streaming session on random-weight Whispers with the real tiny and base shapes
 * (generated here, never committed; their compute per window is the real models'). Figures only, no asserts;
 * timings on shared cores swing, compare ratios within one run. The in-Chromium (WASM) benchmark is separate.
 *
 * Each shape × dtype runs the library's decoding path (`fastDecode: false`: every decoder step fetches the
 * cross-attention K/V) and ours (lib/narration/fast-decode.ts), side by side, with per-token decoder time,
 * encoder time per window and the load average.
 *
 *   node scripts/bench-whisper.mjs [--shapes whisper-tiny,whisper-base] [--dtypes q8,fp32] [--durations 30,300]
 *                                  [--paths library,fast,fold]
 */
import { mkdir, rm } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { generateTinyWhisper } from '../tests/fixtures/whisper/generate-tiny-whisper.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = join(root, 'node_modules', '.cache', 'sop-bench-whisper');
const SR = 16_000;

function parseArgs(argv) {
  const args = { shapes: ['whisper-tiny', 'whisper-base'], durations: [30, 300], dtypes: ['q8', 'fp32'], paths: ['library', 'fast', 'fold'] };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1] ?? ''];
    if (flag === '--shapes') args.shapes = value.split(',');
    else if (flag === '--durations') args.durations = value.split(',').map(Number);
    else if (flag === '--dtypes') args.dtypes = value.split(',');
    else if (flag === '--paths') args.paths = value.split(',');
    else throw new Error(`Unknown argument ${flag}`);
  }
  return args;
}

/** The product's narration code, bundled for Node (transformers.js stays an import from node_modules). */
async function loadNarration() {
  const outfile = join(work, 'narration.bundle.mjs');
  await build({
    stdin: {
      contents: "export * from './lib/narration/transcriber'; export * from './lib/narration/session';",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    external: ['@huggingface/transformers'],
    outfile,
    logLevel: 'silent',
  });
  return import(pathToFileURL(outfile).href);
}

/** Seeded speech-like audio: voiced bursts with pauses (the random model's output length does not depend on it). */
function syntheticAudio(seconds, seed = 1) {
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
  const out = new Float32Array(seconds * SR);
  for (let i = 0; i < out.length; ) {
    const burst = Math.floor((0.6 + random() * 2.4) * SR);
    const pitch = 110 + random() * 180;
    for (let k = 0; k < burst && i < out.length; k++, i++) out[i] = 0.25 * Math.sin((Math.PI * k) / burst) * Math.sin((2 * Math.PI * pitch * i) / SR);
    for (let k = Math.floor((0.2 + random() * 0.8) * SR); k > 0 && i < out.length; k--, i++) out[i] = 0;
  }
  return out;
}

async function benchShape(narration, shape, durations, dtype, path) {
  const modelId = `bench/${shape}`;
  let t = performance.now();
  const generated = await generateTinyWhisper({ outDir: join(work, modelId), shape, seed: 1, dtypes: [dtype] });
  const generateMs = performance.now() - t;

  t = performance.now();
  const transcriber = await narration.createTranscriber({
    modelId,
    localModelPath: work,
    allowRemote: false,
    device: 'cpu',
    dtype,
    fastDecode: path !== 'library',
    // 'fast' = the product before folding (ORT's default: DequantizeLinear run every step); 'fold' = the product.
    foldDequantize: path === 'fold',
  });
  const loadMs = performance.now() - t;
  // One warm-up window: first-run allocations are load cost, not transcription cost.
  await transcriber.transcribeWindow(syntheticAudio(5, 9), 0);
  // Resident memory with the model loaded (a folded LM head is kept in fp32).
  const rssLoadedMB = Math.round(process.memoryUsage().rss / 1e6);
  const stats = transcriber.decodeStats;

  const runs = [];
  for (const seconds of durations) {
    const audio = syntheticAudio(seconds, seconds);
    const windowMs = [];
    const at0 = { ...stats };
    const load1 = loadavg()[0];
    const session = narration.createNarrationSession({
      model: modelId,
      transcribe: async (pcm, offsetMs) => {
        const started = performance.now();
        const segments = await transcriber.transcribeWindow(pcm, offsetMs);
        windowMs.push(performance.now() - started);
        return segments;
      },
    });
    t = performance.now();
    for (let at = 0; at < audio.length; at += 4_096) session.push(audio.subarray(at, at + 4_096));
    const transcript = await session.stop();
    const totalMs = performance.now() - t;
    const full = windowMs.length > 1 ? windowMs.slice(0, -1) : windowMs;
    runs.push({
      audioSeconds: seconds,
      windows: windowMs.length,
      segments: transcript.segments.length,
      processingMs: Math.round(totalMs),
      rtf: round(totalMs / 1000 / seconds),
      // Streaming: full windows are done during the recording when one takes less than its 28 s hop.
      meanFullWindowMs: Math.round(full.reduce((a, b) => a + b, 0) / full.length),
      keepsUpWhileRecording: full.every((ms) => ms < 28_000),
      stopToTranscriptMs: Math.round(windowMs.at(-1) ?? 0),
      encoderMsPerWindow: Math.round((stats.encoderMs - at0.encoderMs) / Math.max(1, stats.encoderRuns - at0.encoderRuns)),
      firstStepMs: Math.round((stats.firstStepMs - at0.firstStepMs) / Math.max(1, stats.firstSteps - at0.firstSteps)),
      msPerToken: round((stats.cachedStepMs - at0.cachedStepMs) / Math.max(1, stats.cachedSteps - at0.cachedSteps), 1),
      tokens: stats.cachedSteps - at0.cachedSteps,
      load1: [round(load1, 2), round(loadavg()[0], 2)],
    });
  }
  await transcriber.dispose();
  return {
    shape,
    dtype,
    path,
    fastDecodeOff: transcriber.fastDecodeOff ?? null,
    modelMB: round((generated.bytes.encoder + generated.bytes.decoder) / 1e6, 1),
    generateMs: Math.round(generateMs),
    loadMs: Math.round(loadMs),
    runs,
    rssLoadedMB,
  };
}

function round(x, digits = 3) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

const args = parseArgs(process.argv.slice(2));
await mkdir(work, { recursive: true });
const narration = await loadNarration();
const results = [];
for (const shape of args.shapes) {
  for (const dtype of args.dtypes) {
    for (const path of args.paths) {
      const r = await benchShape(narration, shape, args.durations, dtype, path);
      results.push(r);
      for (const run of r.runs) console.error(`${shape} ${dtype} ${path}: ${run.audioSeconds} s audio, RTF ${run.rtf}, encoder ${run.encoderMsPerWindow} ms/window, first step ${run.firstStepMs} ms, ${run.msPerToken} ms/token (${run.tokens}), load ${run.load1.join('→')}`);
    }
    await rm(join(work, 'bench', shape), { recursive: true, force: true });
  }
}
console.log(
  JSON.stringify(
    {
      benchmark: 'whisper-node-cpu',
      runtime: `node ${process.version}, onnxruntime-node (native), ${cpus().length} cores`,
      note: 'random weights, real shapes; 30 s windows with 2 s overlap; ~105 tokens decoded per window',
      results,
    },
    null,
    2,
  ),
);
