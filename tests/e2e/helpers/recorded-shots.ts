/**
 * What the screenshot tests (real-world-shots.spec.ts, node-red.spec.ts) share beyond reading the recording back
 * (stored-steps.ts readStoredSop) and waiting for the tab stream (recording.ts waitForStream): a browser of their
 * own (launch flags, viewport emulation), starting a recording of a page, element boxes as the page measures
 * them, where the exported highlight must lie — mapped by the test, independently of the product's geometry
 * code — and OCR of every stored and exported image for legible secrets.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { BrowserContext, Locator, Page, Worker } from '@playwright/test';
import { expect, findServiceWorker, launchExtensionContext, type LaunchOptions } from '../fixtures';
import { PopupPage } from '../pages/popup-page';
import { waitForStream } from './recording';
import { imageKind, legibleSecrets, ocr, type Rect } from './shot-pixels';
import { shotPng, type StoredShot } from './stored-steps';
import { readStoresWith, type BlobSummary } from './idb-dump';

/** The highlight is drawn this many CSS px outside the element (lib/export/shot-geometry.ts shotLayout). */
export const HIGHLIGHT_PADDING = 6;

/** An element's box and the page's viewport, both in CSS px, as the page measured them. */
export interface Measured {
  readonly box: Rect;
  readonly viewport: { readonly width: number; readonly height: number };
}

/** What the page says about the element and itself, in CSS px, just before an action on it. */
export async function boxOf(element: Locator): Promise<Measured> {
  return element.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { box: { x: r.x, y: r.y, width: r.width, height: r.height }, viewport: { width: innerWidth, height: innerHeight } };
  });
}

/**
 * Where the highlight of an element at `at.box` (CSS px of a page `at.viewport.width` wide) lies in an exported
 * image `imageWidth` px wide: the export keeps only the page (no letterbox bars), so image px per CSS px is the
 * ratio of the widths.
 */
export function exportedHighlight(at: { readonly box: Rect; readonly viewport: { readonly width: number } }, imageWidth: number): Rect {
  const scale = imageWidth / at.viewport.width;
  const p = HIGHLIGHT_PADDING;
  return { x: (at.box.x - p) * scale, y: (at.box.y - p) * scale, width: (at.box.width + 2 * p) * scale, height: (at.box.height + 2 * p) * scale };
}

async function tabIdOf(worker: Worker, page: Page): Promise<number> {
  return worker.evaluate(async (url) => (await chrome.tabs.query({})).find((t) => t.url === url)!.id!, page.url());
}

/** Sets the browser zoom of `page`'s tab (from the service worker) and waits until the page has its new CSS viewport. */
export async function setTabZoom(worker: Worker, page: Page, zoom: number): Promise<void> {
  const tabId = await tabIdOf(worker, page);
  const before = await page.evaluate(() => innerWidth);
  await worker.evaluate(([id, z]) => chrome.tabs.setZoom(id, z), [tabId, zoom] as const);
  if (zoom !== 1) await expect.poll(() => page.evaluate(() => innerWidth)).not.toBe(before);
}

/** Opens the popup for `page`'s tab, starts recording and waits until the tab stream shows `page`. */
export async function startRecording(context: BrowserContext, worker: Worker, extensionId: string, page: Page): Promise<PopupPage> {
  const popup = await PopupPage.open(context, extensionId, await tabIdOf(worker, page));
  await popup.start();
  await waitForStream(context, page);
  return popup;
}

export function expectNoLegibleSecret(text: string, secrets: readonly string[], where: string): void {
  expect(legibleSecrets(text, secrets), `legible secret in ${where}: ${text.replace(/\s+/g, ' ').slice(0, 300)}`).toEqual([]);
}

/** OCR of every shot (read with `pixels: true`): none shows a secret; a withheld one keeps no pixels. Returns how many were read. */
export function ocrStoredShots(shots: readonly StoredShot[], secrets: readonly string[]): number {
  let read = 0;
  for (const shot of shots) {
    if (shot.withheld) {
      expect(shotPng(shot).length, `withheld shot ${shot.id} keeps no pixels`).toBe(0);
      continue;
    }
    expectNoLegibleSecret(ocr(shotPng(shot)), secrets, `stored shot ${shot.id}`);
    read++;
  }
  return read;
}

/**
 * Exports Markdown from the popup and OCRs every image in it: none shows a secret. Every file under images/ must
 * be a step's, named by its kind (step-NN.jpg/.webp/.png) with the magic bytes of that kind, so no image is
 * skipped because its name changed. The encoded copies the export keeps in IndexedDB are read the same way.
 * Returns sop.md, the images by step number and how many kept copies were read.
 */
export async function exportMarkdownImages(popup: PopupPage, secrets: readonly string[]): Promise<{ md: string; images: Map<number, Buffer>; kept: number }> {
  const { path } = await popup.export('Export Markdown');
  const zip = unzipSync(new Uint8Array(await readFile(path)));
  const images = new Map<number, Buffer>();
  for (const [name, bytes] of Object.entries(zip)) {
    if (name === 'sop.md') continue;
    const m = /^images\/step-(\d+)\.(jpg|webp|png)$/.exec(name);
    expect(m, `an exported file is a step's image: ${name}`).not.toBeNull();
    expect(imageKind(bytes), `${name} holds what its name says`).toBe(m![2] === 'jpg' ? 'jpeg' : m![2]);
    const image = Buffer.from(bytes);
    expectNoLegibleSecret(ocr(image), secrets, `exported ${name}`);
    images.set(Number(m![1]), image);
  }
  // The export kept what it encoded in IndexedDB for the next one (lib/db/render-cache-store.ts): stored images too.
  const { renderCache } = await readStoresWith<{ renderCache: { key: string; blob: BlobSummary }[] }>(popup.page, { blobBytes: true }, 'renderCache');
  const kept = renderCache.filter((r) => !r.key.startsWith('diagram:'));
  expect(kept.length, 'the export kept its encoded screenshots').toBeGreaterThanOrEqual(images.size);
  for (const row of kept) expectNoLegibleSecret(ocr(Buffer.from(row.blob.$blob.base64!, 'base64')), secrets, `kept export image ${row.key}`);
  return { md: strFromU8(zip['sop.md']!), images, kept: kept.length };
}

export interface OwnBrowser {
  readonly context: BrowserContext;
  readonly worker: Worker;
  close(): Promise<void>;
}

/** A browser of our own with the build under test, for launch flags and viewport emulation the shared fixture does not use. */
export async function launchOwnBrowser(options: LaunchOptions): Promise<OwnBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'sop-e2e-real-'));
  let context: BrowserContext | undefined;
  const close = async () => {
    await context?.close();
    await rm(profile, { recursive: true, force: true });
  };
  try {
    context = await launchExtensionContext(profile, undefined, options);
    return { context, worker: await findServiceWorker(context), close };
  } catch (e) {
    await close();
    throw e;
  }
}
