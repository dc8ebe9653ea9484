/**
 * For benchmarks that drive a live recording: Chromium with the built extension (SOP_EXTENSION_DIR, default
 * .output/chrome-mv3; `npm run build` first) on a fresh profile, the fixture servers, the burst page open,
 * and recording started from the popup (transcription off unless `options.narration`). `close()` tears
 * everything down.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { CHROMIUM_PATH, EXTENSION_ID, chromiumArgs } from '../tests/e2e/chromium-launch.mjs';
import { startFixtureServers } from '../tests/fixtures/server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const extensionDir = resolve(process.env.SOP_EXTENSION_DIR ?? join(root, '.output', 'chrome-mv3'));
export { EXTENSION_ID };

/**
 * @param {string} name  prefix of the temporary profile folder
 * @param {object} [options]
 * @param {string} [options.wav]  a WAV fed as the microphone (Chromium loops it)
 * @param {{ model: string, modelHost: string }} [options.narration]  transcribe with this model from this
 *   host, through the product's own narration settings (its default build and threads)
 * @param {(s: { context: import('@playwright/test').BrowserContext, page: import('@playwright/test').Page, popup: import('@playwright/test').Page }) => Promise<void>} [options.beforeStart]
 *   runs in the popup's session before Start (e.g. a first recording that downloads the model)
 */
export async function startRecordingSession(name, options = {}) {
  const servers = await startFixtureServers();
  const profile = await mkdtemp(join(tmpdir(), `${name}-`));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, viewport: null, args: chromiumArgs(extensionDir, options.wav) });
  const close = async () => {
    await context.close();
    await rm(profile, { recursive: true, force: true });
    await servers.close();
  };
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const narrationSettings = options.narration ? { transcribe: true, model: options.narration.model, modelHost: options.narration.modelHost } : { transcribe: false, model: 'tiny.en' };
    await worker.evaluate((s) => chrome.storage.local.set({ narrationSettings: s }), narrationSettings);
    const page = await context.newPage();
    await page.goto(`${servers.mainOrigin}/burst.html`);
    const tabId = await worker.evaluate(async (url) => (await chrome.tabs.query({})).find((t) => t.url === url)?.id, page.url());
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${EXTENSION_ID}/popup.html?tab=${tabId}`);
    await options.beforeStart?.({ context, page, popup });
    await popup.getByRole('button', { name: 'Start recording' }).click();
    await popup.getByTestId('phase').filter({ hasText: /^Recording$/ }).waitFor();
    await page.bringToFront();
    return { context, servers, page, popup, close };
  } catch (e) {
    await close();
    throw e;
  }
}
