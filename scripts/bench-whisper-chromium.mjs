#!/usr/bin/env node
/**
 * Benchmark, not a test: on-device narration inside Chromium (offscreen document → dedicated worker,
 * transformers.js on ONNX Runtime WebAssembly, one thread) with random-weight Whispers of the real tiny and
 * base shapes, generated now into os.tmpdir() and served in the Hub layout from 127.0.0.1. Figures only.
 *
 * For each run (shape × length) it records on the demo console burst page with an espeak-ng narration WAV as
 * the fake microphone, a few clicks spread over the recording, then Stop, and measures:
 *  - draftMs: ms from the Stop click to the draft shown (the popup's `data-draft-ms`), minus the same figure
 *    for a recording without narration (`narrationCostMs`): what narration adds to the wait after Stop;
 *  - the worker's own timings, read from outside through the DevTools protocol (nothing is added to the
 *    product): a 10 ms heartbeat injected into the transcription worker as it starts finds the spans when its
 *    thread is busy (a late heartbeat = the thread was working), and wrappers on its postMessage/onmessage time the
 *    model's `ready`, Stop's `stop` and the `transcript`. From these: model load, each window's transcription
 *    while recording, the tail after Stop, and RTF = transcription busy time / audio length (pcm received).
 *  - the transcript stored in IndexedDB `recordings` (segment count, error) and the steps that got narration.
 * And the floor: raw ONNX Runtime (same onnxruntime-web build as transformers.js uses, asyncify WASM, one
 * thread, no cross-origin isolation) in a plain page of the same Chromium, running the graphs the product
 * runs for one window (encoder on 30 s of features, then the merged decoder with its KV cache for as many
 * tokens as the random model emits per window), without transformers.js around them; × the windows the
 * product cuts from 30 s / 5 min / 10 min.
 *
 * Every run is repeated for each build of the graphs (dtype: q8 = the Hub's `*_quantized.onnx`, quantized here
 * exactly as transformers.js' quantize.py does it; fp32) and each WebAssembly thread count, set through the
 * product's own narration settings. transformers.js 4.3 offers fp16 and q4 builds too, but ONNX Runtime's
 * WASM CPU kernels have no fp16 MatMul (it falls back to casts) and the q4 build (MatMulNBits) is for WebGPU;
 * the Hub's Whisper repos ship them, we do not bench them.
 *
 * Prints progress to stderr, a side-by-side table to stderr at the end, and one JSON object to stdout.
 * Records in real time: ~25 min with the defaults.
 *   SOP_EXTENSION_DIR  the unpacked build (default .output/chrome-mv3; `npm run build` first)
 *   BENCH_WHISPER_RUNS shape:seconds[:dtype:threads] list (default tiny:30,base:30,tiny:300:q8:2,base:300:q8:2;
 *                      shapes tiny, base, tiny-random for a smoke run); without dtype:threads a run is done
 *                      for every BENCH_WHISPER_DTYPES × BENCH_WHISPER_THREADS
 *   BENCH_WHISPER_DTYPES  default q8,fp32
 *   BENCH_WHISPER_THREADS default 1,2
 *   BENCH_WHISPER_BASELINE seconds of the no-narration recording (default 30; 0 skips it)
 *   BENCH_WHISPER_FLOOR    shapes for the raw ONNX Runtime floor (default tiny,base; '' skips it)
 *   BENCH_WHISPER_PATH     label of the build's decoding path for the output: fast (default) | library
 */
import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_PATH, EXTENSION_ID, chromiumArgs } from '../tests/e2e/chromium-launch.mjs';
import { startFixtureServers } from '../tests/fixtures/server.mjs';
import { makeNarrationWav } from '../tests/fixtures/narration.mjs';
import { SCHEDULE, SHAPES, generateTinyWhisper } from '../tests/fixtures/whisper/generate-tiny-whisper.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const extensionDir = resolve(process.env.SOP_EXTENSION_DIR ?? join(root, '.output', 'chrome-mv3'));
const requireHere = createRequire(import.meta.url);
// The `ws` client bundled with Playwright (Node 20 has no global WebSocket without a flag).
const WebSocket = createRequire(requireHere.resolve('@playwright/test'))('playwright-core/lib/utilsBundle').ws;
const ortDist = dirname(requireHere.resolve('onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm'));
const run = promisify(execFile);
const log = (...a) => console.error(`[bench-whisper-chromium ${new Date().toISOString().slice(11, 19)}]`, ...a);

