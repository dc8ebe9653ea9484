/**
 * A real, widely used open-source web application recorded like a user would: Node-RED (npm `node-red`,
 * Apache-2.0) on 127.0.0.1 (tests/e2e/helpers/node-red.ts). Its own widgets: the login modal (a username and
 * password form), the flow editor's SVG canvas, the node edit tray with its selects and text fields, Deploy.
 * Node-RED has no iframe in its editor. A comment node on the canvas shows an AWS key; it and the password must
 * never be legible (tesseract) in a stored or exported image, nor stored as text.
 *
 * Once at 100 % with every step's text and order; then the geometry (the highlight on the element the page
 * measured, IoU ≥ 0.8, mapped by this test) and OCR checks at 125 % zoom and on a letterboxed stream.
 */
import { readFile } from 'node:fs/promises';
import { strFromU8, unzipSync } from 'fflate';
import type { BrowserContext, Locator, Page, Worker } from '@playwright/test';
import { EXTENSION_ID, expect, test } from './fixtures';
import { PopupPage } from './pages/popup-page';
import { dumpExtensionStorage, dumpIndexedDb, findSecrets } from './helpers/idb-dump';
import { startNodeRed, type NodeRed } from './helpers/node-red';
import { boxOf, exportedHighlight, launchOwnBrowser, readRecording, waitForStreaming, type SavedStep, type StoredShot } from './helpers/recorded-shots';
import { iou, legibleSecrets, ocr, pixelFacts, type Rect } from './helpers/shot-pixels';

const USERNAME = 'operator';
const PASSWORD = 'NR-pw-9f3Kq7Lx2v';
const AWS_KEY = 'AKIAQ7XW3NB2RT5YUJ6K';
const SECRETS = [AWS_KEY, PASSWORD];

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

interface NodeRedPage {
  page: Page;
  red: NodeRed;
  /** The body of a node on the canvas (its visible box; the group around it also holds its ports). */
  node(id: string): Locator;
}

async function openNodeRed(context: BrowserContext): Promise<NodeRedPage> {
  const red = await startNodeRed({ flows: FLOWS, username: USERNAME, password: PASSWORD });
  const page = await context.newPage();
  await page.goto(`${red.origin}/`);
  await expect(page.getByRole('dialog')).toContainText('Username');
  return { page, red, node: (id) => page.locator(`#${id} rect.red-ui-flow-node`) };
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
  await page.getByRole('button', { name: 'Login' }).click();
  await expect(node('n1')).toBeVisible({ timeout: 120_000 });
  await expect(node('n3')).toBeVisible();
}

/** What the recorder said about its screenshots (why a frame was not usable, why a shot was withheld). */
async function recorderLog(worker: Worker): Promise<string> {
  return worker.evaluate(() => ((self as unknown as { sopE2eLog?: string[] }).sopE2eLog ?? []).join('\n')).catch(() => '(service worker restarted)');
}

