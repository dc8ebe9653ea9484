/**
 * Node-RED (the npm package `node-red`, Apache-2.0) as a real web application to record: started from its own
 * bin on a free port of 127.0.0.1 with a temporary user directory, a given flow, and a login (adminAuth with a
 * username and password); stopped and removed after. No call leaves the machine: telemetry, update checks, the
 * palette manager's catalogue and the welcome tour are off.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

const require = createRequire(import.meta.url);

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
  const redJs = require.resolve('node-red/red.js');
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

  // Up when the editor's settings answer (401 without a login: the admin API is protected).
  const deadline = Date.now() + 30_000;
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
