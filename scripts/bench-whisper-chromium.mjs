#!/usr/bin/env node
/**
 * Benchmark, not a test: on-device narration as users run it — the offscreen document's transcription worker
 * (transformers.js on ONNX Runtime WebAssembly) in Chromium — with random-weight Whispers of the real tiny and
 * base shapes, generated now into os.tmpdir() and served in the Hub layout from 127.0.0.1. Figures only.
 *
 * Each run records on the demo console burst page with an espeak-ng narration WAV as the fake microphone, a few
 * clicks spread over the recording, then Stop. The figures are the product's own: the worker times itself and
 * stores the timings with the transcript (lib/narration/timings.ts); after Stop this bench reads them from
 * IndexedDB `recordings` (from the popup, an extension page) and summarises them with the product's own
 * `summarizeTimings`: model load, each window's encoder / decoder / tokens / wall time, RTF, the audio left at
 * Stop and the tail after it. Plus: Stop → draft (the popup's `data-draft-ms`), the download (file bytes) and
 * the extension renderer's memory (PSS from /proc, sampled every 2 s: popup, offscreen document, its worker).
 *
 * The model is warm before the timed audio: each recording starts, pauses at once (the product's Pause: no
 * audio reaches the model while paused), waits for the popup to say the model is ready, then resumes and
 * records the run's seconds. So Stop waits for transcription, not for the download or the WASM compile (40–60 s
 * under load, which used to run 30 s recordings into the recorder's 75 s Stop limit). The first recording in a
 * profile downloads the model (its load time is marked cold); the next ones load it from the Cache API.
 *
 * And the floor: raw ONNX Runtime (same onnxruntime-web build as transformers.js uses, asyncify WASM) in a
 * plain page of the same Chromium, running the graphs the product runs for one window (encoder on 30 s of
 * features, then the merged decoder with its KV cache for as many tokens as the random model emits per window),
 * without transformers.js around them.
 *
 * Runs: each build of the graphs (q8 = the Hub's `*_quantized.onnx`, quantized here exactly as transformers.js'
 * quantize.py does it; fp32) × WebAssembly threads, set through the product's own narration settings.
 *
 * Prints progress and a side-by-side table to stderr, one JSON object to stdout. Records in real time.
 *   SOP_EXTENSION_DIR  the unpacked build (default .output/chrome-mv3; `npm run build` first)
 *   BENCH_WHISPER_RUNS shape:seconds[:dtype:threads] list (default tiny:30,base:30,tiny:300,base:300; shapes tiny,
 *                      base, tiny-random for a smoke run; threads 'd' = the product's default, not set); without
 *                      dtype:threads a run is done for every BENCH_WHISPER_DTYPES × BENCH_WHISPER_THREADS
 *   BENCH_WHISPER_DTYPES  default q8,fp32
 *   BENCH_WHISPER_THREADS default 1,2
 *   BENCH_WHISPER_FLOOR    shapes for the raw ONNX Runtime floor (default tiny,base; '' skips it)
 *   BENCH_WHISPER_FLOOR_FOLD q8 floor sessions: 0 ORT's default, 1 the product's folded DequantizeLinear (default 0,1)
 *   BENCH_WHISPER_WARM     1 (default): pause until the model is ready before the timed audio; 0: record at once
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import { CHROMIUM_PATH, EXTENSION_ID, chromiumArgs } from '../tests/e2e/chromium-launch.mjs';
import { startFixtureServers } from '../tests/fixtures/server.mjs';
import { makeNarrationWav } from '../tests/fixtures/narration.mjs';
import { WHISPER_KINDS, startHubModelServer } from './hub-model-server.mjs';
import { storedNarration } from './stored-narration.mjs';
import { SCHEDULE, SHAPES, generateTinyWhisper } from '../tests/fixtures/whisper/generate-tiny-whisper.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const extensionDir = resolve(process.env.SOP_EXTENSION_DIR ?? join(root, '.output', 'chrome-mv3'));
const requireHere = createRequire(import.meta.url);
const ortDist = dirname(requireHere.resolve('onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm'));
const run = promisify(execFile);
const log = (...a) => console.error(`[bench-whisper-chromium ${new Date().toISOString().slice(11, 19)}]`, ...a);

/** Bench shapes → generator shape and the product's model key / Hub id (lib/narration/models.ts). */
const KINDS = WHISPER_KINDS;
/** Tokens the random model decodes per 30 s window: 7 segments × (13 words + 2 timestamps) + <|endoftext|>. */
const TOKENS_PER_WINDOW = SCHEDULE.segments * (SCHEDULE.wordsPerSegment + 2) + 1;
const CLICKS = 5;
/**
 * Seconds recorded beyond a run's length: the audio reaching the worker starts a few seconds after Resume under
 * load (25 s arrived of a 31 s recording at load 14), and a "30 s" run must hold one full 30 s window.
 */
