#!/usr/bin/env node
/**
 * Benchmark, not a test: memory and storage over a long recording. A compressed run (BENCH_MEMORY_SECONDS,
 * default 180) clicks on the burst page every 2 s while recording video, and samples every 15 s:
 *  - the offscreen document's JS heap (it holds the tab stream, MediaRecorder and frame grabber), read with
 *    CDP Runtime.getHeapUsage on its target (type background_page; attached from a page session, not flattened);
 *  - the service worker's JS heap, the same way;
 *  - IndexedDB growth: navigator.storage.estimate() from an extension page;
 *  - the ring of recent video frames the offscreen document keeps for screenshots (offscreen.ping): frames
 *    held, their pixels (RGBA bytes), and the time to copy each captured frame into a bitmap;
 *  - the proportional resident memory (PSS) of every Chromium process of the run (GPU and renderer memory
 *    included), from /proc.
 * Then fits a line through the samples and EXTRAPOLATES it to 30 minutes (clearly a projection, not a run).
 * Real time instead: BENCH_MEMORY_REALTIME=1 records for 30 minutes (BENCH_MEMORY_SECONDS overrides), one
 * click every 10 s (6 a minute, BENCH_MEMORY_ACTION_MS), a sample every minute printed as it is taken (stderr),
 * then the growth measured (first sample after the start → last) and what the video bitrate predicts for the
 * storage; after Stop it times opening the SOP in a fresh popup (first step shown).
 * SOP_EXTENSION_DIR picks the build (default .output/chrome-mv3). Prints JSON.
 *
 * With narration (BENCH_MEMORY_NARRATION=tiny|base; default off): a random-weight Whisper of the real shape
 * (tests/fixtures/whisper, the q8 build the product downloads by default) is generated now and served in the
 * Hub layout from 127.0.0.1 (scripts/hub-model-server.mjs); the product is pointed at it through its own
 * narration settings (model and host only: its default build and threads); the microphone is a ~2.5 min
 * espeak-ng narration of varied sentences with pauses, looped by Chromium. A first 8 s recording downloads
 * the model into the browser's cache (a user's first recording), so the timed one measures recording, not the
 * download. Then, besides the figures above: the time to the model's `ready` (popup's narration channel), the
 * PSS of the offscreen document's renderer (the extension renderer running the transcription worker) and of
 * the biggest renderer, "beyond the model" = each sample minus the first sample after the model was ready,
 * and after Stop the narration segments stored and the steps that got narration.
 */

import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { processUsage, residentBytes } from './proc-usage.mjs';
import { storedNarration } from './stored-narration.mjs';
import { EXTENSION_ID, startRecordingSession } from './bench-session.mjs';
import { WHISPER_KINDS, serveRandomWhisper, startHubModelServer } from './hub-model-server.mjs';
import { makeNarrationWav } from '../tests/fixtures/narration.mjs';

const REALTIME = process.env.BENCH_MEMORY_REALTIME === '1';
const SECONDS = Number(process.env.BENCH_MEMORY_SECONDS ?? (REALTIME ? 1800 : 180));
const SAMPLE_MS = REALTIME ? 60_000 : 15_000;
const ACTION_MS = Number(process.env.BENCH_MEMORY_ACTION_MS ?? (REALTIME ? 10_000 : 2_000));
/** MediaRecorder's videoBitsPerSecond (lib/platform/tab-recorder.ts): the storage a recording should add. */
const VIDEO_BITS_PER_SECOND = 2_500_000;
const MB = 1024 * 1024;
const NARRATION_KIND = process.env.BENCH_MEMORY_NARRATION || null;
if (NARRATION_KIND && !WHISPER_KINDS[NARRATION_KIND]) throw new Error(`BENCH_MEMORY_NARRATION=${NARRATION_KIND}: want ${Object.keys(WHISPER_KINDS).join('|')}`);
const log = (...a) => console.error(`[bench-memory ${new Date().toISOString().slice(11, 19)}]`, ...a);