/** Bench shapes → generator shape and the product's model key / Hub id (lib/narration/models.ts). */
const KINDS = {
  tiny: { shape: 'whisper-tiny', model: 'tiny.en', hubId: 'onnx-community/whisper-tiny.en' },
  base: { shape: 'whisper-base', model: 'base.en', hubId: 'onnx-community/whisper-base.en' },
  'tiny-random': { shape: 'tiny-random', model: 'tiny.en', hubId: 'onnx-community/whisper-tiny.en' },
};
const WINDOW_S = 30;
const HOP_S = 28;
/** Tokens the random model decodes per 30 s window: 7 segments × (13 words + 2 timestamps) + <|endoftext|>. */
const TOKENS_PER_WINDOW = SCHEDULE.segments * (SCHEDULE.wordsPerSegment + 2) + 1;
const CLICKS = 5;
const HEARTBEAT_MS = 10;
const WINDOW_MIN_WORK_MS = 1_500;

const DTYPES = (process.env.BENCH_WHISPER_DTYPES ?? 'q8,fp32').split(',').filter(Boolean);
const THREADS = (process.env.BENCH_WHISPER_THREADS ?? '1,2').split(',').filter(Boolean).map(Number);
const runs = (process.env.BENCH_WHISPER_RUNS ?? 'tiny:30,base:30,tiny:300:q8:2,base:300:q8:2').split(',').filter(Boolean).flatMap((s) => {
  const [kind, seconds, dtype, threads] = s.split(':');
  if (!KINDS[kind] || !(Number(seconds) > 0)) throw new Error(`Bad run ${s}: want tiny|base|tiny-random:<seconds>[:q8|fp32:<threads>]`);
  if (dtype) return [{ kind, seconds: Number(seconds), dtype, threads: Number(threads ?? 1) }];
  return DTYPES.flatMap((d) => THREADS.map((t) => ({ kind, seconds: Number(seconds), dtype: d, threads: t })));
});
const baselineSeconds = Number(process.env.BENCH_WHISPER_BASELINE ?? 30);
const floorKinds = (process.env.BENCH_WHISPER_FLOOR ?? 'tiny,base').split(',').filter(Boolean);

/** Windows the product transcribes for `seconds` of audio (lib/narration/windowing.ts planWindows). */
function windowsFor(seconds) {
  let n = 0;
  let start = 0;
  while (start + WINDOW_S <= seconds + 1e-9) {
    n++;
    start += HOP_S;
  }
  const covered = n ? (n - 1) * HOP_S + WINDOW_S : 0;
  return n + (seconds > covered + 1e-9 ? 1 : 0);
}

const round = (x, digits = 3) => (x == null || Number.isNaN(x) ? null : Math.round(x * 10 ** digits) / 10 ** digits);

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
async function startModelServer() {
  /** @type {Map<string, string>} Hub id → folder */
  const models = new Map();
  const requests = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    requests.push(path);
    let file = null;
    if (path === '/' || path === '/floor.html') {
      // Cross-origin isolated, so SharedArrayBuffer exists and numThreads > 1 really runs threads here too
      // (extension pages have it without isolation; a plain page does not).
      return void res
        .writeHead(200, { 'content-type': 'text/html', 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' })
        .end('<!doctype html><title>ORT floor</title>');
    }
    if (path.startsWith('/ort/')) file = join(ortDist, normalize(path.slice(5)));
    for (const [id, dir] of models) {
      const prefix = `/${id}/resolve/main/`;
      if (path.startsWith(prefix)) file = join(dir, normalize(path.slice(prefix.length)));
    }
    if (!file || file.split(sep).includes('..')) return void res.writeHead(404).end();
    stat(file).then(
      (s) => {
        if (!s.isFile()) return void res.writeHead(404).end();
        const type = file.endsWith('.mjs') ? 'text/javascript' : file.endsWith('.wasm') ? 'application/wasm' : 'application/octet-stream';
        res.writeHead(200, { 'content-length': s.size, 'content-type': type, 'access-control-allow-origin': '*', 'cross-origin-resource-policy': 'cross-origin' });
        createReadStream(file).pipe(res);
      },
      () => res.writeHead(404).end(),
    );
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, host: `${origin}/`, models, requests, close: () => new Promise((r) => server.close(() => r())) };
}

// ---------------------------------------------------------------------------------------------------------
// DevTools protocol: a second client on the browser (Playwright keeps its pipe), to reach the offscreen
// document's worker, which Playwright does not expose.

class Cdp {
  static async connect(profile) {
    let text = '';
    for (let i = 0; i < 100 && !text; i++) {
      text = await readFile(join(profile, 'DevToolsActivePort'), 'utf8').catch(() => '');
      if (!text) await new Promise((r) => setTimeout(r, 100));
    }
    const [port, path] = text.trim().split('\n');
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { perMessageDeflate: false, maxPayload: 64 * 1024 * 1024 });
    await new Promise((res, rej) => {
      ws.once('open', res);
      ws.once('error', rej);
    });
    return new Cdp(ws);
  }

  constructor(ws) {
    this.ws = ws;
    this.id = 0;
    this.pending = new Map();
    this.listeners = [];
    ws.on('message', (data) => {
      const m = JSON.parse(String(data));
      if (m.id !== undefined) {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.error) p?.reject(new Error(`${m.error.message} (${p.method})`));
        else p?.resolve(m.result);
      } else for (const l of this.listeners) l(m);
    });
  }

  send(method, params = {}, sessionId) {
    const id = ++this.id;
    this.ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject, method }));
  }

  on(fn) {
    this.listeners.push(fn);
  }

  close() {
    this.ws.close();
  }
}

