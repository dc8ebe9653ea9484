/**
 * Recording survives what browsers do to extensions: the service worker stopped mid-recording (Chrome stops
 * idle workers after ~30 s), and the whole browser killed mid-recording then reopened on the same profile.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { EXTENSION_ID, expect, findServiceWorker, launchExtensionContext, test } from './fixtures';
import { killBrowser, stopServiceWorker, tabIdIn } from './helpers/relaunch';
import { storedChunks, waitForRecorder } from './helpers/recording';
import { readStoredSteps } from './helpers/stored-steps';
import { PopupPage } from './pages/popup-page';

const exec = promisify(execFile);

test('a service worker stopped mid-recording: the next actions wake it and the recording goes on to a complete SOP', async ({ context, extensionId, servers, tabIdOf }) => {
  const page = await context.newPage();
  await page.goto(`${servers.mainOrigin}/burst.html`);
  const popup = await PopupPage.open(context, extensionId, await tabIdOf(page));
  await popup.start();
  await page.bringToFront();
  for (const n of [1, 2]) await page.getByRole('button', { name: `Check ${n}`, exact: true }).click();
  await expect.poll(() => popup.stepCount()).toBe(2);

  const before = await findServiceWorker(context);
  await before.evaluate(() => Object.assign(globalThis, { beforeStop: true }));
  await stopServiceWorker(context, page, extensionId);

  // Acting on the page is what wakes the worker: the content script's messages.
  for (const n of [3, 4]) await page.getByRole('button', { name: `Check ${n}`, exact: true }).click();
  await expect.poll(() => popup.stepCount(), { timeout: 20_000 }).toBe(4);
  const after = await findServiceWorker(context);
  expect(await after.evaluate(() => 'beforeStop' in globalThis), 'a fresh worker runs').toBe(false);

  await popup.page.bringToFront();
  await popup.stop();
  expect(await popup.stepTexts()).toEqual([1, 2, 3, 4].map((n) => `Click Check ${n}.`));
  const stored = await readStoredSteps(popup.page);
  for (const step of stored) expect(step.shot, `screenshot for "${step.text}"`).toBeDefined();
  // The video went on through the stop: the recording is finished with its chunks.
  const [recording] = await storedChunks(popup.page);
  expect(recording).toMatchObject({ status: 'done' });
  expect(recording!.chunks).toBeGreaterThan(0);
});

test('a browser killed mid-recording: reopened on the same profile, the popup offers the recording and recovers it with its video', async ({ servers }) => {
  test.slow();
  const profile = await mkdtemp(join(tmpdir(), 'sop-e2e-crash-'));
  try {
    let context = await launchExtensionContext(profile);
    const page = await context.newPage();
    await page.goto(`${servers.mainOrigin}/burst.html`);
    let popup = await PopupPage.open(context, EXTENSION_ID, await tabIdIn(context, page));
    await popup.start();
    await page.bringToFront();
    for (const n of [1, 2, 3]) await page.getByRole('button', { name: `Check ${n}`, exact: true }).click();
    await expect.poll(() => popup.stepCount()).toBe(3);
    // Some video reached IndexedDB (1 s chunks) before the crash.
    await expect.poll(async () => (await storedChunks(popup.page)).at(-1)?.chunks ?? 0, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    const chunksBeforeKill = (await storedChunks(popup.page)).at(-1)!.chunks;

    await killBrowser(context, profile);

    context = await launchExtensionContext(profile);
    try {
      const again = await context.newPage();
      await again.goto(`${servers.mainOrigin}/burst.html`);
      popup = await PopupPage.open(context, EXTENSION_ID, await tabIdIn(context, again));
      const [unfinished] = await storedChunks(popup.page);
      expect(unfinished).toMatchObject({ status: 'recording' });
      expect(unfinished!.chunks).toBeGreaterThanOrEqual(chunksBeforeKill);

      const recover = popup.page.getByRole('button', { name: /^Recover unfinished recording \(3 steps, \d+ s of video\)$/ });
      await expect(recover).toBeVisible();
      await expect(popup.button('Discard')).toBeVisible();
      await recover.click();
      await popup.sop().getByRole('list', { name: 'Steps' }).waitFor();
      expect(await popup.stepTexts()).toEqual([1, 2, 3].map((n) => `Click Check ${n}.`));
      for (const step of await readStoredSteps(popup.page)) expect(step.shot, `screenshot for "${step.text}"`).toBeDefined();
      // Every chunk written before the crash is kept with the recovered SOP; the offer is gone.
      const [recovered] = await storedChunks(popup.page);
      expect(recovered).toMatchObject({ status: 'done', sopId: expect.any(String) });
      expect(recovered!.chunks).toBe(unfinished!.chunks);
      await expect(recover).toBeHidden();
      // A new recording starts cleanly after the crash.
      await popup.start();
      await popup.stop();
    } finally {
      await context.close();
    }
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
});

/**
 * A really full disk. The extension holds `unlimitedStorage` (a recording can be gigabytes), so Chrome
 * enforces no quota and DevTools' Storage.overrideQuotaForOrigin changes nothing: only the disk filling up
 * makes IndexedDB refuse writes. The profile lives on a small tmpfs (mounting needs root; skipped otherwise)
 * that a filler file fills up mid-recording.
 *
 * On a really full disk Chromium does not throw QuotaExceededError: LevelDB fails and IndexedDB reports
 * "UnknownError: Internal error opening backing store" (lib/recording/storage-full.ts counts that as a full
 * disk), and the origin's storage stays failed until the browser restarts.
 */
