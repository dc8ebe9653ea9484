/**
 * An action done in a tab the workflow opens, right after it loads, is never lost — also on a busy machine,
 * where the page can be clicked before the recorder has heard that the tab exists.
 */
import { expect, test } from './fixtures';
import { underCpuLoad } from './helpers/cpu-load';
import { readStoredSteps } from './helpers/stored-steps';
import { PopupPage } from './pages/popup-page';

async function openAndAcknowledgeAtOnce(context: import('@playwright/test').BrowserContext, extensionId: string, origin: string, tabIdOf: (p: import('@playwright/test').Page) => Promise<number>, runs: number): Promise<string[][]> {
  const outcomes: string[][] = [];
  for (let run = 0; run < runs; run++) {
    const page = await context.newPage();
    await page.goto(`${origin}/open-runbook.html`);
    const popup = await PopupPage.open(context, extensionId, await tabIdOf(page));
    await popup.start();
    await page.bringToFront();
    const [runbook] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: 'Open runbook' }).click()]);
    // As a person who knows the page: the button is clicked the moment it exists.
    await runbook.waitForLoadState('domcontentloaded');
    await runbook.getByRole('button', { name: 'Acknowledge' }).click();
    await expect(runbook.getByText('Acknowledged by dana.ops.')).toBeVisible();
    await popup.page.bringToFront();
    await expect.poll(() => popup.stepCount(), { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    await popup.stop();
    outcomes.push((await readStoredSteps(popup.page)).map((s) => s.text));
    await Promise.all([runbook.close(), page.close(), popup.page.close()]);
  }
  return outcomes;
}

const EXPECTED = ['Click **Open runbook**.', 'Switch to the new tab **Runbook — payments-api**.', 'Click **Acknowledge**.'];

test('a click in a new tab right after it loads is a step, after the switch to that tab (5 runs)', async ({ context, extensionId, servers, tabIdOf }) => {
  test.setTimeout(180_000);
  const outcomes = await openAndAcknowledgeAtOnce(context, extensionId, servers.mainOrigin, tabIdOf, 5);
  for (const steps of outcomes) expect(steps).toEqual(EXPECTED);
});

test('the same under CPU load (5 runs)', async ({ context, extensionId, servers, tabIdOf }) => {
  test.setTimeout(300_000);
  const outcomes = await underCpuLoad(() => openAndAcknowledgeAtOnce(context, extensionId, servers.mainOrigin, tabIdOf, 5));
  for (const steps of outcomes) expect(steps).toEqual(EXPECTED);
});
