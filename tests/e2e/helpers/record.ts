/**
 * Record a short SOP through the popup on the fixture burst page: Start, click "Check 1"…"Check n", Stop.
 * Returns the popup, which then shows the new SOP.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { expect } from '../fixtures';
import { PopupPage } from '../pages/popup-page';
import { waitForStream } from './recording';

export async function recordChecks(context: BrowserContext, extensionId: string, mainOrigin: string, tabIdOf: (p: Page) => Promise<number>, n: number): Promise<PopupPage> {
  const page = await context.newPage();
  await page.goto(`${mainOrigin}/burst.html`);
  const popup = await PopupPage.open(context, extensionId, await tabIdOf(page));
  await popup.start();
  // The tab video shows the page before the first click: the steps' screenshots come from it.
  await waitForStream(context, page);
  for (let i = 1; i <= n; i++) await page.getByRole('button', { name: `Check ${i}`, exact: true }).click();
  await popup.page.bringToFront();
  await expect.poll(() => popup.stepCount()).toBe(n);
  await popup.stop();
  await page.close();
  return popup;
}
