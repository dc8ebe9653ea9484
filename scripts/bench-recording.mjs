#!/usr/bin/env node
/**
 * Benchmark, not a test: the recorder inside real Chromium with the built extension (.output/chrome-mv3).
 *  - burst: 10 clicks within one second on the burst page, how many keep their own screenshot;
 *  - drafting: time from Stop to the draft shown in the popup, for recordings of N clicks;
 *  - long: one recording of BENCH_LONG_STEPS (default 1,000) steps: click → event stored at step ~10 and at
 *    the end (the recorder's per-action work must not grow with the recording), Stop → draft, and a fresh
 *    popup opening that SOP (time to its step list; screenshots rendered only near the viewport).
 * Prints JSON. Run `npm run build` first (npm run bench does); SOP_EXTENSION_DIR picks another build.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { CHROMIUM_PATH, EXTENSION_ID, chromiumArgs } from '../tests/e2e/chromium-launch.mjs';
import { startFixtureServers } from '../tests/fixtures/server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const extensionDir = resolve(process.env.SOP_EXTENSION_DIR ?? join(root, '.output', 'chrome-mv3'));

async function withBrowser(servers, fn) {
  const profile = await mkdtemp(join(tmpdir(), 'sop-bench-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, viewport: null, args: chromiumArgs(extensionDir) });
  try {
    const page = await context.newPage();
    await page.goto(`${servers.mainOrigin}/burst.html`);
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    await worker.evaluate(() => chrome.storage.local.set({ narrationSettings: { transcribe: false, model: 'tiny.en' } }));
    const tabId = await worker.evaluate(async (url) => (await chrome.tabs.query({ url })).at(0)?.id, page.url());
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${EXTENSION_ID}/popup.html?tab=${tabId}`);
    return await fn({ page, popup, context });
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

async function record({ page, popup }, clicks, { pauseMs = 0 } = {}) {
  await popup.getByRole('button', { name: 'Start recording' }).click();
  await popup.getByTestId('phase').filter({ hasText: /^Recording$/ }).waitFor();
  await page.bringToFront();
  await page.waitForTimeout(1_000);
  const centers = await page.locator('.grid button').evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; }));
  const started = Date.now();
  for (let i = 0; i < clicks; i++) {
    const c = centers[i % centers.length];
    await page.mouse.click(c.x, c.y);
    if (pauseMs) await page.waitForTimeout(pauseMs);
  }
  const clickMs = Date.now() - started;
  await popup.bringToFront();
  await popup.waitForFunction((n) => Number(document.querySelector('[data-testid=step-count]')?.textContent?.match(/\d+/)?.[0]) >= n, clicks, { timeout: 120_000 }).catch(() => undefined);
  const stopAt = Date.now();
  await popup.getByRole('button', { name: 'Stop recording' }).click();
  const sop = popup.getByRole('region', { name: 'SOP', exact: true });
  await sop.getByRole('list', { name: 'Steps' }).waitFor({ timeout: 120_000 });
  await popup.waitForFunction(() => document.querySelector('[data-draft-ms]') !== null);
  const draftMs = Number(await sop.getAttribute('data-draft-ms'));
  const wallMs = Date.now() - stopAt;
  const stats = await popup.evaluate(async () => {
    const db = await new Promise((res) => { const r = indexedDB.open('sop-recorder'); r.onsuccess = () => res(r.result); });
    const all = (s) => new Promise((res) => { const r = db.transaction(s).objectStore(s).getAll(); r.onsuccess = () => res(r.result); });
    const sops = (await all('sops')).sort((a, b) => b.createdAt - a.createdAt);
    const steps = (await all('steps')).filter((s) => s.sopId === sops[0].id);
    const shots = new Set((await all('shots')).map((s) => s.id));
    return { steps: steps.length, withOwnShot: new Set(steps.filter((s) => s.shotId && shots.has(s.shotId)).map((s) => s.shotId)).size };
  });
  return { clicks, clickMs, draftMs, stopToDraftWallMs: wallMs, ...stats };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Click → event stored in IndexedDB, `samples` times, in ms. */
async function clickToStored({ page, popup }, centers, samples) {
  const count = () =>
    popup.evaluate(async () => {
      const db = await new Promise((res) => { const r = indexedDB.open('sop-recorder'); r.onsuccess = () => res(r.result); });
      const n = await new Promise((res) => { const r = db.transaction('events').objectStore('events').count(); r.onsuccess = () => res(r.result); });
      db.close();
      return n;
    });
  const out = [];
  for (let i = 0; i < samples; i++) {
    const before = await count();
    const c = centers[i % centers.length];
    const started = performance.now();
    await page.mouse.click(c.x, c.y);
    while ((await count()) <= before) await new Promise((r) => setTimeout(r, 5));
    out.push(performance.now() - started);
    await page.waitForTimeout(400);
  }
  return out;
}

