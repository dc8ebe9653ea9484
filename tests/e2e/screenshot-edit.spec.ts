/**
 * Screenshot edits, end to end: record a few clicks, then in the editor put a blur box over a button and
 * crop the screenshot; the exported PNG must have exactly the crop's size and keep no detail where the blur
 * box was (compared with the same region of the stored original, which stays untouched).
 */
import { readFile } from 'node:fs/promises';
import { strFromU8, unzipSync } from 'fflate';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { EditorPage } from './pages/editor-page';
import { PopupPage } from './pages/popup-page';
import { exportDownload } from './helpers/export-button';
import { waitForStream } from './helpers/recording';
import { imageStats } from './helpers/shot-pixels';
import { readStoredSteps, shotPng } from './helpers/stored-steps';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const parseValue = (text: string | null): Box => {
  const m = /x (-?\d+), y (-?\d+), (\d+) by (\d+)/.exec(text ?? '');
  if (!m) throw new Error(`no box in aria-valuetext: ${text}`);
  return { x: Number(m[1]), y: Number(m[2]), width: Number(m[3]), height: Number(m[4]) };
};

/**
 * Puts a box slider where `target` says, with the keyboard only: Ctrl+arrows by 10 px, arrows by 2 px
 * (Shift resizes). Ends within 1 px of the target (steps are even).
 */
async function placeSlider(page: Page, slider: Locator, target: Box): Promise<Box> {
  await slider.focus();
  const press = async (key: string, delta: number, shift: boolean) => {
    const mod = shift ? 'Shift+' : '';
    for (let i = 0; i < Math.floor(Math.abs(delta) / 10); i++) await page.keyboard.press(`${mod}Control+${key}`);
    for (let i = 0; i < Math.floor((Math.abs(delta) % 10) / 2); i++) await page.keyboard.press(`${mod}${key}`);
  };
  let now = parseValue(await slider.getAttribute('aria-valuetext'));
  // Size first (the box grows right and down), then position.
  await press(target.width >= now.width ? 'ArrowRight' : 'ArrowLeft', target.width - now.width, true);
  await press(target.height >= now.height ? 'ArrowDown' : 'ArrowUp', target.height - now.height, true);
  now = parseValue(await slider.getAttribute('aria-valuetext'));
  await press(target.x >= now.x ? 'ArrowRight' : 'ArrowLeft', target.x - now.x, false);
  await press(target.y >= now.y ? 'ArrowDown' : 'ArrowUp', target.y - now.y, false);
  now = parseValue(await slider.getAttribute('aria-valuetext'));
  for (const k of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(now[k] - target[k]), `${k} of ${JSON.stringify(now)}`).toBeLessThanOrEqual(1);
  return now;
}

interface Measured {
  stored: { crop?: Box; blurBoxes?: Box[]; shot: { width: number; height: number; viewport?: { width: number; height: number } } };
  exported: { width: number; height: number };
  /** The stored crop in image px, by the export's rule (CSS px scaled, rounded outwards). */
  cropInImage: Box;
  /** Luminance variance over the blurred button: in the exported PNG, and in the same region of the original. */
  varianceExported: number;
  varianceOriginal: number;
  /** Same, for a region outside the blur box (a control nobody blurred): the crop alone keeps detail. */
  controlExported: number;
  controlOriginal: number;
}