const EXTRA_S = 6;
/** How long a model may take to be ready (download + compile) before the timed audio; generous: load swings. */
const MODEL_READY_TIMEOUT_MS = 600_000;

const DTYPES = (process.env.BENCH_WHISPER_DTYPES ?? 'q8,fp32').split(',').filter(Boolean);
const THREADS = (process.env.BENCH_WHISPER_THREADS ?? '1,2').split(',').filter(Boolean).map((t) => (t === 'd' ? 'd' : Number(t)));
const runs = (process.env.BENCH_WHISPER_RUNS ?? 'tiny:30,base:30,tiny:300,base:300').split(',').filter(Boolean).flatMap((s) => {
  const [kind, seconds, dtype, threads] = s.split(':');
  if (!KINDS[kind] || !(Number(seconds) > 0)) throw new Error(`Bad run ${s}: want tiny|base|tiny-random:<seconds>[:q8|fp32:<threads>|d]`);
  if (dtype) return [{ kind, seconds: Number(seconds), dtype, threads: threads === 'd' || threads === undefined ? 'd' : Number(threads) }];
  return DTYPES.flatMap((d) => THREADS.map((t) => ({ kind, seconds: Number(seconds), dtype: d, threads: t })));
});
const floorKinds = (process.env.BENCH_WHISPER_FLOOR ?? 'tiny,base').split(',').filter(Boolean);
/** q8 floor sessions: 0 = ORT's default, 1 = constant DequantizeLinear folded (the product's q8 option). */
const FLOOR_FOLD = (process.env.BENCH_WHISPER_FLOOR_FOLD ?? '0,1').split(',').filter(Boolean).map((x) => x === '1');
const warmFirst = process.env.BENCH_WHISPER_WARM !== '0';

/**
 * The product before the fast decoding path, for the table's "before" column: the product's RTF (fp32, 30 s,
 * shared/whisper-test-model.md, 2026-11, worker probe) and the raw-ORT floor's ms/token fetching every output
 * (lib/narration/README.md, 2026-12-04, load 2.4–12.5).
 */
const BEFORE = {
  'tiny q8 1': 'floor 104.5 ms/tok',
  'tiny fp32 1': 'RTF 0.55',
  'tiny fp32 2': 'RTF 0.45',
  'base q8 1': 'floor 225.9 ms/tok',
  'base fp32 1': 'RTF 0.96',
  'base fp32 2': 'RTF 0.76',
};

/** Windows the product transcribes for `seconds` of audio (lib/narration/windowing.ts planWindows). */
function windowsFor(seconds) {
  let n = 0;
  let start = 0;
  while (start + 30 <= seconds + 1e-9) {
    n++;
    start += 28;
  }
  const covered = n ? (n - 1) * 28 + 30 : 0;
  return n + (seconds > covered + 1e-9 ? 1 : 0);
}

const round = (x, digits = 3) => (x == null || Number.isNaN(x) ? null : Math.round(x * 10 ** digits) / 10 ** digits);

/** The product's own timings module (summarizeTimings, parseTimings), bundled for Node with its zod. */
async function loadTimingsModule(dir) {
  const outfile = join(dir, 'timings.bundle.mjs');
  await build({ entryPoints: [join(root, 'lib/narration/timings.ts')], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'silent' });
  return import(pathToFileURL(outfile).href);
}

// ---------------------------------------------------------------------------------------------------------
// Audio and models

