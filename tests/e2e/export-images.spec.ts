/**
 * Screenshots in exports: the format chosen in Options → Exports reaches the files (name and magic bytes), and the
 * lossy formats (WebP, the default, and JPEG) keep the page's text as readable as lossless PNG — tesseract reads
 * every word of the PNG export from them too (the demo console's runbook page, ordinary UI text sizes), at a
 * fraction of the size.
 */
import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { PopupPage } from './pages/popup-page';
import { waitForStream } from './helpers/recording';
import { imageKind, ocr } from './helpers/shot-pixels';

async function chooseFormat(context: BrowserContext, extensionId: string, label: string): Promise<void> {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByLabel('Screenshots in exports').selectOption({ label });
  await expect(options.getByRole('status')).toHaveText('Saved. It applies to the next export.');
  await options.close();
}

async function exportStepOne(popup: PopupPage): Promise<{ name: string; bytes: Buffer }> {
  const zip = unzipSync(new Uint8Array(await readFile((await popup.export('Export Markdown')).path)));
  const names = Object.keys(zip).filter((n) => n.startsWith('images/'));
  expect(names).toHaveLength(1);
  return { name: names[0]!, bytes: Buffer.from(zip[names[0]!]!) };
}

/** Words of at least four letters, lower-cased: what a reader (or a search) would look for. */
function words(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[a-z]{4,}/g) ?? []);
}

async function recordAcknowledge(context: BrowserContext, extensionId: string, origin: string, tabIdOf: (p: Page) => Promise<number>): Promise<PopupPage> {
  const page = await context.newPage();
  await page.goto(`${origin}/runbook.html`);
  const popup = await PopupPage.open(context, extensionId, await tabIdOf(page));
  await popup.start();
  await waitForStream(context, page);
  await page.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(page.getByRole('status')).toHaveText('Acknowledged by dana.ops.');
  await popup.page.bringToFront();
  await expect.poll(() => popup.stepCount()).toBe(1);
  await popup.stop();
  return popup;
}

test('WebP and JPEG exports read like PNG exports (OCR), are much smaller, and follow the Options setting', async ({ context, extensionId, servers, tabIdOf }) => {
  const popup = await recordAcknowledge(context, extensionId, servers.mainOrigin, tabIdOf);

  // Default: WebP, no setting saved yet.
  const webp = await exportStepOne(popup);
  expect(webp.name).toBe('images/step-01.webp');
  expect(imageKind(webp.bytes)).toBe('webp');

  await chooseFormat(context, extensionId, 'PNG (lossless, large)');
  const png = await exportStepOne(popup);
  expect(png.name).toBe('images/step-01.png');
  expect(imageKind(png.bytes)).toBe('png');

  await chooseFormat(context, extensionId, 'JPEG (smaller, opens everywhere)');
  const jpeg = await exportStepOne(popup);
  expect(jpeg.name).toBe('images/step-01.jpg');
  expect(imageKind(jpeg.bytes)).toBe('jpeg');

  // EXPORT_IMAGES_DUMP=/tmp/dir keeps the three files to look at.
  if (process.env.EXPORT_IMAGES_DUMP) for (const [kind, x] of Object.entries({ png, jpeg, webp })) writeFileSync(join(process.env.EXPORT_IMAGES_DUMP, `step-01.${kind}`), x.bytes);
  const read = { png: ocr(png.bytes), jpeg: ocr(jpeg.bytes), webp: ocr(webp.bytes) };
  const fromPng = words(read.png);
  // OCR must work at all on this page: the runbook's own sentences are read from the lossless image.
  for (const w of ['runbook', 'production', 'deploy', 'dashboard']) expect(fromPng, `PNG OCR: ${read.png}`).toContain(w);
  const missing = (other: string) => [...fromPng].filter((w) => !words(other).has(w));
  const extra = (other: string) => [...words(other)].filter((w) => !fromPng.has(w));
  await test.info().attach('ocr', { body: JSON.stringify({ sizes: { png: png.bytes.length, jpeg: jpeg.bytes.length, webp: webp.bytes.length }, words: fromPng.size, jpeg: { missing: missing(read.jpeg), extra: extra(read.jpeg) }, webp: { missing: missing(read.webp), extra: extra(read.webp) } }, null, 2), contentType: 'application/json' });
  console.log(`step-01: PNG ${png.bytes.length} B, JPEG ${jpeg.bytes.length} B, WebP ${webp.bytes.length} B; ${fromPng.size} words from PNG; JPEG missing ${JSON.stringify(missing(read.jpeg))} extra ${JSON.stringify(extra(read.jpeg))}, WebP missing ${JSON.stringify(missing(read.webp))} extra ${JSON.stringify(extra(read.webp))}`);
  // No word the lossless image shows is lost. (Words read only from the lossy one are OCR's own jitter on the
  // grey line — tesseract also reads 'owner' from some encodings and not from the PNG — and are only reported.)
  expect(missing(read.jpeg), 'words read from the PNG but not from the JPEG').toEqual([]);
  expect(missing(read.webp), 'words read from the PNG but not from the WebP').toEqual([]);
  expect(jpeg.bytes.length).toBeLessThan(png.bytes.length / 2);
  expect(webp.bytes.length).toBeLessThan(png.bytes.length / 2);
});
