/**
 * Page object for the popup, opened as a tab: `popup.html?tab=<tabId>` names the tab to record (as a tab,
 * `tabs.query({active:true})` would return the popup itself). Role-based: buttons by accessible name, the
 * library list "Saved SOPs", the SOP region "SOP" with its ordered list "Steps".
 */
import { exportDownload, type Download } from '../helpers/export-button';
import type { BrowserContext, Locator, Page } from '@playwright/test';

export class PopupPage {
  private constructor(readonly page: Page) {}

  static async open(context: BrowserContext, extensionId: string, tabId: number): Promise<PopupPage> {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/popup.html?tab=${tabId}`);
    return new PopupPage(page);
  }

  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  /** The open SOP (shown after Stop, or after openSop). */
  sop(): Locator {
    return this.page.getByRole('region', { name: 'SOP', exact: true });
  }

  /** Items of the library list (newest first). */
  sops(): Locator {
    return this.page.getByRole('list', { name: 'Saved SOPs' }).getByRole('listitem');
  }

  /** Click "Start recording"; done when the recorder says "Recording" (capture is on in the page). */
  async start(): Promise<void> {
    await this.button('Start recording').click();
    await this.page.getByTestId('phase').filter({ hasText: /^Recording$/ }).waitFor();
  }

  /** Click "Pause"; done when "Resume" shows. */
  async pause(): Promise<void> {
    await this.button('Pause').click();
    await this.button('Resume').waitFor();
  }

  /** Click "Resume"; done when "Pause" shows again. */
  async resume(): Promise<void> {
    await this.button('Resume').click();
    await this.button('Pause').waitFor();
  }

  /** Click "Stop recording"; done when "Start recording" is back (the new SOP, if any, is then shown). */
  async stop(): Promise<void> {
    await this.button('Stop recording').click();
    await this.button('Start recording').waitFor({ timeout: 60_000 });
  }

  /** The live count while recording ("<n> step(s)"), else the number of steps of the open SOP. */
  async stepCount(): Promise<number> {
    const live = this.page.getByTestId('step-count');
    if (await live.isVisible()) {
      const match = /(\d+)/.exec(await live.innerText());
      if (!match?.[1]) throw new Error('no number in the step count');
      return Number(match[1]);
    }
    return this.sop().getByRole('list', { name: 'Steps' }).getByRole('listitem').count();
  }

  /** Open a saved SOP by (part of) its title or by list position (0 = newest); it shows in this page. */
  async openSop(which: string | number): Promise<void> {
    if (await this.sop().isVisible()) await this.button('← All SOPs').click();
    const item = typeof which === 'number' ? this.sops().nth(which) : this.sops().filter({ hasText: which }).first();
    await item.getByRole('button').first().click();
    await this.sop().getByRole('list', { name: 'Steps' }).waitFor();
  }

  /** Step texts of the open SOP as rendered (plain text: no `**`, escapes resolved — see toPlainText). */
  async stepTexts(): Promise<string[]> {
    const texts = this.sop().getByRole('list', { name: 'Steps' }).getByTestId('step-text');
    return (await texts.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  }

  /** Click an export button and wait for its download to complete (read back from chrome.downloads). */
  async export(buttonName = 'Export Markdown'): Promise<Download> {
    return exportDownload(this.page, buttonName);
  }
}
