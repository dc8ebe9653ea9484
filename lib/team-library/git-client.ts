/**
 * Git over smart HTTP for the team library, on isomorphic-git with the file system and HTTP client injected:
 * LightningFS (IndexedDB) and fetch in an extension page, Node's fs and http in the unit tests against the
 * real test server (tests/fixtures/git-server.mjs). Only what is needed is fetched: the branch tip at depth 1
 * (then only what changed, into a kept copy), no tags, no checkout — commits are written straight as objects (blobs, trees, a commit on the tip) and
 * pushed. isomorphic-git cannot fetch part of a tree (no partial clone), so the tip's whole tree comes.
 *
 * The token goes in an Authorization header of each request (never in a URL, so never in an error message
 * or a log), and every error leaves through classifyGitError, which masks it.
 */
import { addRemote, fetch as gitFetch, getRemoteInfo2, init, push as gitPush, readBlob, readCommit, readObject, resolveRef, writeBlob, writeCommit, writeRef, writeTree } from 'isomorphic-git';
import type { FsClient, GitProgressEvent, HttpClient } from 'isomorphic-git';
import { encodeBase64 } from '../export/base64';
import { classifyGitError, TeamError } from './errors';

export interface GitEnv {
  readonly fs: FsClient;
  readonly http: HttpClient;
  /** The folder of `fs` for the repository: empty, or the copy an earlier operation on the same remote left. */
  readonly dir: string;
  /** Cancel: aborts the request under way and stops before the next one. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: GitProgressEvent) => void;
  /** `navigator.onLine` where there is one, to tell "offline" from "unreachable". */
  readonly online?: () => boolean;
}

export interface GitRemote {
  readonly url: string;
  readonly username: string;
  readonly token: string;
}

export interface GitAuthor {
  readonly name: string;
  readonly email: string;
}

const ZERO = '0000000000000000000000000000000000000000';

function authHeaders(remote: GitRemote): Record<string, string> {
  const basic = encodeBase64(new TextEncoder().encode(`${remote.username || 'git'}:${remote.token}`));
  return { Authorization: `Basic ${basic}` };
}

/** The HTTP client with Cancel wired in: each request carries the signal, none starts once it fired. */
function abortable(env: GitEnv): HttpClient {
  const { http, signal } = env;
  if (!signal) return http;
  return {
    request: async (req) => {
      if (signal.aborted) throw new TeamError('cancelled', 'Cancelled: nothing was changed in the team library.');
      return http.request({ ...req, signal });
    },
  };
}

function checkCancelled(env: GitEnv): void {
  if (env.signal?.aborted) throw new TeamError('cancelled', 'Cancelled: nothing was changed in the team library.');
}

/** Runs `op`, turning anything it throws into a TeamError with the token masked. */
async function guarded<T>(env: GitEnv, remote: GitRemote, op: () => Promise<T>, branch?: string): Promise<T> {
  try {
    checkCancelled(env);
    return await op();
  } catch (e) {
    if (env.signal?.aborted) throw new TeamError('cancelled', 'Cancelled: nothing was changed in the team library.');
    throw classifyGitError(e, { token: remote.token, url: remote.url, online: env.online?.(), ...(branch ? { branch } : {}) });
  }
}

export interface RemoteRefs {
  /** Full ref name → oid. */
  readonly refs: ReadonlyMap<string, string>;
  /** The repository has no commits at all. */
  readonly empty: boolean;
}

/** getRemoteInfo2's protocol-1 answer: `refs` is a list of `{ ref, oid }`. */
function refMap(refs: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (Array.isArray(refs)) for (const r of refs as { ref?: unknown; oid?: unknown }[]) if (typeof r?.ref === 'string' && typeof r.oid === 'string') out.set(r.ref, r.oid);
  return out;
}

/** The refs the server advertises, for fetching (`forPush` false) or pushing (which needs the push right). */
export async function listRemoteRefs(env: GitEnv, remote: GitRemote, forPush = false): Promise<RemoteRefs> {
  return guarded(env, remote, async () => {
    const info = await getRemoteInfo2({ http: abortable(env), url: remote.url, headers: authHeaders(remote), forPush, protocolVersion: 1 });
    const refs = refMap(info.refs);
    return { refs, empty: [...refs.keys()].filter((r) => r.startsWith('refs/heads/')).length === 0 };
  });
}

