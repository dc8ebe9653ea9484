/**
 * HTML, MkDocs and JSON exports end to end: record a short workflow, give one step a hostile text, export HTML
 * and open it as a file (images decode, title and steps show, nothing runs), export the MkDocs bundle and
 * JSON, delete the SOP for good, import the JSON through the editor's Import button and get the same steps
 * and screenshots back; a broken file is refused with the path of the bad field.
 */
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { expect, test } from './fixtures';
import { dumpIndexedDb, putRecords, readStores } from './helpers/idb-dump';
import { recordChecks } from './helpers/record';
import { readStoredSteps } from './helpers/stored-steps';
import { escapeMarkdownInline } from '../../lib/text/markdown';
import { EditorPage } from './pages/editor-page';
import { HOSTILE_LABEL } from './workflows/deploy-workflow.mjs';

/** How many SOPs are stored, trashed ones included. */
async function storedSopCount(page: Page): Promise<number> {
  return (await dumpIndexedDb(page, { stores: ['sops'] })).stores.sops?.count ?? 0;
}

test('HTML opens as an inert, readable page; MkDocs bundles; JSON exports, survives deletion and imports back', async ({ context, extensionId, servers, tabIdOf }) => {
  const popup = await recordChecks(context, extensionId, servers.mainOrigin, tabIdOf, 3);

  // A hostile button label in the first step, as the recorder stores one (escaped markup), and as narration.
  const stored = await readStores<{ steps: { order: number; text: string; narration?: string }[] }>(popup.page, 'steps');
  const first = stored.steps.sort((a, b) => a.order - b.order)[0]!;
  await putRecords(popup.page, 'steps', [{ ...first, text: `Click **${escapeMarkdownInline(HOSTILE_LABEL)}**.`, narration: HOSTILE_LABEL }]);
  const original = await readStoredSteps(popup.page);
  expect(original).toHaveLength(3);
  expect(original.every((s) => (s.shot?.width ?? 0) > 0)).toBe(true);

  // HTML: a file page with every image decoded, the title and the steps, and nothing that ran.
  // Playwright keeps downloads under generated names: give the file its extension back to open it.
  const html = join(tmpdir(), `sop-export-${Date.now()}.html`);
  await copyFile((await popup.export('Export HTML')).path, html);
  const viewer = await context.newPage();
  const ran: string[] = [];
  viewer.on('dialog', (d) => {
    ran.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  viewer.on('pageerror', (e) => ran.push(`error: ${e.message}`));
  await viewer.goto(pathToFileURL(html).href);
  await expect(viewer.getByRole('heading', { level: 1 })).toBeVisible();
  const steps = viewer.getByRole('list', { name: 'Steps' }).getByRole('listitem');
  await expect(steps).toHaveCount(3);
  await expect(steps.nth(0)).toContainText(`Click ${HOSTILE_LABEL}.`);
  await expect(steps.nth(1)).toContainText('Click Check 2.');
  await expect(steps.nth(1)).toBeVisible();
  const images = await viewer.locator('img').evaluateAll((imgs) =>
    Promise.all(
      (imgs as HTMLImageElement[]).map(async (img) => {
        await img.decode().catch(() => undefined); // a broken image shows as naturalWidth 0 below
        return { src: img.src.slice(0, img.src.indexOf(',') + 1), width: img.naturalWidth, shot: img.classList.contains('shot') };
      }),
    ),
  );
  // Three screenshots and the flow diagram, drawn by Mermaid and inlined as a picture.
  expect(images).toHaveLength(4);
  await expect(viewer.locator('img.shot')).toHaveCount(3);
  await expect(viewer.getByRole('img', { name: 'Flow diagram of the procedure' })).toBeVisible();
  // Screenshots in the default WebP (decoded: width > 0); the diagram stays a PNG (flat colours and thin lines).
  for (const img of images) {
    expect(img.src).toBe(img.shot ? 'data:image/webp;base64,' : 'data:image/png;base64,');
    expect(img.width).toBeGreaterThan(0);
  }
  expect(await viewer.locator('script, [onerror], [onload], a[href^="javascript"]').count()).toBe(0);
  expect(ran).toEqual([]);
  await viewer.close();

  // MkDocs / TechDocs: the bundle holds the site config, the page and its images.
  const bundle = unzipSync(await readFile((await popup.export('Export MkDocs / TechDocs')).path));
  expect(Object.keys(bundle).sort()).toEqual(['catalog-info.yaml', 'docs/images/step-01.webp', 'docs/images/step-02.webp', 'docs/images/step-03.webp', 'docs/index.md', 'mkdocs.yml']);
  expect(Buffer.from(bundle['docs/images/step-01.webp']!.subarray(8, 12)).toString('latin1')).toBe('WEBP');
  expect(strFromU8(bundle['docs/index.md']!)).toContain('![Step 3](images/step-03.webp)');

  // JSON: the file holds the steps and their screenshots.
  const json = await popup.export('Export JSON');
  const file = JSON.parse(await readFile(json.path, 'utf8'));
  expect(file).toMatchObject({ format: 'sop-recorder/sop', version: 1 });
  expect(file.steps.map((s: { text: string }) => s.text)).toEqual(original.map((s) => s.text));
  expect(file.screenshots).toHaveLength(3);

  // Delete the SOP for good (the undo window passes, then it is purged with its screenshots).
  const editor = await EditorPage.open(context, extensionId);
  await expect(editor.procedures()).toHaveCount(1);
  await editor.page.getByRole('button', { name: /^Delete / }).click();
  await expect(editor.procedures()).toHaveCount(0);
  await expect(editor.page.getByRole('status').filter({ hasText: 'Deleted' })).toBeHidden({ timeout: 20_000 });
  await expect.poll(() => storedSopCount(editor.page), { timeout: 10_000 }).toBe(0);

  // A broken file is refused, saying which field is wrong, and nothing is stored.
  const broken = join(tmpdir(), `sop-broken-${Date.now()}.json`);
  await writeFile(broken, JSON.stringify({ ...file, steps: [{ ...file.steps[0], text: 42 }, ...file.steps.slice(1)] }));
  const [brokenChooser] = await Promise.all([editor.page.waitForEvent('filechooser'), editor.button('Import SOP…').click()]);
  await brokenChooser.setFiles(broken);
  await expect(editor.page.getByRole('alert')).toContainText('steps[0].text');
  expect(await storedSopCount(editor.page)).toBe(0);

  // Import the JSON through the library's button: the editor opens it with the same steps and screenshots.
  const [chooser] = await Promise.all([editor.page.waitForEvent('filechooser'), editor.button('Import SOP…').click()]);
  await chooser.setFiles(json.path);
  await expect(editor.page).toHaveURL(/#\/sop\//);
  await expect(editor.steps()).toHaveCount(3);
  expect(await editor.stepTexts()).toEqual(original.map((s) => s.text));
  const shown = editor.page.getByRole('img', { name: /^Screenshot of step \d+$/ });
  await expect(shown).toHaveCount(3);
  for (const img of await shown.all()) await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBeGreaterThan(0);
  const imported = await readStoredSteps(editor.page);
  expect(imported.map((s) => s.text)).toEqual(original.map((s) => s.text));
  expect(imported.every((s) => (s.shot?.width ?? 0) > 0)).toBe(true);
  // New screenshots under new ids (the originals were purged with their SOP).
  expect(imported.map((s) => s.shot?.id)).not.toContain(original[0]!.shot!.id);
});
