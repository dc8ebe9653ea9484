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
 * Each export runs in a freshly loaded editor (cold per-page render cache); a second HTML export in the same page
 * after the PDF shows what the cache saves.
 *   npm run build && node scripts/bench-export-page.mjs [--steps 100,500] [--formats png,jpeg,webp]
 * SOP_EXTENSION_DIR picks the build (default .output/chrome-mv3). Prints JSON.
 */
/* global OffscreenCanvas -- handed to page.evaluate: runs in the extension page */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_PATH, EXTENSION_ID, chromiumArgs } from '../tests/e2e/chromium-launch.mjs';
import { extensionDir } from './bench-session.mjs';

const { values: args } = parseArgs({ options: { steps: { type: 'string', default: '100,500' }, formats: { type: 'string', default: 'png,jpeg,webp' } } });
const SIZES = args.steps.split(',').map(Number);
const FORMATS = args.formats.split(',');
const MB = 1024 * 1024;

async function residentBytes(marker) {
  let total = 0;
  for (const pid of await readdir('/proc').catch(() => [])) {
    if (!/^\d+$/.test(pid)) continue;
    const cmd = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (!cmd.includes(marker)) continue;
    const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => '');
    total += Number(rollup.match(/^Pss:\s+(\d+)/m)?.[1] ?? 0) * 1024;
  }
  return total;
}

/** Writes a SOP of `n` steps with UI-like PNG screenshots straight into the extension's IndexedDB. */
async function seed(page, n) {
  return page.evaluate(async (n) => {
    const W = 1440;
    const H = 900;
    const words = 'deploy service payments api staging production rollback health latency owner review token registry build status queue worker region cluster release version ticket approve pending running failed passed'.split(' ');
    const pick = (i, k) => words[(i * 7 + k * 13) % words.length];
    async function shotPng(i) {
      const c = new OffscreenCanvas(W, H);
      const g = c.getContext('2d');
      g.fillStyle = '#f6f7fb';
      g.fillRect(0, 0, W, H);
      g.fillStyle = '#1f2a44';
      g.fillRect(0, 0, W, 56);
      g.fillStyle = '#fff';
      g.font = 'bold 18px sans-serif';
      g.fillText(`Shipyard · acme-prod · step ${i + 1}`, 24, 35);
      g.fillStyle = '#e9ecf5';
      g.fillRect(0, 56, 220, H - 56);
      g.font = '14px sans-serif';
      for (let k = 0; k < 14; k++) {
        g.fillStyle = k === i % 14 ? '#3d6bff' : '#334';
        g.fillText(`${pick(i, k)} ${pick(i + 3, k)}`, 24, 96 + k * 34);
      }
      g.fillStyle = '#111';
      g.font = 'bold 26px sans-serif';
      g.fillText(`${pick(i, 1)} ${pick(i, 2)} — ${pick(i, 3)} (${i + 1})`, 250, 100);
      g.font = '13px sans-serif';
      g.fillStyle = '#667';
      g.fillText(`Everything that changed during the last ${(i % 9) + 1} days in ${pick(i, 4)}/${pick(i, 5)}.`, 250, 128);
      g.fillStyle = '#fff';
      g.fillRect(250, 150, W - 280, 620);
      g.strokeStyle = '#d5d9e4';
      g.strokeRect(250.5, 150.5, W - 280, 620);
      for (let r = 0; r < 18; r++) {
        const y = 180 + r * 33;
        if (r % 2) {
          g.fillStyle = '#f9fafc';
          g.fillRect(251, y - 20, W - 282, 33);
        }
        g.fillStyle = r === 0 ? '#223' : '#333';
        g.font = r === 0 ? 'bold 13px sans-serif' : '13px monospace';
        for (let col = 0; col < 5; col++) g.fillText(r === 0 ? pick(col, 9).toUpperCase() : `${pick(i + r, col)}-${(i * 31 + r * 7 + col) % 1000}`, 270 + col * 225, y);
        if (r > 0) {
          g.fillStyle = ['#16a34a', '#dc2626', '#ca8a04'][(i + r) % 3];
          g.beginPath();
          g.arc(1380, y - 5, 6, 0, 7);
          g.fill();
        }
      }
      g.fillStyle = '#3d6bff';
      g.fillRect(250, 800, 160, 40);
      g.fillStyle = '#fff';
      g.font = 'bold 15px sans-serif';
      g.fillText(`${pick(i, 6)} ${i + 1}`, 270, 826);
      return c.convertToBlob({ type: 'image/png' });
    }
    const db = await new Promise((resolve, reject) => {
      const req = indexedDB.open('sop-recorder');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const put = (store, value) =>
      new Promise((resolve, reject) => {
        const tx = db.transaction(store, 'readwrite');
        tx.objectStore(store).put(value);
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
    const sopId = `bench-${n}-${Date.now()}`;
    const now = Date.now();
    let pngBytes = 0;
    await put('sops', { id: sopId, title: `Bench ${n} steps`, createdAt: now, updatedAt: now, sourceUrl: 'https://shipyard.test/', stepCount: n, durationMs: n * 4000 });
    for (let i = 0; i < n; i++) {
      const blob = await shotPng(i);
      pngBytes += blob.size;
      const shotId = `${sopId}-shot-${i}`;
      await put('shots', { id: shotId, sessionId: `${sopId}-session`, blob, mimeType: 'image/png', width: W, height: H, viewport: { width: W, height: H }, at: now + i, t: i * 4000, source: 'tab-stream' });
      await put('steps', {
        id: `${sopId}-step-${i}`,
        sopId,
        order: i * 10,
        kind: 'click',
        text: `Click **${pick(i, 6)} ${i + 1}**.`,
        page: { url: 'https://shipyard.test/', title: 'Shipyard' },
        tabId: 1,
        t: i * 4000,
        shotId,
        highlight: { box: { x: 250, y: 800, width: 160, height: 40 }, viewport: { width: W, height: H } },
        eventIds: [],
      });
    }
    db.close();
    return { sopId, pngBytes };
  }, n);
}

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
    const error = await page.getByRole('status').filter({ hasText: /failed|error|could not/i }).count();
    if (error) throw new Error(`${name} failed: ${await page.getByRole('status').allTextContents()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const ms = performance.now() - t0;
  running = false;
  await sampler;
  await cdp.detach();
  return { ms: Math.round(ms), MB: +(item.fileSize / MB).toFixed(2), progressUpdates: progress.size, peakPageHeapMB: Math.round(peakHeap / MB), peakPssAllProcessesMB: Math.round(peakPss / MB) };
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
  for (const format of FORMATS) {
    await setFormat(page, format);
    const row = { format };
    for (const n of SIZES) {
      await open(sops[n].sopId);
      row[`pdf${n}`] = await timeExport(context, page, 'Export PDF', profile);
      console.error(format, `pdf${n}`, JSON.stringify(row[`pdf${n}`]));
      if (n === Math.max(...SIZES)) {
        // Same page: the screenshots the PDF encoded are reused when the format matches (PDF embeds JPEG for WebP).
        row[`html${n}AfterPdfSamePage`] = await timeExport(context, page, 'Export HTML', profile);
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
