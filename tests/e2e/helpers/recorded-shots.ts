/**
 * What the screenshot tests share: a browser of their own (launch flags, viewport emulation), the recording's
 * stored steps and shots read back from IndexedDB, element boxes as the page measures them, and where the
 * exported highlight must lie — mapped by the test, independently of the product's geometry code.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page, type Worker } from '@playwright/test';
import { CHROMIUM_PATH, EXTENSION_DIR, chromiumArgs, expect, findServiceWorker } from '../fixtures';
import type { Rect } from './shot-pixels';

/** The highlight is drawn this many CSS px outside the element (lib/export/shot-geometry.ts shotLayout). */
export const HIGHLIGHT_PADDING = 6;

export interface StoredShot {
  id: string;
  png: string;
  withheld?: string;
  phase?: string;
}

export interface SavedStep {
  text: string;
  kind: string;
  shotId?: string;
  shotNote?: string;
  highlight?: { box: Rect; viewport: { width: number; height: number } };
}

/** The newest SOP's steps and every shot its session stored (pixels as base64). */
export async function readRecording(extensionPage: Page): Promise<{ steps: SavedStep[]; shots: StoredShot[] }> {
  return extensionPage.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('sop-recorder');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const all = <T,>(store: string) =>
      new Promise<T[]>((resolve, reject) => {
        const r = db.transaction(store).objectStore(store).getAll();
        r.onsuccess = () => resolve(r.result as T[]);
        r.onerror = () => reject(r.error);
      });
    const sop = (await all<{ id: string; sessionId: string; createdAt: number }>('sops')).sort((a, b) => b.createdAt - a.createdAt)[0]!;
    const steps = (await all<SavedStep & { sopId: string; order: number }>('steps')).filter((s) => s.sopId === sop.id).sort((a, b) => a.order - b.order);
    const shots = (await all<{ id: string; sessionId: string; blob: Blob; withheld?: string; phase?: string }>('shots')).filter((s) => s.sessionId === sop.sessionId);
    const b64 = async (blob: Blob) => {
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let s = '';
      for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(s);
    };
    const stored = await Promise.all(shots.map(async (s) => ({ id: s.id, png: await b64(s.blob), withheld: s.withheld, phase: s.phase })));
    db.close();
    return { steps: steps.map(({ text, kind, shotId, shotNote, highlight }) => ({ text, kind, shotId, shotNote, highlight })), shots: stored };
  });
}

/** What the page says about the element and itself, in CSS px, just before an action on it. */
export async function boxOf(element: Locator): Promise<{ box: Rect; viewport: { width: number; height: number } }> {
  return element.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { box: { x: r.x, y: r.y, width: r.width, height: r.height }, viewport: { width: innerWidth, height: innerHeight } };
  });
}

/**
 * Where the highlight of an element at `box` (CSS px of a page `viewport` wide) lies in an exported image
 * `imageWidth` px wide: the export keeps only the page (no letterbox bars), so image px per CSS px is the ratio
 * of the widths.
 */
export function exportedHighlight(at: { box: Rect; viewport: { width: number } }, imageWidth: number): Rect {
  const scale = imageWidth / at.viewport.width;
  const p = HIGHLIGHT_PADDING;
  return { x: (at.box.x - p) * scale, y: (at.box.y - p) * scale, width: (at.box.width + 2 * p) * scale, height: (at.box.height + 2 * p) * scale };
}

/** Waits until the tab stream delivers frames: from then on every action's screenshot can be taken. */
export async function waitForStreaming(worker: Worker): Promise<void> {
  await expect
    .poll(() => worker.evaluate(async () => ((await chrome.storage.session.get('recording')) as { recording?: { streaming?: boolean } }).recording?.streaming), { timeout: 30_000 })
    .toBe(true);
}

export interface OwnBrowser {
  context: BrowserContext;
  worker: Worker;
  close(): Promise<void>;
}

/** A browser of our own with the build under test, for launch flags and viewport emulation the shared fixture does not use. */
export async function launchOwnBrowser(extraArgs: readonly string[], viewport: { width: number; height: number } | null): Promise<OwnBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'sop-e2e-real-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport,
    args: [...chromiumArgs(EXTENSION_DIR), ...extraArgs],
  });
  const close = async () => {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  };
  try {
    const worker = await findServiceWorker(context);
    await worker.evaluate(() => chrome.storage.local.set({ narrationSettings: { transcribe: false, model: 'tiny.en' } }));
    return { context, worker, close };
  } catch (e) {
    await close();
    throw e;
  }
}
