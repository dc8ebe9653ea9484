/**
 * Replayable exports, proved by replaying them: record the canonical deploy workflow (SPA routes, a modal,
 * same- and cross-origin iframes, a shadow root, a new tab, secrets typed into sensitive fields, a hostile
 * label), export the DevTools Recorder JSON and the Playwright test from the popup, then run each against a
 * FRESH demo console (a new pair of servers, a new browser): the Recorder flow with @puppeteer/replay, the
 * spec with this repository's Playwright as a child process. Both must reach the deployed state.
 */
import { readFile } from 'node:fs/promises';
import { startFixtureServers } from '../fixtures/server.mjs';
import { expect, test } from './fixtures';
import { findSecrets, readStores } from './helpers/idb-dump';
import { runExportedSpec } from './helpers/replay-playwright';
import { replayRecorderFlow } from './helpers/replay-puppeteer';
import { PopupPage } from './pages/popup-page';
import { expectedStepTexts, FAKE_API_KEY, FAKE_REGISTRY_TOKEN, HOSTILE_LABEL, runDeployWorkflow, SECRETS, VERSION } from './workflows/deploy-workflow.mjs';

const ALL_OPTIONAL = { include: ['purge-cache', 'api-key', 'release-notes'] };
const DEPLOYED = `Deploying payments-api ${VERSION} to Production`;

/** Each iframe of the page (by title) with its index in window.frames, what the Recorder's `frame` counts. */
function iframeIndexes(): Record<string, number> {
  const frames = Array.from({ length: window.frames.length }, (_, i) => window.frames[i]);
  return Object.fromEntries(Array.from(document.querySelectorAll('iframe'), (f) => [f.title, frames.indexOf(f.contentWindow as Window)]));
}

/** Every string in a parsed JSON value, depth first. */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === 'object') return Object.values(v).flatMap(strings);
  return [];
}