/** The stored step 1 and its (unedited) shot against the exported PNG: sizes, and variances compared. */
async function measure(extensionPage: Page, png: Buffer, secret: Box, control: Box): Promise<Measured> {
  const step = (await readStoredSteps(extensionPage, { pixels: true }))[0]!;
  const shot = step.shot!;
  // CSS px → image px, rounded outwards (the export's rule), independently of the extension's code.
  const vp = shot.viewport ?? { width: shot.width, height: shot.height };
  const sx = shot.width / vp.width;
  const sy = shot.height / vp.height;
  const toImage = (b: Box): Box => {
    const x = Math.max(0, Math.floor(b.x * sx));
    const y = Math.max(0, Math.floor(b.y * sy));
    return { x, y, width: Math.min(shot.width, Math.ceil((b.x + b.width) * sx)) - x, height: Math.min(shot.height, Math.ceil((b.y + b.height) * sy)) - y };
  };
  const crop = toImage(step.crop!);
  const inset = (b: Box, by: number): Box => ({ x: b.x + by, y: b.y + by, width: b.width - 2 * by, height: b.height - 2 * by });
  // The button the blur box covers (the box has a margin of page background around it).
  const blur = inset(toImage(secret), 2);
  const kept = inset(toImage(control), 2);
  const shift = (b: Box): Box => ({ ...b, x: b.x - crop.x, y: b.y - crop.y });
  const exported = await imageStats(extensionPage, png, [shift(blur), shift(kept)]);
  const original = await imageStats(extensionPage, shotPng(shot), [blur, kept]);
  return {
    stored: { crop: step.crop, blurBoxes: step.blurBoxes, shot: { width: shot.width, height: shot.height, viewport: shot.viewport } },
    exported: { width: exported.width, height: exported.height },
    varianceExported: exported.regions[0]!.variance,
    varianceOriginal: original.regions[0]!.variance,
    controlExported: exported.regions[1]!.variance,
    controlOriginal: original.regions[1]!.variance,
    cropInImage: crop,
  };
}

