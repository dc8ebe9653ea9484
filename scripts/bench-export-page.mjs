#!/usr/bin/env node
/**
 * Benchmark, not a test: exports timed where users run them — in the editor page of the built extension in real
 * Chromium — for synthetic SOPs of 100 and 500 steps whose screenshots look like real UI (1440×900: top bar,
 * side navigation, a table of text rows, buttons, a step-specific heading; PNG as stored by the recorder, every
 * step its own shot with a highlight). For each screenshot format (Options → Exports: png = the old behaviour,
 * jpeg = the new default, webp) it clicks the export button and waits for the finished download:
 *  - PDF 100 and 500 steps: wall time click → file, the file size, how often the progress text changed, and the
 *    peak of the page's JS heap (CDP) and of the PSS of every Chromium process of the run (/proc) during the run;
 *  - HTML and single-file Markdown 500 steps: wall time and size.
 * Each export runs in a freshly loaded editor, twice: cold (the IndexedDB render cache emptied, the export clicked
 * at once) and prepared (the editor first left open until it has encoded the screenshots ahead, timed as
 * `prepare`: lib/exporting/warm.ts), which is what a person who reads the SOP before exporting gets.
 * --after-stop: instead, what Stop sets off with no page open (lib/exporting/prepare-after-stop.ts in the offscreen
 * document; the bench asks the document as the service worker does at Stop, on a seeded SOP): the time until every
 * step's PDF JPEG and the diagram are kept (`pdfReadyMs`: a PDF clicked from then on is a prepared one) and until everything is
 * (`allMs`), sampled every 250 ms, then the PDF exported in a fresh editor.
 *   npm run build && node scripts/bench-export-page.mjs [--steps 100,500] [--formats png,jpeg,webp] [--cold-steps 100] [--after-stop]
 * SOP_EXTENSION_DIR picks the build (default .output/chrome-mv3). Prints JSON.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { residentBytes } from './proc-usage.mjs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_PATH, EXTENSION_ID, chromiumArgs } from '../tests/e2e/chromium-launch.mjs';
import { extensionDir } from './bench-session.mjs';
import { seed, statusErrors } from './bench-export-seed.mjs';

const { values: args } = parseArgs({ options: { steps: { type: 'string', default: '100,500' }, formats: { type: 'string', default: 'png,jpeg,webp' }, 'cold-steps': { type: 'string' }, 'after-stop': { type: 'boolean', default: false } } });
/** Sizes also exported cold (nothing prepared): all by default; a 500-step cold HTML takes minutes. */
const COLD = args['cold-steps'] === undefined ? null : new Set(args['cold-steps'].split(',').filter(Boolean).map(Number));
const SIZES = args.steps.split(',').map(Number);
const FORMATS = args.formats.split(',');
const MB = 1024 * 1024;

async function setFormat(page, format) {
  await page.evaluate((format) => chrome.storage.local.set({ exportImageSettings: { format } }), format);
}

