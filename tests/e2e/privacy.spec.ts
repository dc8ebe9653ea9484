/**
 * Privacy end to end: the whole deploy workflow recorded while every network request of every browser
 * target is watched (nothing may go anywhere but the demo console), then every stored byte and the export
 * searched for the workflow's fake secrets and the fake keys the page shows, and the stored screenshots
 * checked for blurred secret fields. Then the never-record list: Start refused, and a recording that
 * navigates onto such a site pauses there. Last, secrets inside a web component's shadow root
 * (credentials.html): blurred in the screenshot, and focus moving onto its password field holds capture.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import type { Box } from '../../lib/model';
import { expect, test as base, CHROMIUM_PATH, chromiumArgs, EXTENSION_DIR } from './fixtures';
import { dumpExtensionStorage, dumpIndexedDb, findSecrets } from './helpers/idb-dump';
import { devToolsPort, monitorNetwork, type NetworkMonitor } from './helpers/network-monitor';
import { readStoredSteps, shotPng, type StoredShot } from './helpers/stored-steps';
import { imageStats } from './helpers/shot-pixels';
import { PopupPage } from './pages/popup-page';
import { runDeployWorkflow, SECRETS, toPlainText } from './workflows/deploy-workflow.mjs';

/** Shown on the Services page of the demo console (tests/fixtures/demo-console/app.js); fake. */
const PAGE_AWS_KEY = 'AKIA' + 'FAKE0DEMO0KEY000';
const PAGE_JWT = 'eyJhbGciOiJIUzI1NiJ9.' + 'eyJzdWIiOiJkZW1vLWNpIn0.ZmFrZS1zaWduYXR1cmUtZGVtbw';
const ALL_SECRETS = [...SECRETS, PAGE_AWS_KEY, PAGE_JWT, 'eyJzdWIiOiJkZW1vLWNpIn0'];

/** The fixture's context, launched with a DevTools port as well so a second client can watch the network. */
const test = base.extend<{ network: NetworkMonitor }>({
  context: async ({ fakeAudioFile }, use) => {
    const profile = await mkdtemp(join(tmpdir(), 'sop-e2e-privacy-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      viewport: null,
      args: [...chromiumArgs(EXTENSION_DIR, fakeAudioFile), '--remote-debugging-port=0'],
    });
    try {
      const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
      await worker.evaluate(() => chrome.storage.local.set({ narrationSettings: { transcribe: false, model: 'tiny.en' } }));
      (context as unknown as { profileDir: string }).profileDir = profile;
      await use(context);
    } finally {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    }
  },
  network: async ({ context }, use) => {
    const monitor = await monitorNetwork(await devToolsPort((context as unknown as { profileDir: string }).profileDir));
    await use(monitor);
    await monitor.close();
  },
});

/** Luminance variance inside CSS-px boxes of a stored screenshot (decoded in an extension page). */
async function shotVariances(extensionPage: Page, shot: StoredShot, boxes: Box[]): Promise<number[]> {
  const vp = shot.viewport ?? { width: shot.width, height: shot.height };
  const sx = shot.width / vp.width;
  const sy = shot.height / vp.height;
  // Inset by 3 CSS px: the field's border is not what is measured.
  const rects = boxes.map((b) => {
    const x = Math.round((b.x + 3) * sx);
    const y = Math.round((b.y + 3) * sy);
    return { x, y, width: Math.round((b.x + b.width - 3) * sx) - x, height: Math.round((b.y + b.height - 3) * sy) - y };
  });
  return (await imageStats(extensionPage, shotPng(shot), rects)).regions.map((r) => r.variance);
}

function isAllowed(url: string, origins: readonly string[]): boolean {
  if (!/^(https?|wss?):/.test(url)) return true; // data:, blob:, chrome-extension:, chrome:
  return origins.some((o) => url.startsWith(`${o}/`) || url === o);
}

