/**
 * Opening the review: the requests built by lib/team-library/pull-request.ts, sent with fetch to the ONE FAKE of
 * these tests — tests/fixtures/forge-api-fake.mjs, a local server implementing GitHub's "create a pull
 * request" and GitLab's "create MR" endpoints with their documented request and response shapes. The real
 * services cannot be reached from here (no internet): this checks the shapes, not GitHub or GitLab.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startForgeApiFake, type ForgeApiFake } from '../../fixtures/forge-api-fake.mjs';
import { buildPullRequest, forgeTarget, pullRequestBody, readPullRequestResponse } from '../../../lib/team-library/pull-request';

let fake: ForgeApiFake;
beforeAll(async () => {
  fake = await startForgeApiFake();
});
afterAll(async () => {
  await fake.close();
});

async function send(spec: ReturnType<typeof buildPullRequest>) {
  const res = await fetch(spec.url, { method: spec.method, headers: spec.headers, body: spec.body });
  return { status: res.status, body: (await res.json()) as unknown };
}

describe('API root', () => {
  it.each([
    ['github', 'https://github.com/team/runbooks.git', '', 'https://api.github.com', 'team/runbooks'],
    ['github', 'https://ghe.corp.test/team/runbooks.git', '', 'https://ghe.corp.test/api/v3', 'team/runbooks'],
    ['gitlab', 'https://gitlab.com/group/sub/runbooks.git', '', 'https://gitlab.com/api/v4', 'group/sub/runbooks'],
    ['gitlab', 'https://gitlab.com/g/r.git', 'https://api.example/v4/', 'https://api.example/v4', 'g/r'],
  ] as const)('%s %s', (kind, url, api, apiBase, project) => {
    expect(forgeTarget(kind, url, api)).toEqual({ kind, apiBase, project });
  });
  it('none when not asked for', () => expect(forgeTarget('none', 'https://github.com/a/b.git')).toBeUndefined());
});

describe('GitHub pull request', () => {
  it('sends the documented request and reads html_url; a second one for the branch is named', async () => {
    const target = forgeTarget('github', 'https://github.com/team/runbooks.git', fake.origin)!;
    const spec = buildPullRequest(target, fake.token, { title: 'Deploy: first draft', body: pullRequestBody('First draft', 'docs/sops/deploy', '0.1'), head: 'sop/deploy-2026-12-04', base: 'main' });
    const res = await send(spec);
    expect(res.status).toBe(201);
    const sent = fake.requests.at(-1)!;
    expect(sent).toMatchObject({ method: 'POST', path: '/repos/team/runbooks/pulls' });
    expect(sent.body).toEqual({ title: 'Deploy: first draft', head: 'sop/deploy-2026-12-04', base: 'main', body: expect.stringContaining('docs/sops/deploy/') });
    expect(readPullRequestResponse(target, res.status, res.body)).toEqual({ url: 'https://github.example/team/runbooks/pull/1', number: 1 });
    const again = await send(spec);
    expect((readPullRequestResponse(target, again.status, again.body) as Error).message).toMatch(/already open/);
  });

  it('a refused token is said so, without the token', async () => {
    const target = forgeTarget('github', 'https://github.com/team/runbooks.git', fake.origin)!;
    const res = await send(buildPullRequest(target, 'wrong-token', { title: 't', body: '', head: 'sop/x', base: 'main' }));
    const error = readPullRequestResponse(target, res.status, res.body) as Error;
    expect(error.message).toMatch(/refused the token \(401\)/);
    expect(error.message).not.toContain('wrong-token');
  });
});

describe('GitLab merge request', () => {
  it('sends the documented request to the URL-encoded project and reads web_url', async () => {
    const target = forgeTarget('gitlab', 'https://gitlab.example/group/sub/runbooks.git', `${fake.origin}/api/v4`)!;
    const spec = buildPullRequest(target, fake.token, { title: 'Deploy', body: 'Summary', head: 'sop/deploy-2026-12-04', base: 'main' });
    expect(spec.url).toBe(`${fake.origin}/api/v4/projects/group%2Fsub%2Frunbooks/merge_requests`);
    expect(spec.headers['PRIVATE-TOKEN']).toBe(fake.token);
    const res = await send(spec);
    expect(fake.requests.at(-1)!.body).toEqual({ source_branch: 'sop/deploy-2026-12-04', target_branch: 'main', title: 'Deploy', description: 'Summary' });
    expect(readPullRequestResponse(target, res.status, res.body)).toEqual({ url: expect.stringMatching(/^https:\/\/gitlab\.example\/group\/sub\/runbooks\/-\/merge_requests\/\d+$/), number: expect.any(Number) });
    const again = await send(spec);
    expect(again.status).toBe(409);
    expect((readPullRequestResponse(target, again.status, again.body) as Error).message).toMatch(/already open/);
  });
});