test('a full disk mid-recording: the recording stops with a clear message and what was saved becomes the SOP', async ({ servers }) => {
  test.slow();
  const mountPoint = await mkdtemp(join(tmpdir(), 'sop-e2e-small-disk-'));
  const mounted = await exec('mount', ['-t', 'tmpfs', '-o', 'size=400m', 'tmpfs', mountPoint]).then(() => true, () => false);
  test.skip(!mounted, 'needs root to mount a small tmpfs');
  const profile = join(mountPoint, 'profile');
  const filler = join(mountPoint, 'filler');
  try {
    let context = await launchExtensionContext(profile);
    try {
      const page = await context.newPage();
      await page.goto(`${servers.mainOrigin}/burst.html`);
      let popup = await PopupPage.open(context, EXTENSION_ID, await tabIdIn(context, page));
      await popup.start();
      await page.bringToFront();
      for (const n of [1, 2]) await page.getByRole('button', { name: `Check ${n}`, exact: true }).click();
      await expect.poll(() => popup.stepCount()).toBe(2);

      // Leave about 256 kB free: a second of video or a screenshot or two.
      const free = Number((await exec('df', ['--output=avail', '-B1', mountPoint])).stdout.trim().split('\n').at(-1));
      await exec('fallocate', ['-l', String(Math.max(0, free - 256 * 1024)), filler]);

      const full = popup.page.getByRole('alert').filter({ hasText: /^Your disk is full: recording stopped/ });
      // A click writes a screenshot and a few records, the video a chunk a second: the disk fills within a few
      // clicks, but how many depends on how the frames compress — go round the buttons until it does.
      for (let n = 3; n <= 26 && !(await full.isVisible()); n++) {
        await page.getByRole('button', { name: `Check ${3 + ((n - 3) % 8)}`, exact: true }).click();
        // The recorder has dealt with the click: counted it as step n, or stopped (its state says which).
        await waitForRecorder(context, (s) => s.phase !== 'recording' || (s.stepCount ?? 0) >= n, `counted Check ${n} or stopped`, 20_000);
      }
      await expect(full).toBeVisible({ timeout: 20_000 });
      await expect(popup.button('Start recording')).toBeVisible();
      const message = await full.innerText();
      if (!message.includes('everything up to now is saved')) {
        // Not even the SOP's few records fitted: free the disk and recover, as the message says. Chromium keeps
        // the origin's IndexedDB backing store failed until it restarts, so restart first.
        expect(message).toContain('Free some space, then recover the recording from this popup');
        await rm(filler);
        await context.close();
        context = await launchExtensionContext(profile);
        const again = await context.newPage();
        await again.goto(`${servers.mainOrigin}/burst.html`);
        popup = await PopupPage.open(context, EXTENSION_ID, await tabIdIn(context, again));
        await popup.page.getByRole('button', { name: /^Recover unfinished recording/ }).click();
      }
      await popup.sop().getByRole('list', { name: 'Steps' }).waitFor();
      const texts = await popup.stepTexts();
      expect(texts.slice(0, 2)).toEqual(['Click Check 1.', 'Click Check 2.']);
      expect((await storedChunks(popup.page)).at(-1)).toMatchObject({ status: 'done', sopId: expect.any(String) });
    } finally {
      await context.close();
    }
  } finally {
    if (mounted) await exec('umount', [mountPoint]).catch(() => undefined);
    await rm(mountPoint, { recursive: true, force: true });
  }
});