test('records the deploy workflow with nothing leaving the machine, no secret stored or exported, secret fields blurred', async ({
  context,
  extensionId,
  servers,
  tabIdOf,
  serviceWorker,
  network,
}) => {
  // The whole workflow is typed like a person; on 2 shared cores that alone can take a minute.
  test.setTimeout(180_000);
  const page = await context.newPage();
  await page.goto(`${servers.mainOrigin}/services`);
  await expect(page.getByTestId('ci-aws-key')).toHaveText(PAGE_AWS_KEY);
  const tabId = await tabIdOf(page);
  const popup = await PopupPage.open(context, extensionId, tabId);
  await popup.start();
  await page.bringToFront();

  // The page shows a key; the author clicks the button named after it.
  await page.getByRole('button', { name: `Copy ${PAGE_AWS_KEY}` }).click();
  await page.getByText('Copied to the clipboard.').waitFor();
  const keyOnPage = (await page.getByTestId('ci-aws-key').boundingBox())!;
  const jwtOnPage = (await page.getByTestId('ci-jwt').boundingBox())!;
  const heading = (await page.getByRole('heading', { level: 1, name: 'Services' }).boundingBox())!;

  const fields: Record<string, Box> = {};
  let holdWhileTyping: string | undefined;
  await runDeployWorkflow(page, {
    include: ['api-key', 'release-notes'],
    onStep: async (step, _i, ctx) => {
      const dialog = ctx.consolePage.getByRole('dialog', { name: 'Deploy payments-api' });
      if (step.id === 'api-key') {
        // The registry token field still has focus: capture is held, and the popup says so.
        holdWhileTyping = await serviceWorker.evaluate(async () => ((await chrome.storage.session.get('recording')) as { recording?: { hold?: string } }).recording?.hold);
        await expect(popup.page.getByTestId('privacy-hold')).toContainText('Paused while you type a password');
      }
      if (step.id === 'release-notes') {
        for (const name of ['API key', 'Registry token', 'Change ticket']) fields[name] = (await dialog.getByLabel(name).boundingBox())!;
      }
    },
  });
  expect(holdWhileTyping).toBe('sensitive-field');

  // The monitor sees extension contexts too: the service worker's own fetch shows up.
  await serviceWorker.evaluate((url) => fetch(url).then(() => undefined), `${servers.mainOrigin}/config.js`);
  await expect.poll(() => network.requests.some((r) => r.targetType === 'service_worker' && r.url.endsWith('/config.js'))).toBe(true);

  await popup.page.bringToFront();
  await popup.stop();
  await popup.sop().getByRole('list', { name: 'Steps' }).waitFor();
  const stored = await readStoredSteps(popup.page, { pixels: true });
  const texts = stored.map((s) => toPlainText(s.text));
  expect(texts[0]).toBe('Click Copy [masked AWS key].');
  expect(texts).toContain('Type the registry token into Registry token.');

  // Screenshots: a shot taken with the API key typed shows the field blurred; the ticket field, not secret, is sharp.
  const afterKey = stored.find((s) => toPlainText(s.text).startsWith('Upload release-notes.md'))!;
  expect(afterKey.shot).toBeDefined();
  const [apiKeyVar, tokenVar, ticketVar] = await shotVariances(popup.page, afterKey.shot!, [fields['API key']!, fields['Registry token']!, fields['Change ticket']!]);
  console.log(`luminance variance: API key ${apiKeyVar!.toFixed(1)}, registry token ${tokenVar!.toFixed(1)}, change ticket ${ticketVar!.toFixed(1)}`);
  expect(ticketVar).toBeGreaterThan(100);
  expect(apiKeyVar).toBeLessThan(ticketVar! / 10);
  expect(tokenVar).toBeLessThan(ticketVar! / 10);
  // Keys shown as page text are blurred too; the heading above them keeps its detail.
  const first = stored[0]!;
  const [keyVar, jwtVar, headingVar] = await shotVariances(popup.page, first.shot!, [keyOnPage, jwtOnPage, heading]);
  console.log(`luminance variance: key text ${keyVar!.toFixed(1)}, JWT text ${jwtVar!.toFixed(1)}, heading ${headingVar!.toFixed(1)}`);
  expect(headingVar).toBeGreaterThan(100);
  expect(keyVar).toBeLessThan(headingVar! / 10);
  expect(jwtVar).toBeLessThan(headingVar! / 10);

  // No secret anywhere: IndexedDB, extension storage, the Markdown export.
  expect(findSecrets(await dumpIndexedDb(popup.page), ALL_SECRETS)).toEqual([]);
  expect(findSecrets(await dumpExtensionStorage(popup.page), ALL_SECRETS)).toEqual([]);
  const download = await popup.export('Export Markdown');
  const zip = unzipSync(new Uint8Array(await readFile(download.path)));
  const md = strFromU8(zip['sop.md']!);
  expect(md).toContain('masked AWS key');
  expect(findSecrets(md, ALL_SECRETS)).toEqual([]);

  // Nothing left the machine: every request of every target went to the demo console.
  const allowed = [servers.mainOrigin, servers.otherOrigin];
  const stray = network.requests.filter((r) => !isAllowed(r.url, allowed));
  expect(stray).toEqual([]);
  expect(network.targets.map((t) => t.type)).toEqual(expect.arrayContaining(['service_worker', 'page']));
  expect(network.targets.some((t) => t.url.includes('offscreen.html'))).toBe(true);
  console.log(`network: ${network.requests.length} requests from ${network.targets.length} targets, none elsewhere`);
});

