/**
 * The backbone, end to end: a person presses Start in the popup, works through the Shipyard console
 * (SPA routes, a modal, same- and cross-origin iframes, a shadow root, a new tab), presses Stop, and finds a
 * stored draft with one screenshot per step that they can edit and export as Markdown.
 */
import { readFile } from 'node:fs/promises';
import { strFromU8, unzipSync } from 'fflate';
import { SECTIONS } from '../../lib/sop/sections';
import { expect, test } from './fixtures';
import { dumpExtensionStorage, dumpIndexedDb, findSecrets, readStores } from './helpers/idb-dump';
import { recordChecks } from './helpers/record';
import { collectRecorderWarnings, recorderLog } from './helpers/recorder-log';
import { waitForStoredEvent, waitForStream } from './helpers/recording';
import { readStoredSteps } from './helpers/stored-steps';
import { PopupPage } from './pages/popup-page';
import { expectedStepTexts, HOSTILE_LABEL, runDeployWorkflow, SECRETS, toPlainText } from './workflows/deploy-workflow.mjs';

const ALL_OPTIONAL = { include: ['purge-cache', 'api-key', 'release-notes'] };

test('records the deploy workflow into a stored SOP with one screenshot per step, and exports it', async ({
  context,
  extensionId,
  servers,
  tabIdOf,
  serviceWorker,
}) => {
  await collectRecorderWarnings(serviceWorker);
  const page = await context.newPage();
  await page.goto(`${servers.mainOrigin}/services`);
  const tabId = await tabIdOf(page);
  const popup = await PopupPage.open(context, extensionId, tabId);
  await popup.start();
  await expect(popup.page.getByTestId('phase')).toHaveText('Recording');

  await page.bringToFront();
  await runDeployWorkflow(page, ALL_OPTIONAL);
  const expected = expectedStepTexts(ALL_OPTIONAL);

  // Live count in the popup and on the badge while still recording.
  await expect.poll(() => popup.stepCount(), { timeout: 15_000 }).toBeGreaterThanOrEqual(expected.length);
  const liveCount = await popup.stepCount();
  expect(await serviceWorker.evaluate(() => chrome.action.getBadgeText({}))).toBe(String(liveCount));

  await popup.page.bringToFront();
  await popup.stop();
  const sop = popup.sop();
  await sop.getByRole('list', { name: 'Steps' }).waitFor();
  expect(Number(await sop.getAttribute('data-draft-ms'))).toBeGreaterThan(0);

  // Steps: count, order, text (rendered as plain text: the hostile label is shown literally, inert).
  expect(await popup.stepTexts()).toEqual(expected.map(toPlainText));
  expect(liveCount).toBe(expected.length);
  await expect(sop.getByText(`Click ${HOSTILE_LABEL}.`)).toBeVisible();
  expect(await popup.page.locator('img[src="x"]').count()).toBe(0);
  await expect(popup.page.getByLabel('Title')).toHaveValue('Deploy payments-api — Shipyard');

  // One screenshot per step, each from its own moment.
  const stored = await readStoredSteps(popup.page);
  expect(stored.map((s) => s.text)).toEqual(expected);
  const consoleTab = stored.filter((s) => s.tabId === tabId);
  for (const step of stored) {
    if (step.kind === 'open-tab' || step.kind === 'switch-tab') continue;
    if (!step.shot) console.log(`no screenshot for "${step.text}" (${step.shotNote ?? 'no note'}); the recorder said:\n${await recorderLog(serviceWorker)}`);
    expect(step.shot, `screenshot for "${step.text}"`).toBeDefined();
    // taken at the action (pointerdown), never long before or after; a step's time is when typing began, and
    // into a secret field (capture held while it has focus) its shot comes when typing ended
    expect(step.shot!.t, step.text).toBeLessThanOrEqual(step.t + (step.kind === 'type' ? 10_000 : 50));
    expect(step.shot!.t, step.text).toBeGreaterThanOrEqual(step.t - 5_000);
  }
  const shotIds = stored.flatMap((s) => (s.shot ? [s.shot.id] : []));
  expect(new Set(shotIds).size).toBe(shotIds.length);
  expect(consoleTab.every((s) => !s.shot || s.shot.source === 'tab-stream')).toBe(true);
  // The recorded tab's shots are as large as the tab (real size, not the 800×600 default).
  const size = await page.evaluate(() => ({ w: innerWidth, h: innerHeight }));
  for (const s of consoleTab) if (s.shot) expect(Math.abs(s.shot.width - size.w)).toBeLessThanOrEqual(2);
  // "Click New deployment" is shot before the dialog (and its dark backdrop) appeared; the next step's shot
  // shows the dialog.
  const byText = (start: string) => stored.find((s) => toPlainText(s.text).startsWith(start))!;
  const beforeDialog = byText('Click New deployment').shot!.luminance;
  const inDialog = byText('Select v1.5.0').shot!.luminance;
  expect(beforeDialog - inDialog).toBeGreaterThan(15);
  // Clicks inside the iframes and the shadow root carry a highlight placed in tab coordinates.
  for (const name of ['Run health check', 'Refresh build status', 'Approve release']) {
    const step = byText(`Click ${name}`);
    expect(step.highlight, name).toBeDefined();
    expect(step.highlight!.box.x).toBeGreaterThan(0);
  }

  // What the page showed after a step is its expected result: the toast after the final Deploy click.
  const db = await readStores<{ steps: { id: string; order: number; text: string }[]; documents: { stepNotes: Record<string, { expectedResult: { text: string; source: string } }> }[] }>(popup.page, 'steps', 'documents');
  const deploy = db.steps.sort((x, y) => x.order - y.order).filter((s) => s.text === 'Click **Deploy**.').at(-1)!;
  const expectedResult = db.documents[0]?.stepNotes[deploy.id]?.expectedResult;
  expect(expectedResult?.text).toContain('Deployment started');
  expect(expectedResult?.source).toBe('page');

  // No secret anywhere: IndexedDB, extension storage.
  const dump = await dumpIndexedDb(popup.page);
  expect(dump.exists).toBe(true);
  expect(findSecrets(dump, SECRETS)).toEqual([]);
  expect(findSecrets(await dumpExtensionStorage(popup.page), SECRETS)).toEqual([]);

  // Markdown export: zip with sop.md and images, the document's sections around the steps, page text
  // escaped, no secrets.
  const download = await popup.export('Export Markdown');
  // (Playwright stores downloads under generated names; the popup reports the name it asked for.)
  await expect(popup.page.getByRole('status').filter({ hasText: 'Exported deploy-payments-api-shipyard.zip' })).toBeVisible();
  const zip = unzipSync(new Uint8Array(await readFile(download.path)));
  const md = strFromU8(zip['sop.md']!);
  expect(md).toMatch(new RegExp(String.raw`^---\ntitle: "Deploy payments-api — Shipyard"\ncreated: "\d{4}-\d\d-\d\dT[^"]+"\nsource_url: "http:\/\/127\.0\.0\.1:\d+\/services"\nstep_count: ${expected.length}\n---\n\n# Deploy payments-api — Shipyard\n`));
  // Every section once, in the document's order, the numbered steps under "Procedure".
  expect(md.split('\n').filter((l) => /^#{1,6} /.test(l))).toEqual(['# Deploy payments-api — Shipyard', ...SECTIONS.map((s) => `## ${s.heading}`)]);
  const procedure = md.slice(md.indexOf('\n## Procedure\n'), md.indexOf('\n## Go/no-go gates\n'));
  let last = -1;
  for (const [i, text] of expected.entries()) {
    const at = procedure.indexOf(`\n${i + 1}. ${text}\n`);
    expect(at, `step ${i + 1}: ${text}`).toBeGreaterThan(last);
    last = at;
  }
  expect(procedure.match(/^\d+\. /gm)).toHaveLength(expected.length);
  // The drafted expected results sit inside their step's list item; the diagram closes the document.
  expect(procedure).toMatch(/^ {3,4}\*\*Expected result:\*\* \S/m);
  expect(md).toMatch(/\n## Flow diagram\n\n```mermaid\nflowchart TD\n[\s\S]+\n```\n$/);
  // page text is inert: every `<` and `](` that came from the hostile label is backslash-escaped
  expect(md).not.toMatch(/(^|[^\\])<img|[^\\]\]\(javascript/);
  const images = Object.keys(zip).filter((k) => k.startsWith('images/'));
  expect(images).toHaveLength(shotIds.length);
  // WebP by default (lib/export/image-format.ts): named .webp, and a RIFF…WEBP header, not only the name.
  for (const name of images) {
    expect(name).toMatch(/^images\/step-\d\d\.webp$/);
    expect(md).toContain(`](${name})`);
    expect(Buffer.from(zip[name]!.subarray(0, 4)).toString('latin1')).toBe('RIFF');
    expect(Buffer.from(zip[name]!.subarray(8, 12)).toString('latin1')).toBe('WEBP');
  }
  expect(findSecrets(md, SECRETS)).toEqual([]);

  // Single-file variant: the same text with inline images.
  const single = await popup.export('Export single-file Markdown');
  await expect(popup.page.getByRole('status').filter({ hasText: 'Exported deploy-payments-api-shipyard.md' })).toBeVisible();
  const singleMd = await readFile(single.path, 'utf8');
  const inline = [...singleMd.matchAll(/!\[[^\]]*\]\(data:image\/webp;base64,([A-Za-z0-9+/=]+)\)/g)];
  expect(inline).toHaveLength(shotIds.length);
  for (const [, b64] of inline) expect(Buffer.from(b64!, 'base64').subarray(8, 12).toString('latin1')).toBe('WEBP');
  expect(singleMd).not.toContain('data:image/png');
  expect(findSecrets(singleMd, SECRETS)).toEqual([]);
});

test('the popup edits the draft: step text, order, delete, undo, rename — and the edits persist', async ({ context, extensionId, servers, tabIdOf }) => {
  const popup = await recordChecks(context, extensionId, servers.mainOrigin, tabIdOf, 3);
  expect(await popup.stepTexts()).toEqual(['Click Check 1.', 'Click Check 2.', 'Click Check 3.']);

  const p = popup.page;
  const status = (text: string) => p.getByRole('status').filter({ hasText: text });
  await expect(popup.button('Undo')).toBeDisabled();
  await p.getByRole('button', { name: 'Edit step 2' }).click();
  await p.getByLabel('Step 2 text').fill('Click **Check 2** and wait for the green tick.');
  await p.getByLabel('Step 2 narration').fill('The tick can take a minute on a cold cache.');
  await p.getByLabel('Step 2 text').press('Enter');
  await expect(status('Saved step 2.')).toBeVisible();
  await p.getByRole('button', { name: 'Move step 3 up' }).click();
  await expect.poll(() => popup.stepTexts()).toEqual(['Click Check 1.', 'Click Check 3.', 'Click Check 2 and wait for the green tick.']);
  await p.getByRole('button', { name: 'Delete step 1' }).click();
  await expect.poll(() => popup.stepTexts()).toEqual(['Click Check 3.', 'Click Check 2 and wait for the green tick.']);
  // Undo takes back the popup's edits one at a time: the delete, then the move.
  await popup.button('Undo').click();
  await expect.poll(() => popup.stepTexts()).toEqual(['Click Check 1.', 'Click Check 3.', 'Click Check 2 and wait for the green tick.']);
  await popup.button('Undo').click();
  await expect.poll(() => popup.stepTexts()).toEqual(['Click Check 1.', 'Click Check 2 and wait for the green tick.', 'Click Check 3.']);
  await expect(status('Undone.')).toBeVisible();
  await p.getByRole('button', { name: 'Move step 3 up' }).click();
  await expect(status('Moved step 3 up.')).toBeVisible();
  await p.getByRole('button', { name: 'Delete step 1' }).click();
  await expect.poll(() => popup.stepTexts()).toEqual(['Click Check 3.', 'Click Check 2 and wait for the green tick.']);
  await p.getByLabel('Title').fill('Toggle the post-deploy checks');
  await p.getByRole('button', { name: 'Rename' }).click();
  await expect(status('Renamed.')).toBeVisible();

  await p.reload();
  await popup.openSop('Toggle the post-deploy checks');
  expect(await popup.stepTexts()).toEqual(['Click Check 3.', 'Click Check 2 and wait for the green tick.']);
  await expect(popup.sop().locator('.step__narration')).toHaveText(['The tick can take a minute on a cold cache.']);
  await expect(p.getByText('2 steps', { exact: false }).first()).toBeVisible();
  // A reopened popup has nothing of its own to undo.
  await expect(popup.button('Undo')).toBeDisabled();
});

test('a burst of 10 clicks within one second keeps 10 steps with their own screenshots', async ({ context, extensionId, servers, tabIdOf }) => {
  const page = await context.newPage();
  await page.goto(`${servers.mainOrigin}/burst.html`);
  const popup = await PopupPage.open(context, extensionId, await tabIdOf(page));
  await popup.start();
  // The tab video shows the page before the burst: every click's screenshot comes from it.
  await waitForStream(context, page);
  const boxes = await page.getByRole('group', { name: 'Checks' }).getByRole('button').evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    }),
  );
  const started = Date.now();
  for (const b of boxes) await page.mouse.click(b.x, b.y);
  const burstMs = Date.now() - started;
  console.log(`burst of ${boxes.length} clicks took ${burstMs} ms`);

  await popup.page.bringToFront();
  await expect.poll(() => popup.stepCount(), { timeout: 20_000 }).toBe(10);
  await popup.stop();
  const stored = await readStoredSteps(popup.page);
  expect(stored.map((s) => s.text)).toEqual(Array.from({ length: 10 }, (_, i) => `Click **Check ${i + 1}**.`));
  const shots = stored.map((s) => s.shot);
  expect(shots.map((s) => s?.source ?? 'none')).toEqual(Array.from({ length: 10 }, () => 'tab-stream'));
  expect(new Set(shots.map((s) => s!.id)).size).toBe(10);
  // in the order clicked
  const times = shots.map((s) => s!.t);
  expect([...times].sort((a, b) => a - b)).toEqual(times);
});

