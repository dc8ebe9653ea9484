/** Page object for the full editor tab (editor.html): the library and one SOP. */
import type { BrowserContext, Locator, Page } from '@playwright/test';

export class EditorPage {
  private constructor(readonly page: Page) {}

  static async open(context: BrowserContext, extensionId: string, sopId?: string): Promise<EditorPage> {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/editor.html${sopId ? `#/sop/${encodeURIComponent(sopId)}` : '#/'}`);
    // An SOP's steps load from IndexedDB after the page: wait for them before anyone reads them.
    if (sopId) await page.getByRole('list', { name: 'Steps', exact: true }).locator('textarea.estep__text').first().waitFor();
    return new EditorPage(page);
  }

  /** The steps, in order (their own lists, like warnings, are not steps). */
  steps(): Locator {
    return this.page.getByRole('list', { name: 'Steps', exact: true }).locator(':scope > li');
  }

  stepText(n: number): Locator {
    return this.page.getByLabel(`Step ${n} text`, { exact: true });
  }

  async stepTexts(): Promise<string[]> {
    return this.page.getByRole('list', { name: 'Steps', exact: true }).locator('textarea.estep__text').evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value));
  }

  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  /** Wait until autosave has written everything. */
  async saved(): Promise<void> {
    await this.page.getByTestId('save-state').filter({ hasText: 'All changes saved' }).waitFor();
  }

  /** The library's cards (not the tags inside them). */
  procedures(): Locator {
    return this.page.getByRole('list', { name: 'Procedures', exact: true }).locator(':scope > li');
  }

  /** A document section of the open SOP, by its heading ("Purpose", "Revision history"…). */
  section(heading: string): Locator {
    return this.page.getByRole('region', { name: heading, exact: true });
  }

  /** A form field by its exact label (sections and lists named alike are not fields). */
  field(label: string): Locator {
    return this.page.locator('input, textarea, select').and(this.page.getByLabel(label, { exact: true }));
  }

  /** Where the rendered flow diagram goes. */
  diagram(): Locator {
    return this.page.getByTestId('diagram-view');
  }
}
