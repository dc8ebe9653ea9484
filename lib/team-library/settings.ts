/**
 * The team library's connection settings (Options → Team library): which repository, branch and folder,
 * who commits, and how publishing goes. The access token is not part of them: it is stored apart
 * (lib/platform/team-library-settings.ts), so settings can be shown, restored and passed around without it.
 * Pure: restore-on-read and the checks that say what is wrong with a field.
 */

/** Where a publish lands: a new branch per publish (for review in a pull request), or the branch itself. */
export type PublishTarget = 'new-branch' | 'branch';

/** Which REST API opens the pull / merge request after a publish to a new branch. */
export type ForgeKind = 'none' | 'github' | 'gitlab';

export interface TeamLibrarySettings {
  /** The repository's HTTPS clone URL (http:// only for this computer: 127.0.0.1 / localhost). */
  readonly url: string;
  /** The branch SOPs are read from and based on ("main"). */
  readonly branch: string;
  /** The folder of the repository that holds one sub-folder per SOP ("docs/sops"). */
  readonly folder: string;
  /** The user name sent with the token (GitHub accepts any; GitLab wants "oauth2" or the user). */
  readonly username: string;
  /** Commit author. */
  readonly authorName: string;
  readonly authorEmail: string;
  readonly publishTo: PublishTarget;
  /** Screenshots go into the repository only when this is on (size). */
  readonly includeScreenshots: boolean;
  /** Open a pull / merge request after publishing to a new branch. */
  readonly forge: ForgeKind;
  /** The forge's REST API root; '' derives it from the URL (api.github.com, <host>/api/v4). */
  readonly apiBase: string;
}

export const DEFAULT_FOLDER = 'docs/sops';

export const DEFAULT_TEAM_SETTINGS: TeamLibrarySettings = {
  url: '',
  branch: 'main',
  folder: DEFAULT_FOLDER,
  username: '',
  authorName: '',
  authorEmail: '',
  publishTo: 'new-branch',
  includeScreenshots: false,
  forge: 'none',
  apiBase: '',
};

const str = (v: unknown, max = 2_000) => (typeof v === 'string' ? v.trim().slice(0, max) : undefined);

/** Whatever storage held, as settings; undefined when no repository was ever set. Never throws. */
export function restoreTeamSettings(raw: unknown): TeamLibrarySettings | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const url = str(r.url);
  if (!url) return undefined;
  const d = DEFAULT_TEAM_SETTINGS;
  return {
    url,
    branch: str(r.branch, 250) || d.branch,
    folder: normaliseFolder(str(r.folder) ?? d.folder) ?? d.folder,
    username: str(r.username, 200) ?? '',
    authorName: str(r.authorName, 200) ?? '',
    authorEmail: str(r.authorEmail, 200) ?? '',
    publishTo: r.publishTo === 'branch' ? 'branch' : 'new-branch',
    includeScreenshots: r.includeScreenshots === true,
    forge: r.forge === 'github' || r.forge === 'gitlab' ? r.forge : 'none',
    apiBase: str(r.apiBase) ?? '',
  };
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Problems with the repository URL, or [] when it is fine. */
export function checkRepoUrl(url: string): string[] {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return ['The repository URL is not a URL (e.g. https://github.com/team/runbooks.git).'];
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && LOOPBACK.has(u.hostname)))
    return [u.protocol === 'http:' ? 'Use https:// — over http:// the token would cross the network in clear (http:// is accepted only for this computer).' : 'The repository URL must start with https:// (SSH URLs such as git@… cannot be used from a browser).'];
  if (u.username || u.password) return ['Put the user name and token in their own fields, not in the URL.'];
  if (u.search || u.hash) return ['The repository URL must not have a query (?…) or fragment (#…).'];
  if (u.pathname === '/' || u.pathname === '') return ['The URL names a host but no repository (e.g. https://github.com/team/runbooks.git).'];
  return checkForgePath(u);
}

