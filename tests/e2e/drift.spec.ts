/**
 * The drift check end to end over two versions of the demo console's release page
 * (tests/fixtures/demo-console/v1|v2/release.html, served side by side). An SOP is built from v1 as a
 * recording would have it (targets read by the recorder's own describer, a screenshot per step taken before
 * the step with its element's box), imported, then:
 * - passive: Guide me over v2 re-finds what can be re-found (the ring around the right element), says
 *   "Not found" for the removed button (no ring anywhere), and the run is stored as a drift check;
 * - active: Check against the app on v2 (through the SOP's `{{console}}` variable; the unmarked host asks for
 *   confirmation first) gives exactly the expected report, with crops side by side; Accept changes updates
 *   the SOP (one undoable edit, a new revision); with the removed step deleted, the next check is clean; the
 *   health badge shows in the editor's library and the popup's list.
 */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { readStores } from './helpers/idb-dump';
import { describerSource, expectRingAround, ring } from './helpers/guide-ring';
import { EditorPage } from './pages/editor-page';
import { PopupPage } from './pages/popup-page';
import { buildSopJson } from '../../lib/export/json';
import { emptyDocument } from '../../lib/sop/document';
import type { DriftCheck } from '../../lib/drift/check';
import type { SessionId, ShotId, Sop, SopId, Step, StepId, StepKind, TargetContext } from '../../lib/model';

/** Describes the element `expr` yields, after scrolling it into view as the check does, with a screenshot of
 * the page at that moment (what a recording keeps for the step). */
async function recordOn(page: Page, source: string, expr: string): Promise<{ target: TargetContext; png: Buffer; viewport: { width: number; height: number } }> {
  await page.evaluate((src) => {
    if (!(globalThis as { SopDescribe?: unknown }).SopDescribe) (0, eval)(src);
  }, source);
  await page.evaluate((e) => ((0, eval)(e) as Element).scrollIntoView({ block: 'center', inline: 'nearest' }), expr);
  const target = await page.evaluate((e) => (globalThis as unknown as { SopDescribe: { describe(el: Element): TargetContext } }).SopDescribe.describe((0, eval)(e) as Element), expr);
  const png = await page.screenshot();
  const viewport = await page.evaluate(() => ({ width: innerWidth, height: innerHeight }));
  return { target, png, viewport };
}

/** The guided run's passive check once step `n` has a picture (or says why it has none): a person is slower
 * than the capture, the test waits for it instead of acting inside the capture's frame. */
async function passivePicture(editor: EditorPage, n: number): Promise<DriftCheck['steps'][number]> {
  let got: DriftCheck['steps'][number] | undefined;
  await expect
    .poll(async () => {
      const { driftChecks } = await readStores<{ driftChecks: DriftCheck[] }>(editor.page, 'driftChecks');
      got = driftChecks.filter((c) => c.mode === 'passive').sort((a, b) => b.at - a.at)[0]?.steps[n - 1];
      return !!got && (!!got.crops || !!got.noPicture);
    })
    .toBe(true);
  return got!;
}

/** Pixels of a stored crop close to the guide ring's colour (#ff2d7a) — none may be in a fresh crop. */
async function ringPixels(editor: EditorPage, cropId: string): Promise<number> {
  return editor.page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('sop-recorder');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const row = await new Promise<{ blob: Blob } | undefined>((resolve, reject) => {
      const r = db.transaction('driftCrops').objectStore('driftCrops').get(id);
      r.onsuccess = () => resolve(r.result as { blob: Blob } | undefined);
      r.onerror = () => reject(r.error);
    });
    db.close();
    if (!row) return -1;
    const bitmap = await createImageBitmap(row.blob);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const d = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i]! - 255) < 40 && Math.abs(d[i + 1]! - 45) < 40 && Math.abs(d[i + 2]! - 122) < 40 && d[i + 3]! > 200) n++;
    return n;
  }, cropId);
}

/** The report's rows: status and reason kinds per step. */
async function reportRows(editor: EditorPage): Promise<{ n: number; status: string; reasons: string[] }[]> {
  return editor.page
    .getByRole('list', { name: 'Drift by step' })
    .locator(':scope > li')
    .evaluateAll((lis) => lis.map((li) => ({ n: Number(li.getAttribute('data-step')), status: li.getAttribute('data-status') ?? '', reasons: [...li.querySelectorAll('[data-reason]')].map((r) => r.getAttribute('data-reason') ?? '') })));
}

