/**
 * Benchmark, not a test: what capture costs the page as the page itself feels it. The page measures, in its
 * own listeners, the delay from each event's `timeStamp` to (1) its capture listener on `window` (registered
 * after ours, so our listeners and the microtasks they queue run before it), (2) a microtask queued there,
 * and (3) its handler on the target element — with the built extension recording, with the recording's tab
 * stream alone (see `recording`'s streamOnly), and with no extension at all, on a ~400-node page and a
 * ~70,000-node page. Real input through Playwright. Prints medians and p99s
 * side by side. `npm run build` first (SOP_EXTENSION_DIR overrides the build).
 *
 *   node scripts/bench-page-feel.mjs [--clicks 150] [--keys 200] [--press-ms 60] [--gap-ms 0] [--key-gap-ms 0] [--pages small,big]
 *
 * `--gap-ms`: a pause after each click. 0 clicks again as soon as the last click is handled (~3 clicks a second
 * on the big page: a burst no person keeps up); ~700 is a quick person moving through a form. `--key-gap-ms`: the
 * same between keystrokes (0: as fast as Playwright presses; ~120 is a fast typist).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_PATH, EXTENSION_ID, chromiumArgs } from '../tests/e2e/chromium-launch.mjs';
import { clickTargets, fieldSelectors, invoicePage, serveIsolated } from './bench-pages.mjs';
import { extensionDir } from './bench-session.mjs';

const { values: args } = parseArgs({
  options: {
    clicks: { type: 'string', default: '150' },
    keys: { type: 'string', default: '200' },
    'press-ms': { type: 'string', default: '60' },
    'gap-ms': { type: 'string', default: '0' },
    'key-gap-ms': { type: 'string', default: '0' },
    pages: { type: 'string', default: 'small,big' },
  },
});
/** How long each click holds the button: a person's click lasts ~60–120 ms (0: a script's instant press). */
const PRESS_MS = Number(args['press-ms']);
const GAP_MS = Number(args['gap-ms']);
const KEY_GAP_MS = Number(args['key-gap-ms']);
const CLICKS = Number(args.clicks);
const KEYS = Number(args.keys);
const TYPES = ['pointerdown', 'click', 'keydown', 'input'];

/** Runs first in the page (in <head>): the page's own probes. */
const PROBE = `<script>
  window.__feel = {};
  const rec = (where, e) => { const d = performance.now() - e.timeStamp; (window.__feel[where + ' ' + e.type] ??= []).push(d); };
  for (const t of ${JSON.stringify(TYPES)}) {
    window.addEventListener(t, (e) => { rec('window', e); queueMicrotask(() => rec('microtask', e)); }, true);
  }
  window.__probeTargets = (els) => { for (const el of els) for (const t of ${JSON.stringify(TYPES)}) el.addEventListener(t, (e) => { if (e.currentTarget === e.composedPath()[0] || e.eventPhase === 2) rec('target', e); }); };
</script>`;

async function drive(page) {
  await page.evaluate(() => {
    const shadow = document.getElementById('global-search').shadowRoot;
    const els = [...document.querySelectorAll('nav a, tbody a, tbody button, tbody input[type=checkbox], #cancel, form input, form textarea'), ...shadow.querySelectorAll('button, input')];
    window.__probeTargets(els);
  });
  const targets = await clickTargets(page);
  for (let i = 0; i < CLICKS; i++) {
    const t = targets[(i * 7) % targets.length];
    await page.mouse.click(t.x, t.y, { delay: PRESS_MS });
    if (GAP_MS) await page.waitForTimeout(GAP_MS);
  }
  let typed = 0;
  for (let f = 0; typed < KEYS; f++) {
    await page.click(fieldSelectors[f % fieldSelectors.length]);
    for (const ch of 'Acme Trading Ltd invoice March'.slice(0, Math.min(30, KEYS - typed))) {
      await page.keyboard.press(ch === ' ' ? 'Space' : ch);
      if (KEY_GAP_MS) await page.waitForTimeout(KEY_GAP_MS);
    }
    typed += 30;
  }
  return page.evaluate(() => window.__feel);
}

