/** The team library's pure parts: settings checks, mkdocs nav edits, sync status, backoff, error words, layout. */
import { describe, expect, it } from 'vitest';
import { checkBranchName, checkRepoUrl, checkTeamSettings, DEFAULT_TEAM_SETTINGS, normaliseFolder, originPattern, restoreTeamSettings } from '../../../lib/team-library/settings';
import { docsDir, updateMkdocsYaml, upsertNavEntry } from '../../../lib/team-library/mkdocs-nav';
import { syncStatus } from '../../../lib/team-library/sync-status';
import { afterFailure, backoffDelay, duePublishes } from '../../../lib/team-library/retry';
import { classifyGitError, maskToken } from '../../../lib/team-library/errors';
import { buildIndexMarkdown, contentFingerprint, publishBranchName, sopPath } from '../../../lib/team-library/layout';
import { fingerprintOf } from '../../../lib/team-library/remote-sop';
import { readSopJson, sopFolders, checkSopJsonEntry, REPO_LIMITS } from '../../../lib/team-library/repo-check';
import { buildSopJson } from '../../../lib/export/json';
import { parseSopFile } from '../../../lib/import/sop-import';
import type { SopId } from '../../../lib/model';
import { makeSop } from '../factories';
import { fixtureExportInput } from '../import/fixture';

describe('settings', () => {
  it.each([
    ['https://github.com/team/runbooks.git', []],
    ['http://127.0.0.1:8080/r.git', []],
    ['http://git.example.com/r.git', [/in clear/]],
    ['git@github.com:team/runbooks.git', [/not a URL|https/]],
    ['https://user:tok@github.com/team/r.git', [/own fields/]],
    ['https://github.com/', [/no repository/]],
    ['https://github.com/team/runbooks', []],
    ['https://github.com/team', [/owner and repository/]],
    ['https://github.com/team/runbooks/tree/main/docs', [/use https:\/\/github\.com\/team\/runbooks\.git\./]],
    ['https://bitbucket.org/team/runbooks/src/main/', [/use https:\/\/bitbucket\.org\/team\/runbooks\.git/]],
    ['https://gitlab.com/ops/platform/runbooks.git', []],
    ['https://gitlab.com/ops/platform/runbooks/-/tree/main', [/use https:\/\/gitlab\.com\/ops\/platform\/runbooks\.git/]],
    ['https://dev.azure.com/acme/Ops/_git/runbooks', []],
    ['https://dev.azure.com/acme/Ops', [/_git/]],
    ['https://git.example.com/a/b/c/d.git', []],
  ])('repository URL %s', (url, problems) => {
    const got = checkRepoUrl(url);
    expect(got).toHaveLength(problems.length);
    problems.forEach((p, i) => expect(got[i]).toMatch(p));
  });

  it.each([['main', true], ['sop/x-1', true], ['a..b', false], ['-x', false], ['x.lock', false], ['a b', false], ['x/', false], ['.hidden', false]])('branch %s valid: %s', (name, ok) => {
    expect(checkBranchName(name).length === 0).toBe(ok);
  });

  it.each([['docs/sops', 'docs/sops'], ['/docs//sops/', 'docs/sops'], ['./docs', 'docs'], ['docs/../..', undefined], ['.git/hooks', undefined], ['a\\b', 'a/b']])('folder %s → %s', (raw, want) => {
    expect(normaliseFolder(raw)).toBe(want);
  });

  it('restores what storage held, never throws, and names every missing field', () => {
    expect(restoreTeamSettings(null)).toBeUndefined();
    expect(restoreTeamSettings({ url: 'https://x.test/r.git', folder: '../etc', publishTo: 'weird', forge: 'bitbucket' })).toMatchObject({ folder: 'docs/sops', publishTo: 'new-branch', forge: 'none', branch: 'main' });
    const problems = checkTeamSettings({ ...DEFAULT_TEAM_SETTINGS, url: 'https://x.test/r.git' });
    expect(problems.join(' ')).toMatch(/author a name/);
    expect(problems.join(' ')).toMatch(/e-mail/);
    expect(originPattern('http://127.0.0.1:4567/r.git')).toBe('http://127.0.0.1/*');
  });
});

