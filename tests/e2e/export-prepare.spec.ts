/**
 * The first export after a recording reads ready images: right after Stop, with no popup or editor open, the
 * offscreen document prepares the new SOP's export screenshots (the PDF's JPEG, then the HTML's encoding:
 * lib/exporting/prepare-after-stop.ts; the diagram is left to a page showing the SOP, so no Mermaid runs where
 * the next Start is handled). It waits while an export of that SOP runs in any context, a
 * recording starting stops it at once, and after the next Stop it finishes what it left, then closes the document.
 * The "export" here is this test holding the export lock (lib/exporting/export-locks.ts), so the moments are
 * conditions, not timings.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { readStores } from './helpers/idb-dump';
import { waitForStream } from './helpers/recording';
import { PopupPage } from './pages/popup-page';

const STEPS = 4;
const PDF_ENCODING = 'jpeg@0.9/1280';
const PAGE_ENCODING = 'webp@0.8/2560';

type Row = { key: string; shotId: string };
type StepRow = { sopId: string; shotId?: string };

/** The renders kept for `sopId`'s steps, by encoding, and whether its diagram is kept. */
async function prepared(page: Page, sopId: string) {
  const { renderCache, steps } = await readStores<{ renderCache: Row[]; steps: StepRow[] }>(page, 'renderCache', 'steps');
  const shots = new Set(steps.filter((s) => s.sopId === sopId && s.shotId).map((s) => s.shotId!));
  const mine = renderCache.filter((r) => shots.has(r.shotId));
  return {
    shots: shots.size,
    pdf: mine.filter((r) => r.key.endsWith(PDF_ENCODING)).length,
    page: mine.filter((r) => r.key.endsWith(PAGE_ENCODING)).length,
    diagram: renderCache.some((r) => r.shotId === `diagram:${sopId}`),
  };
}

/** Held and pending Web Locks of the extension's origin, by name (every context's). */
function locks(page: Page) {
  return page.evaluate(async () => {
    const q = await navigator.locks.query();
    return { held: (q.held ?? []).map((l) => l.name), pending: (q.pending ?? []).map((l) => l.name) };
  });
}

/** Stop through the background, as the keyboard shortcut does: no page shows the new SOP. */
async function stopWithoutPopup(page: Page): Promise<string> {
  const reply = await page.evaluate(() => chrome.runtime.sendMessage({ to: 'background', type: 'recording.stop', payload: {} }));
  expect(reply).toMatchObject({ ok: true, result: { sopId: expect.any(String) } });
  return (reply as { result: { sopId: string } }).result.sopId;
}

/** The live step count of the recording (the badge's). */
async function liveSteps(page: Page): Promise<number> {
  const reply = await page.evaluate(() => chrome.runtime.sendMessage({ to: 'background', type: 'recording.getState', payload: {} }));
  return (reply as { result: { stepCount: number } }).result.stepCount;
}

async function offscreenDocuments(page: Page): Promise<number> {
  return page.evaluate(async () => (await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT] })).length);
}

test('after Stop the offscreen document prepares the export images, pauses for an export, stops for a recording and finishes after the next Stop', async ({ context, extensionId, servers, tabIdOf }) => {
  // An extension page that shows no SOP (Options): the test's window into IndexedDB and the locks.
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);

  const site = await context.newPage();
  await site.goto(`${servers.mainOrigin}/burst.html`);
  const tabId = await tabIdOf(site);
  const popup = await PopupPage.open(context, extensionId, tabId);
  await popup.start();
  await waitForStream(context, site);
  await popup.page.close();
  for (let i = 1; i <= STEPS; i++) await site.getByRole('button', { name: `Check ${i}`, exact: true }).click();
  await expect.poll(() => liveSteps(options)).toBe(STEPS);

  const first = await stopWithoutPopup(options);
  // As if an export of that SOP ran in a page: preparing waits for it (an exclusive request, pending).
  const exportRunning = options.evaluate(
    (name) =>
      new Promise<void>((granted) => {
        void navigator.locks.request(name, { mode: 'shared' }, () => {
          granted();
          return new Promise<void>((end) => ((window as unknown as { endExport: () => void }).endExport = end));
        });
      }),
    `sop-export-running:${first}`,
  );
  await exportRunning;
  const endExport = () => options.evaluate(() => (window as unknown as { endExport: () => void }).endExport());
  await expect.poll(() => locks(options), { timeout: 30_000 }).toEqual(expect.objectContaining({ held: expect.arrayContaining([`sop-export-prepare:${first}`]), pending: expect.arrayContaining([`sop-export-running:${first}`]) }));
  const before = await prepared(options, first);
  expect(before.shots).toBe(STEPS);
  expect(before.pdf + before.page).toBeLessThan(2 * STEPS);

  // A recording starts: preparing stops at once (its lock and its wait released), and stays stopped.
  const again = await PopupPage.open(context, extensionId, tabId);
  await again.start();
  await expect.poll(() => locks(options)).toEqual(expect.objectContaining({ held: expect.not.arrayContaining([`sop-export-prepare:${first}`]), pending: expect.not.arrayContaining([`sop-export-running:${first}`]) }));
  await endExport();
  await expect.poll(() => locks(options)).toEqual(expect.objectContaining({ held: expect.not.arrayContaining([`sop-export-running:${first}`]) }));
  await again.page.close();
  await waitForStream(context, site);
  await site.getByRole('button', { name: 'Check 5', exact: true }).click();
  await expect.poll(() => liveSteps(options)).toBe(1);
  // Nothing was rendered for the first SOP while recording.
  expect(await prepared(options, first)).toEqual(before);

  // The next Stop: the new SOP, then the one left unfinished, every step in both encodings; no diagram drawn.
  const second = await stopWithoutPopup(options);
  for (const sopId of [second, first]) {
    await expect
      .poll(() => prepared(options, sopId), { timeout: 90_000 })
      .toEqual(expect.objectContaining({ pdf: sopId === first ? STEPS : 1, page: sopId === first ? STEPS : 1, diagram: false }));
  }
  // Done, with no recording: the document is closed.
  await expect.poll(() => offscreenDocuments(options), { timeout: 30_000 }).toBe(0);
});