test('recording survives the popup closing, a reload and a full navigation; pause leaves actions out', async ({ context, extensionId, servers, tabIdOf }) => {
  const page = await context.newPage();
  await page.goto(`${servers.mainOrigin}/burst.html`);
  const tabId = await tabIdOf(page);
  let popup = await PopupPage.open(context, extensionId, tabId);
  await popup.start();
  await popup.page.close();

  await page.bringToFront();
  await page.getByRole('button', { name: 'Check 1', exact: true }).click();
  await page.reload();
  await page.getByRole('button', { name: 'Check 2', exact: true }).click();

  popup = await PopupPage.open(context, extensionId, tabId);
  await expect(popup.page.getByTestId('phase')).toHaveText('Recording');
  await popup.pause();
  await page.bringToFront();
  await page.getByRole('button', { name: 'Check 3', exact: true }).click();
  await popup.page.bringToFront();
  await popup.resume();

  await page.bringToFront();
  await page.goto(`${servers.mainOrigin}/audit.html`);
  await page.getByRole('link', { name: /Back to services/ }).click();
  await page.waitForURL(/\/services/);
  await popup.page.bringToFront();
  await popup.stop();
  const texts = await popup.stepTexts();
  expect(texts[0]).toBe('Click Check 1.');
  expect(texts).toContain('Reload the page.');
  expect(texts).toContain('Click Check 2.');
  expect(texts).not.toContain('Click Check 3.');
  expect(texts.some((t) => /^Go to .*Audit/.test(t))).toBe(true);
  expect(texts.at(-1)).toMatch(/^Click .*Back to services/);
});