describe('mkdocs nav', () => {
  const yaml = ['site_name: Team', 'nav:', '  - Home: index.md', '  - Guides:', '      - Setup: guides/setup.md', 'theme:', '  name: material  # keep', ''].join('\n');

  it('adds a Procedures section at the nav end, leaving everything else as it was', () => {
    const { text } = upsertNavEntry(yaml, 'sops/deploy/index.md', 'Deploy "prod"');
    expect(text).toBe(['site_name: Team', 'nav:', '  - Home: index.md', '  - Guides:', '      - Setup: guides/setup.md', '  - Procedures:', '      - "Deploy \\"prod\\"": sops/deploy/index.md', 'theme:', '  name: material  # keep', ''].join('\n'));
  });

  it('appends to an existing Procedures section, renames an existing entry, and changes nothing when equal', () => {
    const once = upsertNavEntry(yaml, 'sops/a/index.md', 'A').text!;
    const twice = upsertNavEntry(once, 'sops/b/index.md', 'B').text!;
    expect(twice).toContain('  - Procedures:\n      - "A": sops/a/index.md\n      - "B": sops/b/index.md\n');
    const renamed = upsertNavEntry(twice, 'sops/a/index.md', 'A2').text!;
    expect(renamed).toContain('      - "A2": sops/a/index.md\n');
    expect(renamed).not.toContain('"A":');
    expect(upsertNavEntry(renamed, 'sops/a/index.md', 'A2')).toEqual({});
  });

  it('leaves a file without nav, or with a one-line nav, alone and says why', () => {
    expect(updateMkdocsYaml('site_name: x\n', 'docs/sops/a', 'A')).toEqual({ note: expect.stringMatching(/lists the new page by itself/) });
    expect(updateMkdocsYaml('nav: [index.md]\n', 'docs/sops/a', 'A').note).toMatch(/one-line nav/);
    expect(updateMkdocsYaml('docs_dir: site\nnav:\n  - a.md\n', 'docs/sops/a', 'A').note).toMatch(/outside mkdocs.yml's docs_dir \(site\)/);
  });

  it('writes a new mkdocs.yml when the repository has none, and reads docs_dir', () => {
    const { text } = updateMkdocsYaml(undefined, 'docs/sops/a', 'A');
    expect(text).toContain('docs_dir: docs\nnav:\n  - Procedures:\n      - "A": sops/a/index.md');
    expect(docsDir('docs_dir: "handbook/" # x\n')).toBe('handbook');
    expect(docsDir('site_name: x\n')).toBe('docs');
  });
});

describe('sync status', () => {
  it.each([
    [{ remote: 'r' }, 'new'],
    [{ local: 'x', base: 'b', remote: 'x' }, 'same'],
    [{ local: 'b', base: 'b', remote: 'r' }, 'newer'],
    [{ local: 'l', base: 'b', remote: 'b' }, 'local-changes'],
    [{ local: 'l', base: 'b', remote: 'r' }, 'both-changed'],
    [{ local: 'l', remote: 'r' }, 'both-changed'],
  ] as const)('%o → %s', (input, want) => {
    expect(syncStatus(input)).toBe(want);
  });
});

describe('retry', () => {
  it('doubles from 5 s up to 15 min, with ±20 % jitter', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, undefined, () => 0.5))).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(backoffDelay(30, undefined, () => 0.5)).toBe(15 * 60_000);
    expect(backoffDelay(1, undefined, () => 0)).toBe(4_000);
    expect(backoffDelay(1, undefined, () => 1)).toBe(6_000);
  });

  it('counts attempts, keeps the first queue time, and lists what is due', () => {
    const id = 's' as SopId;
    const a = afterFailure(id, undefined, 'offline', 1_000, undefined, () => 0.5);
    const b = afterFailure(id, a, 'still offline', 7_000, undefined, () => 0.5);
    expect(a).toEqual({ sopId: id, attempts: 1, nextAt: 6_000, lastError: 'offline', queuedAt: 1_000 });
    expect(b).toMatchObject({ attempts: 2, nextAt: 17_000, queuedAt: 1_000 });
    expect(duePublishes([b, { ...a, sopId: 't' as SopId }], 10_000).map((e) => e.sopId)).toEqual(['t']);
  });
});

describe('errors', () => {
  const token = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
  it.each([
    [{ code: 'HttpError', data: { statusCode: 401 } }, 'auth'],
    [{ code: 'HttpError', data: { statusCode: 403 } }, 'forbidden'],
    [{ code: 'HttpError', data: { statusCode: 404 } }, 'repo-missing'],
    [{ code: 'HttpError', data: { statusCode: 503 } }, 'server'],
    [Object.assign(new TypeError('Failed to fetch')), 'unreachable'],
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }, 'unreachable'],
    [{ message: 'x', cause: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' } }, 'tls'],
    [{ code: 'PushRejectedError', message: 'not a simple fast-forward' }, 'rejected'],
    [{ name: 'AbortError', message: 'aborted' }, 'cancelled'],
  ])('%o → %s', (error, kind) => {
    expect(classifyGitError(error, { url: 'https://git.example.com/r.git' }).kind).toBe(kind);
  });

  it('says offline when the browser knows it is', () => {
    expect(classifyGitError(new TypeError('Failed to fetch'), { online: false })).toMatchObject({ kind: 'offline', retryable: true });
  });

  it('never lets the token through, whatever carries it', () => {
    const e = classifyGitError({ code: 'HttpError', data: { statusCode: 500, response: `bad ${token} and Authorization: Basic ${token}` }, message: `https://u:${token}@x.test` }, { token });
    expect(`${e.message} ${e.detail}`).not.toContain(token);
    expect(maskToken(`x ${token} y`, token)).toBe('x [masked token] y');
  });
});

