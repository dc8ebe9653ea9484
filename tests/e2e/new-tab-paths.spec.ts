/**
 * Every way the workflow opens a tab, and a click there the moment it loads: a step, in order, after the step
 * that opens or switches to the tab. Also when the service worker was stopped before the tab opened (the tab
 * events and the new page's hello then wake it together) and on a busy machine.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { underCpuLoad } from './helpers/cpu-load';
import { stopServiceWorker } from './helpers/relaunch';
import { readStoredSteps } from './helpers/stored-steps';
import { PopupPage } from './pages/popup-page';

interface Path {
  readonly name: string;
  /** Opens the runbook from the console page; resolves with the new tab once it is in front. */
  open(page: Page, context: BrowserContext): Promise<Page>;
  /** The steps the SOP must have, in order. */
  readonly expected: readonly string[];
}

const RUNBOOK = 'Runbook — payments-api';
const ACK = 'Click **Acknowledge**.';

async function opened(context: BrowserContext, act: () => Promise<unknown>): Promise<Page> {
  const [tab] = await Promise.all([context.waitForEvent('page'), act()]);
  return tab;
}

const PATHS: readonly Path[] = [
  {
    name: 'a target=_blank link (noopener)',
    open: (page, context) => opened(context, () => page.getByRole('link', { name: 'Open runbook', exact: true }).click()),
    expected: ['Click **Open runbook**.', `Switch to the new tab **${RUNBOOK}**.`, ACK],
  },
  {
    name: 'a target=_blank link that keeps its opener',
    open: (page, context) => opened(context, () => page.getByRole('link', { name: 'Open runbook with opener' }).click()),
    expected: ['Click **Open runbook with opener**.', `Switch to the new tab **${RUNBOOK}**.`, ACK],
  },
  {
    name: 'window.open from a script',
    open: (page, context) => opened(context, () => page.getByRole('button', { name: 'Open runbook window' }).click()),
    expected: ['Click **Open runbook window**.', `Switch to the new tab **${RUNBOOK}**.`, ACK],
  },
  {
    name: 'a middle-click (a background tab), then switching to it',
    open: async (page, context) => {
      const tab = await opened(context, () => page.getByRole('link', { name: 'Runbook here' }).click({ button: 'middle' }));
      await tab.bringToFront();
      return tab;
    },
    expected: ['Middle-click **Runbook here**.', `Switch to the new tab **${RUNBOOK}**.`, ACK],
  },
  {
    name: 'a middle-click, an action in the first tab, then switching to the new tab',
    open: async (page, context) => {
      const tab = await opened(context, () => page.getByRole('link', { name: 'Runbook here' }).click({ button: 'middle' }));
      await page.getByRole('button', { name: 'Page the team' }).click();
      await page.getByText('Paged.').waitFor();
      await tab.bringToFront();
      return tab;
    },
    expected: ['Middle-click **Runbook here**.', 'Click **Page the team**.', `Switch to the tab **${RUNBOOK}**.`, ACK],
  },
];

/** Start recording on the console page, open the runbook, click Acknowledge as soon as the DOM is there, Stop. */
async function openAndAcknowledge(context: BrowserContext, extensionId: string, origin: string, tabIdOf: (p: Page) => Promise<number>, path: Path, { stopWorker = false } = {}): Promise<string[]> {
  const page = await context.newPage();
  await page.goto(`${origin}/new-tab-paths.html`);
  const popup = await PopupPage.open(context, extensionId, await tabIdOf(page));
  await popup.start();
  await page.bringToFront();
  if (stopWorker) await stopServiceWorker(context, page, extensionId);
  const runbook = await path.open(page, context);
  await runbook.waitForLoadState('domcontentloaded');
  await runbook.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(runbook.getByText('Acknowledged by dana.ops.')).toBeVisible();
  await popup.page.bringToFront();
  const counted = await expect
    .poll(() => popup.stepCount(), { timeout: 30_000 })
    .toBeGreaterThanOrEqual(path.expected.length)
    .then(() => true, () => false);
  const live = await popup.stepCount();
  await popup.stop();
  const steps = (await readStoredSteps(popup.page)).map((s) => s.text);
  await Promise.all([runbook.close(), page.close(), popup.page.close()]);
  // Which one it was — the live count, or a step lost — tells where to look.
  if (!counted) throw new Error(`${path.name}: the live count stayed at ${live} (expected ${path.expected.length}); stored: ${steps.join(' | ')}`);
  return steps;
}

for (const path of PATHS) {
  test(`${path.name}: a click the moment the tab loads is a step, after the tab's own step`, async ({ context, extensionId, servers, tabIdOf }) => {
    test.setTimeout(90_000);
    expect(await openAndAcknowledge(context, extensionId, servers.mainOrigin, tabIdOf, path)).toEqual(path.expected);
  });
}

test('the service worker stopped before the tab opens: the click in the new tab is still a step (every path)', async ({ context, extensionId, servers, tabIdOf }) => {
  test.setTimeout(240_000);
  for (const path of PATHS) {
    expect(await openAndAcknowledge(context, extensionId, servers.mainOrigin, tabIdOf, path, { stopWorker: true }), path.name).toEqual(path.expected);
  }
});

// Once per path: the loaded runs are the slow ones (two busy processes on a 2-core machine), and each path's
// race is the same race as unloaded, only wider.
test('under CPU load (two busy processes): every path, and one with the worker stopped', async ({ context, extensionId, servers, tabIdOf }) => {
  test.setTimeout(360_000);
  const outcomes = await underCpuLoad(async () => {
    const out: Array<{ name: string; steps: string[]; expected: readonly string[] }> = [];
    for (const path of PATHS) out.push({ name: path.name, steps: await openAndAcknowledge(context, extensionId, servers.mainOrigin, tabIdOf, path), expected: path.expected });
    const first = PATHS[0]!;
    out.push({ name: `${first.name}, worker stopped`, steps: await openAndAcknowledge(context, extensionId, servers.mainOrigin, tabIdOf, first, { stopWorker: true }), expected: first.expected });
    return out;
  });
  for (const o of outcomes) expect(o.steps, o.name).toEqual(o.expected);
});
