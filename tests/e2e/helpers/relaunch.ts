/**
 * A browser that dies mid-recording and is opened again on the same profile, and a service worker stopped
 * the way Chrome stops an idle one.
 */
import { readdir, readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from '@playwright/test';
import { findServiceWorker } from '../fixtures';

/**
 * SIGKILL the Chromium browser process running on `profile`, as a crash or a power cut would end it: no
 * unload, no flush, no Stop. Playwright does not expose the pid of a persistent context (`browser()` is null),
 * so it is found by its --user-data-dir among the processes (the browser is the one without --type=).
 */
export async function killBrowser(context: BrowserContext, profile: string): Promise<void> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const args = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).split('\0');
    if (args.includes(`--user-data-dir=${profile}`) && !args.some((a) => a.startsWith('--type='))) pids.push(Number(entry));
  }
  if (pids.length !== 1) throw new Error(`killBrowser: expected one browser process on ${profile}, found ${pids.length}`);
  const closed = new Promise<void>((resolve) => context.once('close', () => resolve()));
  process.kill(pids[0]!, 'SIGKILL');
  await closed;
}

/**
 * Stop the extension's service worker as Chrome does when it idles. Found by trial (Chromium 14x headless):
 * a page's CDP session can list every target (Target.getTargets) and `Target.closeTarget` on the
 * service_worker target stops that worker; the next extension event starts a fresh one.
 * `ServiceWorker.stopAllWorkers` on a page session hung the page in headless, and Playwright cannot open a
 * CDP session on a Worker, nor get a browser-level session for a persistent context.
 */
export async function stopServiceWorker(context: BrowserContext, anyPage: Page, extensionId: string): Promise<void> {
  const cdp = await context.newCDPSession(anyPage);
  try {
    const workers = async () =>
      (await cdp.send('Target.getTargets')).targetInfos.filter((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`));
    const [target] = await workers();
    if (!target) throw new Error('stopServiceWorker: the extension has no running service worker');
    await cdp.send('Target.closeTarget', { targetId: target.targetId });
    const deadline = Date.now() + 10_000;
    while ((await workers()).length > 0) {
      if (Date.now() > deadline) throw new Error('stopServiceWorker: the worker did not stop');
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** The chrome.tabs id of `page`, asked of the service worker (which this wakes if it was stopped). */
export async function tabIdIn(context: BrowserContext, page: Page): Promise<number> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const worker = await findServiceWorker(context);
    const id = await worker.evaluate(async (url) => (await chrome.tabs.query({})).find((t) => t.url === url)?.id, page.url()).catch(() => undefined);
    if (id !== undefined) return id;
    if (Date.now() > deadline) throw new Error(`tabIdIn: no tab shows ${page.url()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
