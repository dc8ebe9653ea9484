#!/usr/bin/env node
/**
 * Benchmark, not a test: the recorder inside real Chromium with the built extension (.output/chrome-mv3).
 *  - burst: 10 clicks within one second on the burst page, how many keep their own screenshot;
 *  - drafting: time from Stop to the draft shown in the popup, for recordings of N clicks.
 * Prints JSON. Run `npm run build` first (npm run bench does).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { CHROMIUM_PATH, EXTENSION_ID, chromiumArgs } from '../tests/e2e/chromium-launch.mjs';
import { startFixtureServers } from '../tests/fixtures/server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const extensionDir = join(root, '.output', 'chrome-mv3');

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
    return await fn({ page, popup });
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

const servers = await startFixtureServers();
try {
  const burst = [];
  for (let i = 0; i < Number(process.env.BENCH_BURSTS ?? 3); i++) burst.push(await withBrowser(servers, (s) => record(s, 10)));
  const drafting = [];
  for (const n of (process.env.BENCH_SIZES ?? "20,200,500").split(",").map(Number)) drafting.push(await withBrowser(servers, (s) => record(s, n)));
  console.log(JSON.stringify({ burst, drafting }, null, 2));
} finally {
  await servers.close();
}
