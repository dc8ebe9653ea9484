/**
 * "Export PDF" in the popup after a short recording: the file lands in the downloads and poppler reads it
 * as a multi-page PDF with the (Greek/Cyrillic/accented) title, the steps, "Page 1 of N", the screenshots and the flow diagram drawn
 * by Mermaid in the popup (not its fallback source text). Then, opened in the editor, the screenshots are prepared
 * ahead and a second export encodes none of them.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { recordChecks } from './helpers/record';
import { exportDownload } from './helpers/export-button';
import { readStores } from './helpers/idb-dump';
import { EditorPage } from './pages/editor-page';

const STEPS = 2;

test('Export PDF: a multi-page PDF with the title, steps, screenshots and the diagram', async ({ context, extensionId, servers, tabIdOf }) => {
  const popup = await recordChecks(context, extensionId, servers.mainOrigin, tabIdOf, STEPS);
  const problems: string[] = [];
  popup.page.on('pageerror', (e) => problems.push(e.message));
  popup.page.on('console', (m) => {
    // A render worker that could not start falls back to the page (still a correct PDF): here it must start.
    if (/Content Security Policy|Refused to|render worker/i.test(m.text())) problems.push(m.text());
  });
  // A title outside Latin-1 must come out of the PDF as typed (embedded Unicode font).
  const title = 'Déployer — Σύνδεση — Развернуть';
  await popup.page.getByLabel('Title', { exact: true }).fill(title);
  await popup.page.getByLabel('Title', { exact: true }).press('Enter');
  await expect(popup.page.getByRole('region', { name: 'SOP' }).getByRole('status')).toHaveText('Renamed.');

  const file = await popup.export('Export PDF');
  // Playwright stores downloads under generated names; the name the extension chose is in the status.
  await expect(popup.page.getByRole('region', { name: 'SOP' }).getByRole('status')).toHaveText('Exported deployer.pdf');
  expect(readFileSync(file.path).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  // PDF_DUMP=/tmp/x.pdf keeps a copy to look at.
  if (process.env.PDF_DUMP) copyFileSync(file.path, process.env.PDF_DUMP);

  const info = execFileSync('pdfinfo', [file.path], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
  expect(pages).toBeGreaterThan(1);
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file.path, '-'], { encoding: 'utf8' }).replace(/[ \t]+/g, ' ');
  expect(text).toContain(title);
  expect(info).toMatch(new RegExp(`Title:\\s+${title}`));
  expect(text).toContain('Contents');
  expect(text).toContain(`Page 1 of ${pages}`);
  for (let i = 1; i <= STEPS; i++) expect(text).toMatch(new RegExp(`${i}\\. Click Check ${i}`));
  expect(text).not.toContain('could not be drawn');

  const images = execFileSync('pdfimages', ['-list', file.path], { encoding: 'utf8' })
    .split('\n')
    .slice(2)
    .filter((l) => l.trim().split(/\s+/)[2] === 'image');
  // One screenshot per step and the rasterised diagram; the screenshots embedded as JPEG (DCT, the 'enc' column).
  expect(images).toHaveLength(STEPS + 1);
  expect(images.map((l) => l.trim().split(/\s+/)[8]).filter((enc) => enc === 'jpeg')).toHaveLength(STEPS);
  // Screenshots no larger than the page shows them (lib/export/image-format.ts PDF_MAX_IMAGE_SIDE = 1280).
  for (const l of images.filter((l) => l.trim().split(/\s+/)[8] === 'jpeg')) {
    const [w, h] = [Number(l.trim().split(/\s+/)[3]), Number(l.trim().split(/\s+/)[4])];
    expect(Math.max(w, h)).toBeLessThanOrEqual(1280);
  }
  expect(problems).toEqual([]);

  // Opened again in the editor, the SOP's export screenshots and diagram are prepared ahead (lib/exporting/warm.ts);
  // an export then encodes nothing: every screenshot comes from IndexedDB, the same PDF comes out.
  const { sops } = await readStores<{ sops: { id: string; createdAt: number }[] }>(popup.page, 'sops');
  const sopId = sops.sort((a, b) => b.createdAt - a.createdAt)[0]!.id;
  await popup.page.close();
  const editor = await EditorPage.open(context, extensionId, sopId);
  await expect(editor.page.getByRole('group', { name: 'Export' })).toHaveAttribute('data-screenshots-prepared', 'done', { timeout: 60_000 });
  const { renderCache } = await readStores<{ renderCache: { key: string }[] }>(editor.page, 'renderCache');
  // Each step in the PDF's encoding and in the HTML/Markdown one, and the diagram.
  expect(renderCache.filter((r) => r.key.endsWith('jpeg@0.9/1280'))).toHaveLength(STEPS);
  expect(renderCache.filter((r) => r.key.endsWith('webp@0.8/2560'))).toHaveLength(STEPS);
  expect(renderCache.filter((r) => r.key.startsWith('diagram:'))).toHaveLength(1);
  const again = await exportDownload(editor.page, 'Export PDF');
  const renders = await editor.page.evaluate(() => performance.getEntriesByName('export:screenshots').map((m) => (m as PerformanceMark).detail));
  expect(renders).toEqual([{ rendered: 0, reused: 0, stored: STEPS, steps: STEPS, encoding: 'jpeg/1280' }]);
  const imagesAgain = execFileSync('pdfimages', ['-list', again.path], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => l.trim().split(/\s+/)[2] === 'image');
  expect(imagesAgain.map((l) => l.trim().split(/\s+/).slice(3, 5).join('x'))).toEqual(images.map((l) => l.trim().split(/\s+/).slice(3, 5).join('x')));
  expect(execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', again.path, '-'], { encoding: 'utf8' }).replace(/[ \t]+/g, ' ')).toContain(title);
});