/**
 * Runs in the transcription worker, injected while it waits for the debugger, before its module runs: a
 * heartbeat (a late beat = the thread was busy) and timings of the messages in and out.
 */
const WORKER_PROBE = `(() => {
  if (self.__sopBench) return 'ok';
  if (typeof setInterval !== 'function') return 'not ready';
  self.__sopBench = true;
  const emit = (o) => console.debug('__sopBench ' + JSON.stringify(o));
  const period = ${HEARTBEAT_MS};
  let last = performance.now();
  let samples = 0;
  const beat = () => {
    const now = performance.now();
    if (now - last > period * 2.5) emit({ k: 'busy', from: last, to: now });
    last = now;
  };
  setInterval(beat, period);
  const post = self.postMessage.bind(self);
  self.postMessage = (m, t) => {
    if (m && m.kind !== 'progress') {
      beat(); // the worker is terminated right after the transcript: close the busy span now
      emit({ k: 'post', kind: m.kind, at: performance.now(), samples, segments: m.transcript ? m.transcript.segments.length : undefined, error: m.error || m.message });
    }
    return post(m, t);
  };
  // The module assigns self.onmessage: keep its handler and call it from a listener that counts first.
  let handler = self.onmessage;
  self.onmessage = null;
  Object.defineProperty(self, 'onmessage', { configurable: true, get: () => handler, set: (h) => { handler = h; } });
  self.addEventListener('message', (e) => {
    const d = e.data;
    if (d && d.kind === 'pcm') samples += d.samples.length;
    else emit({ k: 'msg', kind: d && d.kind, at: performance.now(), samples });
    if (handler) handler.call(self, e);
  });
  emit({ k: 'attached', at: performance.now() });
  return 'ok';
})()`;

const AUTO_ATTACH_WORKERS = { autoAttach: true, waitForDebuggerOnStart: true, flatten: true, filter: [{ type: 'worker' }, { exclude: true }] };

/**
 * Before Start: auto-attach (paused at start) to the offscreen document and, through it, to its
 * transcription worker, so the probe is in place before the worker's first line runs.
 */
async function probeWorkers(cdp) {
  const events = [];
  const workerSessions = new Set();
  const seen = [];
  const offscreenTargets = new Set();
  const offscreenSessions = new Set();
  let workerFound = false;
  let onWorker;
  const worker = new Promise((res) => (onWorker = res));
  cdp.on(async (m) => {
    if (m.method === 'Runtime.consoleAPICalled' && workerSessions.has(m.sessionId)) {
      const text = m.params.args?.[0]?.value;
      if (typeof text === 'string' && text.startsWith('__sopBench ')) events.push(JSON.parse(text.slice(11)));
      return;
    }
    if (m.method === 'Target.targetCreated' || m.method === 'Target.targetInfoChanged') {
      const t = m.params.targetInfo;
      if (t.url === `chrome-extension://${EXTENSION_ID}/offscreen.html` && !offscreenTargets.has(t.targetId)) {
        offscreenTargets.add(t.targetId);
        cdp.send('Target.attachToTarget', { targetId: t.targetId, flatten: true }).catch((e) => onWorker(e.message));
      }
      return;
    }
    if (m.method !== 'Target.attachedToTarget') return;
    const { sessionId, targetInfo, waitingForDebugger } = m.params;
    seen.push(`${targetInfo.type} ${targetInfo.url}`);
    try {
      if (targetInfo.url === `chrome-extension://${EXTENSION_ID}/offscreen.html`) {
        offscreenSessions.add(sessionId);
        await cdp.send('Target.setAutoAttach', AUTO_ATTACH_WORKERS, sessionId);
      } else if (targetInfo.url.includes('transcribe-worker')) {
        // Paused at start its global scope is not set up yet (no timers): resume, then inject at once, while
        // the module script is still being fetched (the probe also copes with a module that already ran).
        workerSessions.add(sessionId);
        workerFound = true;
        await cdp.send('Runtime.enable', {}, sessionId);
        if (waitingForDebugger) await cdp.send('Runtime.runIfWaitingForDebugger', {}, sessionId);
        let injected;
        for (let i = 0; i < 50 && injected?.result?.value !== 'ok'; i++) {
          injected = await cdp.send('Runtime.evaluate', { expression: WORKER_PROBE, returnByValue: true }, sessionId);
          if (injected.result?.value !== 'ok') await new Promise((r) => setTimeout(r, 10));
        }
        onWorker(injected.result?.value === 'ok' ? null : `probe: ${JSON.stringify(injected).slice(0, 300)}`);
      }
    } catch (e) {
      onWorker(e.message);
    } finally {
      if (waitingForDebugger) await cdp.send('Runtime.runIfWaitingForDebugger', {}, sessionId).catch(() => undefined);
    }
  });
  // Offscreen documents are not auto-attached from the browser: attach to the document as soon as it is
  // announced, and auto-attach (paused at start) to the workers it creates.
  await cdp.send('Target.setDiscoverTargets', { discover: true });
  return {
    events,
    /** Resolves to null once the probe runs in the worker, or to what went wrong. */
    async attached(ms) {
      const deadline = Date.now() + ms;
      for (;;) {
        const result = await Promise.race([worker, new Promise((res) => setTimeout(() => res(undefined), 2_000))]);
        if (result !== undefined) return result;
        if (Date.now() > deadline) return `no transcription worker within ${ms} ms; attached: ${JSON.stringify(seen)}`;
        // A worker that was starting while auto-attach was being set up can be missed (seen now and then):
        // turning auto-attach off and on again reports the workers that exist.
        if (workerFound) continue;
        for (const sessionId of offscreenSessions) {
          await cdp.send('Target.setAutoAttach', { autoAttach: false, waitForDebuggerOnStart: false }, sessionId).catch(() => undefined);
          await cdp.send('Target.setAutoAttach', AUTO_ATTACH_WORKERS, sessionId).catch(() => undefined);
        }
      }
    },
  };
}