const NARRATION =
  'First open the deployment console and check that the build is green. ' +
  'Select the payments service, then choose the release you want to ship. ' +
  'If the health check fails, stop here and roll back to the previous version. ' +
  'Otherwise approve the change, deploy it, and watch the error rate on the dashboard for five minutes.';

/** A 48 kHz mono 16-bit WAV of `seconds`: the narration spoken once, repeated to length. */
async function narrationWav(dir, seconds) {
  const once = join(dir, 'narration-once.wav');
  if (!(await stat(once).catch(() => null))) await makeNarrationWav(NARRATION, once, { padEndSeconds: 1 });
  const { stdout } = await run('soxi', ['-D', once]);
  const repeats = Math.max(0, Math.ceil(seconds / Number(stdout)) - 1);
  const out = join(dir, `narration-${seconds}s.wav`);
  await run('sox', [once, out, 'repeat', String(repeats), 'trim', '0', String(seconds)]);
  return out;
}

/** One 127.0.0.1 server: the models in the Hub layout, onnxruntime-web's dist under /ort/, a blank page. */
function startModelServer() {
  // Cross-origin isolated, so SharedArrayBuffer exists and numThreads > 1 really runs threads here too
  // (extension pages have it without isolation; a plain page does not).
  const blank = { headers: { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' }, body: '<!doctype html><title>ORT floor</title>' };
  return startHubModelServer({ extra: { '/ort/': ortDist }, pages: { '/': blank, '/floor.html': blank } });
}

// ---------------------------------------------------------------------------------------------------------
// Recording runs

/** ppid and command line of every process (Linux /proc). */
async function processTable() {
  const table = new Map();
  for (const pid of await readdir('/proc').catch(() => [])) {
    if (!/^\d+$/.test(pid)) continue;
    const [stat, cmd] = await Promise.all([readFile(`/proc/${pid}/stat`, 'utf8').catch(() => ''), readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')]);
    if (!stat) continue;
    table.set(pid, { ppid: stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1], cmd: cmd.replaceAll('\0', ' ') });
  }
  return table;
}

/**
 * PSS (MB) of this browser's extension renderer: the process holding the popup, the offscreen document and its
 * transcription worker (with the model). Found as the `--extension-process` renderer descending from the
 * browser whose command line names `profile` (other engineers' Chromiums run on the same machine).
 */
async function extensionRendererPssMB(profile) {
  const table = await processTable();
  const isOurs = (pid) => {
    for (let p = pid, i = 0; p && p !== '0' && i < 10; p = table.get(p)?.ppid, i++) if (table.get(p)?.cmd.includes(profile)) return true;
    return false;
  };
  let kb = 0;
  for (const [pid, { cmd }] of table) {
    if (!cmd.includes('--type=renderer') || !cmd.includes('--extension-process') || !isOurs(pid)) continue;
    const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => '');
    kb += Number(rollup.match(/^Pss:\s+(\d+)/m)?.[1] ?? 0);
  }
  return kb / 1024;
}

/** Samples every 2 s until stopped; returns the peak and the last sample before Stop. */
function memorySampler(profile) {
  let peak = 0;
  let last = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      last = await extensionRendererPssMB(profile).catch(() => 0);
      peak = Math.max(peak, last);
      await new Promise((r) => setTimeout(r, 2_000));
    }
  })();
  return {
    last: () => round(last, 0),
    async stop() {
      stopped = true;
      await loop;
      return round(peak, 0);
    },
  };
}