function stats(samples = []) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q) => (s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN);
  return { n: s.length, median: at(0.5), p99: at(0.99) };
}

async function withoutExtension(html) {
  const server = await serveIsolated(html);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--window-size=1280,800'] });
  try {
    const page = await browser.newPage({ viewport: null });
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    return await drive(page);
  } finally {
    await browser.close();
    server.close();
  }
}

/**
 * `streamOnly`: a control. Recording starts on another origin, then the tab goes to the bench page on an origin
 * in "Never record on these sites": the tab's video stream stays live (paused MediaRecorder, frames still
 * read for the frame ring) while the content script's listeners return at once. The difference between this
 * column and "recording" is what our capture costs on top of the stream itself.
 */
async function recording(html, { streamOnly = false } = {}) {
  const server = await serveIsolated(html);
  const start = streamOnly ? await serveIsolated('<!doctype html><title>Start</title><p>start here</p>') : server;
  const profile = await mkdtemp(join(tmpdir(), 'bench-feel-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, viewport: null, args: chromiumArgs(extensionDir) });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const url = `http://127.0.0.1:${server.address().port}/`;
    const blockedSites = streamOnly ? [`http://127.0.0.1:${server.address().port}`] : [];
    await worker.evaluate((sites) => chrome.storage.local.set({ narrationSettings: { transcribe: false, model: 'tiny.en' }, privacySettings: { blockedSites: sites, pauseOnSensitiveFocus: true } }), blockedSites);
    const page = await context.newPage();
    const startUrl = `http://127.0.0.1:${start.address().port}/`;
    await page.goto(startUrl);
    const tabId = await worker.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, startUrl);
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${EXTENSION_ID}/popup.html?tab=${tabId}`);
    await popup.getByRole('button', { name: 'Start recording' }).click();
    await popup.getByTestId('phase').filter({ hasText: /^Recording$/ }).waitFor();
    if (streamOnly) await page.goto(url);
    await page.bringToFront();
    const feel = await drive(page);
    await popup.bringToFront();
    await popup.getByRole('button', { name: 'Stop recording' }).click();
    await popup.getByRole('button', { name: 'Start recording' }).waitFor({ timeout: 120_000 });
    return feel;
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
    server.close();
    if (start !== server) start.close();
  }
}

const fmt = (n) => (Number.isFinite(n) ? n.toFixed(2).padStart(7) : '     —');

async function main() {
  const out = {};
  const pages = args.pages.split(',');
  for (const [name, rows] of [['~400 nodes', 24, 'small'], ['~70,000 nodes', 3_900, 'big']].filter(([, , key]) => pages.includes(key))) {
    const html = invoicePage(rows, PROBE);
    const base = await withoutExtension(html);
    const rec = await recording(html);
    const stream = await recording(html, { streamOnly: true });
    out[name] = {};
    console.log(`\n## ${name}: ms from the event's timeStamp to the page's own code (median / p99); clicks ${GAP_MS} ms and keys ${KEY_GAP_MS} ms apart after each is handled`);
    console.log('"stream only": recording, the page on a never-record origin (tab video live, capture listeners idle)');
    console.log('event                   | no extension      | stream only       | recording         | delta median | of which capture');
    for (const where of ['window', 'microtask', 'target']) {
      for (const type of TYPES) {
        const key = `${where} ${type}`;
        const a = stats(base[key]);
        const b = stats(rec[key]);
        const c = stats(stream[key]);
        if (!a.n && !b.n) continue;
        out[name][key] = { without: a, streamOnly: c, recording: b };
        console.log(`${key.padEnd(23)} | ${fmt(a.median)} / ${fmt(a.p99)} | ${fmt(c.median)} / ${fmt(c.p99)} | ${fmt(b.median)} / ${fmt(b.p99)} | ${fmt(b.median - a.median)}      | ${fmt(b.median - c.median)}`);
      }
    }
  }
  console.log(`\n${JSON.stringify(out)}`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