test('back/forward become steps, and closing the recorded tab ends and saves the recording', async ({ context, extensionId, servers, tabIdOf }) => {
  const page = await context.newPage();
  await page.goto(`${servers.mainOrigin}/services`);
  const popup = await PopupPage.open(context, extensionId, await tabIdOf(page));
  await popup.start();
  await page.bringToFront();
  await page.getByRole('link', { name: 'payments-api', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'payments-api' }).waitFor();
  // The click's own navigation (the SPA route) is recorded before going back. No time gap is needed: a navigation
  // sooner than CONSEQUENCE_MS after the one before it is folded into it only when it is not the person's own, and
  // back/forward always is (lib/steps/synthesize.ts; unit-tested in tests/unit/steps/synthesize.test.ts).
  await waitForStoredEvent(popup.page, (e) => e.kind === 'navigate' && e.page.url.endsWith('/services/payments-api'), 'the route change to payments-api');
  await page.goBack();
  await page.getByRole('heading', { level: 1, name: 'Services' }).waitFor();
  // The back is recorded and named after the page it went back to before the next navigation: the recorder
  // corrects a navigation's title only while it is the tab's latest one.
  await waitForStoredEvent(popup.page, (e) => e.kind === 'navigate' && e.cause === 'back-forward' && /Services/.test(e.page.title), 'the back to Services, named');
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.waitForURL(/audit/);
  await page.close();

  await popup.page.bringToFront();
  await expect(popup.page.getByTestId('phase')).toHaveText('Ready', { timeout: 30_000 });
  await popup.openSop(0);
  const texts = await popup.stepTexts();
  expect(texts[0]).toBe('Click payments-api.');
  expect(texts[1]).toMatch(/^Go back to .*Services/);
  expect(texts.at(-1)).toMatch(/^Click Audit log\.$/);
});