/**
 * The hosted forges' clone URLs have a known shape; a page's address copied from the browser (a branch's tree,
 * a file, the owner's page) does not clone. Said with the URL that would, where it can be told.
 */
function checkForgePath(u: URL): string[] {
  const host = u.hostname.toLowerCase();
  const parts = u.pathname.split('/').filter(Boolean);
  const clone = (segments: readonly string[]) => `${u.origin}/${segments.join('/').replace(/\.git$/, '')}.git`;
  if (host === 'github.com' || host === 'bitbucket.org') {
    const site = host === 'github.com' ? 'GitHub' : 'Bitbucket';
    if (parts.length < 2) return [`A ${site} repository URL names its owner and repository: ${u.origin}/<owner>/<repository>.git.`];
    if (parts.length > 2) return [`That is the address of a page in the repository, not the repository: use ${clone(parts.slice(0, 2))}.`];
  }
  if (host === 'gitlab.com') {
    const ui = parts.indexOf('-');
    if (ui >= 0) return ui >= 2 ? [`That is the address of a page in the project, not the repository: use ${clone(parts.slice(0, ui))}.`] : ['That is not a project’s address.'];
    if (parts.length < 2) return [`A GitLab repository URL names its group and project: ${u.origin}/<group>/<project>.git.`];
  }
  if (host === 'dev.azure.com') {
    const git = parts.indexOf('_git');
    if (git < 1 || git !== parts.length - 2) return [`An Azure DevOps repository URL looks like ${u.origin}/<organisation>/<project>/_git/<repository>.`];
  }
  return [];
}

/** A folder inside the repository as `a/b` (no leading or trailing slash), or undefined when it would leave it. */
export function normaliseFolder(folder: string): string | undefined {
  const parts = folder.replace(/\\/g, '/').split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => !isSafeName(p))) return undefined;
  return parts.join('/');
}

/** A file or folder name we write or read: letters, digits, `.`, `_`, `-`; not `.`/`..`, not `.git`. */
export function isSafeName(name: string): boolean {
  return /^[A-Za-z0-9._-]{1,100}$/.test(name) && name !== '.' && name !== '..' && name.toLowerCase() !== '.git';
}

/** Git's rules for a branch name (git check-ref-format --branch), the ones a person can break. */
export function checkBranchName(branch: string): string[] {
  const bad =
    branch === '' ||
    branch.length > 200 ||
    branch.startsWith('-') ||
    branch.startsWith('/') ||
    branch.endsWith('/') ||
    branch.endsWith('.') ||
    branch.endsWith('.lock') ||
    branch.includes('..') ||
    branch.includes('//') ||
    branch.includes('@{') ||
    branch === '@' ||
    // eslint-disable-next-line no-control-regex -- control characters are what git forbids here
    /[\u0000-\u0020\u007f~^:?*[\\]/.test(branch) ||
    branch.split('/').some((p) => p.startsWith('.'));
  return bad ? [`“${branch}” is not a valid branch name.`] : [];
}

/** Every problem with the settings (each says which field), [] when they can be used. */
export function checkTeamSettings(s: TeamLibrarySettings): string[] {
  const problems = [...checkRepoUrl(s.url), ...checkBranchName(s.branch)];
  if (normaliseFolder(s.folder) === undefined) problems.push('The folder may use letters, digits, “.”, “_”, “-” and “/” only, and must stay inside the repository.');
  if (!s.authorName.trim()) problems.push('Give the commit author a name.');
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(s.authorEmail.trim())) problems.push('Give the commit author an e-mail address.');
  if (s.apiBase && checkRepoUrl(`${s.apiBase.replace(/\/+$/, '')}/x`).length > 0) problems.push('The API URL must start with https://.');
  return problems;
}

/** The origin permission pattern for the repository (and its API), e.g. `https://git.example.com/*`. */
export function originPattern(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.hostname}/*`;
}
