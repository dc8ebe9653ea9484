/**
 * A real, widely used open-source web application recorded like a user would: Node-RED (npm `node-red`,
 * Apache-2.0, installed in tests/apps/node-red) on 127.0.0.1 (tests/e2e/helpers/node-red.ts). Its own widgets: the
 * login modal (a username and password form), the flow editor's SVG canvas, the node edit tray with its selects
 * and text fields, Deploy. Node-RED has no iframe in its editor. A comment node on the canvas shows an AWS key; it
 * and the password must never be legible (tesseract) in a stored or exported image, nor stored as text.
 *
 * Once at 100 % with every step's text and order; then the geometry (the highlight on the element the page
 * measured, IoU ≥ 0.8, mapped by this test) and OCR checks at 125 % zoom and on a letterboxed stream.
 *
 * No fixed sleeps: where a person would pause (pointer resting on a node, the editor loading, the tray sliding
 * away) the test waits for what the page shows and then for the page to be idle. Slow things (the editor's
 * load, the tray) are waited for as long as the test's own timeout allows ({ timeout: 0 }): how fast a loaded
 * 2-core machine runs Node-RED is not what is tested.
 */
import { readFile } from 'node:fs/promises';
import type { BrowserContext, Locator, Page, Worker } from '@playwright/test';
import { expect, test } from './fixtures';
import type { PopupPage } from './pages/popup-page';
import { dumpExtensionStorage, dumpIndexedDb, findSecrets } from './helpers/idb-dump';
import { ensureNodeRedInstalled, startNodeRed, type NodeRed } from './helpers/node-red';
import { collectRecorderWarnings, recorderLog } from './helpers/recorder-log';
import { boxOf, exportMarkdownImages, exportedHighlight, launchOwnBrowser, ocrStoredShots, setTabZoom, startRecording, type Measured } from './helpers/recorded-shots';
import { readStoredSop, type StoredStep } from './helpers/stored-steps';
import { iou, legibleSecrets, ocr, pixelFacts } from './helpers/shot-pixels';

const USERNAME = 'operator';
const PASSWORD = 'NR-pw-9f3Kq7Lx2v';
const AWS_KEY = 'AKIAQ7XW3NB2RT5YUJ6K';
const SECRETS = [AWS_KEY, PASSWORD];
/** Wait for as long as the test's timeout allows. */
const UNTIL_TEST_TIMEOUT = { timeout: 0 };

/** One flow: an inject node wired to a debug node, and a comment that shows a credential on the canvas. */
const FLOWS = [
  { id: 'f1', type: 'tab', label: 'Billing export', disabled: false, info: '' },
  { id: 'n1', type: 'inject', z: 'f1', name: 'Nightly report', props: [{ p: 'payload' }], repeat: '', crontab: '', once: false, onceDelay: 0.1, topic: '', payload: '', payloadType: 'date', x: 110, y: 80, wires: [['n2']] },
  { id: 'n2', type: 'debug', z: 'f1', name: 'Report log', active: true, tosidebar: true, console: false, tostatus: false, complete: 'payload', targetType: 'msg', statusVal: '', statusType: 'auto', x: 300, y: 80, wires: [] },
  { id: 'n3', type: 'comment', z: 'f1', name: `AWS key ${AWS_KEY}`, info: '', x: 170, y: 160, wires: [] },
];

// Node-RED builds its editor with jQuery while the tab is being captured: on a loaded 2-core machine an action
// can wait long for the page.
test.use({ actionTimeout: 60_000 });

// A checkout where nobody ran .ci/run: Node-RED is installed here, once, before any test's own timeout starts.
test.beforeAll(async () => {
  test.setTimeout(300_000);
  await ensureNodeRedInstalled();
});

interface NodeRedPage {
  page: Page;
  red: NodeRed;
  /** The body of a node on the canvas (its visible box; the group around it also holds its ports). */
  node(id: string): Locator;
}

async function openNodeRed(context: BrowserContext): Promise<NodeRedPage> {
  const red = await startNodeRed({ flows: FLOWS, username: USERNAME, password: PASSWORD });
  try {
    const page = await context.newPage();
    await page.goto(`${red.origin}/`);
    await expect(page.getByRole('dialog')).toContainText('Username', UNTIL_TEST_TIMEOUT);
    return { page, red, node: (id) => page.locator(`#${id} rect.red-ui-flow-node`) };
  } catch (e) {
    console.log(`Node-RED said:\n${red.log()}`);
    await red.close();
    throw e;
  }
}

/** Until the page has painted what it shows now and then had an idle moment (its own and the recorder's idle work done). */
async function settled(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => requestIdleCallback(() => resolve())))),
  );
}