/**
 * The probe's events → figures. Busy spans closer than 300 ms are one piece of work (a window's
 * transcription yields now and then); each span's work is its length minus one heartbeat period.
 */
function analyse(events, sampleRate = 16_000) {
  const at = (kind, k) => events.find((e) => e.k === k && e.kind === kind);
  const attached = events.find((e) => e.k === 'attached');
  const ready = at('ready', 'post');
  const stop = at('stop', 'msg');
  const transcript = at('transcript', 'post');
  const clusters = [];
  // never one piece of work across the model's `ready` or Stop: what comes after is something else
  const markers = [ready?.at, stop?.at].filter((m) => m !== undefined);
  for (const e of events.filter((x) => x.k === 'busy')) {
    const work = e.to - e.from - HEARTBEAT_MS;
    const last = clusters.at(-1);
    if (last && e.from - last.to < 300 && !markers.some((m) => last.from < m && m <= e.from)) {
      last.to = e.to;
      last.workMs += work;
    } else clusters.push({ from: e.from, to: e.to, workMs: work });
  }
  const readyAt = ready?.at ?? attached?.at ?? 0;
  const during = clusters.filter((c) => c.from >= readyAt - 1 && (!stop || c.to <= stop.at));
  // A window is seconds of work; shorter stretches are the rest (GC, PCM messages, …), still counted in RTF.
  const tailMs = stop && transcript ? transcript.at - stop.at : Infinity;
  const windowMin = Math.min(WINDOW_MIN_WORK_MS, tailMs / 2);
  const windows = during.filter((c) => c.workMs >= windowMin);
  const straddling = stop ? clusters.filter((c) => c.from < stop.at && c.to > stop.at && c.from >= readyAt - 1) : [];
  // after Stop, once the model is ready (a short first recording can stop before the model is loaded)
  const after = stop ? clusters.filter((c) => c.from >= Math.max(stop.at, readyAt - 1)) : [];
  const load = clusters.filter((c) => c.to <= readyAt + 1);
  const sum = (cs) => cs.reduce((a, c) => a + c.workMs, 0);
  const audioSeconds = transcript ? transcript.samples / sampleRate : stop ? stop.samples / sampleRate : null;
  const transcriptionMs = sum(during) + sum(straddling) + sum(after);
  const perWindow = [...windows.map((c) => c.workMs), ...(stop && transcript && !straddling.some((c) => c.workMs >= windowMin) ? [transcript.at - stop.at] : [])].sort((a, b) => a - b);
  const mid = perWindow.length / 2;
  const medianWindow = perWindow.length ? (perWindow.length % 2 ? perWindow[Math.floor(mid)] : (perWindow[mid - 1] + perWindow[mid]) / 2) : null;
  return {
    attachedAtMs: round(attached?.at, 0),
    modelReadyMs: ready ? round(ready.at, 0) : null,
    modelLoadWorkMs: ready ? round(sum(load), 0) : null,
    audioSeconds: round(audioSeconds, 2),
    windowsPlanned: audioSeconds == null ? null : windowsFor(audioSeconds),
    // one entry per busy stretch while recording: normally one window's transcription each
    windowWorkMsWhileRecording: windows.map((c) => round(c.workMs, 0)),
    otherWorkMsWhileRecording: round(sum(during) - sum(windows), 0),
    busyAtStopMs: straddling.length ? round(stop.at - straddling[0].from, 0) : 0,
    workAfterStopMs: round(sum(after) + straddling.reduce((a, c) => a + (c.to - stop.at), 0), 0),
    stopToTranscriptMs: stop && transcript ? round(transcript.at - stop.at, 0) : null,
    transcriptionWorkMs: round(transcriptionMs, 0),
    rtf: audioSeconds ? round(transcriptionMs / 1000 / audioSeconds) : null,
    // robust to a window slowed by other work on the machine: the median window / the 28 s of new audio in it
    medianWindowMs: medianWindow == null ? null : round(medianWindow, 0),
    rtfMedianWindow: medianWindow == null ? null : round(medianWindow / 1000 / HOP_S),
    segments: transcript?.segments ?? null,
    error: transcript?.error ?? null,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Recording runs

async function launch(profile, wav) {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: null,
    args: [...chromiumArgs(extensionDir, wav), '--remote-debugging-port=0'],
  });
  const cdp = await Cdp.connect(profile);
  return { context, cdp };
}

