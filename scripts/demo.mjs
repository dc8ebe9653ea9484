#!/usr/bin/env node
// `npm run demo`: the product's main job, end to end, on this machine. Installs what is missing, builds the
// extension, opens the bundled "Shipyard" demo console in headless Chromium with the extension loaded,
// records the deploy workflow through the real popup, and writes the resulting SOP into demo-output/.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

function run(cmd) {
  console.log(`$ ${cmd}`);
  execSync(cmd, { stdio: 'inherit', env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' } });
}

function ensureSystemPackages() {
  const missing = [['/usr/bin/chromium', 'chromium']].filter(([path]) => !existsSync(path)).map(([, pkg]) => pkg);
  if (missing.length === 0 || process.env.CHROMIUM_PATH) return;
  if (process.getuid?.() !== 0) {
    console.error(`Missing: ${missing.join(', ')}. Install with: sudo apt-get install -y ${missing.join(' ')}`);
    process.exit(1);
  }
  run('apt-get update -qq');
  run(`DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${missing.join(' ')}`);
}

ensureSystemPackages();
if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) run('npm ci --no-audit --no-fund');
run('npm run build');

const { chromium } = await import('@playwright/test');
const { unzipSync } = await import('fflate');
const { CHROMIUM_PATH, EXTENSION_ID, chromiumArgs } = await import('../tests/e2e/chromium-launch.mjs');
const { startFixtureServers } = await import('../tests/fixtures/server.mjs');
const { runDeployWorkflow } = await import('../tests/e2e/workflows/deploy-workflow.mjs');

const extensionDir = join(root, '.output', 'chrome-mv3');
const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
const outDir = join(root, 'demo-output', stamp);
await mkdir(outDir, { recursive: true });

const servers = await startFixtureServers({ otherHost: 'localhost' });
const profile = await mkdtemp(join(tmpdir(), 'sop-demo-profile-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM_PATH,
  headless: true,
  viewport: null,
  args: chromiumArgs(extensionDir),
});

try {
  const console_ = await context.newPage();
  await console_.goto(`${servers.mainOrigin}/services`);
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  // This machine reaches no model hub: the demo records without transcription (see README: narration).
  await worker.evaluate(() => chrome.storage.local.set({ narrationSettings: { transcribe: false, model: 'tiny.en' } }));
  const tabId = await worker.evaluate(async (url) => (await chrome.tabs.query({ url })).at(0)?.id, console_.url());

  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${EXTENSION_ID}/popup.html?tab=${tabId}`);
  const button = (name) => popup.getByRole('button', { name, exact: true });
  await button('Start recording').click();
  await popup.getByTestId('phase').filter({ hasText: /^Recording$/ }).waitFor();
  console.log('Recording… performing the deploy workflow on the demo console');

  await console_.bringToFront();
  await runDeployWorkflow(console_, {
    include: ['purge-cache', 'api-key', 'release-notes'],
    onStep: (step, i) => console.log(`  ${String(i + 1).padStart(2)}. ${step.description}`),
  });

  await popup.bringToFront();
  await button('Stop recording').click();
  const sop = popup.getByRole('region', { name: 'SOP', exact: true });
  await sop.getByRole('list', { name: 'Steps' }).waitFor({ timeout: 60_000 });
  const draftMs = await sop.getAttribute('data-draft-ms');
  const steps = (await sop.getByTestId('step-text').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  await popup.screenshot({ path: join(outDir, 'popup.png'), fullPage: true });

  async function exportVia(name) {
    const list = () => popup.evaluate(async () => (await chrome.downloads.search({})).map((d) => ({ id: d.id, state: d.state, path: d.filename })));
    const known = new Set((await list()).map((d) => d.id));
    // Formats beyond the featured ones sit under "More formats".
    if (!(await button(name).isVisible())) await popup.locator('details.exports__more > summary').click();
    await button(name).click();
    for (let i = 0; i < 600; i++) {
      const done = (await list()).find((d) => !known.has(d.id) && d.state === 'complete');
      if (done) return done.path;
      await popup.waitForTimeout(200);
    }
    throw new Error(`${name}: no download`);
  }
  const zipPath = await exportVia('Export Markdown');
  await copyFile(zipPath, join(outDir, 'sop.zip'));
  for (const [name, bytes] of Object.entries(unzipSync(new Uint8Array(await readFile(zipPath))))) {
    await mkdir(dirname(join(outDir, 'markdown', name)), { recursive: true });
    await writeFile(join(outDir, 'markdown', name), bytes);
  }
  await copyFile(await exportVia('Export single-file Markdown'), join(outDir, 'sop-single-file.md'));
  await copyFile(await exportVia('Export PDF'), join(outDir, 'sop.pdf'));
  await copyFile(await exportVia('Export HTML'), join(outDir, 'sop.html'));
  await copyFile(await exportVia('Export JSON'), join(outDir, 'sop.json'));
  await copyFile(await exportVia('Export Playwright test'), join(outDir, 'sop.spec.ts'));
  await copyFile(await exportVia('Export DevTools Recorder JSON'), join(outDir, 'sop.recorder.json'));

  console.log(`\nDrafted ${steps.length} steps (Stop → draft shown in ${draftMs} ms):`);
  steps.forEach((s, i) => console.log(`  ${String(i + 1).padStart(2)}. ${s}`));
  console.log(`\nSOP written to ${outDir}`);
  console.log('  markdown/sop.md + markdown/images/   the Markdown export, unpacked');
  console.log('  sop.zip                              the same, as downloaded');
  console.log('  sop-single-file.md                   one file, images inline');
  console.log('  sop.pdf                              PDF: cover, contents, sections, screenshots, diagram');
  console.log('  sop.html                             one self-contained page, printable');
  console.log('  sop.json                             the versioned JSON (import it back in the editor)');
  console.log('  sop.spec.ts, sop.recorder.json       replayable: Playwright test, Chrome DevTools Recorder flow');
  console.log('  popup.png                            the draft as the popup shows it');
} finally {
  await context.close();
  await servers.close();
  await rm(profile, { recursive: true, force: true });
}
