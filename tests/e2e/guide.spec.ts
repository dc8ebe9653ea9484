/**
 * Guide me end to end: an SOP built from targets the recorder's own describer reads off the fixture page
 * (tests/fixtures/demo-console/guide.html), imported through the editor's Import SOP…; then Guide me from the
 * editor opens the page in a new tab and walks through it: the panel shows each step and the highlight rings
 * its element (in the iframe that owns it, inside a shadow root, over a modal dialog); the test acts as a user
 * (trusted Playwright clicks and typing) and the panel advances, into the tab a step opens; a button the test renamed is re-found by
 * score, a look-alike pair is reported not found; Back / Skip / Done by keyboard; the run log shows in the
 * editor; nothing is recorded.
 */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { dumpIndexedDb } from './helpers/idb-dump';
import { describerSource, expectRingAround, ring } from './helpers/guide-ring';
import { EditorPage } from './pages/editor-page';
import { PopupPage } from './pages/popup-page';
import { buildSopJson } from '../../lib/export/json';
import { emptyDocument } from '../../lib/sop/document';
import type { SessionId, ShotId, Sop, SopId, Step, StepId, StepKind, TargetContext } from '../../lib/model';

type Where = Page | Frame;

async function describeIn(where: Where, source: string, find: string): Promise<TargetContext> {
  await where.evaluate((src) => {
    if (!(globalThis as { SopDescribe?: unknown }).SopDescribe) (0, eval)(src);
  }, source);
  // `find` is an expression evaluated in the page that yields the element (light DOM, frame or shadow root).
  return where.evaluate((expr) => {
    const el = (0, eval)(expr) as Element;
    return (globalThis as unknown as { SopDescribe: { describe(e: Element): TargetContext } }).SopDescribe.describe(el);
  }, find);
}