test('the recorded deploy workflow replays from its DevTools Recorder JSON and its Playwright test on a fresh console', async ({
  context,
  extensionId,
  servers,
  tabIdOf,
}) => {
  test.setTimeout(240_000);
  const page = await context.newPage();
  await page.goto(`${servers.mainOrigin}/services`);
  const popup = await PopupPage.open(context, extensionId, await tabIdOf(page));
  await popup.start();
  await page.bringToFront();
  // Where the dialog's iframes really are among the page's child frames, read in the page while they are shown;
  // and the value attribute of the option the workflow picks.
  let realFrames: Record<string, number> = {};
  let versionValue: string | undefined;
  await runDeployWorkflow(page, {
    ...ALL_OPTIONAL,
    onStep: async (step) => {
      if (step.id === 'refresh-build') realFrames = await page.evaluate(iframeIndexes);
      if (step.id === 'change-ticket') versionValue = await page.locator('#version-select').inputValue();
    },
  });
  expect(Object.keys(realFrames)).toEqual(expect.arrayContaining(['Build status', 'Release approvals']));
  await expect.poll(() => popup.stepCount(), { timeout: 15_000 }).toBeGreaterThanOrEqual(expectedStepTexts(ALL_OPTIONAL).length);
  await popup.page.bringToFront();
  await popup.stop();
  await popup.sop().getByRole('list', { name: 'Steps' }).waitFor();

  const recorderDownload = await popup.export('Export DevTools Recorder JSON');
  await expect(popup.page.getByRole('status').filter({ hasText: 'Exported deploy-payments-api-shipyard.recording.json' })).toBeVisible();
  const specDownload = await popup.export('Export Playwright test');
  await expect(popup.page.getByRole('status').filter({ hasText: 'Exported deploy-payments-api-shipyard.spec.ts' })).toBeVisible();
  const json = await readFile(recorderDownload.path, 'utf8');
  const spec = await readFile(specDownload.path, 'utf8');
  test.info().attachments.push({ name: 'recording.json', contentType: 'application/json', body: Buffer.from(json) });
  test.info().attachments.push({ name: 'exported.spec.ts', contentType: 'text/plain', body: Buffer.from(spec) });

  // The recorder stored each subframe action's real child-frame index, and the Recorder JSON carries it.
  const { events } = await readStores<{ events: { target?: { framePath: string[]; framePathIndexes?: number[]; name: string } }[] }>(popup.page, 'events');
  const inFrames = events.flatMap((e) => (e.target && e.target.framePath.length > 0 ? [e.target] : []));
  expect(inFrames.map((t) => t.name)).toEqual(expect.arrayContaining(['Refresh build status', 'Approve release']));
  for (const t of inFrames) {
    const real = t.name === 'Approve release' ? realFrames['Release approvals'] : realFrames['Build status'];
    expect(t.framePathIndexes, `${t.name} in ${t.framePath.join(' > ')}`).toEqual([real]);
  }
  const flowSteps = (JSON.parse(json) as { steps: { type: string; frame?: number[]; selectors?: unknown }[] }).steps;
  const frameOf = (name: string) => flowSteps.find((s) => s.type === 'click' && strings(s.selectors).some((p) => p.includes(name)))?.frame;
  expect(frameOf('Refresh build status')).toEqual([realFrames['Build status']]);
  expect(frameOf('Approve release')).toEqual([realFrames['Release approvals']]);

  // Secrets were never stored, so neither file can hold them: placeholders stand in.
  expect(findSecrets(json + spec, SECRETS)).toEqual([]);
  const flow = JSON.parse(json) as { title: string; steps: { type: string; value?: string; selectors?: unknown }[] };
  expect(flow.steps.filter((s) => s.type === 'change').map((s) => s.value)).toEqual(['payments-api', VERSION, 'CHG-2291', '{{secret:registry_token}}', '{{secret:api_key}}']);
  // @puppeteer/replay selects by the option's value attribute: the one the page had.
  expect(flow.steps.find((s) => s.type === 'change' && strings(s.selectors).some((p) => p.includes('version-select')))?.value).toBe(versionValue);
  expect(flow.title).toContain('{{secret:registry_token}}');
  // No upload step exists in the format: the title says which step to do by hand.
  expect(flow.title).toMatch(/not replayed: \d+\. Upload release-notes\.md to Release notes\./);
  // The hostile label is data in both files: a selector part in the JSON, a string literal in the spec.
  expect(strings(flow)).toContain(`aria/${HOSTILE_LABEL}[role="button"]`);
  expect(spec).toContain(`getByRole("button", { name: ${JSON.stringify(HOSTILE_LABEL)}, exact: true })`);
  expect(spec).toContain('secret("SOP_SECRET_REGISTRY_TOKEN")');
  expect(spec).toContain(`context.waitForEvent('page')`);
  expect(spec).toContain('await expect(page.getByText("Deployment started").first()).toBeVisible();');

  const fresh = await startFixtureServers({ otherHost: 'localhost' });
  try {
    await test.step('(a) @puppeteer/replay runs the Recorder JSON to the deployed state', async () => {
      // What the person replaying does: point it at this console and fill the placeholders.
      const secrets: Record<string, string> = { '{{secret:registry_token}}': FAKE_REGISTRY_TOKEN, '{{secret:api_key}}': FAKE_API_KEY };
      const rewritten = JSON.parse(json.replaceAll(servers.mainOrigin, fresh.mainOrigin)) as typeof flow;
      for (const s of rewritten.steps) if (s.type === 'change' && s.value && s.value in secrets) s.value = secrets[s.value];
      const started = Date.now();
      const replay = await replayRecorderFlow(rewritten);
      try {
        console.log(`Recorder replay: ${replay.done.length} steps in ${Date.now() - started} ms`);
        expect(replay.done).toHaveLength(replay.total);
        const main = replay.page;
        expect(await main.$eval('#deploy-heading', (h) => h.textContent)).toBe(DEPLOYED);
        const pages = await replay.browser.pages();
        const runbook = pages.find((p) => p.url().startsWith(`${fresh.mainOrigin}/runbook.html`));
        expect(runbook, 'the runbook tab the replay opened').toBeDefined();
        expect(await runbook!.$eval('#ack-status', (s) => s.textContent)).toBe('Acknowledged by dana.ops.');
        // What the replay typed is what the form sent: the deployment row records the version.
        expect(await main.$$eval('tbody tr', (rows) => rows[0]?.textContent ?? '')).toContain(VERSION);
      } finally {
        await replay.browser.close();
      }
    });

    await test.step('(b) the exported Playwright test passes against the fresh console', async () => {
      const started = Date.now();
      // The exported checks end at the toast and the runbook; the harness adds the end state the workflow
      // itself checks (the deploy heading), as the last lines of the same test.
      const checked = spec.replace(
        /\n\}\);\n$/,
        `\n  await expect(page.locator('#deploy-heading')).toHaveText(${JSON.stringify(DEPLOYED)});\n  await expect(page1.locator('#ack-status')).toHaveText('Acknowledged by dana.ops.');\n});\n`,
      );
      expect(checked).not.toBe(spec);
      const run = await runExportedSpec('deploy-payments-api-shipyard.spec.ts', checked, {
        SOP_BASE_URL: fresh.mainOrigin,
        SOP_SECRET_REGISTRY_TOKEN: FAKE_REGISTRY_TOKEN,
        SOP_SECRET_API_KEY: FAKE_API_KEY,
      });
      console.log(`Exported Playwright test: exit ${run.exitCode} in ${Date.now() - started} ms`);
      expect(run.exitCode, run.output).toBe(0);
      expect(run.stats, run.output).toMatchObject({ expected: 1, unexpected: 0, skipped: 0 });
    });
  } finally {
    await fresh.close();
  }
});
