/** An export button of the popup or the editor, opening "More formats" first when it is listed there. */
import type { Locator, Page } from '@playwright/test';

export async function exportButton(page: Page, name: string): Promise<Locator> {
  const button = page.getByRole('group', { name: 'Export' }).getByRole('button', { name, exact: true });
  if (!(await button.isVisible())) {
    const more = page.locator('details.exports__more');
    if ((await more.count()) > 0 && (await more.getAttribute('open')) === null) await more.locator('summary').click();
  }
  return button;
}
