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
 */

import { residentBytes } from './proc-usage.mjs';
import { EXTENSION_ID, startRecordingSession } from './bench-session.mjs';

const REALTIME = process.env.BENCH_MEMORY_REALTIME === '1';
const SECONDS = Number(process.env.BENCH_MEMORY_SECONDS ?? (REALTIME ? 1800 : 180));
const SAMPLE_MS = REALTIME ? 60_000 : 15_000;
const ACTION_MS = Number(process.env.BENCH_MEMORY_ACTION_MS ?? (REALTIME ? 10_000 : 2_000));
/** MediaRecorder's videoBitsPerSecond (lib/platform/tab-recorder.ts): the storage a recording should add. */
const VIDEO_BITS_PER_SECOND = 2_500_000;
const MB = 1024 * 1024;

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

/** A CDP channel to another target (offscreen document, service worker) through a page's session. */
async function attach(cdp, targetId) {
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: false });
  const pending = new Map();
  let next = 0;
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    if (e.sessionId !== sessionId) return;
    const m = JSON.parse(e.message);
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

const { context, page, popup, close } = await startRecordingSession('sop-bench-memory');
try {

  const cdp = await context.newCDPSession(page);
  const targets = (await cdp.send('Target.getTargets')).targetInfos;
  const offscreen = await attach(cdp, targets.find((t) => t.url === `chrome-extension://${EXTENSION_ID}/offscreen.html`).targetId);
  const swTarget = () => cdp.send('Target.getTargets').then((r) => r.targetInfos.find((t) => t.type === 'service_worker' && t.url.includes(EXTENSION_ID)));
  const estimate = () => popup.evaluate(() => navigator.storage.estimate().then((e) => e.usage ?? 0));

  const samples = [];
  const started = Date.now();
  async function sample() {
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
    samples.push({
      atMs: Date.now() - started,
      offscreenHeapBytes: off.usedSize,
      workerHeapBytes: swHeap?.usedSize ?? null,
      storageBytes: await estimate(),
      chromiumPssBytes: await residentBytes('sop-bench-memory'),
      ring,
    });
    if (REALTIME) {
      const s = samples.at(-1);
      console.error(`[${Math.round(s.atMs / 1000)} s] offscreen heap ${(s.offscreenHeapBytes / MB).toFixed(1)} MB, worker heap ${s.workerHeapBytes === null ? '-' : (s.workerHeapBytes / MB).toFixed(1)} MB, storage ${(s.storageBytes / MB).toFixed(1)} MB, chromium PSS ${(s.chromiumPssBytes / MB).toFixed(0)} MB, ring ${s.ring?.held ?? '-'} frames`);
    }
  }
  await sample();
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
  await sample();
  const steps = await popup.evaluate(() => Number(document.querySelector('[data-testid=step-count]')?.textContent?.match(/\d+/)?.[0] ?? 0));
  await popup.bringToFront();
  const stopAt = Date.now();
  await popup.getByRole('button', { name: 'Stop recording' }).click();
  await popup.getByRole('region', { name: 'SOP', exact: true }).getByRole('list', { name: 'Steps' }).waitFor({ timeout: 120_000 });
  const stopToDraftMs = Date.now() - stopAt;
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
  /** Real time: growth from the first sample after recording began to the last, and what the bitrate predicts. */
  function measuredGrowth() {
    const first = samples[1] ?? samples[0];
    const last = samples.at(-1);
    const minutes = (last.atMs - first.atMs) / 60_000;
    const grow = (key) => {
      const vals = samples.slice(1).map((s) => s[key]).filter((v) => v !== null);
      return { firstMB: +(first[key] / MB).toFixed(1), lastMB: +(last[key] / MB).toFixed(1), peakMB: +(Math.max(...vals) / MB).toFixed(1), perMinuteMB: +((last[key] - first[key]) / MB / minutes).toFixed(2) };
    };
    return {
      note: `${Math.round(minutes)} minutes measured in real time, a click every ${ACTION_MS / 1000} s`,
      offscreenHeap: grow('offscreenHeapBytes'),
      workerHeap: first.workerHeapBytes !== null && last.workerHeapBytes !== null ? grow('workerHeapBytes') : null,
      storage: { ...grow('storageBytes'), videoBitrateMBPerMinute: +((VIDEO_BITS_PER_SECOND / 8) * 60 / MB).toFixed(1) },
      chromiumPss: grow('chromiumPssBytes'),
    };
  }
  console.log(
    JSON.stringify(
      {
        measuredSeconds: Math.round((Date.now() - started) / 1000),
        clicks,
        liveSteps: steps,
        stopToDraftMs,
        popupOpenToFirstStepMs: popupOpenMs,
        samples: samples.map((s) => ({
          s: Math.round(s.atMs / 1000),
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
}
