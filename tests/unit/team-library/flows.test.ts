/**
 * The Git client and the publish / pull flows against a real Git server (git http-backend behind
 * tests/fixtures/git-server.mjs), checked with the git command line on the bare repository.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import nodeHttp from 'isomorphic-git/http/node';
import type { HttpClient } from 'isomorphic-git';
import { join } from 'node:path';
import { git, startGitServer, type GitServer } from '../../fixtures/git-server.mjs';
import { buildSopJson } from '../../../lib/export/json';
import { buildSopFolder, contentFingerprint, type RepoImage } from '../../../lib/team-library/layout';
import { publishSop, readTeamLibrary, type PublishInput } from '../../../lib/team-library/flows';
import { fetchTip, testConnection } from '../../../lib/team-library/git-client';
import { classifyGitError, TeamError } from '../../../lib/team-library/errors';
import type { StepId } from '../../../lib/model';
import { fixtureExportInput, fakePng } from '../import/fixture';
import { BASE_AT } from '../factories';
import { nodeEnv, remoteOf } from './git-env';

const MKDOCS = ['site_name: Team runbooks', 'docs_dir: docs', 'nav:', '  - Home: index.md', '# keep this comment', 'theme: readthedocs', ''].join('\n');

// Every test talks to a real Git server (processes per request) on 2 shared cores: room, not a timing claim.
vi.setConfig({ testTimeout: 120_000 });

let server: GitServer;
beforeAll(async () => {
  server = await startGitServer();
});
afterAll(async () => {
  await server.close();
});

let repoCount = 0;
async function repoWithDocs(): Promise<string> {
  const name = `lib${++repoCount}`;
  await server.createRepo(name, { files: { 'mkdocs.yml': MKDOCS, 'docs/index.md': '# Home\n' } });
  return name;
}

async function publishInput(repo: string, overrides: Partial<PublishInput> = {}, edit?: (input: ReturnType<typeof fixtureExportInput>) => ReturnType<typeof fixtureExportInput>): Promise<PublishInput> {
  const base = fixtureExportInput();
  const input = edit ? edit(base) : base;
  const images = new Map<StepId, RepoImage>(input.steps.filter((s) => s.shotId).map((s, i) => [s.id, { bytes: fakePng(i, 200), ext: 'png' }]));
  const json = buildSopJson(input, BASE_AT);
  return {
    settings: { branch: 'main', folder: 'docs/sops', publishTo: 'branch' },
    remote: remoteOf(server, repo),
    author: { name: 'Ada Ops', email: 'ada@example.test' },
    sop: input.sop,
    files: buildSopFolder(input.sop, input.steps, input.doc, images, json),
    message: 'Publish: first draft',
    fingerprint: await contentFingerprint(input.sop, input.steps, input.doc),
    now: Date.UTC(2026, 11, 4, 9, 30),
    ...overrides,
  };
}

describe('test connection', () => {
  it('passes with a token that may push, and says which branch is missing', async () => {
    const repo = await repoWithDocs();
    await expect(testConnection(nodeEnv(), remoteOf(server, repo), 'main')).resolves.toMatchObject({ empty: false, branchExists: true });
    await expect(testConnection(nodeEnv(), remoteOf(server, repo), 'release')).rejects.toMatchObject({ kind: 'branch-missing', message: expect.stringContaining('“release”') });
  });

  it.each([
    ['a wrong token', (r: ReturnType<typeof remoteOf>) => ({ ...r, token: 'wrong-token-123456' }), 'auth', /401/],
    ['a read-only token', () => remoteOf(server, 'ro', 'reader'), 'forbidden', /not push/],
    ['a missing repository', (r: ReturnType<typeof remoteOf>) => ({ ...r, url: server.url('nope') }), 'repo-missing', /404/],
  ])('names %s', async (_what, remote, kind, message) => {
    await server.createRepo('ro', { files: { 'a.txt': 'a' } }).catch(() => undefined);
    const repo = await repoWithDocs();
    const error = await testConnection(nodeEnv(), remote(remoteOf(server, repo)), 'main').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TeamError);
    expect(error).toMatchObject({ kind, message: expect.stringMatching(message) });
    // The token never shows in what the person reads.
    expect(String((error as TeamError).message + (error as TeamError).detail)).not.toContain('token-0123456789');
  });

  it('says the host is unreachable when the server is down', async () => {
    const repo = await repoWithDocs();
    await server.stop();
    try {
      await expect(testConnection(nodeEnv(), remoteOf(server, repo), 'main')).rejects.toMatchObject({ kind: 'unreachable', retryable: true });
    } finally {
      await server.start();
    }
  });

  it('accepts a repository without commits', async () => {
    await server.createRepo('empty-conn');
    await expect(testConnection(nodeEnv(), remoteOf(server, 'empty-conn'), 'main')).resolves.toMatchObject({ empty: true });
  });
});

describe('publish', () => {
  it('writes one commit on the branch from a depth-1 fetch: index.md with front matter, images, sop.json, mkdocs nav', async () => {
    const repo = await repoWithDocs();
    const progress: string[] = [];
    const input = await publishInput(repo);
    const result = await publishSop(nodeEnv({ onProgress: (p) => progress.push(p.phase) }), input);
    expect(result).toMatchObject({ branch: 'main', path: expect.stringMatching(/^docs\/sops\/deploy-/), conflict: false, attempts: 1 });
    expect(server.git(repo, ['rev-parse', 'main']).trim()).toBe(result.commit);
    expect(server.git(repo, ['log', '-1', '--format=%an <%ae>|%s', 'main']).trim()).toBe('Ada Ops <ada@example.test>|Publish: first draft');
    expect(server.git(repo, ['rev-list', '--count', 'main']).trim()).toBe('2');
    const files = server.git(repo, ['ls-tree', '-r', '--name-only', 'main']).trim().split('\n');
    expect(files).toEqual(expect.arrayContaining([`${result.path}/index.md`, `${result.path}/sop.json`, `${result.path}/images/step-01.png`, 'docs/index.md', 'mkdocs.yml']));
    const md = server.git(repo, ['show', `main:${result.path}/index.md`]);
    expect(md).toMatch(/^---\ntitle: ".*"\nid: ""\nversion: "0\.1"\nowner: "Ops <team>"\nreview_date: ""\n/);
    expect(md).toContain('![Step 1](images/step-01.png)');
    const json = JSON.parse(server.git(repo, ['show', `main:${result.path}/sop.json`]));
    expect(json.format).toBe('sop-recorder/sop');
    const mkdocs = server.git(repo, ['show', 'main:mkdocs.yml']);
    expect(mkdocs).toContain(`  - Procedures:\n      - "${input.sop.title.replace(/"/g, '\\"')}": ${result.path.slice('docs/'.length)}/index.md`);
    expect(mkdocs).toContain('# keep this comment');
    expect(progress.length).toBeGreaterThan(0);
    // The remote is a valid repository after a push from a shallow clone.
    expect(() => server.git(repo, ['fsck', '--strict'])).not.toThrow();
  });

  it('publishes to a new branch sop/<slug>-<date> and leaves main alone', async () => {
    const repo = await repoWithDocs();
    const main = server.git(repo, ['rev-parse', 'main']).trim();
    const result = await publishSop(nodeEnv(), await publishInput(repo, { settings: { branch: 'main', folder: 'docs/sops', publishTo: 'new-branch' } }));
    expect(result.branch).toMatch(/^sop\/deploy-.*-2026-12-04$/);
    expect(server.git(repo, ['rev-parse', 'main']).trim()).toBe(main);
    expect(server.git(repo, ['rev-parse', `${result.branch}^`]).trim()).toBe(main);
    // A second publish the same day gets its own branch.
    const again = await publishSop(nodeEnv(), await publishInput(repo, { settings: { branch: 'main', folder: 'docs/sops', publishTo: 'new-branch' } }));
    expect(again.branch).toBe(`${result.branch}-2`);
  });

  it('re-publishing updates the same files, removing images of deleted steps', async () => {
    const repo = await repoWithDocs();
    const first = await publishSop(nodeEnv(), await publishInput(repo));
    const before = server.git(repo, ['ls-tree', '-r', '--name-only', 'main', first.path]).trim().split('\n');
    const edited = await publishInput(repo, { message: 'Publish: shorter', link: { path: first.path, baseFingerprint: (await publishInput(repo)).fingerprint } }, (input) => ({ ...input, steps: input.steps.slice(0, 2) }));
    const second = await publishSop(nodeEnv(), edited);
    expect(second.path).toBe(first.path);
    const after = server.git(repo, ['ls-tree', '-r', '--name-only', 'main', first.path]).trim().split('\n');
    expect(after.length).toBeLessThan(before.length);
    expect(after.filter((f) => f.includes('/images/'))).toEqual([`${first.path}/images/step-01.png`, `${first.path}/images/step-02.png`]);
    expect(server.git(repo, ['show', `main:${first.path}/index.md`])).toContain('step_count: 2');
    expect(server.git(repo, ['log', '--format=%s', 'main']).trim().split('\n').slice(0, 2)).toEqual(['Publish: shorter', 'Publish: first draft']);
  });

  it('another SOP with the same title gets its own folder', async () => {
    const repo = await repoWithDocs();
    const a = await publishSop(nodeEnv(), await publishInput(repo));
    const b = await publishSop(nodeEnv(), await publishInput(repo));
    expect(b.path).toBe(`${a.path}-2`);
  });

  it('someone pushed first: fetches again, rebuilds the one commit on their tip and pushes', async () => {
    const repo = await repoWithDocs();
    let theirs = '';
    server.beforeNextReceivePack(async () => {
      theirs = await server.commitFiles(repo, { 'docs/other.md': '# Other\n' }, 'A colleague pushed first');
    });
    const result = await publishSop(nodeEnv(), await publishInput(repo));
    expect(result.attempts).toBe(2);
    expect(result.notes.join(' ')).toMatch(/pushed to the branch meanwhile/);
    expect(server.git(repo, ['rev-parse', `${result.commit}^`]).trim()).toBe(theirs);
    expect(server.git(repo, ['log', '--format=%s', 'main']).trim().split('\n')).toEqual(['Publish: first draft', 'A colleague pushed first', 'Initial commit']);
  });

  it('the SOP changed in the repository since the last publish: never overwritten, pushed to a new branch', async () => {
    const repo = await repoWithDocs();
    const input = await publishInput(repo);
    const first = await publishSop(nodeEnv(), input);
    // A colleague edits the SOP's sop.json on main (a different title).
    const json = JSON.parse(server.git(repo, ['show', `main:${first.path}/sop.json`]));
    json.sop.title = 'Deploy, edited by a colleague';
    await server.commitFiles(repo, { [`${first.path}/sop.json`]: JSON.stringify(json) }, 'Colleague edit');
    const mainBefore = server.git(repo, ['rev-parse', 'main']).trim();
    const mine = await publishInput(repo, { link: { path: first.path, baseFingerprint: input.fingerprint } }, (x) => ({ ...x, steps: x.steps.slice(1) }));
    const result = await publishSop(nodeEnv(), mine);
    expect(result.conflict).toBe(true);
    expect(result.branch).toMatch(/^sop\//);
    expect(server.git(repo, ['rev-parse', 'main']).trim()).toBe(mainBefore);
    expect(result.notes.join(' ')).toMatch(/instead of overwriting/);
  });

  it('publishes the first commit of an empty repository, with a new mkdocs.yml', async () => {
    await server.createRepo('empty-pub');
    const result = await publishSop(nodeEnv(), await publishInput('empty-pub', { settings: { branch: 'main', folder: 'docs/sops', publishTo: 'new-branch' } }));
    expect(result.branch).toBe('main');
    expect(server.git('empty-pub', ['rev-list', '--count', 'main']).trim()).toBe('1');
    expect(server.git('empty-pub', ['show', 'main:mkdocs.yml'])).toContain('docs_dir: docs');
  });

  it('a token revoked mid-push fails with 401 and leaves the remote unchanged', async () => {
    const repo = await repoWithDocs();
    const before = server.git(repo, ['rev-parse', 'main']).trim();
    const token = server.users.alice!.token;
    server.beforeNextReceivePack(() => server.revoke(token));
    try {
      await expect(publishSop(nodeEnv(), await publishInput(repo))).rejects.toMatchObject({ kind: 'auth' });
    } finally {
      server.unrevoke(token);
    }
    expect(server.git(repo, ['rev-parse', 'main']).trim()).toBe(before);
  });

  it('Cancel during the push leaves the remote unchanged', async () => {
    const repo = await repoWithDocs();
    const before = server.git(repo, ['rev-parse', 'main']).trim();
    const controller = new AbortController();
    server.beforeNextReceivePack(() => controller.abort());
    await expect(publishSop(nodeEnv({ signal: controller.signal }), await publishInput(repo))).rejects.toMatchObject({ kind: 'cancelled' });
    expect(server.git(repo, ['rev-parse', 'main']).trim()).toBe(before);
    expect(server.git(repo, ['for-each-ref', '--format=%(refname)']).trim()).toBe('refs/heads/main');
  });
});

describe('pull', () => {
  it('lists the published SOPs with the fingerprint the publisher had', async () => {
    const repo = await repoWithDocs();
    const input = await publishInput(repo);
    const published = await publishSop(nodeEnv(), input);
    const listing = await readTeamLibrary(nodeEnv(), remoteOf(server, repo), { branch: 'main', folder: 'docs/sops' });
    expect(listing.commit).toBe(published.commit);
    expect(listing.refused).toEqual([]);
    expect(listing.sops).toHaveLength(1);
    expect(listing.sops[0]).toMatchObject({ path: published.path, title: input.sop.title, stepCount: input.files.size > 0 ? expect.any(Number) : 0, fingerprint: input.fingerprint });
  });

  it('refuses hostile entries by path and still reads the good ones', async () => {
    const repo = await repoWithDocs();
    await publishSop(nodeEnv(), await publishInput(repo));
    await server.commitFiles(
      repo,
      {
        'docs/sops/broken/sop.json': '{"format":"sop-recorder/sop","version":1,"steps":"no"}',
        'docs/sops/not-json/sop.json': 'hello',
        'docs/sops/no-sop/index.md': '# not ours',
        'docs/sops/we ird/sop.json': '{}',
      },
      'Hostile additions',
    );
    const listing = await readTeamLibrary(nodeEnv(), remoteOf(server, repo), { branch: 'main', folder: 'docs/sops' });
    expect(listing.sops).toHaveLength(1);
    const refused = Object.fromEntries(listing.refused.map((r) => [r.path, r.reason]));
    expect(Object.keys(refused).sort()).toEqual(['docs/sops/"we ird"', 'docs/sops/broken/sop.json', 'docs/sops/no-sop/sop.json', 'docs/sops/not-json/sop.json']);
    expect(refused['docs/sops/not-json/sop.json']).toMatch(/not valid JSON/);
  });

  it('refuses a crafted tree: a folder named "..", a symlinked sop.json; imports nothing of them', async () => {
    const repo = await repoWithDocs();
    const good = await publishSop(nodeEnv(), await publishInput(repo));
    const dir = server.repoDir(repo);
    const run = (args: string[], input?: string) => git(args, { cwd: dir, ...(input !== undefined ? { input } : {}) }).trim();
    // A hostile server can send any tree: build one with git plumbing, straight into the bare repository.
    const json = run(['rev-parse', `main:${good.path}/sop.json`]);
    const inner = run(['mktree'], `100644 blob ${json}\tsop.json\n`);
    const link = run(['mktree'], `120000 blob ${run(['hash-object', '-w', '--stdin'], '../../../etc/passwd')}\tsop.json\n`);
    const sops = run(['ls-tree', 'main', 'docs/sops/']).split('\n').map((l) => l.replace(/docs\/sops\//, ''));
    const sopsTree = run(['mktree'], [...sops, `040000 tree ${inner}\t..`, `040000 tree ${link}\tlinked`].join('\n') + '\n');
    const docsTree = run(['mktree'], [...run(['ls-tree', 'main', 'docs/']).split('\n').filter((l) => !l.endsWith('\tdocs/sops')).map((l) => l.replace(/\tdocs\//, '\t')), `040000 tree ${sopsTree}\tsops`].join('\n') + '\n');
    const root = run(['mktree'], [...run(['ls-tree', 'main']).split('\n').filter((l) => !l.endsWith('\tdocs')), `040000 tree ${docsTree}\tdocs`].join('\n') + '\n');
    const commit = run(['commit-tree', root, '-p', 'main', '-m', 'Hostile tree']);
    run(['update-ref', 'refs/heads/main', commit]);
    const listing = await readTeamLibrary(nodeEnv(), remoteOf(server, repo), { branch: 'main', folder: 'docs/sops' });
    expect(listing.sops.map((x) => x.path)).toEqual([good.path]);
    expect(listing.refused).toEqual([
      { path: 'docs/sops/".."', reason: expect.stringMatching(/path traversal/) },
      { path: 'docs/sops/linked/sop.json', reason: expect.stringMatching(/symlink/) },
    ]);
    // Publishing on top of such a tree cannot work (git's object walk refuses the name): said plainly, by name,
    // not retried, and the branch is left as it was.
    // (As the extension reads any failure: through classifyGitError.)
    const error = classifyGitError(await publishSop(nodeEnv(), await publishInput(repo, { link: { path: good.path, baseFingerprint: (await publishInput(repo)).fingerprint } })).catch((e: unknown) => e));
    expect(error).toMatchObject({ kind: 'invalid', retryable: false, message: expect.stringContaining('entry named “..”') });
    expect(run(['rev-parse', 'main'])).toBe(commit);
  });

  it('a long history is fetched at depth 1: one commit, the tip', async () => {
    const repo = await repoWithDocs();
    for (let i = 0; i < 20; i++) await server.commitFiles(repo, { [`docs/log-${i}.md`]: `# ${i}\n`.repeat(50) }, `History ${i}`);
    const env = nodeEnv();
    const { tip } = await fetchTip(env, remoteOf(server, repo), 'main');
    expect(tip).toBe(server.git(repo, ['rev-parse', 'main']).trim());
    expect(readFileSync(join(env.dir, '.git', 'shallow'), 'utf8').trim()).toBe(tip);
    // The local copy knows one commit: the pack holds the tip's tree and nothing of the 21 commits before.
    const packs = readdirSync(join(env.dir, '.git', 'objects', 'pack')).filter((f) => f.endsWith('.pack'));
    const commits = packs.flatMap((p) => git(['verify-pack', '-v', join(env.dir, '.git', 'objects', 'pack', p)]).split('\n').filter((l) => / commit /.test(l)));
    expect(commits).toHaveLength(1);
  });

  it('a kept copy fetches only what changed: a colleague\'s commit, then our publish, then theirs again', async () => {
    // A team library whose tip is a few MB of screenshots: a depth-1 fetch brings all of it every time.
    const big: Record<string, Uint8Array> = {};
    for (let s = 0; s < 8; s++) for (let i = 0; i < 10; i++) big[`docs/sops/sop-${s}/images/step-${i}.webp`] = randomBytes(30_000);
    const repo = await repoWithDocs();
    await server.commitFiles(repo, big, 'Eight SOPs with screenshots');
    let received = 0;
    const counting: HttpClient = {
      request: async (req) => {
        const res = await nodeHttp.request(req);
        const body = res.body;
        return {
          ...res,
          body: (async function* () {
            for await (const chunk of body ?? []) {
              received += chunk.length;
              yield chunk;
            }
          })(),
        };
      },
    };
    const kept = nodeEnv({ http: counting });
    const fresh = () => nodeEnv({ http: counting });
    const bytesOf = async (op: () => Promise<unknown>) => {
      received = 0;
      await op();
      return received;
    };
    const remote = remoteOf(server, repo);
    const first = await bytesOf(() => fetchTip(kept, remote, 'main'));
    expect(first).toBeGreaterThan(2_000_000);
    await server.commitFiles(repo, { 'docs/sops/sop-3/images/step-1.webp': randomBytes(30_000) }, 'A colleague replaced one screenshot');
    const again = await bytesOf(() => fetchTip(kept, remote, 'main'));
    expect(again).toBeLessThan(first / 20);
    // Publishing from the kept copy builds on the colleague's commit, and a fresh copy sees the same tree.
    const published = await publishSop(kept, await publishInput(repo));
    expect(server.git(repo, ['rev-parse', `${published.commit}^`]).trim()).toBe(server.git(repo, ['rev-parse', 'main^']).trim());
    expect(server.git(repo, ['rev-parse', 'main']).trim()).toBe(published.commit);
    // Our own commit is not fetched back; nothing new is nothing fetched.
    const afterOurs = await bytesOf(() => fetchTip(kept, remote, 'main'));
    expect(afterOurs).toBeLessThan(first / 20);
    const listed = await readTeamLibrary(kept, remote, { branch: 'main', folder: 'docs/sops' });
    const fromScratch = await readTeamLibrary(fresh(), remote, { branch: 'main', folder: 'docs/sops' });
    expect(listed.commit).toBe(fromScratch.commit);
    expect(listed.sops.map((x) => x.path)).toEqual(fromScratch.sops.map((x) => x.path));
  });

  it('an empty repository lists nothing', async () => {
    await server.createRepo('empty-pull');
    await expect(readTeamLibrary(nodeEnv(), remoteOf(server, 'empty-pull'), { branch: 'main', folder: 'docs/sops' })).resolves.toEqual({ sops: [], refused: [] });
  });
});
