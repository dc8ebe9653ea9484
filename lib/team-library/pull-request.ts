/**
 * Opening a pull request (GitHub) or merge request (GitLab) for a published branch, through their REST APIs:
 * the request is built and the answer read here, pure, so both are unit-tested against the documented shapes;
 * the caller sends it with fetch.
 *
 * GitHub: POST {api}/repos/{owner}/{repo}/pulls {title, head, base, body} → 201 {number, html_url}
 *   (docs.github.com/en/rest/pulls/pulls#create-a-pull-request); 422 when one is already open for the branch.
 * GitLab: POST {api}/projects/{url-encoded path}/merge_requests {source_branch, target_branch, title,
 *   description} → 201 {iid, web_url} (docs.gitlab.com/ee/api/merge_requests.html#create-mr); 409 when one exists.
 */
import type { ForgeKind } from './settings';

export interface ForgeTarget {
  readonly kind: Exclude<ForgeKind, 'none'>;
  /** REST API root without a trailing slash. */
  readonly apiBase: string;
  /** `owner/repo` (GitHub) or `group/subgroup/project` (GitLab). */
  readonly project: string;
}

/** Where the API is for a repository URL: api.github.com for github.com, <host>/api/v3 for GitHub
 * Enterprise, <host>/api/v4 for GitLab; `apiBase` (from Options) wins when given. */
export function forgeTarget(kind: ForgeKind, repoUrl: string, apiBase = ''): ForgeTarget | undefined {
  if (kind === 'none') return undefined;
  const u = new URL(repoUrl);
  const project = decodeURIComponent(u.pathname).replace(/^\/+|\/+$/g, '').replace(/\.git$/, '');
  const derived =
    kind === 'github' ? (u.hostname === 'github.com' ? 'https://api.github.com' : `${u.origin}/api/v3`) : `${u.origin}/api/v4`;
  return { kind, apiBase: (apiBase.trim() || derived).replace(/\/+$/, ''), project };
}

export interface PullRequestInput {
  readonly title: string;
  readonly body: string;
  /** The branch published to. */
  readonly head: string;
  /** The branch it should be merged into. */
  readonly base: string;
}

export interface HttpRequestSpec {
  readonly url: string;
  readonly method: 'POST';
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export function buildPullRequest(target: ForgeTarget, token: string, input: PullRequestInput): HttpRequestSpec {
  if (target.kind === 'github') {
    const [owner, repo] = target.project.split('/');
    return {
      url: `${target.apiBase}/repos/${encodeURIComponent(owner ?? '')}/${encodeURIComponent(repo ?? '')}/pulls`,
      method: 'POST',
      headers: {
        Accept: 'application/vnd.github+json',
        Authorization: `Bearer ${token}`,
        'X-GitHub-Api-Version': '2022-11-28',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ title: input.title, head: input.head, base: input.base, body: input.body }),
    };
  }
  return {
    url: `${target.apiBase}/projects/${encodeURIComponent(target.project)}/merge_requests`,
    method: 'POST',
    headers: { 'PRIVATE-TOKEN': token, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ source_branch: input.head, target_branch: input.base, title: input.title, description: input.body }),
  };
}

export interface PullRequestResult {
  /** The page a person opens to review it. */
  readonly url: string;
  readonly number: number;
}

/** The created request's link, or an Error saying why not. */
export function readPullRequestResponse(target: ForgeTarget, status: number, body: unknown): PullRequestResult | Error {
  const o = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const what = target.kind === 'github' ? 'pull request' : 'merge request';
  if (status === 201 || status === 200) {
    const url = target.kind === 'github' ? o.html_url : o.web_url;
    const number = target.kind === 'github' ? o.number : o.iid;
    if (typeof url === 'string' && /^https?:\/\//.test(url) && typeof number === 'number') return { url, number };
    return new Error(`The ${what} was created but the answer has no link.`);
  }
  const message = typeof o.message === 'string' ? o.message : Array.isArray(o.message) ? o.message.join('; ') : '';
  if (status === 401) return new Error(`The API refused the token (401) for the ${what}: the branch is pushed; open the ${what} by hand.`);
  if (status === 403 || status === 404) return new Error(`The token may not open a ${what} here (${status}); the branch is pushed, open it by hand.`);
  if (status === 409 || (status === 422 && /already exists/i.test(JSON.stringify(o)))) return new Error(`A ${what} for this branch is already open.`);
  return new Error(`The API answered ${status} for the ${what}${message ? `: ${message.slice(0, 200)}` : ''}.`);
}

/** The request's description: the SOP's summary and where its files are. */
export function pullRequestBody(summary: string, path: string, version: string): string {
  return [summary.trim() || 'Procedure published from SOP Recorder.', '', `Files: \`${path}/\` (index.md, sop.json) · version ${version || '—'}`, '', '_Opened by SOP Recorder._'].join('\n');
}