test('never-record sites: Start is refused there, and a recording pauses while the tab is on one', async ({ context, extensionId, servers, tabIdOf, serviceWorker }) => {
  const other = new URL(servers.otherOrigin);
  // The author lists the console's origin in Options (an invalid line is pointed out and ignored).
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByLabel('Never record on these sites').fill(`${servers.mainOrigin}\nnot a host!`);
  await options.getByLabel('Pause while a password field has focus').focus();
  await expect(options.getByRole('alert')).toContainText('not a host!');
  await expect(options.getByLabel('Pause while a password field has focus')).toBeChecked();
  await expect
    .poll(() => serviceWorker.evaluate(async () => ((await chrome.storage.local.get('privacySettings')) as { privacySettings?: { blockedSites: string[] } }).privacySettings?.blockedSites))
    .toEqual([servers.mainOrigin]);
  await options.close();
  const page = await context.newPage();
  await page.goto(`${servers.mainOrigin}/burst.html`);
  let popup = await PopupPage.open(context, extensionId, await tabIdOf(page));
  await popup.button('Start recording').click();
  await expect(popup.page.getByRole('alert')).toContainText('Recording is turned off on this site');
  await expect(popup.page.getByTestId('phase')).toHaveText('Ready');
  await popup.page.close();

  // Now only the other origin is off limits: record, go there, act, come back.
  await serviceWorker.evaluate((sites) => chrome.storage.local.set({ privacySettings: { blockedSites: sites, pauseOnSensitiveFocus: true } }), [`*.${other.hostname}`]);
  const tabId = await tabIdOf(page);
  popup = await PopupPage.open(context, extensionId, tabId);
  await popup.start();
  await page.bringToFront();
  await page.getByRole('button', { name: 'Check 1', exact: true }).click();
  await page.goto(`${servers.otherOrigin}/burst.html`);
  await expect(popup.page.getByTestId('privacy-hold')).toContainText('never-record list');
  await page.getByRole('button', { name: 'Check 2', exact: true }).click();
  await page.getByRole('button', { name: 'Check 3', exact: true }).click();
  await page.goto(`${servers.mainOrigin}/burst.html`);
  await expect(popup.page.getByTestId('privacy-hold')).toHaveCount(0);
  await page.getByRole('button', { name: 'Check 4', exact: true }).click();
  await popup.page.bringToFront();
  await expect.poll(() => popup.stepCount(), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
  await popup.stop();
  const texts = await popup.stepTexts();
  expect(texts).toContain('Click Check 1.');
  expect(texts).toContain('Click Check 4.');
  expect(texts).not.toContain('Click Check 2.');
  expect(texts).not.toContain('Click Check 3.');
  const dump = JSON.stringify(await dumpIndexedDb(popup.page));
  expect(dump).not.toContain(`//${other.host}`);
});

test('inside a web component: its password field and key text are blurred, and Tab onto its password field holds capture', async ({ context, extensionId, servers, tabIdOf }) => {
  const page = await context.newPage();
  await page.goto(`${servers.mainOrigin}/credentials.html`);
  // Locators pierce open shadow roots; the page's own DOM API does not.
  const card = page.getByTestId('credential-card');
  await expect(card.locator('#key')).toHaveText(/^AKIA/);
  expect(await page.evaluate(() => document.querySelectorAll('input, code').length)).toBe(0);
  const popup = await PopupPage.open(context, extensionId, await tabIdOf(page));
  await popup.start();
  await page.bringToFront();

  await page.getByRole('button', { name: 'Verify credentials' }).click();
  await page.getByText('Credentials verified.').waitFor();
  const boxes: Box[] = await Promise.all(['#pw', '#key', '#user', '#deployer'].map(async (sel) => (await card.locator(sel).boundingBox())!));

  // Focus moving inside the shadow root (user → password) is seen: capture holds, and lifts on the way back.
  await card.locator('#user').click();
  await page.keyboard.press('Tab');
  await expect(card.locator('#pw')).toBeFocused();
  await expect(popup.page.getByTestId('privacy-hold')).toContainText('Paused while you type a password');
  await page.keyboard.press('Shift+Tab');
  await expect(card.locator('#user')).toBeFocused();
  await expect(popup.page.getByTestId('privacy-hold')).toHaveCount(0);

  await popup.page.bringToFront();
  await popup.stop();
  await popup.sop().getByRole('list', { name: 'Steps' }).waitFor();
  const stored = await readStoredSteps(popup.page, { pixels: true });
  const verify = stored.find((s) => toPlainText(s.text) === 'Click Verify credentials.');
  expect(verify?.shot).toBeDefined();
  const [pwVar, keyVar, userVar, deployerVar] = await shotVariances(popup.page, verify!.shot!, boxes);
  console.log(`luminance variance in the shadow root: password ${pwVar!.toFixed(1)}, key text ${keyVar!.toFixed(1)}, user field ${userVar!.toFixed(1)}, deployer text ${deployerVar!.toFixed(1)}`);
  // The non-secret field and text beside them keep their detail.
  expect(userVar).toBeGreaterThan(100);
  expect(deployerVar).toBeGreaterThan(100);
  expect(pwVar).toBeLessThan(userVar! / 10);
  expect(keyVar).toBeLessThan(deployerVar! / 10);
  expect(findSecrets(await dumpIndexedDb(popup.page), ['AKIA' + 'FAKE0DEMO0KEY003', 'correct-horse-battery'])).toEqual([]);
});