describe('layout', () => {
  it('keeps the previous folder, else a free slug; review branches per day', () => {
    const sop = makeSop({ title: 'Deploy payments-api' });
    expect(sopPath('docs/sops', sop, new Set())).toBe('docs/sops/deploy-payments-api');
    expect(sopPath('docs/sops', sop, new Set(['deploy-payments-api', 'deploy-payments-api-2']))).toBe('docs/sops/deploy-payments-api-3');
    expect(sopPath('docs/sops', sop, new Set(['deploy-payments-api']), 'docs/sops/old')).toBe('docs/sops/old');
    expect(publishBranchName('docs/sops/deploy', Date.UTC(2026, 11, 4), new Set(['refs/heads/sop/deploy-2026-12-04']))).toBe('sop/deploy-2026-12-04-2');
  });

  it('front matter carries id, version, owner and review date, then the Markdown export body', () => {
    const { sop, steps, doc } = fixtureExportInput();
    const md = buildIndexMarkdown(sop, steps, { ...doc, metadata: { ...doc.metadata, id: 'SOP-042', reviewDate: '2027-01-31' } }, { forStep: () => undefined });
    expect(md).toMatch(/^---\ntitle: .*\nid: "SOP-042"\nversion: "0\.1"\nowner: "Ops <team>"\nreview_date: "2027-01-31"\ntags:\n {2}- "deploy"\n/);
    expect(md.match(/^---$/gm)).toHaveLength(2);
  });

  it('the fingerprint survives the sop.json round trip (other ids, other times) and changes with the content', async () => {
    const input = fixtureExportInput();
    const local = await contentFingerprint(input.sop, input.steps, input.doc);
    const parsed = parseSopFile(buildSopJson(input, Date.UTC(2030, 0, 1)));
    expect(await fingerprintOf(parsed)).toBe(local);
    const edited = input.steps.map((s, i) => (i === 0 ? { ...s, text: 'Something else.' } : s));
    expect(await contentFingerprint(input.sop, edited, input.doc)).not.toBe(local);
  });
});

describe('repo check', () => {
  it('refuses traversal, .git and odd names by path, and symlinked or missing sop.json', () => {
    const entries = ['..', '.git', 'ok-1', 'a b', 'x'.repeat(101), 'Good.Name_2'].map((name) => ({ name, type: 'tree' as const, mode: '040000' }));
    const { folders, refused } = sopFolders('docs/sops', [...entries, { name: 'README.md', type: 'blob', mode: '100644' }]);
    expect(folders).toEqual(['docs/sops/ok-1', 'docs/sops/Good.Name_2']);
    expect(refused.map((r) => r.path)).toEqual(['docs/sops/".."', 'docs/sops/".git"', 'docs/sops/"a b"', `docs/sops/"${'x'.repeat(101)}"`]);
    expect(checkSopJsonEntry('docs/sops/a', { name: 'sop.json', type: 'blob', mode: '120000' })?.reason).toMatch(/symlink/);
    expect(checkSopJsonEntry('docs/sops/a', undefined)?.reason).toMatch(/missing/);
  });

  it('refuses an enormous or invalid sop.json by its path', () => {
    const huge = readSopJson('docs/sops/big', new Uint8Array(REPO_LIMITS.sopJsonBytes + 1));
    expect(huge).toEqual({ refused: { path: 'docs/sops/big/sop.json', reason: expect.stringMatching(/too large/) } });
    expect(readSopJson('docs/sops/bad', new Uint8Array([0xff, 0xfe]))).toMatchObject({ refused: { reason: 'not UTF-8 text' } });
    const proto = new TextEncoder().encode('{"format":"sop-recorder/sop","version":1,"__proto__":{"x":1}}');
    expect(readSopJson('docs/sops/p', proto)).toMatchObject({ refused: { path: 'docs/sops/p/sop.json', reason: expect.stringMatching(/could alter objects/) } });
  });
});
