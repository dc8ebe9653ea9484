/**
 * Smoke: the built extension loads with its fixed id, and the Shipyard test world behaves as the recorder
 * tests expect (pushState routing, cross-origin iframe, open shadow root, new tab). Needs no product UI.
 */
import { EXTENSION_ID, expect, test } from './fixtures';
import { dumpIndexedDb } from './helpers/idb-dump';
import { expectedStepTexts, HOSTILE_LABEL, runDeployWorkflow, SECRETS, toPlainText } from './workflows/deploy-workflow.mjs';

test('extension loads and the demo console offers every situation the recorder must handle', async ({
  context,
  serviceWorker,
  extensionId,
  servers,
  tabIdOf,
}) => {
  expect(serviceWorker.url()).toMatch(new RegExp(`^chrome-extension://${EXTENSION_ID}/`));
  expect(extensionId).toBe(EXTENSION_ID);
  expect(await serviceWorker.evaluate(() => chrome.runtime.id)).toBe(EXTENSION_ID);
  expect(servers.otherOrigin).not.toBe(servers.mainOrigin);

  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(`${servers.mainOrigin}/services`);
  await expect(page).toHaveTitle('Shipyard — Services');
  expect(await tabIdOf(page)).toBeGreaterThan(0);

  // Search filters on Enter only.
  const search = page.getByRole('searchbox', { name: 'Search' });
  await search.fill('payments-api');
  await expect(page.getByRole('row')).toHaveCount(7);
  await search.press('Enter');
  await expect(page.getByRole('row')).toHaveCount(2);

  // SPA routing: pushState keeps the document (the marker survives), titles follow the route.
  await page.evaluate(() => Object.assign(window, { __sameDocument: true }));
  await page.getByRole('link', { name: 'payments-api', exact: true }).click();
  await expect(page).toHaveURL(`${servers.mainOrigin}/services/payments-api`);
  await expect(page).toHaveTitle('Shipyard — payments-api');
  await page.getByRole('navigation', { name: 'Service sections' }).getByRole('link', { name: 'Deploy', exact: true }).click();
  await expect(page).toHaveTitle('Shipyard — Deploy payments-api');
  expect(await page.evaluate(() => '__sameDocument' in window)).toBe(true);

  // Back/forward go through popstate, still the same document.
  await page.goBack();
  await expect(page).toHaveTitle('Shipyard — payments-api');
  await page.goForward();
  await expect(page).toHaveTitle('Shipyard — Deploy payments-api');
  expect(await page.evaluate(() => '__sameDocument' in window)).toBe(true);

  // A deep link to an SPA route is served index.html.
  const deep = await page.request.get(`${servers.mainOrigin}/services/payments-api/deploy`);
  expect(deep.headers()['content-type']).toContain('text/html');

  // The deploy dialog and its frames.
  await page.getByRole('button', { name: 'New deployment' }).click();
  const dialog = page.getByRole('dialog', { name: 'Deploy payments-api' });
  await expect(dialog).toHaveAttribute('aria-modal', 'true');
  await expect(dialog.getByLabel('Registry token')).toHaveAttribute('type', 'password');
  await expect(dialog.getByLabel('API key')).toHaveAttribute('name', 'api_key');
  await expect(dialog.getByLabel('Release notes')).toHaveAttribute('accept', '.md');
  await expect(dialog.getByRole('radiogroup', { name: 'Environment' }).getByRole('radio')).toHaveCount(2);

  const approvals = page.frameLocator('iframe[title="Release approvals"]');
  await expect(approvals.getByRole('button', { name: 'Approve release' })).toBeVisible();
  const build = page.frameLocator('iframe[title="Build status"]');
  await expect(build.getByText('Build #481 passed')).toBeVisible();

  const frameOrigins = page.frames().map((f) => (f.url().startsWith('http') ? new URL(f.url()).origin : f.url()));
  expect(frameOrigins).toContain(servers.otherOrigin);
  // Really cross-origin: the parent cannot reach into it; the same-origin one it can.
  expect(
    await page.evaluate(() => {
      const frame = (title: string) => document.querySelector<HTMLIFrameElement>(`iframe[title="${title}"]`);
      return {
        approvals: frame('Release approvals')?.contentDocument === null,
        build: frame('Build status')?.contentDocument?.title,
      };
    }),
  ).toEqual({ approvals: true, build: 'Build status' });

  // The health check button lives in an open shadow root: invisible to document.querySelector, reachable by role.
  expect(
    await page.evaluate(() => ({
      inLightDom: [...document.querySelectorAll('button')].some((b) => b.textContent === 'Run health check'),
      inShadow: document.querySelector('sy-health-panel')?.shadowRoot?.querySelector('button')?.textContent,
    })),
  ).toEqual({ inLightDom: false, inShadow: 'Run health check' });
  await dialog.getByRole('button', { name: 'Run health check' }).click();
  await expect(dialog.getByText('All 3 instances of payments-api are healthy')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // The hostile label is text, not markup.
  await page.goto(`${servers.mainOrigin}/services/payments-api`);
  const hostile = page.getByRole('button', { name: HOSTILE_LABEL, exact: true });
  await expect(hostile).toHaveText(HOSTILE_LABEL);
  await hostile.click();
  await expect(page.getByText('Cache purge queued for payments-api.')).toBeVisible();
  expect(await page.locator('img').count()).toBe(0);

  // Full-page navigation to the audit log and back.
  await page.getByRole('link', { name: 'Audit log' }).click();
  await expect(page).toHaveTitle('Shipyard — Audit log');
  expect(await page.evaluate(() => '__sameDocument' in window)).toBe(false);
  await page.getByRole('link', { name: 'Back to services' }).click();
  await expect(page).toHaveTitle('Shipyard — Services');

  expect(dialogs).toEqual([]);

  // The IndexedDB dump helper runs in an extension-origin document.
  const extPage = await context.newPage();
  await extPage.goto(`chrome-extension://${extensionId}/manifest.json`);
  const dump = await dumpIndexedDb(extPage);
  expect(dump.name).toBe('sop-recorder');
});

test('the canonical deploy workflow runs end to end on the demo console', async ({ context, servers }) => {
  const page = await context.newPage();
  await page.goto(`${servers.mainOrigin}/services`);
  const { runbookPage } = await runDeployWorkflow(page, { include: ['api-key', 'release-notes'], typingDelayMs: 5 });

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Deploying payments-api v1.5.0 to Production');
  await expect(page.getByRole('status').filter({ hasText: 'Deployment started' })).toBeVisible();
  expect(runbookPage).toBeDefined();
  await expect(runbookPage!).toHaveTitle('Runbook — payments-api');
  await expect(runbookPage!.getByText('Acknowledged by dana.ops.')).toBeVisible();

  const expected = expectedStepTexts({ include: ['api-key', 'release-notes'] });
  expect(expected.map(toPlainText)).toContain('Type "CHG-2291" into Change ticket.');
  expect(expected.join('\n')).not.toContain('Purge');
  for (const secret of SECRETS) expect(expected.join('\n')).not.toContain(secret);
});