/** Varied sentences (as a person narrates a procedure), each followed by a pause of its own length (s). */
const NARRATION_SCRIPT = [
  ['Open the deployment console and sign in with your team account.', 2],
  ['Check that the latest build on the main branch is green before you go on.', 4],
  ['Select the payments service in the list on the left.', 1.5],
  ['Now choose the release candidate you want to ship; it is usually the newest one.', 6],
  ['If the health check shows a red mark, stop here and roll back to the previous version.', 3],
  ['Otherwise approve the change request and add a short note for the on-call engineer.', 2],
  ['Click deploy, and wait for the progress bar to reach the end.', 20],
  ['Watch the error rate on the dashboard for five minutes.', 3],
  ['If it climbs above one percent, open an incident and page the owner of the service.', 2.5],
  ['When everything looks quiet, close the change request and tell the team in the release channel.', 8],
  ['Finally, write down the version number and the time of the deployment in the log.', 4],
  ['That is the whole procedure; next time start again from the console.', 12],
];

/** The narration WAV: each sentence spoken with its pause, joined (48 kHz mono 16-bit; Chromium loops it). */
async function longNarrationWav(dir) {
  const parts = [];
  for (const [i, [text, pause]] of NARRATION_SCRIPT.entries()) parts.push(await makeNarrationWav(text, join(dir, `part-${i}.wav`), { padEndSeconds: pause, wordsPerMinute: 140 + (i % 3) * 15 }));
  const out = join(dir, 'narration-long.wav');
  await promisify(execFile)('sox', [...parts, out]);
  const { stdout } = await promisify(execFile)('soxi', ['-D', out]);
  return { path: out, seconds: Number(stdout) };
}

/** Least-squares slope (bytes per ms) and intercept. */
function fit(points) {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0) || 1;
  const slope = sxy / sxx;
  return { slope, at: (x) => my + slope * (x - mx) };
}

/**
 * A CDP channel to another target (offscreen document, service worker) through a page's session.
 * `onEvent` gets the target's own events (e.g. the workers it auto-attaches).
 */
async function attach(cdp, targetId, onEvent) {
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: false });
  const pending = new Map();
  let next = 0;
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    if (e.sessionId !== sessionId) return;
    const m = JSON.parse(e.message);
    if (m.id === undefined) return void onEvent?.(m);
    pending.get(m.id)?.(m.result);
    pending.delete(m.id);
  });
  return (method, params = {}) =>
    new Promise((res) => {
      const id = ++next;
      pending.set(id, res);
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
    });
}

const work = NARRATION_KIND ? await mkdtemp(join(tmpdir(), 'sop-bench-memory-narration-')) : null;
const modelServer = NARRATION_KIND ? await startHubModelServer() : null;
let narration = null;
let wav = null;
const warm = {};
if (NARRATION_KIND) {
  await mkdir(join(work, 'model'), { recursive: true });
  narration = await serveRandomWhisper(modelServer, NARRATION_KIND, join(work, 'model'));
  wav = await longNarrationWav(work);
  log(`${narration.shape} q8 generated in ${narration.generateMs} ms (encoder ${(narration.bytesByDtype.q8.encoder / 1e6).toFixed(1)} MB, decoder ${(narration.bytesByDtype.q8.decoder / 1e6).toFixed(1)} MB); narration WAV ${wav.seconds.toFixed(1)} s`);
}

/** The narration's state as the popup hears it (lib/messaging/channels.ts NARRATION): resolves on `ready` or `error`. */
const narrationReady = (popup, timeout) =>
  popup.evaluate(
    (ms) =>
      new Promise((res) => {
        const ch = new globalThis.BroadcastChannel('sop-recorder:narration');
        const t = setTimeout(() => (ch.close(), res({ phase: 'timeout' })), ms);
        ch.onmessage = (e) => {
          if (e.data?.phase === 'ready' || e.data?.phase === 'error') {
            clearTimeout(t);
            ch.close();
            res(e.data);
          }
        };
      }),
    timeout,
  );

/** A first short recording in the same profile: downloads the model into the browser's cache, as a user's first recording would. */
async function warmUp({ page, popup }) {
  const at = Date.now();
  await popup.getByRole('button', { name: 'Start recording' }).click();
  await popup.getByTestId('phase').filter({ hasText: /^Recording$/ }).waitFor();
  const ready = await narrationReady(popup, 300_000);
  warm.modelReadyAfterStartMs = Date.now() - at;
  warm.narration = ready.phase === 'ready' ? 'ready' : ready;
  await page.bringToFront();
  await page.getByRole('button', { name: 'Check 1', exact: true }).click();
  await page.waitForTimeout(8_000);
  await popup.bringToFront();
  const stopAt = Date.now();
  await popup.getByRole('button', { name: 'Stop recording' }).click();
  await popup.getByRole('region', { name: 'SOP', exact: true }).getByRole('list', { name: 'Steps' }).waitFor({ timeout: 180_000 });
  warm.stopToDraftMs = Date.now() - stopAt;
  log(`warm-up recording: model ready ${warm.modelReadyAfterStartMs} ms after Start (${JSON.stringify(warm.narration)}), Stop → draft ${warm.stopToDraftMs} ms`);
  await popup.reload();
  await popup.getByRole('button', { name: 'Start recording' }).waitFor();
}