test('drift: guided run and Check against the app over v2, the report, Accept changes, a clean re-check, the badges', async ({ context, extensionId, servers, tabIdOf }) => {
  test.setTimeout(180_000);
  const v1 = `${servers.mainOrigin}/v1/release.html`;
  const host = new URL(servers.mainOrigin).host;
  const source = await describerSource();

  // "Record" v1: each step's element and the screenshot before it, the page in the state the step found it.
  const rec = await context.newPage();
  await rec.goto(v1);
  const button = (name: string) => `[...document.querySelectorAll('button')].find((b) => b.textContent === ${JSON.stringify(name)})`;
  const r1 = await recordOn(rec, source, "document.querySelector('#release input')");
  const r2 = await recordOn(rec, source, button('Notify team'));
  const r3 = await recordOn(rec, source, button('Deploy now'));
  const r4 = await recordOn(rec, source, button('Open confirm'));
  await rec.getByRole('button', { name: 'Open confirm' }).click();
  const r5 = await recordOn(rec, source, button('Confirm'));
  await rec.getByRole('button', { name: 'Confirm', exact: true }).click();
  const r6 = await recordOn(rec, source, button('Run smoke tests'));
  const r7 = await recordOn(rec, source, button('Finish'));
  await rec.close();
  expect(r2.target.selectors.testId).toBe('[data-testid="notify"]');

  const sop: Sop = { id: 'drift-sop' as SopId, title: 'Release payments-api', createdAt: 1, updatedAt: 1, sourceUrl: v1, stepCount: 7, durationMs: 60_000 };
  const page = { url: v1, title: 'Shipyard — Release (v1)' };
  const recorded = [
    ['type', 'Type "v1.5.0" into **Version**.', r1, 'v1.5.0'],
    ['click', 'Click **Notify team**.', r2],
    ['click', 'Click **Deploy now**.', r3],
    ['click', 'Click **Open confirm**.', r4],
    ['click', 'Click **Confirm**.', r5],
    ['click', 'Click **Run smoke tests**.', r6],
    ['click', 'Click **Finish**.', r7],
  ] as const;
  const steps: Step[] = recorded.map(([kind, text, r, value], i) => ({
    id: `s${i + 1}` as StepId,
    sopId: sop.id,
    order: i + 1,
    kind: kind as StepKind,
    text,
    target: r.target,
    ...(value ? { value } : {}),
    page,
    tabId: 1,
    t: (i + 1) * 1000,
    eventIds: [],
    shotId: `shot${i + 1}` as ShotId,
    highlight: { box: r.target.box, viewport: r.viewport },
  }));
  const shots = recorded.map(([, , r], i) => ({
    shot: { id: `shot${i + 1}` as ShotId, sessionId: 'session' as SessionId, mimeType: 'image/png', width: r.png.readUInt32BE(16), height: r.png.readUInt32BE(20), viewport: r.viewport, at: 1, t: (i + 1) * 1000, source: 'tab-stream' as const },
    bytes: new Uint8Array(r.png),
  }));
  // The console's address and version path as a variable: the check runs on v2 by giving it another value.
  const doc = { ...emptyDocument(sop), variables: [{ name: 'console', description: 'Console address', example: `${host}/v1`, occurrences: [] }] };
  const file = join(tmpdir(), `drift-sop-${Date.now()}.json`);
  await writeFile(file, buildSopJson({ sop, steps, doc, shots }, Date.now()));

  const editor = await EditorPage.open(context, extensionId);
  const [chooser] = await Promise.all([editor.page.waitForEvent('filechooser'), editor.button('Import SOP…').click()]);
  await chooser.setFiles(file);
  await expect(editor.page).toHaveURL(/#\/sop\//);
  await expect(editor.steps()).toHaveCount(7);

  // ── Passive: Guide me over v2. ──
  await editor.button('Guide me').click();
  const values = editor.page.getByRole('form', { name: 'Guide me: values' });
  await values.getByLabel('Console address').fill(`${host}/v2`);
  const [guided] = await Promise.all([context.waitForEvent('page'), values.getByRole('button', { name: 'Start guide' }).click()]);
  await guided.waitForURL(/\/v2\/release\.html/);
  const panel = guided.getByRole('region', { name: 'Guide me' });
  const status = panel.getByRole('status');
  const at = (n: number) => expect(panel).toContainText(`Step ${n} of 7`);

  await at(1);
  const version = guided.getByRole('textbox', { name: 'Version' });
  await expect(status).toContainText('Found by');
  await expectRingAround(guided, version);
  const pictures: DriftCheck['steps'][number][] = [];
  pictures.push(await passivePicture(editor, 1));
  await version.pressSequentially('v1.5.0');
  await at(2);
  await expect(status).toContainText('Found by');
  await expectRingAround(guided, guided.getByRole('button', { name: 'Notify team' }));
  pictures.push(await passivePicture(editor, 2));
  await guided.getByRole('button', { name: 'Notify team' }).click();
  await at(3);
  await expect(status).toContainText('It now reads "Deploy release" (recorded "Deploy now")');
  await expectRingAround(guided, guided.getByRole('button', { name: 'Deploy release' }));
  pictures.push(await passivePicture(editor, 3));
  await guided.getByRole('button', { name: 'Deploy release' }).click();
  await at(4);
  await expectRingAround(guided, guided.getByRole('button', { name: 'Open confirm' }));
  pictures.push(await passivePicture(editor, 4));
  await guided.getByRole('button', { name: 'Open confirm' }).click();
  await at(5);
  await expectRingAround(guided, guided.getByRole('button', { name: 'Confirm', exact: true }));
  pictures.push(await passivePicture(editor, 5));
  await guided.getByRole('button', { name: 'Confirm', exact: true }).click();
  await at(6);
  // The removed button: said plainly, and no element ringed in its place.
  await expect(status).toContainText('Not found');
  await expect(ring(guided)).toHaveCount(0);
  await panel.getByRole('button', { name: 'Done', exact: true }).click();
  await at(7);
  await expectRingAround(guided, guided.getByRole('button', { name: 'Finish' }));
  await guided.getByRole('button', { name: 'Finish' }).click();
  await expect(panel).toContainText('All steps done.');
  await guided.close();

  await editor.page.bringToFront();
  const report = editor.page.getByLabel('Drift report');
  await expect(report).toContainText('Seen in a guided run');
  // Pictures of the guided run: every found step photographed (the ring and panel hidden for that frame), the
  // same numbers as the active check's (unchanged ≈ 0 %, the renamed button above the 1 % threshold).
  console.log('guided run, visual differences over v2:', pictures.map((p) => `${p.n}: ${p.seen.kind === 'found' && p.seen.visual ? `${(p.seen.visual.ratio * 100).toFixed(2)} %` : p.noPicture ?? 'n/a'}`).join(', '));
  for (const p of pictures) expect(p.crops?.live, `step ${p.n}: ${p.noPicture ?? ''}`).toBeTruthy();
  const ratioOf = (n: number) => { const s = pictures[n - 1]!.seen; return s.kind === 'found' ? s.visual?.ratio : undefined; };
  expect(ratioOf(4)).toBeLessThan(0.01);
  expect(ratioOf(3)).toBeGreaterThan(0.01);
  for (const p of pictures) expect(await ringPixels(editor, p.crops!.live!), `ring pixels in step ${p.n}'s fresh crop`).toBe(0);
  const passiveRows = await reportRows(editor);
  console.log('guided run report over v2:', JSON.stringify(passiveRows));
  expect(passiveRows.map((r) => r.status)).toEqual(['ok', 'changed', 'changed', 'ok', 'ok', 'missing', 'ok']);
  expect(passiveRows[2]!.reasons).toContain('visual');
  await expect(report.getByRole('img', { name: 'Step 3 as recorded' })).toBeVisible();
  await expect(report.getByRole('img', { name: 'Step 3 now' })).toBeVisible();

  // ── Active: Check against the app on v2. ──
  await editor.button('Check against the app').click();
  const checkValues = editor.page.getByRole('form', { name: 'Check against the app: values' });
  // Remembered from the guided run.
  await expect(checkValues.getByLabel('Console address')).toHaveValue(`${host}/v2`);
  await checkValues.getByRole('button', { name: 'Run the check' }).click();
  // 127.0.0.1:port is not marked safe to replay: confirmation first, nothing opened yet.
  const confirm = editor.page.getByRole('alertdialog', { name: 'Confirm the check' });
  await expect(confirm).toContainText(host);
  await confirm.getByRole('button', { name: `Mark ${host} safe to replay and run` }).click();
  const message = editor.page.getByTestId('drift-message');
  await expect(message).toHaveText('Check finished.', { timeout: 90_000 });
  await expect(report).toContainText('Checked against the app');
  await expect(report).toContainText('stopped: step 6 was not found');

  // What the check stored: the right element every time it found one (never a wrong one), and the numbers.
  const { driftChecks } = await readStores<{ driftChecks: DriftCheck[] }>(editor.page, 'driftChecks');
  const active = driftChecks.filter((c) => c.mode === 'active').sort((a, b) => b.at - a.at)[0]!;
  expect(active.steps.slice(0, 5).map((s) => s.live?.name)).toEqual(['Version', 'Notify team', 'Deploy release', 'Open confirm', 'Confirm']);
  console.log('visual differences over v2:', active.steps.map((s) => (s.seen.kind === 'found' ? `${s.n}: ${s.seen.visual ? `${(s.seen.visual.ratio * 100).toFixed(2)} % (coverage ${(s.seen.visual.coverage * 100).toFixed(0)} %)` : 'n/a'}` : `${s.n}: -`)).join(', '));
  const rows = await reportRows(editor);
  console.log('drift report over v2:', JSON.stringify(rows));
  expect(rows).toEqual([
    { n: 1, status: 'changed', reasons: ['moved', 'visual'] },
    { n: 2, status: 'changed', reasons: ['fallback', 'moved'] },
    { n: 3, status: 'changed', reasons: ['score', 'text', 'text', 'visual'] },
    { n: 4, status: 'ok', reasons: [] },
    { n: 5, status: 'changed', reasons: ['moved', 'visual'] },
    { n: 6, status: 'missing', reasons: ['not-found'] },
    { n: 7, status: 'unchecked', reasons: ['not-reached'] },
  ]);
  await expect(report).toContainText('name now "Deploy release", recorded "Deploy now"');
  await expect(report).toContainText('its test id no longer finds it; found by role and name');
  await expect(report.getByRole('img', { name: 'Step 3 as recorded' })).toBeVisible();
  await expect(report.getByRole('img', { name: 'Step 3 now' })).toBeVisible();
  await expect(report).toContainText('5 steps drifted — checked today');


  // ── Accept changes: one edit, a new revision; the removed step is the author's to delete. ──
  await editor.button('Accept changes').click();
  await expect(editor.page.getByRole('status').filter({ hasText: 'Accepted the changes of steps 1, 2, 3, 5' })).toBeVisible();
  await expect(editor.stepText(3)).toHaveValue('Click **Deploy release**.');
  await expect(editor.button('Accept changes')).toHaveCount(0);
  await editor.button('Undo').click();
  await expect(editor.stepText(3)).toHaveValue('Click **Deploy now**.');
  await editor.button('Redo').click();
  await expect(editor.stepText(3)).toHaveValue('Click **Deploy release**.');
  await editor.page.getByRole('button', { name: 'Delete step 6' }).click();
  await expect(editor.steps()).toHaveCount(6);
  await editor.saved();

  // ── The next check is clean (the host is safe now: no confirmation). ──
  await editor.button('Check against the app').click();
  await editor.page.getByRole('form', { name: 'Check against the app: values' }).getByRole('button', { name: 'Run the check' }).click();
  await expect(message).toHaveText('Check finished.', { timeout: 90_000 });
  const clean = await reportRows(editor);
  console.log('re-check over v2:', JSON.stringify(clean));
  expect(clean.map((r) => r.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
  await expect(report).toContainText('No drift — checked today');

  // ── The health badge in the editor's library and the popup's list. ──
  await editor.button('← Library').click();
  await expect(editor.procedures().first().getByTestId('drift-badge')).toHaveText('No drift — checked today');
  const tab = await context.newPage();
  await tab.goto(v1);
  const popup = await PopupPage.open(context, extensionId, await tabIdOf(tab));
  await expect(popup.sops().first().getByTestId('drift-badge')).toHaveText('No drift — checked today');

  // The host marked safe is listed in Options → Privacy, removable.
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options.getByRole('list', { name: 'Safe to replay' })).toContainText(host);
  await options.getByRole('button', { name: `No longer safe to replay: ${host}` }).click();
  await expect(options.getByText('None yet: mark a staging host when a check asks.')).toBeVisible();
});
