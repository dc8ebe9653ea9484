/**
 * The one Playwright fixture file: a fresh Chromium profile with the built extension (.output/chrome-mv3)
 * loaded, the Shipyard fixture servers, and helpers. Run `npm run build` first.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base, chromium, expect, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { startFixtureServers, type FixtureServers } from '../fixtures/server.mjs';
import { CHROMIUM_PATH, EXTENSION_ID, chromiumArgs } from './chromium-launch.mjs';

/** The unpacked build under test; SOP_EXTENSION_DIR overrides it (e.g. a build of another checkout). */
export const EXTENSION_DIR = resolve(process.env.SOP_EXTENSION_DIR ?? resolve(import.meta.dirname, '../../.output/chrome-mv3'));
export { EXTENSION_ID, CHROMIUM_PATH, chromiumArgs };

export interface Options {
  /** A WAV (48 kHz mono 16-bit, see tests/fixtures/narration.mjs) fed as the microphone. */
  fakeAudioFile: string | undefined;
}

export interface TestFixtures {
  /** The Chromium profile folder of `context` (its processes carry it in `--user-data-dir`). */
  profile: string;
  context: BrowserContext;
  extensionId: string;
  /** The extension's service worker. MV3 may stop it when idle: `currentServiceWorker()` finds it again. */
  serviceWorker: Worker;
  currentServiceWorker: () => Promise<Worker>;
  /** The chrome.tabs id of a page (matched by URL, via the service worker). */
  tabIdOf: (page: Page) => Promise<number>;
}

export interface WorkerFixtures {
  servers: FixtureServers;
}

function isExtensionWorker(worker: Worker): boolean {
  return worker.url().startsWith(`chrome-extension://`);
}

async function findServiceWorker(context: BrowserContext, timeout = 15_000): Promise<Worker> {
  return (
    context.serviceWorkers().find(isExtensionWorker) ??
    (await context.waitForEvent('serviceworker', { predicate: isExtensionWorker, timeout }))
  );
}

/** What a test may launch differently from the shared fixture (tests/e2e/helpers/recorded-shots.ts launchOwnBrowser). */
export interface LaunchOptions {
  /** More Chromium flags (e.g. --force-device-scale-factor=2). */
  readonly extraArgs?: readonly string[];
  /** Viewport emulation: the page is this size inside the tab and the tab stream letterboxes it. Default none. */
  readonly viewport?: { readonly width: number; readonly height: number } | null;
}

/**
 * Chromium on `profile` with the build under test loaded, as every test gets it. Exported so a test can
 * launch again on the same profile (a browser that crashed and is reopened: tests/e2e/reliability.spec.ts).
 */
export async function launchExtensionContext(profile: string, fakeAudioFile?: string, { extraArgs = [], viewport = null }: LaunchOptions = {}): Promise<BrowserContext> {
  const built = await stat(join(EXTENSION_DIR, 'manifest.json')).catch(() => null);
  if (!built) throw new Error(`No extension build at ${EXTENSION_DIR}: run \`npm run build\` first.`);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    // No viewport emulation by default: the page must render at the tab's real size, which is what tab capture
    // records. With emulation the page is 1280×720 inside a smaller tab and screenshots come out letterboxed.
    viewport: viewport ? { ...viewport } : null,
    args: [...chromiumArgs(EXTENSION_DIR, fakeAudioFile), ...extraArgs],
  });
  try {
    // Tests never reach a model hub: transcription is off unless a test points it at a local model host.
    const worker = await findServiceWorker(context);
    await worker.evaluate(() => chrome.storage.local.set({ narrationSettings: { transcribe: false, model: 'tiny.en' } }));
  } catch (e) {
    await context.close();
    throw e;
  }
  return context;
}

export { findServiceWorker };

export const test = base.extend<TestFixtures & Options, WorkerFixtures>({
  fakeAudioFile: [undefined, { option: true }],

  servers: [
    async ({}, use) => {
      // cross-SITE (localhost vs 127.0.0.1): the approvals iframe runs in its own process, as in real consoles
      const servers = await startFixtureServers({ otherHost: 'localhost' });
      await use(servers);
      await servers.close();
    },
    { scope: 'worker' },
  ],

  profile: async ({}, use) => {
    const profile = await mkdtemp(join(tmpdir(), 'sop-e2e-profile-'));
    await use(profile);
    await rm(profile, { recursive: true, force: true });
  },

  context: async ({ profile, fakeAudioFile }, use) => {
    const context = await launchExtensionContext(profile, fakeAudioFile);
    try {
      await use(context);
    } finally {
      await context.close();
    }
  },

  serviceWorker: async ({ context }, use) => {
    await use(await findServiceWorker(context));
  },

  currentServiceWorker: async ({ context }, use) => {
    await use(() => findServiceWorker(context));
  },

  extensionId: async ({ serviceWorker }, use) => {
    const id = new URL(serviceWorker.url()).host;
    expect(id, 'extension id (fixed by the manifest key)').toBe(EXTENSION_ID);
    await use(id);
  },

  tabIdOf: async ({ context }, use) => {
    await use(async (page) => {
      // tabs.query's `url` takes match patterns, so compare exact URLs ourselves. tab.url can lag a
      // navigation (pushState included) for a moment: poll.
      const deadline = Date.now() + 10_000;
      for (;;) {
        const url = page.url();
        const worker = await findServiceWorker(context);
        const ids = await worker.evaluate(async (wanted) => {
          const tabs = await chrome.tabs.query({});
          return tabs.filter((t) => t.url === wanted || t.pendingUrl === wanted).map((t) => t.id ?? -1);
        }, url);
        if (ids.length === 1 && ids[0] !== undefined && ids[0] >= 0) return ids[0];
        if (ids.length > 1) {
          // Several tabs show this URL: the one in front is ours.
          await page.bringToFront();
          const active = await worker.evaluate(async (wanted) => {
            const tabs = await chrome.tabs.query({ active: true });
            return tabs.filter((t) => t.url === wanted).map((t) => t.id ?? -1);
          }, url);
          if (active.length === 1 && active[0] !== undefined && active[0] >= 0) return active[0];
        }
        if (Date.now() > deadline) throw new Error(`tabIdOf: ${ids.length} tabs match ${url}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    });
  },
});

export { expect };