const { context, page, popup, close } = await startRecordingSession('sop-bench-memory', NARRATION_KIND ? { wav: wav.path, narration: { model: narration.model, modelHost: narration.modelHost }, beforeStart: warmUp } : {});
const recordingStarted = Date.now();
try {

  const cdp = await context.newCDPSession(page);
  const targets = (await cdp.send('Target.getTargets')).targetInfos;
  // The transcription worker is no browser-level target: the offscreen document's session auto-attaches it,
  // and its replies come back nested in the document's events.
  const workerSessions = new Map();
  const nested = new Map();
  let nestedId = 0;
  const offscreen = await attach(cdp, targets.find((t) => t.url === `chrome-extension://${EXTENSION_ID}/offscreen.html`).targetId, (m) => {
    if (m.method === 'Target.attachedToTarget') workerSessions.set(m.params.sessionId, m.params.targetInfo.url);
    else if (m.method === 'Target.detachedFromTarget') workerSessions.delete(m.params.sessionId);
    else if (m.method === 'Target.receivedMessageFromTarget') {
      const r = JSON.parse(m.params.message);
      nested.get(r.id)?.(r.result);
      nested.delete(r.id);
    }
  });
  if (NARRATION_KIND) await offscreen('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  const swTarget = () => cdp.send('Target.getTargets').then((r) => r.targetInfos.find((t) => t.type === 'service_worker' && t.url.includes(EXTENSION_ID)));
  const estimate = () => popup.evaluate(() => navigator.storage.estimate().then((e) => e.usage ?? 0));

  const samples = [];
  const started = Date.now();
  /** A call into the transcription worker (its JS heap; the model's WebAssembly memory is in the renderer's PSS), or undefined. */
  const transcribeWorker = async () => {
    const sessionId = [...workerSessions].find(([, url]) => url.includes('transcribe-worker'))?.[0];
    if (!sessionId) return undefined;
    return (method, params = {}) =>
      new Promise((res) => {
        const id = ++nestedId;
        nested.set(id, res);
        void offscreen('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
      });
  };
  /**
   * The narration tap's audio clock: currentTime of the offscreen document's 16 kHz AudioContext, found with
   * Runtime.queryObjects (no hook in the product). The worklet hands the worker one render quantum of the mic
   * per quantum rendered, so this is the transcript's time axis; wall time since Start minus it is how far
   * narration timestamps run behind the steps' clock (audio the renderer did not process in time is lost).
   */
  const audioClockS = async () => {
    const proto = await offscreen('Runtime.evaluate', { expression: 'AudioContext.prototype' });
    if (!proto?.result?.objectId) return null;
    const found = await offscreen('Runtime.queryObjects', { prototypeObjectId: proto.result.objectId });
    if (!found?.objects?.objectId) return null;
    const r = await offscreen('Runtime.callFunctionOn', {
      objectId: found.objects.objectId,
      functionDeclaration: 'function () { return this.filter((c) => c.sampleRate === 16000 && c.state !== "closed").map((c) => c.currentTime); }',
      returnByValue: true,
    });
    const times = r?.result?.value ?? [];
    return times.length ? Math.max(...times) : null;
  };
  async function sample(label) {
    // After a forced GC the heap is what is retained: growth there is a leak, not garbage not yet collected.
    await offscreen('HeapProfiler.collectGarbage');
    const off = await offscreen('Runtime.getHeapUsage');
    // The worker may have been stopped and restarted: attach afresh each time (or report it stopped).
    const sw = await swTarget();
    const swCall = sw ? await attach(cdp, sw.targetId) : undefined;
    await swCall?.('HeapProfiler.collectGarbage');
    const swHeap = await swCall?.('Runtime.getHeapUsage');
    const ping = await popup.evaluate(() => chrome.runtime.sendMessage({ to: 'offscreen', type: 'offscreen.ping', payload: {} }));
    const ring = ping?.ok ? ping.result.frames : undefined;
    const procs = await processUsage('sop-bench-memory');
    const renderers = procs.filter((p) => p.type === 'renderer');
    // The offscreen document's renderer: the extension renderer that runs a dedicated worker (the transcriber).
    const offscreenProc = renderers.filter((p) => p.extension).sort((a, b) => b.dedicatedWorkers - a.dedicatedWorkers || b.pssBytes - a.pssBytes)[0];
    const biggest = renderers.sort((a, b) => b.pssBytes - a.pssBytes)[0];
    const tw = NARRATION_KIND ? await transcribeWorker().catch(() => undefined) : undefined;
    const audioS = NARRATION_KIND ? await audioClockS().catch(() => null) : null;
    const sinceStartS = (Date.now() - recordingStarted) / 1000;
    const timeout = (p) => Promise.race([p, new Promise((r) => setTimeout(() => r(undefined), 10_000))]);
    if (tw) await timeout(tw('HeapProfiler.collectGarbage'));
    const twHeap = tw ? await timeout(tw('Runtime.getHeapUsage')) : undefined;
    samples.push({
      label,
      loadAvg1m: loadavg()[0],
      offscreenRendererPssBytes: offscreenProc?.pssBytes ?? null,
      offscreenRenderer: offscreenProc ? { pid: offscreenProc.pid, dedicatedWorkers: offscreenProc.dedicatedWorkers, threads: offscreenProc.threads } : null,
      extensionRenderers: renderers.filter((p) => p.extension).length,
      biggestRendererPssBytes: biggest?.pssBytes ?? null,
      biggestRendererIsOffscreen: biggest?.pid === offscreenProc?.pid,
      transcribeWorkerHeapBytes: twHeap?.usedSize ?? null,
      audioClockS: audioS,
      audioLagS: audioS === null ? null : sinceStartS - audioS,
      atMs: Date.now() - started,
      offscreenHeapBytes: off.usedSize,
      workerHeapBytes: swHeap?.usedSize ?? null,
      storageBytes: await estimate(),
      chromiumPssBytes: await residentBytes('sop-bench-memory'),
      ring,
    });
    if (REALTIME || NARRATION_KIND) {
      const s = samples.at(-1);
      console.error(`[${Math.round(s.atMs / 1000)} s${label ? ` ${label}` : ''}] load ${s.loadAvg1m.toFixed(2)}, offscreen renderer PSS ${s.offscreenRendererPssBytes === null ? '-' : (s.offscreenRendererPssBytes / MB).toFixed(0)} MB (pid ${s.offscreenRenderer?.pid}, ${s.offscreenRenderer?.dedicatedWorkers} workers, ${s.extensionRenderers} extension renderers; biggest renderer ${(s.biggestRendererPssBytes / MB).toFixed(0)} MB${s.biggestRendererIsOffscreen ? ' = offscreen' : ''}), transcribe worker heap ${s.transcribeWorkerHeapBytes === null ? '-' : (s.transcribeWorkerHeapBytes / MB).toFixed(1)} MB, audio clock ${s.audioClockS === null ? '-' : `${s.audioClockS.toFixed(1)} s (${s.audioLagS.toFixed(1)} s behind)`}, offscreen heap ${(s.offscreenHeapBytes / MB).toFixed(1)} MB, worker heap ${s.workerHeapBytes === null ? '-' : (s.workerHeapBytes / MB).toFixed(1)} MB, storage ${(s.storageBytes / MB).toFixed(1)} MB, chromium PSS ${(s.chromiumPssBytes / MB).toFixed(0)} MB, ring ${s.ring?.held ?? '-'} frames`);
    }
  }
  await sample('start');
  let modelReadyMs = null;
  let modelState = null;
  if (NARRATION_KIND) {
    // The model loads from the browser's cache now; the first sample after `ready` is the "with model" baseline.
    modelState = await narrationReady(popup, 300_000);
    modelReadyMs = Date.now() - recordingStarted;
    log(`model ${modelState.phase} ${modelReadyMs} ms after Start${modelState.message ? `: ${modelState.message}` : ''}`);
    await sample('model ready');
  }
  const baseIndex = samples.length - 1;
  let clicks = 0;
  let nextSample = SAMPLE_MS;
  while (Date.now() - started < SECONDS * 1000) {
    await page.getByRole('button', { name: `Check ${(clicks % 10) + 1}`, exact: true }).click();
    clicks++;
    await page.waitForTimeout(ACTION_MS);
    if (Date.now() - started >= nextSample) {
      await sample();
      nextSample += SAMPLE_MS;
    }
  }
  await sample('end');
  const steps = await popup.evaluate(() => Number(document.querySelector('[data-testid=step-count]')?.textContent?.match(/\d+/)?.[0] ?? 0));
  await popup.bringToFront();
  const stopAt = Date.now();
  await popup.getByRole('button', { name: 'Stop recording' }).click();
  await popup.getByRole('region', { name: 'SOP', exact: true }).getByRole('list', { name: 'Steps' }).waitFor({ timeout: 120_000 });
  const stopToDraftMs = Date.now() - stopAt;
  await popup.waitForFunction(() => document.querySelector('[data-draft-ms]') !== null);
  const draftMs = Number(await popup.getByRole('region', { name: 'SOP', exact: true }).getAttribute('data-draft-ms'));
  const loadAtStop = loadavg()[0];
  // The stored timings are bench-whisper-chromium's subject; this bench reports memory and what was stored.
  // Except the microphone audio the renderer never delivered (filled with silence so the narration keeps its
  // time: lib/narration/sample-clock.ts): the audio clock's lag above, as the product measured it.
  const { timings, ...narrated } = await storedNarration(popup);
  const stored = { ...narrated, lostAudioS: timings?.lostAudioS ?? null };
  // A fresh popup opening the SOP just recorded: the library, then its steps (first one shown).
  const fresh = await context.newPage();
  const openAt = Date.now();
  await fresh.goto(`chrome-extension://${EXTENSION_ID}/popup.html`);
  await fresh.getByRole('list', { name: 'Saved SOPs' }).getByRole('button').first().click({ timeout: 120_000 });
  await fresh.getByTestId('step-text').first().waitFor({ timeout: 120_000 });
  const popupOpenMs = Date.now() - openAt;
  await fresh.close();

  const THIRTY_MIN = 30 * 60_000;
  const project = (key) => {
    const pts = samples.filter((s) => s[key] !== null).map((s) => ({ x: s.atMs, y: s[key] }));
    const line = fit(pts.slice(1));
    const last = pts.at(-1);
    // Never project below what was last measured: a falling fit over a short run is GC noise, not a trend.
    const at30 = Math.max(last.y, last.y + line.slope * (THIRTY_MIN - last.x));
    return { perMinuteMB: +((line.slope * 60_000) / MB).toFixed(2), peakMB: +(Math.max(...pts.map((p) => p.y)) / MB).toFixed(1), at30minMB: +(at30 / MB).toFixed(1) };
  };
  /**
   * Real time: growth from the first sample after recording began (with narration: the first after the model
   * was ready) to the last, a least-squares slope over the same samples, and what the bitrate predicts.
   */
  function measuredGrowth() {
    const from = NARRATION_KIND ? baseIndex : 1;
    const first = samples[from] ?? samples[0];
    const last = samples.at(-1);
    const minutes = (last.atMs - first.atMs) / 60_000;
    const grow = (key) => {
      const pts = samples.slice(from).filter((s) => s[key] !== null);
      if (pts.length < 2 || first[key] === null || last[key] === null) return null;
      const vals = pts.map((s) => s[key]);
      return {
        firstMB: +(first[key] / MB).toFixed(1),
        lastMB: +(last[key] / MB).toFixed(1),
        peakMB: +(Math.max(...vals) / MB).toFixed(1),
        perMinuteMB: +((last[key] - first[key]) / MB / minutes).toFixed(2),
        fittedPerMinuteMB: +((fit(pts.map((s) => ({ x: s.atMs, y: s[key] }))).slope * 60_000) / MB).toFixed(2),
        // "beyond the model": the most any later sample rose above the first one taken with the model loaded
        peakAboveFirstMB: +((Math.max(...vals) - first[key]) / MB).toFixed(1),
      };
    };
    return {
      note: `${Math.round(minutes)} minutes measured in real time, a click every ${ACTION_MS / 1000} s${NARRATION_KIND ? `; growth from the first sample after the model was ready (${Math.round(first.atMs / 1000)} s)` : ''}`,
      offscreenHeap: grow('offscreenHeapBytes'),
      workerHeap: grow('workerHeapBytes'),
      storage: { ...grow('storageBytes'), videoBitrateMBPerMinute: +((VIDEO_BITS_PER_SECOND / 8) * 60 / MB).toFixed(1) },
      chromiumPss: grow('chromiumPssBytes'),
      ...(NARRATION_KIND
        ? {
            offscreenRendererPss: grow('offscreenRendererPssBytes'),
            biggestRendererPss: grow('biggestRendererPssBytes'),
            transcribeWorkerHeap: grow('transcribeWorkerHeapBytes'),
            audioClockBehindWallS: (() => {
              const lags = samples.slice(from).map((x) => x.audioLagS).filter((v) => v !== null);
              return lags.length >= 2 ? { first: +lags[0].toFixed(1), last: +lags.at(-1).toFixed(1), perMinute: +((lags.at(-1) - lags[0]) / minutes).toFixed(2) } : null;
            })(),
            loadAvg1m: { min: +Math.min(...samples.map((s) => s.loadAvg1m)).toFixed(2), max: +Math.max(...samples.map((s) => s.loadAvg1m)).toFixed(2), mean: +(samples.reduce((a, s) => a + s.loadAvg1m, 0) / samples.length).toFixed(2) },
          }
        : {}),
    };
  }
  const mb = (b, d = 1) => (b === null || b === undefined ? null : +(b / MB).toFixed(d));
  console.log(
    JSON.stringify(
      {
        measuredSeconds: Math.round((Date.now() - started) / 1000),
        clicks,
        liveSteps: steps,
        stopToDraftMs,
        draftMs,
        loadAvg1mAtStop: +loadAtStop.toFixed(2),
        popupOpenToFirstStepMs: popupOpenMs,
        ...stored,
        ...(NARRATION_KIND
          ? {
              narration: {
                model: `${narration.model}: random weights, ${narration.shape} shape, q8 build (the product's default build and threads), served from 127.0.0.1 in the Hub layout`,
                downloadMB: +((narration.bytesByDtype.q8.encoder + narration.bytesByDtype.q8.decoder) / 1e6).toFixed(1),
                wavSeconds: +wav.seconds.toFixed(1),
                warmUp: warm,
                modelReadyAfterStartMs: modelReadyMs,
                modelState: modelState?.phase ?? null,
                modelError: modelState?.message ?? null,
              },
            }
          : {}),
        samples: samples.map((s) => ({
          s: Math.round(s.atMs / 1000),
          ...(s.label ? { label: s.label } : {}),
          load: +s.loadAvg1m.toFixed(2),
          ...(NARRATION_KIND
            ? {
                offscreenRendererPssMB: mb(s.offscreenRendererPssBytes, 0),
                beyondModelMB: s.offscreenRendererPssBytes === null || samples[baseIndex].offscreenRendererPssBytes === null ? null : mb(s.offscreenRendererPssBytes - samples[baseIndex].offscreenRendererPssBytes, 0),
                biggestRendererPssMB: mb(s.biggestRendererPssBytes, 0),
                biggestIsOffscreen: s.biggestRendererIsOffscreen,
                extensionRenderers: s.extensionRenderers,
                transcribeWorkerHeapMB: mb(s.transcribeWorkerHeapBytes),
                audioClockS: s.audioClockS === null ? null : +s.audioClockS.toFixed(1),
                audioLagS: s.audioLagS === null ? null : +s.audioLagS.toFixed(1),
              }
            : {}),
          offscreenHeapMB: +(s.offscreenHeapBytes / MB).toFixed(1),
          workerHeapMB: s.workerHeapBytes === null ? null : +(s.workerHeapBytes / MB).toFixed(1),
          storageMB: +(s.storageBytes / MB).toFixed(1),
          chromiumPssMB: +(s.chromiumPssBytes / MB).toFixed(0),
          ...(s.ring ? { ringFrames: s.ring.held, ringPixelsMB: +(s.ring.heldBytes / MB).toFixed(1), framesSeen: s.ring.seen, copyMs: `${s.ring.copyMedianMs.toFixed(2)} / p99 ${s.ring.copyP99Ms.toFixed(2)}` } : {}),
        })),
        ...(REALTIME ? { measured: measuredGrowth() } : {}),
        extrapolatedTo30Minutes: {
          note: `linear fit over a ${SECONDS} s run with a click every ${ACTION_MS / 1000} s; a projection, not a measurement`,
          offscreenHeap: project('offscreenHeapBytes'),
          workerHeap: project('workerHeapBytes'),
          storage: project('storageBytes'),
          chromiumPss: project('chromiumPssBytes'),
        },
      },
      null,
      2,
    ),
  );
} finally {
  await close();
  await modelServer?.close();
  if (work) await rm(work, { recursive: true, force: true });
}