/** Peak resident memory (RSS, MB) of the extension's renderer process (offscreen document + its worker). */
function memorySampler() {
  let peak = 0;
  let stopped = false;
  const sample = async () => {
    const { stdout } = await run('ps', ['-eo', 'rss=,args=']).catch(() => ({ stdout: '' }));
    let sum = 0;
    for (const line of stdout.split('\n')) if (line.includes('--type=renderer') && line.includes('--extension-process')) sum += Number(line.trim().split(/\s+/, 1)[0]) / 1024;
    peak = Math.max(peak, sum);
  };
  const loop = (async () => {
    while (!stopped) {
      await sample();
      await new Promise((r) => setTimeout(r, 2_000));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    return Math.round(peak);
  };
}

async function recordOnce({ profile, wav, seconds, narration, servers, modelHost, dtype, threads }) {
  const { context, cdp } = await launch(profile, wav);
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    await worker.evaluate(
      (s) => chrome.storage.local.set({ narrationSettings: s }),
      narration ? { transcribe: true, model: narration.model, modelHost, ...(dtype ? { dtype } : {}), ...(threads ? { threads } : {}) } : { transcribe: false, model: 'tiny.en' },
    );
    const page = await context.newPage();
    await page.goto(`${servers.mainOrigin}/burst.html`);
    const tabId = await worker.evaluate(async (url) => (await chrome.tabs.query({ url })).at(0)?.id, page.url());
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${EXTENSION_ID}/popup.html?tab=${tabId}`);

    const probe = narration ? await probeWorkers(cdp) : null;
    const memory = memorySampler();
    await popup.getByRole('button', { name: 'Start recording' }).click();
    const startedAt = Date.now();
    await popup.getByTestId('phase').filter({ hasText: /^Recording$/ }).waitFor();
    const probeError = probe ? await probe.attached(15_000) : null;
    if (probeError) log(`  worker probe failed (the run goes on without worker figures): ${probeError}`);
    const events = probe?.events ?? [];
    await page.bringToFront();
    const centers = await page.locator('.grid button').evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; }));
    for (let i = 0; i < CLICKS; i++) {
      const due = startedAt + ((i + 1) * seconds * 1000) / (CLICKS + 1);
      await page.waitForTimeout(Math.max(0, due - Date.now()));
      const c = centers[i % centers.length];
      await page.mouse.click(c.x, c.y);
    }
    await popup.bringToFront();
    await popup.waitForFunction((n) => Number(document.querySelector('[data-testid=step-count]')?.textContent?.match(/\d+/)?.[0]) >= n, CLICKS, { timeout: 30_000 }).catch(() => undefined);
    await popup.waitForTimeout(Math.max(0, startedAt + seconds * 1000 - Date.now()));
    const recordedMs = Date.now() - startedAt;
    const loadAtStop = loadavg()[0];
    const stopAt = Date.now();
    await popup.getByRole('button', { name: 'Stop recording' }).click();
    const sop = popup.getByRole('region', { name: 'SOP', exact: true });
    await sop.getByRole('list', { name: 'Steps' }).waitFor({ timeout: 180_000 });
    await popup.waitForFunction(() => document.querySelector('[data-draft-ms]') !== null);
    const draftMs = Number(await sop.getAttribute('data-draft-ms'));
    const stopToDraftWallMs = Date.now() - stopAt;
    const peakExtensionRssMB = await memory();
    const stored = await popup.evaluate(async () => {
      const db = await new Promise((res) => { const r = indexedDB.open('sop-recorder'); r.onsuccess = () => res(r.result); });
      const all = (s) => new Promise((res) => { const r = db.transaction(s).objectStore(s).getAll(); r.onsuccess = () => res(r.result); });
      const recording = (await all('recordings')).sort((a, b) => b.startedAt - a.startedAt)[0];
      const steps = (await all('steps')).filter((s) => s.sopId === recording?.sopId);
      return {
        steps: steps.length,
        stepsWithNarration: steps.filter((s) => (s.narration ?? '').trim().length > 0).length,
        transcriptSegments: recording?.transcript?.segments?.length ?? 0,
        lastSegmentEndS: recording?.transcript?.segments?.length ? Math.round(recording.transcript.segments.at(-1).endMs / 100) / 10 : null,
        narrationError: recording?.narrationError ?? null,
      };
    });
    await new Promise((r) => setTimeout(r, 200)); // the worker's last console events
    return { loadAvg1mAtStop: round(loadAtStop, 2), recordedS: round(recordedMs / 1000, 1), draftMs, stopToDraftWallMs, peakExtensionRssMB, ...stored, worker: narration ? (probeError ? { probeError } : analyse(events)) : undefined };
  } finally {
    cdp.close();
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Raw ONNX Runtime floor, in a page of the same Chromium (no extension needed)

async function ortFloor(kind, modelServer, generated, dtype, threads) {
  const { shape, hubId } = KINDS[kind];
  const s = SHAPES[shape];
  const profile = await mkdtemp(join(tmpdir(), 'sop-bench-floor-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
  try {
    const page = await context.newPage();
    await page.goto(`${modelServer.origin}/floor.html`);
    return await page.evaluate(
      async ({ origin, base, heads, dModel, layers, sot, steps, reps, suffix, threads }) => {
        const ort = await import(`${origin}/ort/ort.webgpu.min.mjs`);
        ort.env.wasm.wasmPaths = { mjs: `${origin}/ort/ort-wasm-simd-threaded.asyncify.mjs`, wasm: `${origin}/ort/ort-wasm-simd-threaded.asyncify.wasm` };
        ort.env.wasm.numThreads = threads;
        const opts = { executionProviders: ['wasm'] };
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
      { origin: modelServer.origin, base: `${modelServer.origin}/${hubId}/resolve/main/`, heads: s.heads, dModel: s.dModel, layers: s.decoderLayers, sot: generated.layout.sot, steps: TOKENS_PER_WINDOW, reps: 2, suffix: dtype === 'q8' ? '_quantized' : '', threads },
    );
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------

/** The side-by-side table (stderr): one row per shape × build × threads. */
function printTable(out) {
  const rows = [['model', 'build', 'thr', 'MB', 'RTF 30s', 'RTF 300s', 'RTF/window', 'Stop→draft', 'ready ms', 'RSS MB', 'enc/window', 'ms/token', 'no-copy ms/token', 'floor RTF', 'load avg']];
  const cell = (v) => (v == null ? '–' : String(v));
  for (const [key, x] of Object.entries(out.summary)) {
    const [model, build, thr] = key.split(' ');
    const rtf = (sec) => x.rtfBySeconds[sec];
    const windowRtf = Object.values(x.rtfMedianWindowBySeconds);
    rows.push([model, build, thr, x.downloadMB, rtf(30), rtf(300), windowRtf.length ? Math.max(...windowRtf.filter((v) => v != null)) : null, Object.entries(x.draftMsBySeconds).map(([sec, ms]) => `${sec}s:${ms}`).join(' '), x.modelReadyMs, x.peakExtensionRssMB, x.floor?.encoderMs, x.floor?.perTokenMs, x.floor?.perTokenMsWithoutCrossCopyOut, x.floor?.rtf30s, [...x.loadAvg1m, x.floor?.loadAvg1m].filter((v) => v != null).join('/')].map(cell));
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.error(r.map((c, i) => c.padEnd(widths[i])).join('  '));
}

if (!(await stat(join(extensionDir, 'manifest.json')).catch(() => null))) throw new Error(`No build at ${extensionDir}: run npm run build`);
const work = await mkdtemp(join(tmpdir(), 'sop-bench-whisper-chromium-'));
const began = Date.now();
const loadAtStart = loadavg()[0];
const servers = await startFixtureServers();
const modelServer = await startModelServer();
const output = {
  benchmark: 'whisper-chromium-wasm',
  // Which decoding path the build runs: 'fast' (lib/narration/fast-decode.ts, the default) or 'library' for a
  // build made with `fastDecode: false` in the worker (to compare; see README Narration).
  decodingPath: process.env.BENCH_WHISPER_PATH ?? 'fast',
  runtime: `${CHROMIUM_PATH} headless, offscreen document → dedicated worker, transformers.js + onnxruntime-web (asyncify WASM, SIMD), numThreads per run (SharedArrayBuffer without cross-origin isolation), ${cpus().length} cores (${cpus()[0]?.model ?? '?'})`,
  models: {},
  baseline: null,
  runs: [],
  floor: [],
  summary: {},
  derivation: {
    draftMs: "popup's data-draft-ms: ms from the Stop click to the draft shown (after the transcript arrived)",
    narrationCostMs: 'draftMs − draftMs of a recording of the same clicks without narration',
    'worker.*': 'read from outside through the DevTools protocol: a 10 ms heartbeat injected into the transcription worker (paused at its start, before its module runs) marks when its thread is busy; wrappers on its postMessage/onmessage time ready/stop/transcript and count the PCM received. Nothing in the product is changed.',
    'worker.rtf': 'worker busy time after the model was ready (every window: while recording and after Stop) / audio seconds received. Includes mel features, decoding and scheduler waits on a shared 2-core machine (tab capture and video encoding run at the same time).',
    'worker.rtfMedianWindow': 'median of the windows\' work (while recording, and the tail after Stop) / 28 s, the new audio each window brings: the steady state, robust to one window slowed by other work on the machine',
    'worker.windowWorkMsWhileRecording': 'busy stretches between model ready and Stop: one per 30 s window (2 s overlap, a new one every 28 s); each under 28 000 ms = the worker keeps up',
    'worker.stopToTranscriptMs': "'stop' received → 'transcript' posted in the worker: the tail window (always padded to 30 s, so one full window's cost) plus any backlog",
    peakExtensionRssMB: "peak resident memory of the extension's renderer process(es) (ps, every 2 s): offscreen document, its worker and the model",
    'floor.perTokenMs': 'decoder step with the KV cache (all outputs fetched, as transformers.js does), mean over the window after the first step',
    'floor.perTokenMsWithoutCrossCopyOut': 'the same fetching only logits and the self-attention cache (cross-attention K/V fed again from the first step): what not copying ~18 MB (tiny) of cross K/V out of WASM per token would save',
    'floor.windowMs': 'raw onnxruntime-web in a page of the same Chromium, same WASM build, same threads: encoder on 30 s of features + merged decoder with KV cache for the tokens the random model emits per window; no feature extraction, no logits processing, no tokenizer',
    'floor.rtf': 'windows the product cuts from that audio × floor windowMs / audio seconds',
  },
  notes: [
    'Random weights, real tiny/base shapes: compute per window is the real models\' (a forced schedule makes every window decode ' + TOKENS_PER_WINDOW + ' tokens, about real speech density). q8 graphs are quantized as the Hub\'s (tests/fixtures/whisper/quantize-dynamic.mjs: ONNX Runtime dynamic quantization as transformers.js scripts/quantize.py runs it).',
    'Every window costs the same (Whisper pads to 30 s): a 30.2 s recording is one full window plus a 2.2 s tail window, i.e. two windows of work.',
  ],
};

try {
  // Baseline: no narration, same clicks.
  if (baselineSeconds > 0) {
    const wav = await narrationWav(work, baselineSeconds);
    const profile = await mkdtemp(join(tmpdir(), 'sop-bench-wc-baseline-'));
    log(`baseline: ${baselineSeconds} s without narration`);
    output.baseline = await recordOnce({ profile, wav, seconds: baselineSeconds, narration: null, servers });
    await rm(profile, { recursive: true, force: true });
    log(`  draft ${output.baseline.draftMs} ms`);
  }

  const kinds = [...new Set([...runs.map((r) => r.kind), ...floorKinds])];
  for (const kind of kinds) {
    const { shape, hubId } = KINDS[kind];
    const dir = join(work, 'models', kind);
    await mkdir(dir, { recursive: true });
    log(`${kind}: generating a random ${shape} (${hubId}), q8 and fp32 graphs`);
    let t = Date.now();
    const generated = await generateTinyWhisper({ outDir: dir, shape, seed: 1, dtypes: ['q8', 'fp32'] });
    modelServer.models.set(hubId, dir);
    const jsonBytes = await Promise.all(['config.json', 'generation_config.json', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json'].map((f) => stat(join(dir, f)).then((x) => x.size)));
    const otherMB = jsonBytes.reduce((x, y) => x + y, 0) / 1e6;
    output.models[kind] = {
      shape,
      hubId,
      generateMs: Date.now() - t,
      downloadMB: Object.fromEntries(Object.entries(generated.bytesByDtype).map(([d, b]) => [d, { encoder: round(b.encoder / 1e6, 1), decoder: round(b.decoder / 1e6, 1), total: round((b.encoder + b.decoder) / 1e6 + otherMB, 1) }])),
      firstRecording: {},
    };

    for (const dtype of DTYPES) {
      const dtypeRuns = runs.filter((r) => r.kind === kind && r.dtype === dtype);
      if (!dtypeRuns.length) continue;
      // One profile per shape and build: the first (short) recording downloads the model into the browser's
      // cache, as a user's first recording would; the measured runs then load it from there.
      const profile = await mkdtemp(join(tmpdir(), `sop-bench-wc-${kind}-${dtype}-`));
      const warmWav = await narrationWav(work, 6);
      log(`${kind} ${dtype}: first recording (6 s) downloads the model`);
      const warm = await recordOnce({ profile, wav: warmWav, seconds: 6, narration: KINDS[kind], servers, modelHost: modelServer.host, dtype, threads: dtypeRuns[0].threads });
      output.models[kind].firstRecording[dtype] = { ...warm, note: 'cold: model downloaded from 127.0.0.1 during this recording' };
      log(`  draft ${warm.draftMs} ms, model ready at ${warm.worker?.modelReadyMs} ms`);
      for (const r of dtypeRuns) {
        const wav = await narrationWav(work, r.seconds);
        log(`${kind} ${dtype} ${r.threads} thread(s): recording ${r.seconds} s with narration (load ${loadavg()[0].toFixed(2)})`);
        let result;
        try {
          result = await recordOnce({ profile, wav, seconds: r.seconds, narration: KINDS[kind], servers, modelHost: modelServer.host, dtype, threads: r.threads });
        } catch (e) {
          log(`  failed: ${e.message}`);
          output.runs.push({ shape: kind, seconds: r.seconds, dtype, threads: r.threads, error: e.message });
          continue;
        }
        const narrationCostMs = output.baseline ? result.draftMs - output.baseline.draftMs : null;
        output.runs.push({ shape: kind, seconds: r.seconds, dtype, threads: r.threads, narrationCostMs, ...result });
        log(`  draft ${result.draftMs} ms, rtf ${result.worker?.rtf} (median window ${result.worker?.rtfMedianWindow}), windows while recording ${JSON.stringify(result.worker?.windowWorkMsWhileRecording)}, stop→transcript ${result.worker?.stopToTranscriptMs} ms, ready ${result.worker?.modelReadyMs} ms, rss ${result.peakExtensionRssMB} MB, segments ${result.transcriptSegments}`);
      }
      await rm(profile, { recursive: true, force: true });
    }

    if (floorKinds.includes(kind)) {
      for (const dtype of DTYPES) {
        for (const threads of THREADS) {
          log(`${kind} ${dtype} ${threads} thread(s): raw ONNX Runtime floor (load ${loadavg()[0].toFixed(2)})`);
          const loadAvg1m = round(loadavg()[0], 2);
          const f = await ortFloor(kind, modelServer, generated, dtype, threads);
          const perAudio = Object.fromEntries(
            [30, 300, 600].map((s) => [`${s}s`, { windows: windowsFor(s), ms: windowsFor(s) * f.windowMs, rtf: round((windowsFor(s) * f.windowMs) / 1000 / s) }]),
          );
          output.floor.push({ shape: kind, dtype, threads, loadAvg1m, ...f, perAudio });
          log(`  window ${f.windowMs} ms (encoder ${f.encoderMs}, decoder ${f.decoderMs} for ${f.decoderSteps} steps: ${f.perTokenMs} ms/token, ${f.perTokenMsWithoutCrossCopyOut} without copying cross K/V out), load ${f.loadMs} ms`);
        }
      }
    }
    modelServer.models.delete(hubId);
    await rm(dir, { recursive: true, force: true });
  }

  for (const kind of Object.keys(output.models)) {
    for (const dtype of DTYPES) {
      for (const threads of THREADS) {
        const rs = output.runs.filter((r) => r.shape === kind && r.dtype === dtype && r.threads === threads && !r.error);
        const floor = output.floor.find((f) => f.shape === kind && f.dtype === dtype && f.threads === threads);
        if (!rs.length && !floor) continue;
        output.summary[`${kind} ${dtype} ${threads}t`] = {
          downloadMB: output.models[kind].downloadMB[dtype]?.total ?? null,
          rtfBySeconds: Object.fromEntries(rs.map((r) => [r.seconds, r.worker?.rtf ?? null])),
          rtfMedianWindowBySeconds: Object.fromEntries(rs.map((r) => [r.seconds, r.worker?.rtfMedianWindow ?? null])),
          draftMsBySeconds: Object.fromEntries(rs.map((r) => [r.seconds, r.draftMs])),
          modelReadyMs: rs[0]?.worker?.modelReadyMs ?? null,
          peakExtensionRssMB: Math.max(0, ...rs.map((r) => r.peakExtensionRssMB ?? 0)) || null,
          keepsUpWhileRecording: rs.every((r) => (r.worker?.windowWorkMsWhileRecording ?? []).every((ms) => ms < HOP_S * 1000) && (r.worker?.busyAtStopMs ?? 0) < HOP_S * 1000),
          loadAvg1m: rs.map((r) => r.loadAvg1mAtStop),
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
