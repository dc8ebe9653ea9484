/**
 * The team library end to end, against a real Git server (git http-backend behind tests/fixtures/git-server.mjs,
 * Basic auth, push enabled) on 127.0.0.1: connect in Options, record an SOP, publish it from the popup, check
 * the commit, files and front matter with the git command line, then a second browser profile gets the team's
 * SOPs and imports it with the same steps and screenshots; an edit published again reaches it as an update
 * (undoable). Faults: a wrong token, someone pushing first (non-fast-forward), and the server going offline
 * (queued, retried with backoff, published when it is back).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { expect, launchExtensionContext, test } from './fixtures';
import { recordChecks } from './helpers/record';
import { readStoredSop, readStoredSteps } from './helpers/stored-steps';
import { putRecords, readStores } from './helpers/idb-dump';
import { EditorPage } from './pages/editor-page';
import { startGitServer, type GitServer } from '../fixtures/git-server.mjs';
import { startForgeApiFake } from '../fixtures/forge-api-fake.mjs';

const MKDOCS = ['site_name: Team runbooks', 'docs_dir: docs', 'nav:', '  - Home: index.md', ''].join('\n');

let server: GitServer;
test.beforeAll(async () => {
  server = await startGitServer();
});
test.afterAll(async () => {
  await server?.close();
});

interface Connect {
  repo: string;
  user?: string;
  token?: string;
  publishTo?: 'the branch itself' | 'a new branch for review';
  screenshots?: boolean;
  /** Open a GitHub pull request through this API root. */
  githubApi?: string;
}

/**
 * How much fine detail an image has: the mean difference between horizontally adjacent pixels (luma), decoded
 * by the browser. A region pixelated by a blur box has almost none; a screenshot of a page has text edges.
 */
async function detail(page: Page, bytes: Buffer): Promise<number> {
  return page.evaluate(async (b64) => {
    const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([data]));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const px = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
    let sum = 0;
    let n = 0;
    for (let y = 0; y < bitmap.height; y += 2)
      for (let x = 1; x < bitmap.width; x++) {
        const i = (y * bitmap.width + x) * 4;
        const luma = (j: number) => 0.299 * px[j]! + 0.587 * px[j + 1]! + 0.114 * px[j + 2]!;
        sum += Math.abs(luma(i) - luma(i - 4));
        n++;
      }
    return sum / n;
  }, bytes.toString('base64'));
}

/** Options → Team library, filled as a person would, then Save and connect. Returns the options page. */
async function connect(context: BrowserContext, extensionId: string, c: Connect): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  const user = c.user ?? 'alice';
  await page.getByLabel('Repository URL').fill(server.url(c.repo));
  await page.getByLabel('Branch', { exact: true }).fill('main');
  await page.getByLabel('Folder in the repository').fill('docs/sops');
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Access token').fill(c.token ?? server.users[user]!.token);
  await page.getByLabel('Commit author', { exact: true }).fill('Ada Ops');
  await page.getByLabel('Commit author e-mail').fill('ada@example.test');
  await page.getByLabel(c.publishTo ?? 'the branch itself').check();
  if (c.screenshots) await page.getByLabel(/Include screenshots/).check();
  if (c.githubApi) {
    await page.getByLabel('Open a pull request').selectOption('github');
    await page.getByLabel('API URL').fill(c.githubApi);
  }
  await page.getByRole('button', { name: 'Save and connect' }).click();
  await expect(page.getByTestId('team-connection')).not.toHaveText('Testing the connection…');
  return page;
}

