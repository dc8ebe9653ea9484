#!/usr/bin/env node
/**
 * Profiling aid, not a test: where the editor page spends a PDF export's time. Seeds a synthetic SOP
 * (scripts/bench-export-seed.mjs), runs the CDP sampling profiler over one click on Export PDF, and prints the
 * wall time, the CPU time of all its Chromium processes (stable under load, unlike the wall time), the export's
 * phases (performance.measure) and the top functions by self time (with their script), so a lever is chosen on evidence.
 * --prepared: the editor is first left open until it has encoded the screenshots ahead (lib/exporting/warm.ts).
 *   npm run build && node scripts/profile-export-pdf.mjs [--steps 100] [--format jpeg] [--prepared] [--out profile.cpuprofile]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpuByThread, cpuSeconds, residentBytes, threadCpuSeconds } from './proc-usage.mjs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_PATH, EXTENSION_ID, chromiumArgs } from '../tests/e2e/chromium-launch.mjs';
import { extensionDir } from './bench-session.mjs';
import { seed, statusErrors } from './bench-export-seed.mjs';

const { values: args } = parseArgs({ options: { steps: { type: 'string', default: '100' }, format: { type: 'string', default: 'jpeg' }, out: { type: 'string' }, prepared: { type: 'boolean', default: false }, keep: { type: 'string' }, settle: { type: 'boolean', default: false } } });

function summarise(profile, top = 25) {
  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = new Map();
  for (let i = 0; i < profile.samples.length; i++) dt.set(profile.samples[i], (dt.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
  for (const [id, us] of dt) {
    const n = byId.get(id);
    const f = n.callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + us);
  }
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, us]) => `${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
}

const profile = await mkdtemp(join(tmpdir(), 'profile-export-pdf-'));
const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args: chromiumArgs(extensionDir) });
try {
  const page = await context.newPage();
  page.on('console', (m) => (m.type() === 'warning' || m.type() === 'error') && console.error(`[page ${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  await page.goto(`chrome-extension://${EXTENSION_ID}/editor.html#/`);
  await page.waitForLoadState('load');
  const { sopId } = await seed(page, Number(args.steps));
  await page.evaluate((format) => chrome.storage.local.set({ exportImageSettings: { format } }), args.format);
  await page.goto(`chrome-extension://${EXTENSION_ID}/editor.html#/sop/${encodeURIComponent(sopId)}`);
  await page.getByRole('group', { name: 'Export' }).waitFor();
  if (args.prepared) {
    // As a person who reads the SOP first: the editor encodes the screenshots ahead (lib/exporting/warm.ts).
    // Then the export in the same page, as the person would click it.
    await page.waitForFunction(() => document.querySelector('[data-screenshots-prepared]')?.getAttribute('data-screenshots-prepared') === 'done', null, { timeout: 30 * 60_000, polling: 250 });
  }
  if (args.keep) {
    // Half prepared, to tell the parts apart: only the diagram (`--keep diagram`) or only the screenshots
    // (`--keep screenshots`) stay kept; then a fresh editor, exported at once (or, with --settle, once it has
    // loaded and 1 s passed, its own preparing stopped by the export).
    await page.evaluate(
      (keep) =>
        new Promise((resolve, reject) => {
          const req = indexedDB.open('sop-recorder');
          req.onsuccess = () => {
            const tx = req.result.transaction('renderCache', 'readwrite');
            const cursor = tx.objectStore('renderCache').openCursor();
            cursor.onsuccess = () => {
              const c = cursor.result;
              if (!c) return;
              if (c.value.key.startsWith('diagram:') !== (keep === 'diagram')) c.delete();
              c.continue();
            };
            tx.oncomplete = () => (req.result.close(), resolve());
            tx.onerror = () => reject(tx.error);
          };
        }),
      args.keep,
    );
    await page.goto('about:blank');
    await page.goto(`chrome-extension://${EXTENSION_ID}/editor.html#/sop/${encodeURIComponent(sopId)}`);
    await page.getByRole('group', { name: 'Export' }).waitFor();
  }
  if (args.settle) await page.waitForTimeout(1_000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const m0 = await metrics();
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
  await cdp.send('Profiler.start');
  const before = new Set(await page.evaluate(async () => (await chrome.downloads.search({})).map((d) => d.id)));
  const type0 = {};
  const cpu0 = await cpuSeconds(profile, type0);
  // Per thread (main thread, each render worker, the PDF worker, raster threads), sampled while it runs: a
  // worker's thread is gone once it ends.
  const threads0 = await threadCpuSeconds(profile);
  const threadsSeen = { ...threads0 };
  const t0 = performance.now();
  await page.getByRole('group', { name: 'Export' }).getByRole('button', { name: 'Export PDF', exact: true }).click();
  // Peaks while it runs: the page's JS heap (main thread; each render worker has its own, small) and the PSS of
  // every process of the run (workers, decoded bitmaps and canvases included).
  const peak = { heapMB: 0, pssMB: 0 };
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const heap = await cdp.send('Runtime.getHeapUsage').then((h) => h.usedSize, () => 0);
      peak.heapMB = Math.max(peak.heapMB, Math.round(heap / 2 ** 20));
      peak.pssMB = Math.max(peak.pssMB, Math.round((await residentBytes(profile)) / 2 ** 20));
      Object.assign(threadsSeen, await threadCpuSeconds(profile));
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  let item;
  while (!(item = await page.evaluate(async (seen) => (await chrome.downloads.search({})).find((d) => !seen.includes(d.id) && d.state === 'complete'), [...before]))) {
    const failed = await statusErrors(page);
    if (failed.length) throw new Error(`export failed: ${failed.join(' ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const ms = performance.now() - t0;
  sampling = false;
  await sampler;
  Object.assign(threadsSeen, await threadCpuSeconds(profile));
  const cpuThreads = cpuByThread(threads0, threadsSeen);
  // Processes that exited during the export (a render worker is a thread, not a process) are not counted.
  const type1 = {};
  const cpu = (await cpuSeconds(profile, type1)) - cpu0;
  const cpuByType = Object.fromEntries(Object.entries(type1).map(([k, v]) => [k, +(v - (type0[k] ?? 0)).toFixed(1)]));
  const { profile: prof } = await cdp.send('Profiler.stop');
  // The page's main thread by kind of work (seconds), so "(program)" in the profile can be told apart.
  const m1 = await metrics();
  const mainThread = Object.fromEntries(['TaskDuration', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration', 'TaskOtherDuration'].map((k) => [k, +((m1[k] ?? 0) - (m0[k] ?? 0)).toFixed(2)]));
  if (args.out) await writeFile(args.out, JSON.stringify(prof));
  const spans = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('measure').filter((m) => m.name.startsWith('pdf-export:')).map((m) => [m.name.slice(11), Math.round(m.duration)])));
  const screenshots = await page.evaluate(() => performance.getEntriesByName('export:screenshots').map((m) => m.detail));
  console.log(JSON.stringify({ steps: Number(args.steps), format: args.format, wallMs: Math.round(ms), cpuS: +cpu.toFixed(1), cpuByType, peak, MB: +(item.fileSize / 2 ** 20).toFixed(2), load: loadavg().map((l) => +l.toFixed(2)), spans, screenshots, mainThread, cpuThreads }));
  console.log(summarise(prof).join('\n'));
} finally {
  await context.close();
  await rm(profile, { recursive: true, force: true });
}