test('a blur box and a crop are applied to the exported screenshot, never to the stored one', async ({ context, extensionId, servers, tabIdOf }) => {
  const page = await context.newPage();
  await page.goto(`${servers.mainOrigin}/burst.html`);
  const popup = await PopupPage.open(context, extensionId, await tabIdOf(page));
  await popup.start();
  // The tab video shows the page before the first click: step 1's screenshot (edited below) comes from it.
  await waitForStream(context, page);
  const rect = async (name: string) => (await page.getByRole('button', { name, exact: true }).boundingBox())!;
  const secret = await rect('Check 5'); // what the author hides
  const control = await rect('Check 8'); // left as it is, inside the crop
  const grid = (await page.getByRole('group', { name: 'Checks' }).boundingBox())!;
  for (const n of [1, 2]) await page.getByRole('button', { name: `Check ${n}`, exact: true }).click();
  await popup.page.bringToFront();
  await expect.poll(() => popup.stepCount()).toBe(2);
  await popup.stop();
  await page.close();

  const [editorTab] = await Promise.all([context.waitForEvent('page'), popup.button('Open in editor').click()]);
  await editorTab.waitForLoadState();
  const sopId = new URL(editorTab.url()).hash.replace('#/sop/', '');
  await editorTab.close();
  const editor = await EditorPage.open(context, extensionId, sopId);
  const step1 = editor.steps().nth(0);
  const step2 = editor.steps().nth(1);
  await expect(step1.getByRole('img', { name: 'Screenshot of step 1' })).toBeVisible();

  // A blur box over "Check 5", placed with the keyboard (4 px of margin).
  await step1.getByRole('button', { name: 'Add blur box', exact: true }).click();
  const blurBox = step1.getByTestId('blur-box');
  await expect(blurBox).toHaveCount(1);
  await expect(blurBox).toBeFocused();
  await expect(blurBox).toHaveAttribute('role', 'slider');
  const margin = 4;
  await placeSlider(editor.page, blurBox, {
    x: Math.floor(secret.x) - margin,
    y: Math.floor(secret.y) - margin,
    width: Math.ceil(secret.width) + 2 * margin,
    height: Math.ceil(secret.height) + 2 * margin,
  });

  // Crop to the grid of checks: enter crop mode, drag the crop by pointer, then place it exactly by keyboard.
  await step1.getByRole('button', { name: 'Crop', exact: true }).click();
  await expect(step1.getByRole('button', { name: 'Crop', exact: true })).toHaveAttribute('aria-pressed', 'true');
  const crop = step1.getByTestId('crop');
  const before = parseValue(await crop.getAttribute('aria-valuetext'));
  const cropRect = (await crop.boundingBox())!;
  await editor.page.mouse.move(cropRect.x + cropRect.width / 2, cropRect.y + cropRect.height / 2);
  await editor.page.mouse.down();
  await editor.page.mouse.move(cropRect.x + cropRect.width / 2 - 30, cropRect.y + cropRect.height / 2 - 20, { steps: 4 });
  await editor.page.mouse.up();
  const dragged = parseValue(await crop.getAttribute('aria-valuetext'));
  expect(dragged.x).toBeLessThan(before.x);
  expect(dragged.y).toBeLessThan(before.y);
  const cropTarget = { x: Math.floor(grid.x) - 10, y: Math.floor(grid.y) - 10, width: Math.ceil(grid.width) + 20, height: Math.ceil(grid.height) + 20 };
  await placeSlider(editor.page, crop, cropTarget);
  await step1.getByRole('button', { name: 'Crop', exact: true }).click();
  await expect(step1.getByTestId('crop')).toHaveCount(0);
  await expect(step1.getByTestId('crop-shade')).toHaveCount(1);

  // Step 2: a blur box added and removed again, a crop set and cleared, leave no trace.
  await step2.getByRole('button', { name: 'Add blur box', exact: true }).click();
  await step2.getByRole('button', { name: 'Remove blur box 1', exact: true }).click();
  await expect(step2.getByTestId('blur-box')).toHaveCount(0);
  await step2.getByRole('button', { name: 'Crop', exact: true }).click();
  await step2.getByRole('button', { name: 'Clear crop', exact: true }).click();
  await expect(step2.getByTestId('crop')).toHaveCount(0);
  await expect(step2.getByRole('button', { name: 'Clear crop', exact: true })).toHaveCount(0);

  await editor.saved();
  await editor.page.reload();
  await expect(editor.steps().nth(0).getByTestId('blur-box')).toHaveCount(1);
  await expect(editor.steps().nth(1).getByTestId('blur-box')).toHaveCount(0);
  await expect(editor.steps().nth(1).getByRole('button', { name: 'Clear crop', exact: true })).toHaveCount(0);

  // Export from the editor, unzip, and judge the PNG in the extension page.
  const { path } = await exportDownload(editor.page, 'Export Markdown');
  const zip = unzipSync(new Uint8Array(await readFile(path)));
  expect(Object.keys(zip).sort()).toEqual(['images/step-01.webp', 'images/step-02.webp', 'sop.md']);
  expect(strFromU8(zip['sop.md']!)).toContain('![Step 1](images/step-01.webp)');
  await test.info().attach('exported step-01.webp', { body: Buffer.from(zip['images/step-01.webp']!), contentType: 'image/webp' });
  const m = await measure(editor.page, Buffer.from(zip['images/step-01.webp']!), secret, control);

  expect(m.stored.crop).toEqual(expect.objectContaining({ width: expect.any(Number) }));
  expect(m.stored.blurBoxes).toHaveLength(1);
  // The image is the crop, in image pixels.
  expect(m.exported).toEqual({ width: m.cropInImage.width, height: m.cropInImage.height });
  expect(m.exported.width).toBeLessThan(m.stored.shot.width);
  // The blurred button keeps no detail; a button nobody blurred keeps its own.
  console.log(`variance in the blur box: ${m.varianceExported.toFixed(1)} exported vs ${m.varianceOriginal.toFixed(1)} original; control ${m.controlExported.toFixed(1)} vs ${m.controlOriginal.toFixed(1)}`);
  expect(m.varianceOriginal).toBeGreaterThan(100);
  expect(m.varianceExported).toBeLessThan(m.varianceOriginal / 10);
  expect(m.controlExported).toBeGreaterThan(m.controlOriginal / 2);

  // The popup shows the step as exported: cropped, with the blur box over it.
  await popup.page.bringToFront();
  await popup.page.reload();
  await popup.openSop(0);
  const thumb = popup.sop().getByRole('list', { name: 'Steps' }).getByRole('listitem').nth(0);
  await expect(thumb.getByRole('img', { name: 'Screenshot of step 1 (cropped)' })).toBeVisible();
  await expect(thumb.getByTestId('blur-box')).toHaveCount(1);
});