const liveSteps = (popup) => popup.evaluate(() => Number(document.querySelector('[data-testid=step-count]')?.textContent?.match(/\d+/)?.[0] ?? 0));

async function long({ page, popup, context }, steps) {
  await popup.getByRole('button', { name: 'Start recording' }).click();
  await popup.getByTestId('phase').filter({ hasText: /^Recording$/ }).waitFor();
  await page.bringToFront();
  await page.waitForTimeout(1_000);
  const centers = await page.locator('.grid button').evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; }));
  const early = await clickToStored({ page, popup }, centers, 9);
  const fillStarted = Date.now();
  for (let i = 0; (await liveSteps(popup)) < steps - 10; i++) {
    for (let k = 0; k < 20; k++) await page.mouse.click(centers[(i * 20 + k) % centers.length].x, centers[(i * 20 + k) % centers.length].y);
    // Let the recorder keep up: measuring late latency behind a queue of 500 clicks would measure the queue.
    const deadline = Date.now() + 60_000;
    while ((await liveSteps(popup)) < Math.min(steps - 10, (i + 1) * 20 + 9) && Date.now() < deadline) await page.waitForTimeout(100);
  }
  const fillMs = Date.now() - fillStarted;
  const late = await clickToStored({ page, popup }, centers, 9);
  const recorded = await liveSteps(popup);
  await popup.bringToFront();
  const stopAt = Date.now();
  await popup.getByRole('button', { name: 'Stop recording' }).click();
  const sop = popup.getByRole('region', { name: 'SOP', exact: true });
  await sop.getByRole('list', { name: 'Steps' }).waitFor({ timeout: 300_000 });
  await popup.waitForFunction(() => document.querySelector('[data-draft-ms]') !== null);
  const draftMs = Number(await sop.getAttribute('data-draft-ms'));
  const stopToDraftWallMs = Date.now() - stopAt;

  // A fresh popup opening that SOP from the library, as a user would the next day.
  const fresh = await context.newPage();
  await fresh.goto(`chrome-extension://${EXTENSION_ID}/popup.html`);
  const item = fresh.getByRole('list', { name: 'Saved SOPs' }).getByRole('listitem').first();
  await item.waitFor();
  const openAt = Date.now();
  await item.getByRole('button').first().click();
  const list = fresh.getByRole('region', { name: 'SOP', exact: true }).getByRole('list', { name: 'Steps' });
  await list.waitFor({ timeout: 120_000 });
  // The popup renders the first 100 steps (components/sop-view.tsx STEP_PAGE) and a "Show more" button.
  await list.getByRole('listitem').nth(Math.min(recorded, 100) - 1).waitFor({ state: 'attached' });
  const openToListMs = Date.now() - openAt;
  await fresh.locator('figure.thumb img').first().waitFor();
  const openToFirstShotMs = Date.now() - openAt;
  const rendered = await fresh.evaluate(() => ({ steps: document.querySelectorAll('ol.steps > li').length, shots: document.querySelectorAll('figure.thumb img').length }));
  return {
    steps: recorded,
    clickToStoredMs: { atStep10: Math.round(median(early)), [`atStep${recorded}`]: Math.round(median(late)) },
    fillMs,
    draftMs,
    stopToDraftWallMs,
    popupOpen: { openToListMs, openToFirstShotMs, stepsRendered: rendered.steps, screenshotsRendered: rendered.shots },
  };
}

const servers = await startFixtureServers();
try {
  const burst = [];
  for (let i = 0; i < Number(process.env.BENCH_BURSTS ?? 3); i++) burst.push(await withBrowser(servers, (s) => record(s, 10)));
  const drafting = [];
  for (const n of (process.env.BENCH_SIZES ?? "20,200,500").split(",").map(Number)) drafting.push(await withBrowser(servers, (s) => record(s, n)));
  const longRun = Number(process.env.BENCH_LONG_STEPS ?? 1000) > 0 ? await withBrowser(servers, (s) => long(s, Number(process.env.BENCH_LONG_STEPS ?? 1000))) : null;
  console.log(JSON.stringify({ burst, drafting, long: longRun }, null, 2));
} finally {
  await servers.close();
}