export interface ConnectionReport {
  readonly empty: boolean;
  readonly branchExists: boolean;
  readonly branches: readonly string[];
}

/**
 * Test connection: reach the server, authenticate, find the repository and the branch, and check the push
 * right (the receive-pack advertisement needs it; GitHub and GitLab answer 403 without). Throws a TeamError
 * saying exactly which of those failed.
 */
export async function testConnection(env: GitEnv, remote: GitRemote, branch: string): Promise<ConnectionReport> {
  const read = await listRemoteRefs(env, remote);
  const branches = [...read.refs.keys()].filter((r) => r.startsWith('refs/heads/')).map((r) => r.slice('refs/heads/'.length));
  const branchExists = branches.includes(branch);
  if (!read.empty && !branchExists)
    throw new TeamError('branch-missing', `The repository has no branch “${branch}” (it has ${branches.slice(0, 5).join(', ')}${branches.length > 5 ? '…' : ''}).`);
  try {
    await listRemoteRefs(env, remote, true);
  } catch (e) {
    if (e instanceof TeamError && (e.kind === 'forbidden' || e.kind === 'auth'))
      throw new TeamError('forbidden', 'The token can read this repository but not push to it: give it write access (e.g. “Contents: read and write” on GitHub, “write_repository” on GitLab).', e.detail);
    throw e;
  }
  return { empty: read.empty, branchExists, branches };
}

/**
 * The branch's tip fetched into env.dir, or undefined when the branch (or repository) has no commit. A fresh
 * folder fetches at depth 1; a folder kept from an earlier operation (the extension keeps one copy per
 * repository) tells the server which tip it has and receives only what changed since — a depth-1 fetch would
 * send the whole tree again. After a force-push to unrelated history that can mean more history than one
 * commit (the shallow boundary still stops it at what we had).
 */
export async function fetchTip(env: GitEnv, remote: GitRemote, branch: string): Promise<{ tip?: string; refs: RemoteRefs }> {
  const refs = await listRemoteRefs(env, remote);
  await init({ fs: env.fs, dir: env.dir, defaultBranch: branch });
  await addRemote({ fs: env.fs, dir: env.dir, remote: 'origin', url: remote.url, force: true });
  const advertised = refs.refs.get(`refs/heads/${branch}`);
  if (!advertised) return { refs };
  const local = `refs/heads/${branch}`;
  const known = await resolveRef({ fs: env.fs, dir: env.dir, ref: local }).catch(() => undefined);
  const have = known !== undefined && (await hasCommit(env, known));
  if (have && known === advertised) return { tip: advertised, refs };
  const result = await guarded(
    env,
    remote,
    () =>
      gitFetch({
        fs: env.fs,
        http: abortable(env),
        dir: env.dir,
        url: remote.url,
        ref: branch,
        singleBranch: true,
        ...(have ? {} : { depth: 1 }),
        tags: false,
        headers: authHeaders(remote),
        ...(env.onProgress ? { onProgress: env.onProgress } : {}),
      }),
    branch,
  );
  const tip = result.fetchHead ?? advertised;
  // isomorphic-git names what it has by the local branch of the same name: the next fetch says it has this.
  await writeRef({ fs: env.fs, dir: env.dir, ref: local, value: tip, force: true });
  return { tip, refs };
}

async function hasCommit(env: GitEnv, oid: string): Promise<boolean> {
  return readCommit({ fs: env.fs, dir: env.dir, oid }).then(
    () => true,
    () => false,
  );
}

export interface RepoEntry {
  readonly name: string;
  readonly type: 'blob' | 'tree' | 'commit';
  readonly mode: string;
  readonly oid: string;
}

/**
 * A tree object's entries, parsed here rather than by isomorphic-git's readTree: that one throws on a name
 * such as `..` for the whole tree, and a hostile repository must not be able to hide its good entries (or stop
 * a pull) that way. Names are not trusted here; lib/team-library/repo-check.ts judges them.
 */