/** Until `target` stays where it is from one frame to the next (a relayout, e.g. after a zoom, is over). */
async function steady(page: Page, target: Locator): Promise<void> {
  let last = '';
  await expect
    .poll(async () => {
      await settled(page);
      const now = JSON.stringify((await boxOf(target)).box);
      const same = now === last;
      last = now;
      return same;
    }, UNTIL_TEST_TIMEOUT)
    .toBe(true);
}

/**
 * Moves the mouse onto a node and rests there as a person does before pressing: until Node-RED has drawn the
 * node as hovered and the page has been idle since. Node-RED redraws a node the pointer enters; a press within
 * milliseconds of that (a test driver's move-then-click) replaces the hover state before the recorder measured
 * it, and the product then withholds the click's screenshot (fail closed).
 */
async function pointAt(page: Page, nodeId: string, target: Locator): Promise<void> {
  await target.hover();
  await expect(page.locator(`#${nodeId}`)).toHaveClass(/red-ui-flow-node-hovered/);
  await settled(page);
}

async function logIn({ page, node }: NodeRedPage, typing: boolean): Promise<void> {
  const username = page.getByLabel('Username:');
  const password = page.getByLabel('Password:');
  if (typing) {
    await username.click();
    await username.pressSequentially(USERNAME, { delay: 40 });
    await password.click();
    await password.pressSequentially(PASSWORD, { delay: 40 });
  } else {
    await username.fill(USERNAME);
    await password.fill(PASSWORD);
  }
  // The person moves the pointer to Login after typing, and the page has painted and measured the typed state.
  // Reported, not fixed: pressing at once after fast typing into the password field (every keystroke a state
  // replaced before it was measured, a low frame rate on a loaded machine) leaves no frame before the click
  // the page can say what it showed, and the click's screenshot is withheld (fail closed).
  const login = page.getByRole('button', { name: 'Login' });
  await login.hover();
  await settled(page);
  await login.click();
  await expect(node('n1')).toBeVisible(UNTIL_TEST_TIMEOUT);
  await expect(node('n3')).toBeVisible();
  // The editor opens the flow's tab itself (#flow/f1) once it has loaded; the person looks at the canvas then.
  await expect(page).toHaveURL(/#flow\/f1$/, UNTIL_TEST_TIMEOUT);
  await steady(page, node('n1'));
}

/** Where a test's time went (logged: the suite's time budget on 2 shared cores). */
function phases(): { mark(name: string): void; toString(): string } {
  let last = Date.now();
  const out: string[] = [];
  return {
    mark(name) {
      const now = Date.now();
      out.push(`${name} ${((now - last) / 1000).toFixed(1)} s`);
      last = now;
    },
    toString: () => out.join(', '),
  };
}

/** The step's stored highlight (CSS px) and the red box drawn in its exported image, each against the element's box. */
async function highlightIous(popup: PopupPage, worker: Worker, steps: readonly StoredStep[], stepNumber: number, measured: Measured, images: Map<number, Buffer>): Promise<{ stored: number; exported: number }> {
  const step = steps[stepNumber - 1];
  expect(step, `step ${stepNumber} exists`).toBeDefined();
  if (!step!.highlight) console.log(`no highlight on step ${stepNumber}; the recorder said:\n${await recorderLog(worker)}`);
  expect(step!.highlight, `step ${stepNumber} "${step!.text}" has a highlight (${step!.shotNote ?? 'no note'})`).toBeDefined();
  const png = images.get(stepNumber);
  expect(png, `step ${stepNumber} has an exported image`).toBeDefined();
  const facts = await pixelFacts(popup.page, png!);
  expect(facts.red, `a highlight is drawn in step ${stepNumber}'s image`).not.toBeNull();
  return { stored: iou(step!.highlight!.box, measured.box), exported: iou(facts.red!, exportedHighlight(measured, facts.width)) };
}

function expectOnElement(ious: readonly (readonly [string, { stored: number; exported: number }])[]): void {
  for (const [what, v] of ious) {
    expect(v.stored, `stored highlight vs ${what}`).toBeGreaterThanOrEqual(0.8);
    expect(v.exported, `exported highlight vs ${what}`).toBeGreaterThanOrEqual(0.8);
  }
}

const fmt = (v: { stored: number; exported: number }) => `${v.stored.toFixed(3)}/${v.exported.toFixed(3)}`;

/**
 * Double-clicks a node to open its edit tray. Node-RED tells a double-click by its own clock (650 ms between the
 * two mousedowns as its handlers see them): on a starved machine it can miss one, and a person then
 * double-clicks again. Whether it did is known once the page is idle after the double-click: the tray is then
 * in the page or not.
 */
async function openEditTray(page: Page, nodeId: string, target: Locator): Promise<number> {
  const tray = page.locator('.red-ui-tray');
  for (let tries = 1; ; tries++) {
    await pointAt(page, nodeId, target);
    await target.dblclick();
    await settled(page);
    if ((await tray.count()) > 0 || tries === 3) return tries;
  }
}

test('Node-RED at 100 %: log in, edit an inject node in its tray, deploy — the SOP says what the user did, in order, and shows no secret', async ({ context, serviceWorker, extensionId }) => {
  test.setTimeout(300_000);
  const started = Date.now();
  const app = await openNodeRed(context);
  const t = phases();
  const { page, red, node } = app;
  try {
    await collectRecorderWarnings(serviceWorker);
    const popup = await startRecording(context, serviceWorker, extensionId, page);
    t.mark('start recording');

    const loginButton = await boxOf(page.getByRole('button', { name: 'Login' }));
    await logIn(app, true);
    t.mark('log in + editor load');

    const inject = await boxOf(node('n1'));
    const doubleClicks = await openEditTray(page, 'n1', node('n1'));
    const name = page.locator('#node-input-name');
    await expect(name).toBeVisible(UNTIL_TEST_TIMEOUT);
    await expect(name).toHaveValue('Nightly report');

    await name.click();
    await name.fill('');
    await name.pressSequentially('Hourly billing report', { delay: 40 });
    await page.locator('#inject-time-type-select').selectOption('interval');
    const count = page.locator('#inject-time-interval-count');
    await expect(count).toBeVisible();
    await count.click();
    await count.fill('');
    await count.pressSequentially('6', { delay: 40 });
    await page.locator('#inject-time-interval-units').selectOption('h');
    await page.getByRole('button', { name: 'Done' }).click();
    await expect(page.locator('#n1')).toContainText('Hourly billing report', UNTIL_TEST_TIMEOUT);
    // The tray slides away; the person reads the canvas before deploying.
    await expect(page.locator('.red-ui-tray')).toHaveCount(0, UNTIL_TEST_TIMEOUT);
    await settled(page);
    await page.getByRole('link', { name: 'Deploy' }).click();
    await expect(page.getByText('Successfully deployed')).toBeVisible(UNTIL_TEST_TIMEOUT);
    const flows = JSON.parse(await readFile(`${red.userDir}/flows.json`, 'utf8')) as { id: string; name?: string; repeat?: string }[];
    expect(flows.find((n) => n.id === 'n1')).toMatchObject({ name: 'Hourly billing report', repeat: '21600' });
    const workflowMs = Date.now() - started;

    await popup.page.bringToFront();
    await popup.stop();
    t.mark('stop');
    const { steps, shots } = await readStoredSop(popup.page, { pixels: true });
    const texts = steps.map((s) => s.text);
    // The double-click that opens the tray is one "Double-click" step (again if Node-RED missed the first and the
    // person had to double-click again: those repeats are collapsed here).
    const collapsed = texts.filter((t, i) => !(t === 'Double-click **Nightly report**.' && texts[i - 1] === t));
    expect(collapsed).toEqual([
      `Type "${USERNAME}" into **Username**.`,
      'Type the password into **Password**.',
      'Click **Login**.',
      // (The editor sets #flow/f1 itself seconds after the login: the login's effect, not a step.)
      'Double-click **Nightly report**.',
      'Type "Hourly billing report" into **Name**.',
      // Node-RED's "Repeat" label is <label for=""> and the interval fields have none: the page gives them no
      // name, so the steps use the caption beside each (target.nearLabel; replays never locate by it). The
      // units select follows the count field in its row: no caption of its own.
      'Select **interval** in **Repeat**.',
      'Type "6" into **every**.',
      'Select **hours** in the drop-down.',
      'Click **Done**.',
      'Click **Deploy**.',
    ]);
    await expect(popup.page.getByLabel('Title')).toHaveValue(/Node-RED/);

    // Screenshots: every action has one, or says why not; the clicks on the login button and on the node are
    // highlighted where the page measured them.
    for (const step of steps) {
      if (step.kind === 'navigate') continue;
      expect(step.shotId ?? step.shotNote, `screenshot or a note for "${step.text}"`).toBeTruthy();
    }
    const stored = ocrStoredShots(shots, SECRETS);
    t.mark('OCR stored');
    const { md, images, kept } = await exportMarkdownImages(popup, SECRETS);
    t.mark('export + OCR');
    const at = (text: string) => texts.indexOf(text) + 1;
    const login = await highlightIous(popup, serviceWorker, steps, at('Click **Login**.'), loginButton, images);
    const nodeIou = await highlightIous(popup, serviceWorker, steps, at('Double-click **Nightly report**.'), inject, images);
    expectOnElement([['Login', login], ['the node', nodeIou]]);

    // The steps in the exported document, in order; no secret in it, in IndexedDB or in extension storage.
    let last = -1;
    for (const [i, text] of texts.entries()) {
      const found = md.indexOf(`\n${i + 1}. ${text}\n`);
      expect(found, `exported step ${i + 1}: ${text}`).toBeGreaterThan(last);
      last = found;
    }
    expect(findSecrets(md, SECRETS)).toEqual([]);
    expect(findSecrets(await dumpIndexedDb(popup.page), SECRETS)).toEqual([]);
    expect(findSecrets(await dumpExtensionStorage(popup.page), SECRETS)).toEqual([]);

    // Control: unblurred, OCR does read the key on this canvas, so "not legible" above means blurred.
    await page.bringToFront();
    expect(legibleSecrets(ocr(await page.screenshot()), [AWS_KEY]), 'OCR reads the key on the live page').toEqual([AWS_KEY]);
    console.log(
      `Node-RED 100 %: ${t}; workflow ${(workflowMs / 1000).toFixed(0)} s, ${steps.length} steps (${doubleClicks} double-click(s) on the node), ` +
        `${stored} stored + ${images.size} exported + ${kept} kept export images OCR-clean; highlight IoU Login ${fmt(login)}, node ${fmt(nodeIou)} (stored/exported)`,
    );
  } finally {
    await red.close();
  }
});

/**
 * Logged in already, records two clicks on the canvas — the inject node, then the comment holding the key (which
 * also puts the key in the info sidebar) — and checks the highlight of each against the node's box as the page
 * measured it, and every stored and exported image with OCR.
 */
async function recordCanvasClicks(context: BrowserContext, worker: Worker, extensionId: string, zoom?: number): Promise<string> {
  const app = await openNodeRed(context);
  const t = phases();
  const { page, red, node } = app;
  try {
    await logIn(app, false);
    t.mark('log in');
    if (zoom !== undefined) {
      await setTabZoom(worker, page, zoom);
      await expect(node('n3')).toBeInViewport({ ratio: 1 });
    }
    await collectRecorderWarnings(worker);
    const popup = await startRecording(context, worker, extensionId, page);
    t.mark('start recording');
    // The person looks at the canvas before clicking (the editor relays itself out for the zoom).
    await steady(page, node('n1'));

    const inject = await boxOf(node('n1'));
    await pointAt(page, 'n1', node('n1'));
    await node('n1').click();
    await expect(page.locator('#red-ui-sidebar-content')).toContainText('Nightly report');
    const comment = await boxOf(node('n3'));
    await pointAt(page, 'n3', node('n3'));
    await node('n3').click();
    await expect(page.locator('#red-ui-sidebar-content')).toContainText('AWS key');

    await popup.page.bringToFront();
    await expect.poll(() => popup.stepCount(), UNTIL_TEST_TIMEOUT).toBe(2);
    await popup.stop();
    t.mark('stop');
    const { steps, shots } = await readStoredSop(popup.page, { pixels: true });
    expect(steps.map((s) => s.text)).toEqual(['Click **Nightly report**.', 'Click **AWS key \\[masked AWS key\\]**.']);
    const stored = ocrStoredShots(shots, SECRETS);
    t.mark('OCR stored');
    const { images, kept } = await exportMarkdownImages(popup, SECRETS);
    t.mark('export + OCR');
    const one = await highlightIous(popup, worker, steps, 1, inject, images);
    const two = await highlightIous(popup, worker, steps, 2, comment, images);
    expectOnElement([['the inject node', one], ['the comment', two]]);
    expect(findSecrets(await dumpIndexedDb(popup.page), SECRETS)).toEqual([]);
    await popup.page.close();
    return `${t}; ${stored} stored + ${images.size} exported + ${kept} kept export images OCR-clean; highlight IoU node ${fmt(one)}, comment ${fmt(two)} (stored/exported)`;
  } finally {
    await red.close();
  }
}

test('Node-RED at 125 % zoom: the highlight on the clicked node, no secret legible', async ({ context, serviceWorker, extensionId }) => {
  test.setTimeout(180_000);
  console.log(`Node-RED 125 %: ${await recordCanvasClicks(context, serviceWorker, extensionId, 1.25)}`);
});

test('Node-RED in an emulated 900×700 viewport (letterboxed stream): the highlight on the clicked node, no secret legible', async ({ extensionId }) => {
  test.setTimeout(180_000);
  const browser = await launchOwnBrowser({ viewport: { width: 900, height: 700 } });
  try {
    console.log(`Node-RED letterboxed: ${await recordCanvasClicks(browser.context, browser.worker, extensionId)}`);
  } finally {
    await browser.close();
  }
});