/** Clicks `name` in the editor and waits for its download; samples memory and progress while it runs. */
async function timeExport(context, page, name, marker) {
  const cdp = await context.newCDPSession(page);
  const before = new Set(await page.evaluate(async () => (await chrome.downloads.search({})).map((d) => d.id)));
  let button = page.getByRole('group', { name: 'Export' }).getByRole('button', { name, exact: true });
  if (!(await button.isVisible())) {
    await page.locator('details.exports__more summary').click();
    button = page.getByRole('group', { name: 'Export' }).getByRole('button', { name, exact: true });
  }
  const progress = new Set();
  let peakHeap = 0;
  let peakPss = 0;
  let running = true;
  const sampler = (async () => {
    while (running) {
      const [heap, pss, text] = await Promise.all([
        cdp.send('Runtime.getHeapUsage').then((h) => h.usedSize + (h.embedderHeapUsedSize ?? 0), () => 0),
        residentBytes(marker),
        page.getByTestId('export-progress').textContent({ timeout: 50 }).catch(() => null),
      ]);
      peakHeap = Math.max(peakHeap, heap);
      peakPss = Math.max(peakPss, pss);
      if (text) progress.add(text);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const t0 = performance.now();
  await button.click();
  let item;
  for (;;) {
    item = await page.evaluate(async (seen) => (await chrome.downloads.search({})).find((d) => !seen.includes(d.id) && d.state === 'complete'), [...before]);
    if (item) break;
    const error = await statusErrors(page);
    if (error.length) throw new Error(`${name} failed: ${error.join(' ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const ms = performance.now() - t0;
  running = false;
  await sampler;
  await cdp.detach();
  return { ms: Math.round(ms), MB: +(item.fileSize / MB).toFixed(2), progressUpdates: progress.size, peakPageHeapMB: Math.round(peakHeap / MB), peakPssAllProcessesMB: Math.round(peakPss / MB) };
}

/** Empties the export render cache (IndexedDB `renderCache`, lib/db/render-cache-store.ts). */
async function clearRenderCache(page) {
  await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const req = indexedDB.open('sop-recorder');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const tx = req.result.transaction('renderCache', 'readwrite');
          tx.objectStore('renderCache').clear();
          tx.oncomplete = () => (req.result.close(), resolve());
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

/** From the SOP shown to its screenshots prepared for export (the export menu's data-screenshots-prepared). */
async function timePrepare(page) {
  const t0 = performance.now();
  const group = page.getByRole('group', { name: 'Export' });
  await page.waitForFunction(() => ['done', 'stopped'].includes(document.querySelector('[data-screenshots-prepared]')?.getAttribute('data-screenshots-prepared')), null, { timeout: 30 * 60_000, polling: 250 });
  const state = await group.getAttribute('data-screenshots-prepared');
  const cache = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const req = indexedDB.open('sop-recorder');
        req.onsuccess = () => {
          let rows = 0;
          let bytes = 0;
          const cursor = req.result.transaction('renderCache').objectStore('renderCache').openCursor();
          cursor.onsuccess = () => {
            const c = cursor.result;
            if (!c) return (req.result.close(), resolve({ rows, bytes }));
            rows++;
            bytes += c.value.bytes;
            c.continue();
          };
        };
      }),
  );
  return { ms: Math.round(performance.now() - t0), state, rows: cache.rows, MB: +(cache.bytes / MB).toFixed(1) };
}

/** What Stop does for the SOP with no page open: the offscreen document asked to prepare it (lib/platform/offscreen.ts). */
async function prepareAsAtStop(context, sopId, format) {
  const sw = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ?? (await context.waitForEvent('serviceworker'));
  await sw.evaluate(
    async ({ sopId, format }) => {
      const url = chrome.runtime.getURL('/offscreen.html');
      if ((await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'], documentUrls: [url] })).length === 0)
        await chrome.offscreen.createDocument({ url: '/offscreen.html', reasons: ['USER_MEDIA', 'BLOBS'], justification: 'bench' });
      const reply = await chrome.runtime.sendMessage({ to: 'offscreen', type: 'offscreen.prepareExports', payload: { sopId, format } });
      if (!reply?.ok || !reply.result.queued) throw new Error(`prepareExports: ${JSON.stringify(reply)}`);
    },
    { sopId, format },
  );
}

/** The kept renders of `sopId`'s shots: PDF JPEGs, the other encoding, and the diagram. */
async function keptFor(page, sopId) {
  return page.evaluate(
    (sopId) =>
      new Promise((resolve) => {
        const req = indexedDB.open('sop-recorder');
        req.onsuccess = () => {
          const out = { pdf: 0, other: 0, diagram: false };
          const cursor = req.result.transaction('renderCache').objectStore('renderCache').openKeyCursor();
          cursor.onsuccess = () => {
            const c = cursor.result;
            if (!c) return (req.result.close(), resolve(out));
            const key = String(c.primaryKey);
            if (key.startsWith(`diagram:${sopId}|`)) out.diagram = true;
            else if (key.startsWith(`${sopId}-shot-`)) out[key.endsWith('/1280') ? 'pdf' : 'other']++;
            c.continue();
          };
        };
      }),
    sopId,
  );
}

/** The last PDF export's phases (performance.measure) and where its screenshots came from. */
function exportPhases(page) {
  return page.evaluate(() => ({
    spans: Object.fromEntries(performance.getEntriesByType('measure').filter((m) => m.name.startsWith('pdf-export:')).map((m) => [m.name.slice(11), Math.round(m.duration)])),
    screenshots: performance.getEntriesByName('export:screenshots').at(-1)?.detail,
  }));
}

async function timeAfterStop(context, page, sopId, n, format) {
  const t0 = performance.now();
  await prepareAsAtStop(context, sopId, format);
  let pdfReadyMs;
  for (;;) {
    const kept = await keptFor(page, sopId);
    if (pdfReadyMs === undefined && kept.pdf >= n && kept.diagram) pdfReadyMs = Math.round(performance.now() - t0);
    if (kept.pdf >= n && kept.other >= n && kept.diagram) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return { pdfReadyMs, allMs: Math.round(performance.now() - t0), load: +loadavg()[0].toFixed(1) };
}

const profile = await mkdtemp(join(tmpdir(), 'bench-export-page-'));
const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args: chromiumArgs(extensionDir) });
const results = [];
try {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${EXTENSION_ID}/editor.html#/`);
  await page.waitForLoadState('load');
  const sops = {};
  for (const n of SIZES) {
    const t = performance.now();
    sops[n] = await seed(page, n);
    console.error(`seeded ${n} steps (${(sops[n].pngBytes / MB).toFixed(1)} MB of PNG shots) in ${Math.round(performance.now() - t)} ms`);
  }
  const open = async (sopId) => {
    await page.goto('about:blank');
    await page.goto(`chrome-extension://${EXTENSION_ID}/editor.html#/sop/${encodeURIComponent(sopId)}`);
    await page.getByRole('group', { name: 'Export' }).waitFor();
  };
  for (const format of args['after-stop'] ? FORMATS : []) {
    await setFormat(page, format);
    const row = { format };
    for (const n of SIZES) {
      await clearRenderCache(page);
      row[`afterStop${n}`] = await timeAfterStop(context, page, sops[n].sopId, n, format);
      console.error(format, `afterStop${n}`, JSON.stringify(row[`afterStop${n}`]));
      // Clicked as a fresh editor still loads, then (another page) once it has loaded and found everything kept,
      // as after reading the draft.
      await open(sops[n].sopId);
      row[`pdf${n}AfterStopFresh`] = { ...(await timeExport(context, page, 'Export PDF', profile)), load: +loadavg()[0].toFixed(1), ...(await exportPhases(page)) };
      console.error(format, `pdf${n}AfterStopFresh`, JSON.stringify(row[`pdf${n}AfterStopFresh`]));
      await open(sops[n].sopId);
      await timePrepare(page);
      row[`pdf${n}AfterStop`] = { ...(await timeExport(context, page, 'Export PDF', profile)), load: +loadavg()[0].toFixed(1), ...(await exportPhases(page)) };
      console.error(format, `pdf${n}AfterStop`, JSON.stringify(row[`pdf${n}AfterStop`]));
      await page.goto(`chrome-extension://${EXTENSION_ID}/editor.html#/`);
    }
    results.push(row);
  }
  for (const format of args['after-stop'] ? [] : FORMATS) {
    await setFormat(page, format);
    const row = { format };
    for (const n of SIZES) {
      // Cold: nothing encoded yet (a first export right after opening; the editor prepares nothing before 1.5 s).
      if (!COLD || COLD.has(n)) {
        await clearRenderCache(page);
        await open(sops[n].sopId);
        row[`pdf${n}Cold`] = await timeExport(context, page, 'Export PDF', profile);
        console.error(format, `pdf${n}Cold`, JSON.stringify(row[`pdf${n}Cold`]));
      }
      if (n === Math.max(...SIZES) && (!COLD || COLD.has(n))) {
        await clearRenderCache(page);
        await open(sops[n].sopId);
        row[`html${n}Cold`] = await timeExport(context, page, 'Export HTML', profile);
        console.error(format, `html${n}Cold`, JSON.stringify(row[`html${n}Cold`]));
      }
      // Prepared: the SOP was open in the editor until it had encoded its screenshots (as while a person reads it).
      await clearRenderCache(page);
      await open(sops[n].sopId);
      row[`prepare${n}`] = await timePrepare(page);
      console.error(format, `prepare${n}`, JSON.stringify(row[`prepare${n}`]));
      // In the same page, as the person clicks Export after reading; then in a fresh page (only IndexedDB's copy).
      row[`pdf${n}SamePage`] = await timeExport(context, page, 'Export PDF', profile);
      console.error(format, `pdf${n}SamePage`, JSON.stringify(row[`pdf${n}SamePage`]));
      await open(sops[n].sopId);
      row[`pdf${n}`] = await timeExport(context, page, 'Export PDF', profile);
      console.error(format, `pdf${n}`, JSON.stringify(row[`pdf${n}`]));
      if (n === Math.max(...SIZES)) {
        await open(sops[n].sopId);
        row[`html${n}`] = await timeExport(context, page, 'Export HTML', profile);
        row[`singleFileMarkdown${n}`] = await timeExport(context, page, 'Export single-file Markdown', profile);
        console.error(format, `html${n}`, JSON.stringify(row[`html${n}`]), 'md', JSON.stringify(row[`singleFileMarkdown${n}`]));
      }
    }
    results.push(row);
  }
} finally {
  await context.close();
  await rm(profile, { recursive: true, force: true });
}
console.log(JSON.stringify({ bench: 'export-page', chromium: CHROMIUM_PATH, results }, null, 2));
