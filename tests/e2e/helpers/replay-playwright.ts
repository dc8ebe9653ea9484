/**
 * Runs an exported Playwright test file the way its user would: in a folder of its own with a minimal config
 * (Debian's Chromium, headless), through this repository's Playwright CLI as a child process. The folder
 * gets a `node_modules` link to the repository's so `@playwright/test` resolves to the one installed here.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CHROMIUM_PATH } from '../chromium-launch.mjs';

const REPO = resolve(import.meta.dirname, '../../..');

export interface SpecRun {
  readonly exitCode: number | null;
  readonly output: string;
  /** From Playwright's JSON reporter. */
  readonly stats?: { readonly expected: number; readonly unexpected: number; readonly skipped: number; readonly flaky: number };
}

function config(): string {
  const args = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  return [
    `import { defineConfig } from '@playwright/test';`,
    `export default defineConfig({`,
    `  testDir: '.',`,
    `  testMatch: '*.spec.ts',`,
    `  workers: 1,`,
    `  retries: 0,`,
    `  timeout: 90_000,`,
    `  outputDir: './results',`,
    `  reporter: [['list'], ['json', { outputFile: './report.json' }]],`,
    `  use: { headless: true, launchOptions: { executablePath: ${JSON.stringify(CHROMIUM_PATH)}, args: ${JSON.stringify(args)} } },`,
    `});`,
    '',
  ].join('\n');
}

/** The parent runner's own variables would make the child think it is one of its workers. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(TEST_|PW_|PLAYWRIGHT_)/.test(k) && k !== 'NODE_OPTIONS') env[k] = v;
  return { ...env, ...extra, CI: '1', FORCE_COLOR: '0' };
}

export async function runExportedSpec(fileName: string, source: string, env: Record<string, string>): Promise<SpecRun> {
  const dir = await mkdtemp(join(tmpdir(), 'sop-replay-spec-'));
  try {
    await symlink(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
    await writeFile(join(dir, fileName), source);
    await writeFile(join(dir, 'playwright.config.mjs'), config());
    const child = spawn('npx', ['playwright', 'test', '-c', join(dir, 'playwright.config.mjs')], { cwd: REPO, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exitCode = await new Promise<number | null>((done, fail) => {
      child.on('error', fail);
      child.on('close', (code) => done(code));
    });
    const report = await readFile(join(dir, 'report.json'), 'utf8').then((t) => JSON.parse(t) as { stats?: SpecRun['stats'] }).catch(() => undefined);
    return { exitCode, output, ...(report?.stats ? { stats: report.stats } : {}) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
