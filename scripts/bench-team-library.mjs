/**
 * Benchmark, not a test: the team library's publish and pull against the real Git server of the tests
 * (git http-backend behind tests/fixtures/git-server.mjs on 127.0.0.1), run by the same code the extension runs
 * (lib/team-library/flows.ts on isomorphic-git) with Node's fs and http client in place of LightningFS and
 * fetch. Publishes 1 SOP, then 50 SOPs of 20 steps one after another (a fetch of the tip, one commit, one
 * push each), then pulls (lists and checks every sop.json) — without screenshots (the default) and with them
 * (20 WebP-sized images per SOP). "kept": one local copy reused by every publish and pull, as the extension
 * does (it fetches only what changed); "fresh": a new depth-1 copy per operation (before: the whole tip each
 * time). Prints JSON; asserts nothing. Screenshot rendering/compression in the browser is not included (see
 * the E2E's printed publish time for the whole path).
 *
 *   node scripts/bench-team-library.mjs [--sops 50] [--shot-sops 10] [--steps 20] [--shot-kb 40]
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { startGitServer } from '../tests/fixtures/git-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({ options: { sops: { type: 'string', default: '50' }, 'shot-sops': { type: 'string', default: '10' }, steps: { type: 'string', default: '20' }, 'shot-kb': { type: 'string', default: '40' } } });
const SOPS = Number(args.sops);
/** With screenshots every publish fetches the whole tip (isomorphic-git has no partial clone): fewer SOPs. */
const SHOT_SOPS = Number(args['shot-sops']);
const STEPS = Number(args.steps);
const SHOT = Number(args['shot-kb']) * 1024;