test('Guide me walks through the steps on the live page, re-finds a renamed button by score, and logs the run', async ({ context, extensionId, servers, tabIdOf }) => {
  const url = `${servers.mainOrigin}/guide.html`;
  const source = await describerSource();

  // "Record": describe each step's element on the page as it was.
  const original = await context.newPage();
  await original.goto(url);
  const frame = original.frame({ url: /guide-frame\.html/ });
  expect(frame).not.toBeNull();
  await frame!.getByRole('button', { name: 'Approve' }).waitFor();
  const targets = {
    start: await describeIn(original, source, "document.querySelector('#start button')"),
    version: await describeIn(original, source, "document.getElementById('version')"),
    deploy: await describeIn(original, source, "document.querySelectorAll('.actions button')[1]"),
    // The background fills in the frame path as the iframe's selector; the content script sees only its frame.
    approve: { ...(await describeIn(frame!, source, "document.querySelector('button')")), framePath: ['#build-frame'] },
    acknowledge: await describeIn(original, source, "document.getElementById('health').shadowRoot.querySelectorAll('button')[1]"),
    openSettings: await describeIn(original, source, "[...document.querySelectorAll('button')].find((b) => b.textContent === 'Open settings')"),
    saveSettings: await describeIn(original, source, "document.querySelector('#settings button')"),
    retry: await describeIn(original, source, "document.querySelector('.jobs button')"),
    openBuild: await describeIn(original, source, "document.querySelector('#links a')"),
  };
  expect(targets.acknowledge.shadowPath).toEqual(['#health']);
  expect(targets.openSettings.name).toBe('Open settings');
  // The screenshot a recording would have kept for the Retry step (shown when the element is not found).
  const png = await original.screenshot();
  const viewport = await original.evaluate(() => ({ width: innerWidth, height: innerHeight }));
  await original.close();

  const sop: Sop = { id: 'guide-sop' as SopId, title: 'Release checklist', createdAt: 1, updatedAt: 1, sourceUrl: url, stepCount: 11, durationMs: 60_000 };
  const page = { url, title: 'Shipyard — Release checklist' };
  const buildPage = { url: `${servers.mainOrigin}/guide-frame.html`, title: 'Build status' };
  const step = (n: number, kind: StepKind, text: string, target?: TargetContext, value?: string, on: { page: typeof page; tabId: number } = { page, tabId: 1 }): Step => ({
    id: `s${n}` as StepId,
    sopId: sop.id,
    order: n,
    kind,
    text,
    ...(target ? { target } : {}),
    ...(value ? { value } : {}),
    page: on.page,
    tabId: on.tabId,
    t: n * 1000,
    eventIds: [],
  });
  const steps = [
    step(1, 'click', 'Click **Start deploy**.', targets.start),
    step(2, 'type', 'Type "v1.5.0" into **Version**.', targets.version, 'v1.5.0'),
    step(3, 'click', 'Click **Deploy now**.', targets.deploy),
    step(4, 'click', 'Click **Approve**.', targets.approve),
    step(5, 'click', 'Click **Acknowledge**.', targets.acknowledge),
    step(6, 'click', 'Click **Open settings**.', targets.openSettings),
    step(7, 'click', 'Click **Save settings**.', targets.saveSettings),
    { ...step(8, 'click', 'Click **Retry**.', targets.retry), shotId: 'shot8' as ShotId, highlight: { box: targets.retry.box, viewport } },
    step(9, 'click', 'Click **Open build page**.', targets.openBuild),
    // In the tab that link opens (the same Approve button, now in a page of its own).
    step(10, 'click', 'Click **Approve**.', { ...targets.approve, framePath: [] }, undefined, { page: buildPage, tabId: 2 }),
    step(11, 'manual', 'Tell the team in \\#releases.', undefined, undefined, { page: buildPage, tabId: 2 }),
  ];
  const file = join(tmpdir(), `guide-sop-${Date.now()}.json`);
  const shot = { id: 'shot8' as ShotId, sessionId: 'session' as SessionId, mimeType: 'image/png', width: png.readUInt32BE(16), height: png.readUInt32BE(20), viewport, at: 1, t: 8_000, source: 'tab-stream' as const };
  // A variable in the start URL: Guide me asks for it (prefilled with the recorded example).
  const doc = { ...emptyDocument(sop), variables: [{ name: 'host', description: 'Console host', example: new URL(url).host, occurrences: [] }] };
  await writeFile(file, buildSopJson({ sop, steps, doc, shots: [{ shot, bytes: new Uint8Array(png) }] }, Date.now()));

  const editor = await EditorPage.open(context, extensionId);
  const [chooser] = await Promise.all([editor.page.waitForEvent('filechooser'), editor.button('Import SOP…').click()]);
  await chooser.setFiles(file);
  await expect(editor.page).toHaveURL(/#\/sop\//);
  await expect(editor.steps()).toHaveCount(11);

  // Guide me from the editor: it asks for the start URL's variable once, then a new tab opens at the start URL.
  await editor.button('Guide me').click();
  const values = editor.page.getByRole('form', { name: 'Guide me: values' });
  await expect(values.getByLabel('Console host')).toHaveValue(new URL(url).host);
  const [guided] = await Promise.all([context.waitForEvent('page'), values.getByRole('button', { name: 'Start guide' }).click()]);
  await guided.waitForURL(url);
  // The page changed since the recording: the deploy button was renamed, and the job list now holds two
  // look-alike buttons where there was one.
  await guided.evaluate(() => {
    document.querySelectorAll('.actions button')[1]!.textContent = 'Deploy release';
    document.querySelector('.jobs')!.innerHTML = '<li><button type="button">Retry job</button></li><li><button type="button">Retry job</button></li>';
  });

  const panel = guided.getByRole('region', { name: 'Guide me' });
  const status = panel.getByRole('status');
  const button = (name: string) => panel.getByRole('button', { name, exact: true });

  // Step 1: panel and highlight; a trusted click on the element advances.
  await expect(panel).toContainText('Step 1 of 11');
  await expect(panel).toContainText('Click Start deploy.');
  await expect(status).toContainText('Found by its role and name');
  await expectRingAround(guided, guided.getByRole('button', { name: 'Start deploy' }));
  // The page's own elements are left alone: no attribute of ours on them.
  expect(await guided.evaluate(() => document.querySelector('#start button')!.getAttributeNames())).toEqual(['type', 'onclick']);
  await guided.getByRole('button', { name: 'Start deploy' }).click();
  await expect(panel).toContainText('Step 2 of 11');

  // Back and Skip by keyboard.
  await button('Back').press('Enter');
  await expect(panel).toContainText('Step 1 of 11');
  await button('Skip').press('Enter');
  await expect(panel).toContainText('Step 2 of 11');

  // Step 2: typing the recorded value completes it.
  await expect(status).toContainText('Found by');
  await guided.getByLabel('Version').pressSequentially('v1.5.0');
  await expect(panel).toContainText('Step 3 of 11');

  // Step 3: renamed — found by resemblance, and the panel says what it reads now.
  await expect(status).toContainText('Found by resemblance');
  await expect(status).toContainText('It now reads "Deploy release" (recorded "Deploy now")');
  await expectRingAround(guided, guided.getByRole('button', { name: 'Deploy release' }));
  await guided.getByRole('button', { name: 'Deploy release' }).click();
  await expect(panel).toContainText('Step 4 of 11');

  // Step 4: in the iframe — the ring is drawn in the frame that owns the element, not in the top document.
  const buildFrame = guided.frame({ url: /guide-frame\.html/ })!;
  await expectRingAround(buildFrame, buildFrame.getByRole('button', { name: 'Approve' }));
  await expect(ring(guided)).toHaveCount(0);
  await buildFrame.getByRole('button', { name: 'Approve' }).click();
  await expect(panel).toContainText('Step 5 of 11');

  // Step 5: inside the web component's shadow root.
  const acknowledge = guided.locator('health-card').getByRole('button', { name: 'Acknowledge' });
  await expectRingAround(guided, acknowledge);
  await expect(ring(buildFrame)).toHaveCount(0);
  await acknowledge.click();
  await expect(panel).toContainText('Step 6 of 11');

  // Steps 6–7: a modal dialog opens; the ring stays in the top layer, above it.
  await guided.getByRole('button', { name: 'Open settings' }).click();
  await expect(panel).toContainText('Step 7 of 11');
  const save = guided.getByRole('button', { name: 'Save settings' });
  await expectRingAround(guided, save);
  expect(await guided.evaluate(() => document.querySelector('sop-guide-highlight')!.matches(':popover-open'))).toBe(true);
  // The panel stays usable while the page's modal dialog makes the rest of the page inert.
  await button('Back').click();
  await expect(panel).toContainText('Step 6 of 11');
  await button('Skip').press('Enter');
  await expect(panel).toContainText('Step 7 of 11');
  await expectRingAround(guided, save);
  await save.click();
  await expect(panel).toContainText('Step 8 of 11');

  // Step 8: two look-alikes — not found, said plainly; done by hand and Done (keyboard).
  await expect(status).toContainText('Not found');
  await expect(status).toContainText('look alike');
  await expect(ring(guided)).toHaveCount(0);
  // …with the recorded screenshot and where the element was on it.
  const thumb = panel.getByRole('img', { name: 'The recorded screenshot of this step' });
  await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(shot.width);
  await expect(panel.locator('figure .box')).toBeVisible();
  await button('Done').press('Enter');
  await expect(panel).toContainText('Step 9 of 11');

  // Step 9 opens a tab; step 10 happens there: the panel and the ring follow into it.
  const link = guided.getByRole('link', { name: 'Open build page' });
  await expectRingAround(guided, link);
  const [tab2] = await Promise.all([context.waitForEvent('page'), link.click()]);
  const panel2 = tab2.getByRole('region', { name: 'Guide me' });
  await expect(panel2).toContainText('Step 10 of 11');
  await expectRingAround(tab2, tab2.getByRole('button', { name: 'Approve' }));
  await tab2.getByRole('button', { name: 'Approve' }).click();
  await expect(panel2).toContainText('Step 11 of 11');

  // Step 11: a manual step; Done by keyboard finishes the run.
  await expect(panel2).toContainText('Tell the team in #releases.');
  await panel2.getByRole('button', { name: 'Done', exact: true }).press('Enter');
  await expect(panel2).toContainText('All steps done.');
  await expect(panel).toHaveCount(0);

  // The run log, in the editor.
  await editor.page.bringToFront();
  await editor.page.reload();
  const log = editor.page.getByRole('list', { name: 'Run log' }).first();
  await expect(log).toContainText('Step 1: found by role and name');
  await expect(log).toContainText('Step 1: skipped');
  await expect(log).toContainText(/Step 3: found by score \d+ % \(margin \d+ %\) — name now "Deploy release", recorded "Deploy now"/);
  await expect(log).toContainText('Step 4: found by role and name in a frame');
  await expect(log).toContainText(/Step 8: not found — 2 elements look alike/);
  await expect(log).toContainText('Step 8: done (Done pressed)');
  await expect(log).toContainText('Step 9: done (by the action)');
  await expect(log).toContainText('Step 10: found by role and name');
  await expect(log).toContainText('Finished');

  // From the popup of that tab: Guide me on the SOP in the list reuses the tab (values remembered), from step 1.
  const guidedTab = await tabIdOf(guided);
  const popup = await PopupPage.open(context, extensionId, guidedTab);
  await popup.page.getByRole('list', { name: 'Saved SOPs' }).getByRole('button', { name: 'Guide me' }).click();
  const again = popup.page.getByRole('form', { name: 'Guide me: values' });
  await expect(again.getByLabel('Console host')).toHaveValue(new URL(url).host);
  const pagesBefore = context.pages().length;
  await again.getByRole('button', { name: 'Start guide' }).click();
  await expect(panel).toContainText('Step 1 of 11');
  await expect(status).toContainText('Found by');
  expect(context.pages().length).toBe(pagesBefore);
  await popup.page.close();

  // Guide captures nothing: no recording events, and still one SOP of eleven steps.
  const dump = await dumpIndexedDb(editor.page, { stores: ['events', 'sops', 'steps'] });
  expect(dump.stores.events?.count ?? 0).toBe(0);
  expect(dump.stores.sops?.count).toBe(1);
  expect(dump.stores.steps?.count).toBe(11);
});
