/**
 * Exports, as a person triggers them and as the browser keeps them: an export button of the popup or the
 * editor, and the download it makes (exports go through chrome.downloads, an ordinary download in the
 * browser's list, read back from that API in an extension page).
 */
import type { Locator, Page } from '@playwright/test';
import { expect } from '../fixtures';

/** An export button of the popup or the editor, opening "More formats" first when it is listed there. */
export async function exportButton(page: Page, name: string): Promise<Locator> {
  const button = page.getByRole('group', { name: 'Export' }).getByRole('button', { name, exact: true });
  if (!(await button.isVisible())) {
    const more = page.locator('details.exports__more');
    if ((await more.count()) > 0 && (await more.getAttribute('open')) === null) await more.locator('summary').click();
  }
  return button;
}

/** One item of the browser's download list (Playwright stores the files under generated names). */
export interface Download {
  readonly id: number;
  readonly state?: string;
  readonly path: string;
  readonly fileName: string;
  readonly bytes: number;
  readonly mime?: string;
  readonly error?: string;
}

/** Every download the browser knows of, read in an extension page. */
export async function downloads(extensionPage: Page): Promise<Download[]> {
  const items = await extensionPage.evaluate(async () =>
    (await chrome.downloads.search({})).map((d) => ({ id: d.id, state: d.state, path: d.filename, bytes: d.fileSize, mime: d.mime, error: d.error })),
  );
  return items.map((d) => ({ ...d, fileName: d.path.split(/[\\/]/).pop() ?? '' }));
}

/** The ids of the downloads so far: what a later download is new against. */
export async function downloadIds(extensionPage: Page): Promise<Set<number>> {
  return new Set((await downloads(extensionPage)).map((d) => d.id));
}

/** A download new since `known` (of `mime`, if given) that is complete; throws when one was interrupted. */
export async function completedSince(extensionPage: Page, known: ReadonlySet<number>, mime?: string): Promise<Download | undefined> {
  const fresh = (await downloads(extensionPage)).filter((d) => !known.has(d.id) && (mime === undefined || d.mime === mime));
  const failed = fresh.find((d) => d.state === 'interrupted');
  if (failed) throw new Error(`download interrupted: ${failed.error}`);
  return fresh.find((d) => d.state === 'complete');
}

/** Wait for a download new since `known` to complete (its state in the browser's list). */
export async function waitForDownload(extensionPage: Page, known: ReadonlySet<number>, options: { mime?: string; timeout?: number; what?: string } = {}): Promise<Download> {
  let done: Download | undefined;
  await expect
    .poll(async () => (done = await completedSince(extensionPage, known, options.mime)) !== undefined, {
      message: `a finished download of ${options.what ?? 'the export'}`,
      timeout: options.timeout ?? 30_000,
    })
    .toBe(true);
  return done!;
}

/** Click the export button `name` and wait for the download it makes to complete. */
export async function exportDownload(page: Page, name: string, options: { timeout?: number } = {}): Promise<Download> {
  const known = await downloadIds(page);
  await (await exportButton(page, name)).click();
  return waitForDownload(page, known, { timeout: options.timeout, what: name });
}