async function rawTree(env: GitEnv, oid: string): Promise<RepoEntry[]> {
  const { type, object } = await readObject({ fs: env.fs, dir: env.dir, oid, format: 'content' });
  if (type !== 'tree' || !(object instanceof Uint8Array)) throw Object.assign(new Error(`${oid} is not a tree`), { code: 'ObjectTypeError' });
  const entries: RepoEntry[] = [];
  const text = new TextDecoder();
  for (let i = 0; i < object.length; ) {
    const space = object.indexOf(0x20, i);
    const nul = object.indexOf(0x00, space);
    if (space < 0 || nul < 0 || nul + 21 > object.length) throw Object.assign(new Error(`tree ${oid} is corrupt`), { code: 'ParseError' });
    const mode = text.decode(object.subarray(i, space)).padStart(6, '0');
    const name = text.decode(object.subarray(space + 1, nul));
    const sha = [...object.subarray(nul + 1, nul + 21)].map((b) => b.toString(16).padStart(2, '0')).join('');
    entries.push({ name, mode, oid: sha, type: mode === '040000' ? 'tree' : mode === '160000' ? 'commit' : 'blob' });
    i = nul + 21;
  }
  return entries;
}

/** The oid of the tree or blob at `path` ('' = the root tree) in `commit`, or undefined. */
async function oidAt(env: GitEnv, commit: string, path: string): Promise<RepoEntry | undefined> {
  let entry: RepoEntry = { name: '', mode: '040000', type: 'tree', oid: (await readCommit({ fs: env.fs, dir: env.dir, oid: commit })).commit.tree };
  for (const segment of path.split('/').filter(Boolean)) {
    if (entry.type !== 'tree') return undefined;
    const next = (await rawTree(env, entry.oid)).find((e) => e.name === segment);
    if (!next) return undefined;
    entry = next;
  }
  return entry;
}

/** The entries of the folder `path` ('' = root) at `commit`, or undefined when there is no such folder. */
export async function listFolder(env: GitEnv, commit: string, path: string): Promise<RepoEntry[] | undefined> {
  const at = await oidAt(env, commit, path);
  return at?.type === 'tree' ? rawTree(env, at.oid) : undefined;
}

/** The bytes of the file `path` at `commit`, or undefined when there is none (or it is not a file). */
export async function readFileAt(env: GitEnv, commit: string, path: string): Promise<Uint8Array | undefined> {
  const at = await oidAt(env, commit, path);
  if (at?.type !== 'blob' || at.mode === '120000') return undefined;
  return (await readBlob({ fs: env.fs, dir: env.dir, oid: at.oid })).blob;
}

/**
 * What a commit changes: `folders` are replaced whole by the given files (relative to the folder), `files`
 * are written (null deletes). Paths are repository paths with `/`.
 */
export interface TreeChanges {
  readonly folders: ReadonlyMap<string, ReadonlyMap<string, Uint8Array>>;
  readonly files: ReadonlyMap<string, Uint8Array | null>;
}

type Entry = { mode: string; path: string; oid: string; type: 'blob' | 'tree' | 'commit' };

async function treeEntries(env: GitEnv, oid: string | undefined): Promise<Entry[]> {
  if (!oid) return [];
  return (await rawTree(env, oid)).map((e) => ({ mode: e.mode, path: e.name, oid: e.oid, type: e.type }));
}

/** Writes a tree of `files` (relative paths) and returns its oid. */
async function writeFilesTree(env: GitEnv, files: ReadonlyMap<string, Uint8Array>): Promise<string | undefined> {
  const here: Entry[] = [];
  const sub = new Map<string, Map<string, Uint8Array>>();
  for (const [path, bytes] of files) {
    const slash = path.indexOf('/');
    if (slash < 0) here.push({ mode: '100644', path, type: 'blob', oid: await writeBlob({ fs: env.fs, dir: env.dir, blob: bytes }) });
    else {
      const name = path.slice(0, slash);
      if (!sub.has(name)) sub.set(name, new Map());
      sub.get(name)!.set(path.slice(slash + 1), bytes);
    }
  }
  for (const [name, inner] of sub) {
    const oid = await writeFilesTree(env, inner);
    if (oid) here.push({ mode: '040000', path: name, type: 'tree', oid });
  }
  if (here.length === 0) return undefined;
  return writeTree({ fs: env.fs, dir: env.dir, tree: here });
}