async function recordOnce({ profile, wav, seconds, narration, servers, modelHost, dtype, threads, timingsModule }) {
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, viewport: null, args: chromiumArgs(extensionDir, wav) });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    await worker.evaluate(
      (s) => chrome.storage.local.set({ narrationSettings: s }),
      { transcribe: true, model: narration.model, modelHost, dtype, ...(threads === 'd' ? {} : { threads }) },
    );
    const page = await context.newPage();
    await page.goto(`${servers.mainOrigin}/burst.html`);
    const tabId = await worker.evaluate(async (url) => (await chrome.tabs.query({ url })).at(0)?.id, page.url());
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${EXTENSION_ID}/popup.html?tab=${tabId}`);
    const phase = (name) => popup.getByTestId('phase').filter({ hasText: new RegExp(`^${name}$`) }).waitFor();

    const memory = memorySampler(profile);
    await popup.getByRole('button', { name: 'Start recording' }).click();
    await phase('Recording');
    let modelReadyWaitMs = null;
    if (warmFirst) {
      // Paused, no audio reaches the model: the load (download or cache + compile) is not in the timed audio.
      const t = Date.now();
      await popup.getByRole('button', { name: 'Pause', exact: true }).click();
      await phase('Paused');
      const status = popup.getByTestId('narration-status');
      await status.filter({ hasText: /Transcribing your narration|will not be transcribed/ }).waitFor({ timeout: MODEL_READY_TIMEOUT_MS });
      const text = await status.textContent();
      if (text?.includes('will not be transcribed')) throw new Error(`narration failed to load: ${text}`);
      modelReadyWaitMs = Date.now() - t;
      await popup.getByRole('button', { name: 'Resume', exact: true }).click();
      await phase('Recording');
    }
    const startedAt = Date.now();
    await page.bringToFront();
    const centers = await page.locator('.grid button').evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; }));
    for (let i = 0; i < CLICKS; i++) {
      const due = startedAt + ((i + 1) * (seconds + EXTRA_S) * 1000) / (CLICKS + 1);
      await page.waitForTimeout(Math.max(0, due - Date.now()));
      const c = centers[i % centers.length];
      await page.mouse.click(c.x, c.y);
    }
    await popup.bringToFront();
    await popup.waitForTimeout(Math.max(0, startedAt + (seconds + EXTRA_S) * 1000 - Date.now()));
    const recordedMs = Date.now() - startedAt;
    const loadAtStop = loadavg()[0];
    const pssBeforeStopMB = memory.last();
    await popup.getByRole('button', { name: 'Stop recording' }).click();
    const sop = popup.getByRole('region', { name: 'SOP', exact: true });
    await sop.getByRole('list', { name: 'Steps' }).waitFor({ timeout: 180_000 });
    await popup.waitForFunction(() => document.querySelector('[data-draft-ms]') !== null);
    const draftMs = Number(await sop.getAttribute('data-draft-ms'));
    const peakExtensionPssMB = await memory.stop();
    const stored = await storedNarration(popup);
    // The same check the product applies where the timings cross a boundary: what is read is what it stored.
    const timings = timingsModule.parseTimings(stored.timings ?? undefined) ?? null;
    return {
      loadAvg1mAtStop: round(loadAtStop, 2),
      recordedS: round(recordedMs / 1000, 1),
      modelReadyWaitMs,
      draftMs,
      peakExtensionPssMB,
      pssBeforeStopMB,
      ...stored,
      timings,
      summary: timings ? timingsModule.summarizeTimings(timings) : null,
      line: timings ? timingsModule.timingsLine(timings) : null,
    };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Raw ONNX Runtime floor, in a page of the same Chromium (no extension needed)

async function ortFloor(kind, modelServer, generated, dtype, threads, fold) {
  const { shape, hubId } = KINDS[kind];
  const s = SHAPES[shape];
  const profile = await mkdtemp(join(tmpdir(), 'sop-bench-floor-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
  try {
    const page = await context.newPage();
    await page.goto(`${modelServer.origin}/floor.html`);
    return await page.evaluate(
      async ({ origin, base, heads, dModel, layers, sot, steps, reps, suffix, threads, fold }) => {
        const ort = await import(`${origin}/ort/ort.webgpu.min.mjs`);
        ort.env.wasm.wasmPaths = { mjs: `${origin}/ort/ort-wasm-simd-threaded.asyncify.mjs`, wasm: `${origin}/ort/ort-wasm-simd-threaded.asyncify.wasm` };
        ort.env.wasm.numThreads = threads;
        // fold: the product's q8 session option (transcriber.ts FOLD_DEQUANTIZE_SESSION_OPTIONS).
        const opts = { executionProviders: ['wasm'], ...(fold ? { extra: { session: { disable_quant_qdq: '1' } } } : {}) };
        let t = performance.now();
        const encoder = await ort.InferenceSession.create(`${base}onnx/encoder_model${suffix}.onnx`, opts);
        const decoder = await ort.InferenceSession.create(`${base}onnx/decoder_model_merged${suffix}.onnx`, opts);
        const loadMs = performance.now() - t;
        const dh = dModel / heads;
        const features = new Float32Array(80 * 3000);
        for (let i = 0; i < features.length; i++) features[i] = Math.sin(i * 0.37) * 0.8;
        const empty = () => new ort.Tensor('float32', new Float32Array(0), [1, heads, 0, dh]);
        const argmaxLast = (logits) => {
          const v = logits.dims[2];
          const d = logits.data;
          const off = d.length - v;
          let best = 0;
          for (let i = 1; i < v; i++) if (d[off + i] > d[off + best]) best = i;
          return best;
        };
        const selfOutputs = ['logits'];
        for (let l = 0; l < layers; l++) for (const kv of ['key', 'value']) selfOutputs.push(`present.${l}.decoder.${kv}`);
        /**
         * One window. `keepCross`: after the first step fetch only logits and the self-attention cache and feed
         * the first step's cross-attention keys/values again: what skipping their copy out of WASM saves.
         */
        async function window(nSteps, keepCross) {
          const t0 = performance.now();
          const { last_hidden_state: hidden } = await encoder.run({ input_features: new ort.Tensor('float32', features, [1, 80, 3000]) });
          const t1 = performance.now();
          const feeds = { input_ids: new ort.Tensor('int64', BigInt64Array.from([BigInt(sot)]), [1, 1]), encoder_hidden_states: hidden, use_cache_branch: new ort.Tensor('bool', new Uint8Array([0]), [1]) };
          for (let l = 0; l < layers; l++) for (const k of ['decoder', 'encoder']) for (const kv of ['key', 'value']) feeds[`past_key_values.${l}.${k}.${kv}`] = empty();
          let first = 0;
          for (let i = 0; i < nSteps; i++) {
            const ts = performance.now();
            const out = i > 0 && keepCross ? await decoder.run(feeds, selfOutputs) : await decoder.run(feeds);
            if (i === 0) first = performance.now() - ts;
            feeds.input_ids = new ort.Tensor('int64', BigInt64Array.from([BigInt(argmaxLast(out.logits))]), [1, 1]);
            feeds.use_cache_branch = new ort.Tensor('bool', new Uint8Array([1]), [1]);
            for (let l = 0; l < layers; l++) for (const k of ['decoder', 'encoder']) for (const kv of ['key', 'value']) {
              const name = `present.${l}.${k}.${kv}`;
              if (out[name]) feeds[`past_key_values.${l}.${k}.${kv}`] = out[name];
            }
          }
          const t2 = performance.now();
          return { encoderMs: t1 - t0, decoderMs: t2 - t1, firstStepMs: first, perTokenMs: (t2 - t1 - first) / Math.max(1, nSteps - 1) };
        }
        await window(4, false); // warm-up: first-run allocations are load cost
        const results = [];
        for (let r = 0; r < reps; r++) results.push(await window(steps, false));
        const lever = await window(steps, true);
        const mean = (k) => results.reduce((a, x) => a + x[k], 0) / results.length;
        return {
          loadMs: Math.round(loadMs),
          reps,
          encoderMs: Math.round(mean('encoderMs')),
          decoderMs: Math.round(mean('decoderMs')),
          decoderSteps: steps,
          firstStepMs: Math.round(mean('firstStepMs')),
          perTokenMs: Math.round(mean('perTokenMs') * 10) / 10,
          perTokenMsWithoutCrossCopyOut: Math.round(lever.perTokenMs * 10) / 10,
          windowMs: Math.round(mean('encoderMs') + mean('decoderMs')),
          wasmHeapMB: null,
          crossOriginIsolated: self.crossOriginIsolated,
          sharedArrayBuffer: typeof SharedArrayBuffer !== 'undefined',
        };
      },
      { origin: modelServer.origin, base: `${modelServer.origin}/${hubId}/resolve/main/`, heads: s.heads, dModel: s.dModel, layers: s.decoderLayers, sot: generated.layout.sot, steps: TOKENS_PER_WINDOW, reps: 2, suffix: dtype === 'q8' ? '_quantized' : '', threads, fold },
    );
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}


// ---------------------------------------------------------------------------------------------------------

/** The side-by-side table (stderr): one row per shape × build × threads. */
function printTable(out) {
  const rows = [['model', 'build', 'thr', 'MB', 'load s', 'RTF 30s', 'RTF 300s', 'RTF 600s', 'enc ms/win', 'dec ms/tok', 'tok/win', 'left@Stop s', 'tail ms', 'Stop→draft ms', 'PSS MB', 'floor enc', 'floor ms/tok', 'before', 'load avg']];
  const cell = (v) => (v == null ? '–' : String(v));
  const bySec = (o) => Object.entries(o).map(([sec, v]) => `${sec}s:${v}`).join(' ');
  for (const [key, x] of Object.entries(out.summary)) {
    const [model, build, thr] = key.split(' ');
    rows.push([
      model, build, thr, x.downloadMB, x.modelLoadS, x.rtfBySeconds[30], x.rtfBySeconds[300], x.rtfBySeconds[600], x.encoderMsPerWindow, x.decodeMsPerToken, x.tokensPerWindow,
      bySec(x.pendingAtStopSBySeconds), bySec(x.tailAfterStopMsBySeconds), bySec(x.draftMsBySeconds), x.peakExtensionPssMB, x.floor?.encoderMs, x.floor?.perTokenMsWithoutCrossCopyOut, x.before,
      [...x.loadAvg1m, x.floor?.loadAvg1m].filter((v) => v != null).join('/'),
    ].map(cell));
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.error(r.map((c, i) => c.padEnd(widths[i])).join('  '));
}

if (!(await stat(join(extensionDir, 'manifest.json')).catch(() => null))) throw new Error(`No build at ${extensionDir}: run npm run build`);
const work = await mkdtemp(join(tmpdir(), 'sop-bench-whisper-chromium-'));
const timingsModule = await loadTimingsModule(work);
const began = Date.now();
const loadAtStart = loadavg()[0];
const servers = await startFixtureServers();
const modelServer = await startModelServer();
const output = {
  benchmark: 'whisper-chromium-product',
  runtime: `${CHROMIUM_PATH} headless, offscreen document → dedicated worker, transformers.js + onnxruntime-web (asyncify WASM, SIMD), threads per run (SharedArrayBuffer without cross-origin isolation), ${cpus().length} cores (${cpus()[0]?.model ?? '?'})`,
  warmBeforeTimedAudio: warmFirst,
  models: {},
  runs: [],
  floor: [],
  summary: {},
  derivation: {
    timings: "the transcription worker's own measurements, stored with the transcript (lib/narration/timings.ts) and read from IndexedDB after Stop",
    'summary.rtf': 'wall time of the windows the model ran on / their audio (summarizeTimings); rtfFullWindows: 30 s windows only (the steady state; a short tail costs a full window because Whisper pads to 30 s)',
    'summary.encoderMsPerWindow / decodeMsPerToken': "the encoder session's run per window; every decoder step's run / the steps (= tokens)",
    'summary.pendingAtStopS': 'audio of the windows not yet transcribed when Stop reached the worker, the tail included',
    'summary.tailAfterStopMs': "Stop reaching the worker → the transcript ready: what narration adds to the wait at Stop",
    draftMs: "popup's data-draft-ms: ms from the Stop click to the draft shown (the transcript arrived, the SOP drafted)",
    modelLoadMs: 'worker asked to load → model ready; the first recording in a profile downloads (cold), later ones read the Cache API',
    peakExtensionPssMB: "peak PSS of this browser's extension renderer process (popup, offscreen document, transcription worker and model), /proc every 2 s",
    'floor.*': 'raw onnxruntime-web in a page of the same Chromium, same WASM build: encoder on 30 s of features + merged decoder with KV cache for the tokens the random model emits per window; perTokenMsWithoutCrossCopyOut = what the product does since fast-decode.ts',
  },
  notes: [
    'Random weights, real tiny/base shapes: compute per window is the real models\' (a forced schedule makes every window decode ' + TOKENS_PER_WINDOW + ' tokens, about real speech density). q8 graphs are quantized as the Hub\'s (tests/fixtures/whisper/quantize-dynamic.mjs).',
    'Every window costs the same (Whisper pads to 30 s): a 31 s recording is one full window plus a short tail window, i.e. two windows of work; RTF 30s is therefore its full window\'s.',
  ],
};

try {
  const kinds = [...new Set([...runs.map((r) => r.kind), ...floorKinds])];
  for (const kind of kinds) {
    const { shape, hubId } = KINDS[kind];
    const dir = join(work, 'models', kind);
    await mkdir(dir, { recursive: true });
    log(`${kind}: generating a random ${shape} (${hubId}), q8 and fp32 graphs`);
    const t = Date.now();
    const generated = await generateTinyWhisper({ outDir: dir, shape, seed: 1, dtypes: ['q8', 'fp32'] });
    modelServer.models.set(hubId, dir);
    const jsonBytes = await Promise.all(['config.json', 'generation_config.json', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json'].map((f) => stat(join(dir, f)).then((x) => x.size)));
    const otherMB = jsonBytes.reduce((x, y) => x + y, 0) / 1e6;
    output.models[kind] = {
      shape,
      hubId,
      generateMs: Date.now() - t,
      downloadMB: Object.fromEntries(Object.entries(generated.bytesByDtype).map(([d, b]) => [d, { encoder: round(b.encoder / 1e6, 1), decoder: round(b.decoder / 1e6, 1), total: round((b.encoder + b.decoder) / 1e6 + otherMB, 1) }])),
    };

    for (const dtype of DTYPES) {
      const dtypeRuns = runs.filter((r) => r.kind === kind && r.dtype === dtype);
      if (!dtypeRuns.length) continue;
      // One profile per shape and build: its first recording downloads the model into the browser's cache, as a
      // user's first recording would; the next ones load it from there.
      const profile = await mkdtemp(join(tmpdir(), `sop-bench-wc-${kind}-${dtype}-`));
      let cold = true;
      for (const r of dtypeRuns) {
        const wav = await narrationWav(work, r.seconds + 60); // longer than the recording: the pause before it plays too
        log(`${kind} ${dtype} threads ${r.threads}: recording ${r.seconds} s with narration (load ${loadavg()[0].toFixed(2)})${cold ? ', model downloaded first' : ''}`);
        let result;
        try {
          result = await recordOnce({ profile, wav, seconds: r.seconds, narration: KINDS[kind], servers, modelHost: modelServer.host, dtype, threads: r.threads, timingsModule });
        } catch (e) {
          log(`  failed: ${e.message}`);
          output.runs.push({ shape: kind, seconds: r.seconds, dtype, threads: r.threads, error: e.message });
          continue;
        }
        output.runs.push({ shape: kind, seconds: r.seconds, dtype, threads: r.threads, coldModel: cold, ...result });
        cold = false;
        const s = result.summary;
        log(`  draft ${result.draftMs} ms; ${result.line ?? 'no timings stored'}; enc ${s?.encoderMsPerWindow} ms/window, dec ${s?.decodeMsPerToken} ms/token, rtf full windows ${s?.rtfFullWindows}; PSS peak ${result.peakExtensionPssMB} MB; segments ${result.transcriptSegments}${result.narrationError ? `; error: ${result.narrationError}` : ''}`);
      }
      await rm(profile, { recursive: true, force: true });
    }

    if (floorKinds.includes(kind)) {
      for (const dtype of DTYPES) {
        for (const threads of THREADS.filter((x) => x !== 'd')) {
          // q8: ORT's default (DequantizeLinear of the LM head every step) and the product's folded session, in
          // that order; the folded one is last, so the table shows it.
          for (const fold of dtype === 'q8' ? FLOOR_FOLD : [false]) {
            log(`${kind} ${dtype} ${threads} thread(s)${fold ? ', constant DequantizeLinear folded' : ''}: raw ONNX Runtime floor (load ${loadavg()[0].toFixed(2)})`);
            const loadAvg1m = round(loadavg()[0], 2);
            const f = await ortFloor(kind, modelServer, generated, dtype, threads, fold);
            const perAudio = Object.fromEntries([30, 300, 600].map((s) => [`${s}s`, { windows: windowsFor(s), ms: windowsFor(s) * f.windowMs, rtf: round((windowsFor(s) * f.windowMs) / 1000 / s) }]));
            output.floor.push({ shape: kind, dtype, threads, fold, loadAvg1m, ...f, perAudio });
            log(`  window ${f.windowMs} ms (encoder ${f.encoderMs}, decoder ${f.decoderMs} for ${f.decoderSteps} steps: ${f.perTokenMs} ms/token, ${f.perTokenMsWithoutCrossCopyOut} without copying cross K/V out), load ${f.loadMs} ms`);
          }
        }
      }
    }
    modelServer.models.delete(hubId);
    await rm(dir, { recursive: true, force: true });
  }

  const threadKeys = [...new Set([...output.runs.map((r) => r.threads), ...output.floor.map((f) => f.threads)])];
  for (const kind of Object.keys(output.models)) {
    for (const dtype of DTYPES) {
      for (const threads of threadKeys) {
        const rs = output.runs.filter((r) => r.shape === kind && r.dtype === dtype && r.threads === threads && !r.error && r.summary);
        const floor = output.floor.findLast((f) => f.shape === kind && f.dtype === dtype && f.threads === threads);
        if (!rs.length && !floor) continue;
        const warm = rs.filter((r) => !r.coldModel);
        const ran = rs.flatMap((r) => r.timings.windows.filter((w) => !w.skippedSilent));
        const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
        const tokens = ran.reduce((a, w) => a + w.tokens, 0);
        const actualThreads = [...new Set(rs.map((r) => r.timings.threads))];
        output.summary[`${kind} ${dtype} ${threads}`] = {
          threadsRun: actualThreads,
          downloadMB: output.models[kind].downloadMB[dtype]?.total ?? null,
          modelLoadS: round(mean((warm.length ? warm : rs).map((r) => r.summary.modelLoadMs)) / 1000, 1),
          modelLoadCold: !warm.length && rs.length > 0,
          rtfBySeconds: Object.fromEntries(rs.map((r) => [r.seconds, r.summary.rtfFullWindows])),
          rtfAllWindowsBySeconds: Object.fromEntries(rs.map((r) => [r.seconds, r.summary.rtf])),
          encoderMsPerWindow: ran.length ? Math.round(mean(ran.map((w) => w.encoderMs))) : null,
          decodeMsPerToken: tokens ? round(ran.reduce((a, w) => a + w.decodeMs, 0) / tokens, 1) : null,
          tokensPerWindow: ran.length ? round(tokens / ran.length, 1) : null,
          maxWaitMs: Math.max(0, ...rs.map((r) => r.summary.maxWaitMs)),
          pendingAtStopSBySeconds: Object.fromEntries(rs.map((r) => [r.seconds, r.summary.pendingAtStopS])),
          tailAfterStopMsBySeconds: Object.fromEntries(rs.map((r) => [r.seconds, r.summary.tailAfterStopMs])),
          draftMsBySeconds: Object.fromEntries(rs.map((r) => [r.seconds, r.draftMs])),
          peakExtensionPssMB: Math.max(0, ...rs.map((r) => r.peakExtensionPssMB ?? 0)) || null,
          loadAvg1m: rs.map((r) => r.loadAvg1mAtStop),
          before: BEFORE[`${kind} ${dtype} ${threads === 'd' ? 1 : threads}`] ?? null,
          floor: floor ? { windowMs: floor.windowMs, encoderMs: floor.encoderMs, perTokenMs: floor.perTokenMs, perTokenMsWithoutCrossCopyOut: floor.perTokenMsWithoutCrossCopyOut, loadMs: floor.loadMs, rtf30s: floor.perAudio['30s'].rtf, loadAvg1m: floor.loadAvg1m } : null,
          targets: { rtfAtMost: kind.startsWith('tiny') ? 0.2 : 0.35, stopToDraftMsAtMost: 5_000 },
        };
      }
    }
  }
  printTable(output);
  output.totalMinutes = round((Date.now() - began) / 60_000, 1);
  output.loadAvg1mAtStart = round(loadAtStart, 2);
  console.log(JSON.stringify(output, null, 2));
} finally {
  await servers.close();
  await modelServer.close();
  await rm(work, { recursive: true, force: true });
}
