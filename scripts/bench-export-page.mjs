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
import { mkdtemp, rm } from 'node:fs/promises';
import { residentBytes } from './proc-usage.mjs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_PATH, EXTENSION_ID, chromiumArgs } from '../tests/e2e/chromium-launch.mjs';
import { extensionDir } from './bench-session.mjs';
import { seed } from './bench-export-seed.mjs';

const { values: args } = parseArgs({ options: { steps: { type: 'string', default: '100,500' }, formats: { type: 'string', default: 'png,jpeg,webp' } } });
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