/** The tree `oid` with `path` set to `entry` (undefined removes it); empty trees disappear. */
async function setAt(env: GitEnv, oid: string | undefined, path: string, entry: Omit<Entry, 'path'> | undefined): Promise<string | undefined> {
  const entries = await treeEntries(env, oid);
  const slash = path.indexOf('/');
  const name = slash < 0 ? path : path.slice(0, slash);
  const existing = entries.find((e) => e.path === name);
  let next: Omit<Entry, 'path'> | undefined;
  if (slash < 0) next = entry;
  else {
    const inner = await setAt(env, existing?.type === 'tree' ? existing.oid : undefined, path.slice(slash + 1), entry);
    next = inner ? { mode: '040000', type: 'tree', oid: inner } : undefined;
  }
  const rest = entries.filter((e) => e.path !== name);
  const all = next ? [...rest, { ...next, path: name }] : rest;
  if (all.length === 0) return undefined;
  return writeTree({ fs: env.fs, dir: env.dir, tree: all });
}

export interface CommitInput {
  /** The commit to build on; undefined for the first commit of an empty repository. */
  readonly parent?: string;
  readonly changes: TreeChanges;
  readonly message: string;
  readonly author: GitAuthor;
  /** ms epoch. */
  readonly now: number;
}

/** Writes one commit with `changes` on `parent` (objects only, no checkout); resolves to its oid. */
export async function commitChanges(env: GitEnv, input: CommitInput): Promise<string> {
  checkCancelled(env);
  let tree: string | undefined;
  if (input.parent) {
    tree = (await readCommit({ fs: env.fs, dir: env.dir, oid: input.parent })).commit.tree;
  }
  for (const [folder, files] of input.changes.folders) {
    const oid = await writeFilesTree(env, files);
    tree = await setAt(env, tree, folder, oid ? { mode: '040000', type: 'tree', oid } : undefined);
  }
  for (const [path, bytes] of input.changes.files) {
    const entry = bytes ? { mode: '100644', type: 'blob' as const, oid: await writeBlob({ fs: env.fs, dir: env.dir, blob: bytes }) } : undefined;
    tree = await setAt(env, tree, path, entry);
  }
  tree ??= await writeTree({ fs: env.fs, dir: env.dir, tree: [] });
  const who = { name: input.author.name, email: input.author.email, timestamp: Math.floor(input.now / 1000), timezoneOffset: 0 };
  return writeCommit({
    fs: env.fs,
    dir: env.dir,
    commit: { message: input.message.endsWith('\n') ? input.message : `${input.message}\n`, tree, parent: input.parent ? [input.parent] : [], author: who, committer: who },
  });
}

/**
 * Pushes `commit` to `branch` on the remote, without force: the server's ref moves only if it still points
 * where we built on. Throws TeamError 'rejected' when someone pushed first. A push stopped halfway (Cancel,
 * a closed page, a dropped connection) leaves the remote branch as it was: receive-pack updates the ref only
 * after the whole pack arrived.
 */
export async function pushCommit(env: GitEnv, remote: GitRemote, commit: string, branch: string): Promise<void> {
  await writeRef({ fs: env.fs, dir: env.dir, ref: 'refs/heads/sop-recorder-publish', value: commit, force: true });
  const result = await guarded(env, remote, () =>
    gitPush({
      fs: env.fs,
      http: abortable(env),
      dir: env.dir,
      url: remote.url,
      ref: 'refs/heads/sop-recorder-publish',
      remoteRef: `refs/heads/${branch}`,
      headers: authHeaders(remote),
      ...(env.onProgress ? { onProgress: env.onProgress } : {}),
      ...(env.signal ? { signal: env.signal } : {}),
    }),
  );
  const ref = result.refs?.[`refs/heads/${branch}`];
  if (!result.ok || (ref && !ref.ok)) throw classifyGitError(Object.assign(new Error(ref?.error ?? result.error ?? 'push refused'), { code: 'GitPushError' }), { token: remote.token, url: remote.url });
  // The remote branch is our commit now: a later fetch into this folder starts from it.
  await writeRef({ fs: env.fs, dir: env.dir, ref: `refs/heads/${branch}`, value: commit, force: true });
}

export { ZERO as ZERO_OID };
