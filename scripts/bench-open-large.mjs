#!/usr/bin/env node
/**
 * Benchmark, not a test: how long a large SOP takes to open where users open it, in the built extension in real
 * Chromium. Seeds an SOP of `--steps` steps (default 1,000; every step with its own screenshot record,
 * scripts/bench-export-seed.mjs) and times, `--runs` times each:
 *  - editor: navigation to editor.html#/sop/<id> → the first step's text box in the document (page clock);
 *  - popup: popup.html → the library shown (libraryMs) → click the SOP → the first step's text (ms).
 * Also the page's JS heap after opening and how many screenshots it read (object URLs made) by then.
 *   npm run build && node scripts/bench-open-large.mjs [--steps 1000] [--runs 3]
 * SOP_EXTENSION_DIR picks the build (default .output/chrome-mv3). Prints JSON.
 */
/* global MutationObserver, addEventListener -- the init script runs in the extension page */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_PATH, EXTENSION_ID, chromiumArgs } from '../tests/e2e/chromium-launch.mjs';
import { extensionDir } from './bench-session.mjs';
import { seed } from './bench-export-seed.mjs';

const { values: args } = parseArgs({ options: { steps: { type: 'string', default: '1000' }, runs: { type: 'string', default: '3' }, profile: { type: 'boolean', default: false } } });
const N = Number(args.steps);
const MB = 2 ** 20;

/** Counts object URLs the page makes (each is one screenshot read from IndexedDB and shown). */
const countUrls = () => {
  const made = { n: 0 };
  const create = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (o) => {
    made.n++;
    return create(o);
  };
  globalThis.__objectUrls = made;
  // When the first step is in the document, in the page's own clock (0 = navigation start): no locator polling
  // (Playwright's role queries compute accessible names over a 1,000-step page and would be what is measured).
  const seen = {};
  new MutationObserver(() => {
    seen.library ??= document.querySelector('.library__item') ? performance.now() : undefined;
    seen.firstStep ??= document.querySelector('.estep__text, [data-testid="step-text"]') ? performance.now() : undefined;
  }).observe(document, { childList: true, subtree: true });
  addEventListener('pointerdown', () => (seen.clickAt ??= performance.now()), true);
  globalThis.__seen = seen;
};

const profile = await mkdtemp(join(tmpdir(), 'bench-open-large-'));
const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, viewport: { width: 1280, height: 800 }, args: chromiumArgs(extensionDir) });
const result = { bench: 'open-large', steps: N, extension: extensionDir, editor: [], popup: [] };
try {
  await context.addInitScript(countUrls);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && console.error(`[page console] ${m.text()}`));
  await page.goto(`chrome-extension://${EXTENSION_ID}/editor.html#/`);
  await page.waitForLoadState('load');
  const t = performance.now();
  const { sopId } = await seed(page, N, { distinctImages: Math.min(N, 40) });
  console.error(`seeded ${N} steps in ${Math.round(performance.now() - t)} ms`);
  const sample = async (p, ms) => {
    const cdp = await context.newCDPSession(p);
    const heap = await cdp.send('Runtime.getHeapUsage');
    await cdp.detach();
    return { ms: Math.round(ms), heapMB: Math.round(heap.usedSize / MB), screenshotsRead: await p.evaluate(() => globalThis.__objectUrls?.n ?? null) };
  };
  for (let r = 0; r < Number(args.runs); r++) {
    await page.goto('about:blank');
    const cdp = args.profile && r === 0 ? await context.newCDPSession(page) : undefined;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    await page.goto(`chrome-extension://${EXTENSION_ID}/editor.html#/sop/${encodeURIComponent(sopId)}`);
    await page.locator('.estep__text').first().waitFor({ state: 'visible', timeout: 300_000 });
    result.editor.push(await sample(page, await page.evaluate(() => globalThis.__seen.firstStep)));
    if (cdp) {
      const { profile: prof } = await cdp.send('Profiler.stop');
      await cdp.detach();
      const self = new Map();
      const byId = new Map(prof.nodes.map((n) => [n.id, n]));
      prof.samples.forEach((id, i) => {
        const f = byId.get(id).callFrame;
        const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
        self.set(key, (self.get(key) ?? 0) + (prof.timeDeltas[i] ?? 0));
      });
      console.error([...self].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([k, us]) => `${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`).join('\n'));
    }
    await page.goto('about:blank');
    await page.goto(`chrome-extension://${EXTENSION_ID}/popup.html`);
    await page.locator('.library__item').first().click({ timeout: 120_000 });
    await page.locator('[data-testid="step-text"]').first().waitFor({ state: 'visible', timeout: 300_000 });
    const seen = await page.evaluate(() => globalThis.__seen);
    result.popup.push({ libraryMs: Math.round(seen.library), ...(await sample(page, seen.firstStep - seen.clickAt)) });
    console.error(`run ${r + 1}: editor ${JSON.stringify(result.editor.at(-1))} popup ${JSON.stringify(result.popup.at(-1))}`);
  }
} finally {
  await context.close();
  await rm(profile, { recursive: true, force: true });
}
result.load = loadavg().map((l) => +l.toFixed(2));
console.log(JSON.stringify(result));
