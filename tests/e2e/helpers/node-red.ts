/**
 * Node-RED (the npm package `node-red`, Apache-2.0) as a real web application to record: started from its own
 * bin on a free port of 127.0.0.1 with a temporary user directory, a given flow, and a login (adminAuth with a
 * username and password); stopped and removed after. No call leaves the machine: telemetry, update checks, the
 * palette manager's catalogue and the welcome tour are off.
 *
 * It is installed in its own folder, tests/apps/node-red (exact pin and lockfile), never as a root dependency:
 * node-red pulls in the `npm` package, whose node_modules/.bin/npm would shadow the system npm in every root npm
 * script. .ci/run installs it; a checkout where nobody did gets it installed here, once, with the same command.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

/** Where Node-RED is installed: its own package.json, package-lock.json and node_modules. */
export const NODE_RED_APP_DIR = resolve(import.meta.dirname, '../../apps/node-red');

export interface NodeRed {
  /** http://127.0.0.1:<port> (no trailing slash). */
  readonly origin: string;
  readonly username: string;
  readonly password: string;
  /** Its user directory: flows.json (what Deploy wrote) and the settings. */
  readonly userDir: string;
  /** What the server printed so far (for failure messages). */
  log(): string;
  close(): Promise<void>;
}

export interface NodeRedOptions {
  /** The flows.json the editor opens with. */
  readonly flows: readonly object[];
  readonly username: string;
  readonly password: string;
}

async function installedVersion(): Promise<string | undefined> {
  const manifest = await readFile(join(NODE_RED_APP_DIR, 'node_modules/node-red/package.json'), 'utf8').catch(() => undefined);
  return manifest === undefined ? undefined : (JSON.parse(manifest) as { version: string }).version;
}

function run(command: string, args: readonly string[]): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', fail);
    child.once('exit', (code, signal) => (code === 0 ? done() : fail(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}`))));
  });
}

let installing: Promise<void> | undefined;

/**
 * Makes sure tests/apps/node-red holds the pinned Node-RED; installs it (npm ci, no install scripts: none of its
 * packages needs one) when it is missing or another version. Once per test process.
 */
export function ensureNodeRedInstalled(): Promise<void> {
  installing ??= (async () => {
    const { dependencies } = JSON.parse(await readFile(join(NODE_RED_APP_DIR, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const pinned = dependencies['node-red'];
    const found = await installedVersion();
    if (found === pinned) return;
    const dir = relative(process.cwd(), NODE_RED_APP_DIR) || '.';
    const args = ['ci', '--prefix', dir, '--no-audit', '--no-fund', '--ignore-scripts'];
    console.log(`[node-red] ${found ? `${dir} has Node-RED ${found}, not ${pinned}` : `${dir} has no Node-RED installed`}: installing it once (npm ${args.join(' ')}; .ci/run does this before the tests)`);
    await run('npm', args);
    const now = await installedVersion();
    if (now !== pinned) throw new Error(`npm ci in ${dir} left Node-RED ${now ?? 'missing'}, not ${pinned}`);
  })();
  return installing;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startNodeRed(options: NodeRedOptions): Promise<NodeRed> {
  await ensureNodeRedInstalled();
  const appRequire = createRequire(join(NODE_RED_APP_DIR, 'package.json'));
  const redJs = appRequire.resolve('node-red/red.js');
  // The password is stored as Node-RED wants it: a bcrypt hash, made with the bcryptjs Node-RED itself depends on.
  const bcrypt = createRequire(redJs)('bcryptjs') as { hashSync(password: string, rounds: number): string };
  const userDir = await mkdtemp(join(tmpdir(), 'sop-e2e-node-red-'));
  const port = await freePort();
  const settings = {
    uiHost: '127.0.0.1',
    uiPort: port,
    userDir,
    flowFile: 'flows.json',
    credentialSecret: 'sop-e2e',
    adminAuth: { type: 'credentials', users: [{ username: options.username, password: bcrypt.hashSync(options.password, 8), permissions: '*' }] },
    telemetry: { enabled: false, updateNotification: false },
    diagnostics: { enabled: false, ui: false },
    externalModules: { autoInstall: false, palette: { allowInstall: false } },
    editorTheme: { tours: false, projects: { enabled: false } },
    logging: { console: { level: 'warn' } },
  };
  await writeFile(join(userDir, 'flows.json'), JSON.stringify(options.flows, null, 1));
  const settingsFile = join(userDir, 'settings.js');
  await writeFile(settingsFile, `module.exports = ${JSON.stringify(settings, null, 1)};\n`);

  const child = spawn(process.execPath, [redJs, '--settings', settingsFile], { cwd: userDir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const origin = `http://127.0.0.1:${port}`;
  const close = async () => {
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited(child);
    clearTimeout(killer);
    await rm(userDir, { recursive: true, force: true });
  };

  // Up when the editor's settings answer (401 without a login: the admin API is protected). The deadline only
  // stops a server that never comes up (it is killed rather than left behind).
  const deadline = Date.now() + 90_000;
  for (;;) {
    const status = await fetch(`${origin}/settings`).then((r) => r.status, () => 0);
    if (status === 401 || status === 200) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      await close();
      throw new Error(`Node-RED did not start on ${origin}:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { origin, username: options.username, password: options.password, userDir, log: () => output, close };
}