async function load() {
  const entry = [
    `export { publishSop, readTeamLibrary } from ${JSON.stringify(join(root, 'lib/team-library/flows.ts'))};`,
    `export { buildSopFolder, contentFingerprint } from ${JSON.stringify(join(root, 'lib/team-library/layout.ts'))};`,
    `export { buildSopJson } from ${JSON.stringify(join(root, 'lib/export/json.ts'))};`,
    `export { emptyDocument } from ${JSON.stringify(join(root, 'lib/sop/document.ts'))};`,
    `export { default as http } from 'isomorphic-git/http/node';`,
  ].join('\n');
  // Packages stay imports (isomorphic-git's CommonJS requires Node built-ins), so the bundle lives in the
  // checkout (.bench/, git-ignored) where node_modules resolves.
  const out = await build({ stdin: { contents: entry, resolveDir: root, loader: 'ts' }, bundle: true, format: 'esm', platform: 'node', packages: 'external', write: false, logLevel: 'warning' });
  await mkdir(join(root, '.bench'), { recursive: true });
  const dir = await mkdtemp(join(root, '.bench', 'team-'));
  const file = join(dir, 'team.mjs');
  await writeFile(file, out.outputFiles[0].text);
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const m = await load();
const server = await startGitServer();

/** A WebP-looking image of `size` bytes that does not compress (like a real one). */
function image(seed) {
  const bytes = new Uint8Array(SHOT);
  let x = (seed * 2654435761) >>> 0;
  for (let i = 0; i < bytes.length; i++) bytes[i] = (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 24;
  bytes.set([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50]);
  return bytes;
}

function makeSop(n, withShots) {
  const sop = { id: `sop-${n}`, title: `Procedure ${n}: deploy service ${n}`, createdAt: Date.UTC(2026, 0, 1), updatedAt: Date.UTC(2026, 0, 1), sourceUrl: 'https://console.example/apps', sessionId: `s-${n}`, stepCount: STEPS, durationMs: 60_000 };
  const steps = Array.from({ length: STEPS }, (_, i) => ({ id: `st-${n}-${i}`, sopId: sop.id, order: i * 10, kind: 'click', text: `Click **Button ${i}** on the page of service ${n}.`, page: { url: `https://console.example/apps/${n}`, title: 'Console' }, tabId: 1, t: i * 1000, eventIds: [], ...(withShots ? { shotId: `sh-${n}-${i}` } : {}) }));
  const shots = withShots ? steps.map((s, i) => ({ shot: { id: s.shotId, sessionId: sop.sessionId, mimeType: 'image/webp', width: 1280, height: 800, at: 0, t: i * 1000, source: 'tab-stream' }, bytes: image(n * 100 + i) })) : [];
  const doc = m.emptyDocument(sop);
  const images = new Map(withShots ? steps.map((s, i) => [s.id, { bytes: image(n * 100 + i + 50), ext: 'webp' }]) : []);
  return { sop, steps, doc, shots, images };
}

const scratch = () => ({ fs, http: m.http, dir: fs.mkdtempSync(join(tmpdir(), 'bench-team-git-')) });

async function publishOne(repo, n, withShots, kept) {
  const { sop, steps, doc, shots, images } = makeSop(n, withShots);
  const json = m.buildSopJson({ sop, steps, doc, shots }, Date.now());
  const files = m.buildSopFolder(sop, steps, doc, images, json);
  const env = kept ?? scratch();
  const t0 = performance.now();
  await m.publishSop(env, {
    settings: { branch: 'main', folder: 'docs/sops', publishTo: 'branch' },
    remote: { url: server.url(repo), username: 'alice', token: server.users.alice.token },
    author: { name: 'Bench', email: 'bench@example.test' },
    sop, files, message: `Publish ${n}`, fingerprint: await m.contentFingerprint(sop, steps, doc), now: Date.now(),
  });
  const ms = performance.now() - t0;
  if (!kept) fs.rmSync(env.dir, { recursive: true, force: true });
  return ms;
}

async function pull(repo, kept) {
  const env = kept ?? scratch();
  const t0 = performance.now();
  const listing = await m.readTeamLibrary(env, { url: server.url(repo), username: 'alice', token: server.users.alice.token }, { branch: 'main', folder: 'docs/sops' });
  const ms = performance.now() - t0;
  if (!kept) fs.rmSync(env.dir, { recursive: true, force: true });
  return { ms, sops: listing.sops.length };
}

const repoKb = (repo) => {
  execFileSync('git', ['gc', '--quiet'], { cwd: server.repoDir(repo) });
  return Number(execFileSync('du', ['-sk', server.repoDir(repo)], { encoding: 'utf8' }).split('\t')[0]);
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x) => Math.round(x);

const results = [];
for (const [withShots, copy] of [[false, 'kept'], [true, 'fresh'], [true, 'kept']]) {
  const repo = `bench-${withShots ? 'shots' : 'text'}-${copy}`;
  await server.createRepo(repo, { files: { 'mkdocs.yml': 'site_name: Bench\nnav:\n  - Home: index.md\n', 'docs/index.md': '# Home\n' } });
  // The publisher's kept copy, and another person's (who pulls).
  const mine = copy === 'kept' ? scratch() : undefined;
  const theirs = copy === 'kept' ? scratch() : undefined;
  const one = await publishOne(repo, 0, withShots, mine);
  const pullOne = await pull(repo, theirs);
  const times = [];
  const count = withShots && copy === 'fresh' ? SHOT_SOPS : SOPS;
  for (let n = 1; n < count; n++) times.push(await publishOne(repo, n, withShots, mine));
  const pullAll = await pull(repo, theirs);
  const pullAgain = await pull(repo, theirs);
  const row = {
    screenshots: withShots ? `${STEPS} × ${SHOT / 1024} kB images + the same in sop.json` : 'none (default)',
    copy,
    publish1Ms: round(one),
    pull1Ms: round(pullOne.ms),
    sopsPublished: count,
    publishAllTotalMs: round(one + times.reduce((a, b) => a + b, 0)),
    publishMedianMs: round(median(times)),
    publishLastMs: round(times.at(-1) ?? one),
    pullAllMs: round(pullAll.ms),
    pullAgainUnchangedMs: round(pullAgain.ms),
    pulledSops: pullAll.sops,
    repoKbAfterGc: repoKb(repo),
  };
  for (const env of [mine, theirs]) if (env) fs.rmSync(env.dir, { recursive: true, force: true });
  results.push(row);
  // Printed as it comes: the variant with screenshots is slow.
  console.error(JSON.stringify(row));
}
console.log(JSON.stringify({ sops: SOPS, stepsPerSop: STEPS, cores: (await import('node:os')).cpus().length, results }, null, 2));
await server.close();