async function startRecording(context: BrowserContext, worker: Worker, extensionId: string, page: Page): Promise<PopupPage> {
  await worker.evaluate(() => {
    const log: string[] = ((self as unknown as { sopE2eLog?: string[] }).sopE2eLog ??= []);
    const warn = console.warn.bind(console);
    console.warn = (...args: unknown[]) => {
      if (String(args[0]).includes('shot') || String(args[0]).includes('withheld')) log.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
      warn(...args);
    };
  });
  const tabId = await worker.evaluate(async (url) => (await chrome.tabs.query({})).find((t) => t.url === url)!.id!, page.url());
  const popup = await PopupPage.open(context, extensionId, tabId);
  await popup.start();
  await page.bringToFront();
  await waitForStreaming(worker);
  return popup;
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

/**
 * Moves the mouse onto `target` and rests there as a person does before pressing. Node-RED redraws a node the
 * pointer enters; a press within milliseconds of that (a test driver's move-then-click) replaces the hover state
 * before the recorder measured it, and the product then withholds the click's screenshot (fail closed).
 */
async function pointAt(page: Page, target: Locator): Promise<void> {
  await target.hover();
  await page.waitForTimeout(700);
}

function expectNoSecret(text: string, where: string): void {
  expect(legibleSecrets(text, SECRETS), `legible secret in ${where}: ${text.replace(/\s+/g, ' ').slice(0, 300)}`).toEqual([]);
}

/** OCR of every stored shot of the session: none shows a secret; a withheld one keeps no pixels. */
function checkStoredShots(shots: readonly StoredShot[]): number {
  let read = 0;
  for (const shot of shots) {
    if (shot.withheld) {
      expect(shot.png, 'a withheld shot keeps no pixels').toBe('');
      continue;
    }
    expectNoSecret(ocr(Buffer.from(shot.png, 'base64')), `stored shot ${shot.id}`);
    read++;
  }
  return read;
}

/** Exports Markdown; OCR of every image in it: none shows a secret. Returns sop.md and the images by step number. */
async function checkExport(popup: PopupPage): Promise<{ md: string; images: Map<number, Buffer> }> {
  const { path } = await popup.export('Export Markdown');
  const zip = unzipSync(new Uint8Array(await readFile(path)));
  const images = new Map<number, Buffer>();
  for (const [name, bytes] of Object.entries(zip)) {
    const m = /^images\/step-(\d+)\.png$/.exec(name);
    if (!m) continue;
    const png = Buffer.from(bytes);
    expectNoSecret(ocr(png), `exported ${name}`);
    images.set(Number(m[1]), png);
  }
  return { md: strFromU8(zip['sop.md']!), images };
}

/** The step's stored highlight (CSS px) and the red box drawn in its exported image, each against the element's box. */
async function highlightIous(popup: PopupPage, worker: Worker, steps: readonly SavedStep[], stepNumber: number, measured: { box: Rect; viewport: { width: number } }, images: Map<number, Buffer>): Promise<{ stored: number; exported: number }> {
  const step = steps[stepNumber - 1]!;
  if (!step.highlight) console.log(`no highlight on step ${stepNumber}; the recorder said:\n${await recorderLog(worker)}`);
  expect(step.highlight, `step ${stepNumber} "${step.text}" has a highlight (${step.shotNote ?? 'no note'})`).toBeDefined();
  const png = images.get(stepNumber);
  expect(png, `step ${stepNumber} has an exported image`).toBeDefined();
  const facts = await pixelFacts(popup.page, png!);
  expect(facts.red, `a highlight is drawn in step ${stepNumber}'s image`).not.toBeNull();
  return { stored: iou(step.highlight!.box, measured.box), exported: iou(facts.red!, exportedHighlight(measured, facts.width)) };
}

test('Node-RED at 100 %: log in, edit an inject node in its tray, deploy — the SOP says what the user did, in order, and shows no secret', async ({ context, serviceWorker, extensionId }) => {
  test.setTimeout(300_000);
  const started = Date.now();
  const app = await openNodeRed(context);
  const t = phases();
  const { page, red, node } = app;
  try {
    const popup = await startRecording(context, serviceWorker, extensionId, page);
    t.mark('start recording');

    const loginButton = await boxOf(page.getByRole('button', { name: 'Login' }));
    await logIn(app, true);
    t.mark('log in + editor load');
    // The person finds the node on the canvas before double-clicking it.
    await page.waitForTimeout(1_500);

    // Double-click the node to open its edit tray. Node-RED tells a double-click by its own clock (650 ms
    // between the two mousedowns as its handlers see them): on a starved machine it can miss one, and a person
    // then double-clicks again.
    const inject = await boxOf(node('n1'));
    const name = page.locator('#node-input-name');
    await pointAt(page, node('n1'));
    await node('n1').dblclick();
    if (!(await name.isVisible({ timeout: 20_000 }).catch(() => false))) await node('n1').dblclick();
    await expect(name).toBeVisible({ timeout: 60_000 });
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
    await expect(page.locator('#n1')).toContainText('Hourly billing report', { timeout: 30_000 });
    // The tray slides away; the person reads the canvas before deploying.
    await page.waitForTimeout(1_000);
    await page.getByRole('link', { name: 'Deploy' }).click();
    await expect(page.getByText('Successfully deployed')).toBeVisible({ timeout: 30_000 });
    const flows = JSON.parse(await readFile(`${red.userDir}/flows.json`, 'utf8')) as { id: string; name?: string; repeat?: string }[];
    expect(flows.find((n) => n.id === 'n1')).toMatchObject({ name: 'Hourly billing report', repeat: '21600' });
    const workflowMs = Date.now() - started;

    await popup.page.bringToFront();
    await popup.stop();
    t.mark('stop');
    const { steps, shots } = await readRecording(popup.page);
    const texts = steps.map((s) => s.text);
    // A double-click is recorded as clicks on the node: one step when the two clicks are handled close together,
    // two on a starved machine (and more when the person had to double-click again). Reported: the product has
    // no "Double-click" step, and a reader who clicks once does not open the tray.
    const collapsed = texts.filter((t, i) => !(t === 'Click **Nightly report**.' && texts[i - 1] === t));
    expect(collapsed).toEqual([
      `Type "${USERNAME}" into **Username**.`,
      'Type the password into **Password**.',
      'Click **Login**.',
      // Reported, not fixed: the editor sets #flow/f1 itself seconds after the login (its load outlasts the
      // click's consequence window), and the product makes that a step the person never took.
      'Go to **Node-RED : Billing export**.',
      'Click **Nightly report**.',
      'Type "Hourly billing report" into **Name**.',
      // Reported, not fixed: Node-RED's "Repeat" label is <label for=""> and the interval fields have none, so
      // the page gives them no name; a visual-label heuristic would need its own field (replay uses `label`).
      'Select **interval** in the drop-down.',
      'Type "6" into the text field.',
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
    const stored = checkStoredShots(shots);
    t.mark('OCR stored');
    const { md, images } = await checkExport(popup);
    t.mark('export + OCR');
    const at = (text: string) => texts.indexOf(text) + 1;
    const login = await highlightIous(popup, serviceWorker, steps, at('Click **Login**.'), loginButton, images);
    const nodeIou = await highlightIous(popup, serviceWorker, steps, at('Click **Nightly report**.'), inject, images);
    for (const [what, v] of [['Login', login], ['the node', nodeIou]] as const) {
      expect(v.stored, `stored highlight vs ${what}`).toBeGreaterThanOrEqual(0.8);
      expect(v.exported, `exported highlight vs ${what}`).toBeGreaterThanOrEqual(0.8);
    }

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
      `Node-RED 100 %: ${t}; workflow ${(workflowMs / 1000).toFixed(0)} s, ${steps.length} steps, ${stored} stored + ${images.size} exported images OCR-clean; ` +
        `highlight IoU Login ${login.stored.toFixed(3)}/${login.exported.toFixed(3)}, node ${nodeIou.stored.toFixed(3)}/${nodeIou.exported.toFixed(3)} (stored/exported)`,
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
      const tabId = await worker.evaluate(async (url) => (await chrome.tabs.query({})).find((t) => t.url === url)!.id!, page.url());
      const before = await page.evaluate(() => innerWidth);
      await worker.evaluate(([id, z]) => chrome.tabs.setZoom(id, z), [tabId, zoom] as const);
      await expect.poll(() => page.evaluate(() => innerWidth)).not.toBe(before);
      await expect(node('n3')).toBeInViewport({ ratio: 1 });
    }
    const popup = await startRecording(context, worker, extensionId, page);
    t.mark('start recording');
    // The person looks at the canvas before clicking (the editor relaid itself out for the zoom).
    await page.waitForTimeout(1_500);

    const inject = await boxOf(node('n1'));
    await pointAt(page, node('n1'));
    await node('n1').click();
    await expect(page.locator('#red-ui-sidebar-content')).toContainText('Nightly report');
    const comment = await boxOf(node('n3'));
    await pointAt(page, node('n3'));
    await node('n3').click();
    await expect(page.locator('#red-ui-sidebar-content')).toContainText('AWS key');

    await popup.page.bringToFront();
    await expect.poll(() => popup.stepCount(), { timeout: 30_000 }).toBe(2);
    await popup.stop();
    t.mark('stop');
    const { steps, shots } = await readRecording(popup.page);
    expect(steps.map((s) => s.text)).toEqual(['Click **Nightly report**.', 'Click **AWS key \\[masked AWS key\\]**.']);
    const stored = checkStoredShots(shots);
    t.mark('OCR stored');
    const { images } = await checkExport(popup);
    t.mark('export + OCR');
    const one = await highlightIous(popup, worker, steps, 1, inject, images);
    const two = await highlightIous(popup, worker, steps, 2, comment, images);
    for (const [what, v] of [['the inject node', one], ['the comment', two]] as const) {
      expect(v.stored, `stored highlight vs ${what}`).toBeGreaterThanOrEqual(0.8);
      expect(v.exported, `exported highlight vs ${what}`).toBeGreaterThanOrEqual(0.8);
    }
    expect(findSecrets(await dumpIndexedDb(popup.page), SECRETS)).toEqual([]);
    await popup.page.close();
    return `${t}; ${stored} stored + ${images.size} exported images OCR-clean; highlight IoU node ${one.stored.toFixed(3)}/${one.exported.toFixed(3)}, comment ${two.stored.toFixed(3)}/${two.exported.toFixed(3)} (stored/exported)`;
  } finally {
    await red.close();
  }
}

test('Node-RED at 125 % zoom: the highlight on the clicked node, no secret legible', async ({ context, serviceWorker, extensionId }) => {
  test.setTimeout(180_000);
  console.log(`Node-RED 125 %: ${await recordCanvasClicks(context, serviceWorker, extensionId, 1.25)}`);
});

test('Node-RED in an emulated 900×700 viewport (letterboxed stream): the highlight on the clicked node, no secret legible', async () => {
  test.setTimeout(180_000);
  const browser = await launchOwnBrowser([], { width: 900, height: 700 });
  try {
    console.log(`Node-RED letterboxed: ${await recordCanvasClicks(browser.context, browser.worker, EXTENSION_ID)}`);
  } finally {
    await browser.close();
  }
});