test('publish from the popup, verify with git, and a second profile pulls the same steps and screenshots', async ({ context, extensionId, servers, tabIdOf }) => {
  await server.createRepo('team', { files: { 'mkdocs.yml': MKDOCS, 'docs/index.md': '# Home\n' } });
  const options = await connect(context, extensionId, { repo: 'team', screenshots: true });
  await expect(options.getByTestId('team-connection')).toHaveText(/Connected: the token can read and push/);
  // The token is stored, never shown again: not in the page, and the field is empty.
  expect(await options.content()).not.toContain(server.users.alice!.token);
  await expect(options.getByLabel('Access token')).toHaveValue('');
  await expect(options.getByTestId('token-note')).toContainText('stored in this browser only');

  const popup = await recordChecks(context, extensionId, servers.mainOrigin, tabIdOf, 3);
  const original = await readStoredSteps(popup.page);
  // The author blurs the whole of step 1's screenshot (a blur box, as the editor stores one).
  const stepRecords = await readStores<{ steps: { id: string; order: number }[] }>(popup.page, 'steps');
  const first = stepRecords.steps.sort((a, b) => a.order - b.order)[0]!;
  const view = original[0]!.shot!.viewport ?? { width: original[0]!.shot!.width, height: original[0]!.shot!.height };
  await putRecords(popup.page, 'steps', [{ ...first, blurBoxes: [{ x: 0, y: 0, width: view.width, height: view.height }] }]);
  await expect(popup.page.getByTestId('team-status')).toContainText('not published');
  const started = Date.now();
  await popup.page.getByRole('button', { name: 'Publish to team library', exact: true }).click();
  await expect(popup.page.getByText(/^Published on main \(commit [0-9a-f]{7}/)).toBeVisible({ timeout: 60_000 });
  const publishMs = Date.now() - started;
  await expect(popup.page.getByTestId('team-status')).toContainText('up to date');

  // The git command line sees one commit on main by the configured author, with the docs-as-code files.
  expect(server.git('team', ['rev-list', '--count', 'main']).trim()).toBe('2');
  expect(server.git('team', ['log', '-1', '--format=%an <%ae>', 'main']).trim()).toBe('Ada Ops <ada@example.test>');
  const files = server.git('team', ['ls-tree', '-r', '--name-only', 'main']).trim().split('\n');
  const folder = files.find((f) => f.endsWith('/sop.json'))!.replace(/\/sop\.json$/, '');
  expect(folder).toMatch(/^docs\/sops\/[a-z0-9-]+$/);
  expect(files.filter((f) => f.startsWith(`${folder}/`)).sort()).toEqual([
    `${folder}/images/step-01.webp`,
    `${folder}/images/step-02.webp`,
    `${folder}/images/step-03.webp`,
    `${folder}/index.md`,
    `${folder}/sop.json`,
  ]);
  const md = server.git('team', ['show', `main:${folder}/index.md`]);
  expect(md).toMatch(/^---\ntitle: ".+"\nid: ""\nversion: "0\.1"\nowner: ""\nreview_date: ""\n/);
  expect(md).toContain('step_count: 3');
  expect(md).toContain('![Step 1](images/step-01.webp)');
  const json = JSON.parse(server.git('team', ['show', `main:${folder}/sop.json`]));
  expect(json.steps.map((s: { text: string }) => s.text)).toEqual(original.map((s) => s.text));
  expect(json.screenshots).toHaveLength(3);
  expect(server.git('team', ['show', 'main:mkdocs.yml'])).toContain(`  - Procedures:\n      - "`);
  expect(server.git('team', ['show', 'main:mkdocs.yml'])).toContain(`${folder.slice('docs/'.length)}/index.md`);
  const webp = server.git('team', ['cat-file', '-s', `main:${folder}/images/step-01.webp`]).trim();
  expect(Number(webp)).toBeLessThanOrEqual(300 * 1024);
  expect(server.git('team', ['cat-file', '-p', `main:${folder}/images/step-01.webp`]).slice(0, 4)).toBe('RIFF');

  // A second browser profile: connect, get the team's SOPs, import; same steps, same number of screenshots.
  const profileB = await mkdtemp(join(tmpdir(), 'sop-e2e-profile-b-'));
  const contextB = await launchExtensionContext(profileB);
  try {
    const extensionB = new URL((contextB.serviceWorkers()[0] ?? (await contextB.waitForEvent('serviceworker'))).url()).host;
    await connect(contextB, extensionB, { repo: 'team', screenshots: true });
    const editorB = await EditorPage.open(contextB, extensionB);
    const pullStarted = Date.now();
    await editorB.button("Get the team's SOPs").click();
    const item = editorB.page.getByRole('list', { name: 'Team SOPs' }).locator(':scope > li');
    await expect(item).toHaveCount(1, { timeout: 60_000 });
    const pullMs = Date.now() - pullStarted;
    await expect(item).toHaveAttribute('data-status', 'new');
    await item.getByRole('button', { name: /^Import / }).click();
    await expect(editorB.page.getByTestId('team-pull-message')).toContainText('Imported');
    await expect(item).toHaveAttribute('data-status', 'same');
    const pulled = await readStoredSop(editorB.page, { pixels: true });
    expect(pulled.steps.map((s) => s.text)).toEqual(original.map((s) => s.text));
    expect(pulled.steps.every((s) => (s.shot?.width ?? 0) > 0)).toBe(true);
    // What the author blurred never reached the repository: step 1's picture came with the blur burned in,
    // while step 2's still shows the page's detail.
    const blurred = await detail(editorB.page, pulled.steps[0]!.shot!.png!);
    const clear = await detail(editorB.page, pulled.steps[1]!.shot!.png!);
    expect(blurred).toBeLessThan(clear / 3);

    // A publishes a change; B sees it as newer, updates (a new revision), and Undo brings B's copy back.
    const editorA = await EditorPage.open(context, extensionId, (await readStoredSop(popup.page)).id);
    await editorA.stepText(1).fill('Open the release checklist first.');
    await editorA.saved();
    await expect(editorA.page.getByTestId('team-status')).toContainText('unpublished changes');
    await editorA.button('Publish to team library').click();
    await expect(editorA.page.getByText(/^Published on main/)).toBeVisible({ timeout: 60_000 });
    expect(server.git('team', ['show', `main:${folder}/index.md`])).toContain('Open the release checklist first.');

    await editorB.button("Get the team's SOPs").click();
    await expect(item).toHaveAttribute('data-status', 'newer', { timeout: 60_000 });
    await item.getByRole('button', { name: /^Update / }).click();
    await expect(editorB.page.getByTestId('team-pull-message')).toContainText('Updated');
    expect((await readStoredSop(editorB.page)).steps[0]!.text).toBe('Open the release checklist first.');
    await editorB.page.getByRole('button', { name: 'Undo update' }).click();
    await expect(editorB.page.getByTestId('team-pull-message')).toContainText('back as it was');
    expect((await readStoredSop(editorB.page)).steps[0]!.text).toBe(original[0]!.text);
    console.log(`team library e2e: publish ${publishMs} ms, list+fetch ${pullMs} ms (2 shared cores; not an assertion)`);
  } finally {
    await contextB.close();
    await rm(profileB, { recursive: true, force: true });
  }
});

test('wrong token, someone pushing first, and offline with retry', async ({ context, extensionId, servers, tabIdOf }) => {
  await server.createRepo('faults', { files: { 'mkdocs.yml': MKDOCS, 'docs/index.md': '# Home\n' } });

  // Wrong token: Test connection says it is the token; a publish fails and the SOP stays "not published".
  const options = await connect(context, extensionId, { repo: 'faults', token: 'not-the-right-token' });
  await expect(options.getByTestId('team-connection')).toHaveText(/refused the user name and token \(401\)/);
  const popup = await recordChecks(context, extensionId, servers.mainOrigin, tabIdOf, 2);
  const sopId = (await readStoredSop(popup.page)).id;
  const editor = await EditorPage.open(context, extensionId, sopId);
  await editor.button('Publish to team library').click();
  await expect(editor.page.getByText(/refused the user name and token \(401\)/)).toBeVisible({ timeout: 60_000 });
  await expect(editor.page.getByTestId('team-status')).toHaveAttribute('data-published', 'no');
  expect(server.git('faults', ['rev-list', '--count', 'main']).trim()).toBe('1');

  // A read-only token: connection names the missing push right.
  const readOnly = await connect(context, extensionId, { repo: 'faults', user: 'reader' });
  await expect(readOnly.getByTestId('team-connection')).toHaveText(/can read this repository but not push/);

  // The right token; a colleague pushes between our fetch and our push: the commit is rebuilt on theirs.
  await connect(context, extensionId, { repo: 'faults' });
  server.beforeNextReceivePack(async () => {
    await server.commitFiles('faults', { 'docs/other.md': '# Other\n' }, 'A colleague pushed first');
  });
  await editor.button('Publish to team library').click();
  await expect(editor.page.getByText(/Someone pushed to the branch meanwhile/)).toBeVisible({ timeout: 60_000 });
  expect(server.git('faults', ['log', '--format=%s', 'main']).trim().split('\n').slice(1)).toEqual(['A colleague pushed first', 'Initial commit']);
  await expect(editor.page.getByTestId('team-status')).toContainText('up to date');

  // Cancel while the pack is on its way (the server holds the push until the test has pressed Cancel): the
  // branch stays where it was and the SOP keeps its unpublished changes.
  await editor.stepText(1).fill('Open the dashboard first.');
  await editor.saved();
  const beforeCancel = server.git('faults', ['rev-parse', 'main']).trim();
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let reached!: () => void;
  const pushing = new Promise<void>((resolve) => (reached = resolve));
  server.beforeNextReceivePack(async () => {
    reached();
    await held;
  });
  await editor.button('Publish to team library').click();
  await pushing;
  await editor.button('Cancel publish').click();
  // Released only once the page has given up the request: a pack already on the server would still land.
  await expect(editor.page.getByText('Publish cancelled: nothing was changed in the team library.')).toBeVisible({ timeout: 30_000 });
  release();
  expect(server.git('faults', ['rev-parse', 'main']).trim()).toBe(beforeCancel);
  await expect(editor.page.getByTestId('team-status')).toHaveAttribute('data-unpublished', 'yes');

  // Offline: the server is gone; the publish is queued, and goes out by itself once the server is back.
  await editor.stepText(1).fill('Check the dashboard before you start.');
  await editor.saved();
  const before = server.git('faults', ['rev-parse', 'main']).trim();
  await server.stop();
  try {
    await editor.button('Publish to team library').click();
    await expect(editor.page.getByText(/^Not published yet — Cannot reach/)).toBeVisible({ timeout: 60_000 });
    await expect(editor.page.getByTestId('team-status')).toContainText('waiting for the network');
    await expect(editor.page.getByTestId('team-status')).toHaveAttribute('data-unpublished', 'yes');
  } finally {
    await server.start();
  }
  // The queue retries with backoff (first retry after about 5 s) while the editor is open.
  await expect(editor.page.getByTestId('team-status')).toHaveAttribute('data-unpublished', 'no', { timeout: 60_000 });
  await expect(editor.page.getByTestId('team-status')).not.toContainText('waiting for the network');
  expect(server.git('faults', ['rev-parse', 'main^']).trim()).toBe(before);
  const folder = server.git('faults', ['ls-tree', '-d', '--name-only', 'main', 'docs/sops/']).trim();
  expect(server.git('faults', ['show', `main:${folder}/index.md`])).toContain('Check the dashboard before you start.');

  // Offline again, and this time every extension page is closed before the network comes back: the service
  // worker's alarm wakes it, and the offscreen document publishes what was queued.
  await editor.stepText(2).fill('Confirm the rollout finished.');
  await editor.saved();
  const beforeClosed = server.git('faults', ['rev-parse', 'main']).trim();
  await server.stop();
  try {
    await editor.button('Publish to team library').click();
    await expect(editor.page.getByTestId('team-status')).toContainText('waiting for the network', { timeout: 60_000 });
    for (const page of context.pages()) if (page.url().startsWith(`chrome-extension://${extensionId}/`)) await page.close();
  } finally {
    await server.start();
  }
  await expect.poll(() => server.git('faults', ['rev-parse', 'main']).trim(), { timeout: 90_000, message: 'the queued publish went out with no extension page open' }).not.toBe(beforeClosed);
  expect(server.git('faults', ['rev-parse', 'main^']).trim()).toBe(beforeClosed);
  expect(server.git('faults', ['show', `main:${folder}/index.md`])).toContain('Confirm the rollout finished.');
  const reopened = await EditorPage.open(context, extensionId, sopId);
  await expect(reopened.page.getByTestId('team-status')).toContainText('up to date');
  await expect(reopened.page.getByTestId('team-status')).toHaveAttribute('data-unpublished', 'no');
});

test('publish to a review branch opens a pull request and shows its link (GitHub API: the one fake)', async ({ context, extensionId, servers, tabIdOf }) => {
  // The Git side is the real server; the pull-request call goes to tests/fixtures/forge-api-fake.mjs, which
  // implements GitHub's documented "create a pull request" endpoint (no internet to reach the real one).
  const api = await startForgeApiFake({ token: server.users.alice!.token });
  try {
    // owner/repo, as GitHub names repositories.
    await server.createRepo('acme/review', { files: { 'mkdocs.yml': MKDOCS, 'docs/index.md': '# Home\n' } });
    const options = await connect(context, extensionId, { repo: 'acme/review', publishTo: 'a new branch for review', githubApi: api.origin });
    await expect(options.getByTestId('team-connection')).toHaveText(/Connected/);
    const popup = await recordChecks(context, extensionId, servers.mainOrigin, tabIdOf, 2);
    await popup.page.getByRole('button', { name: 'Publish to team library', exact: true }).click();
    await expect(popup.page.getByText(/^Published to the new branch sop\/[a-z0-9-]+-\d{4}-\d{2}-\d{2} /)).toBeVisible({ timeout: 60_000 });
    const link = popup.page.getByTestId('review-link').getByRole('link');
    await expect(link).toHaveText('Pull request #1');
    await expect(link).toHaveAttribute('href', 'https://github.example/acme/review/pull/1');
    const branch = server.git('acme/review', ['for-each-ref', '--format=%(refname:short)', 'refs/heads/sop/']).trim();
    expect(branch).toMatch(/^sop\//);
    expect(server.git('acme/review', ['rev-list', '--count', 'main']).trim()).toBe('1');
    const sent = api.requests.at(-1)!;
    expect(sent.body).toMatchObject({ head: branch, base: 'main', title: expect.stringMatching(/^Publish “/) });
    await expect(popup.page.getByTestId('team-status')).toContainText(`on ${branch}`);
  } finally {
    await api.close();
  }
});
