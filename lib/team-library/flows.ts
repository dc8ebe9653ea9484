/**
 * The two things the team library does, on a GitEnv (lib/team-library/git-client.ts): publish one SOP as one
 * commit, and read every SOP of the folder. Pure orchestration, run the same in an extension page and in the
 * unit tests against the real Git server.
 *
 * Publish: fetch the branch tip (depth 1); choose the SOP's folder (its own from the last publish, else a free
 * slug); write index.md, images and sop.json there and the mkdocs.yml nav; one commit on the tip; push to a new
 * branch `sop/<slug>-<date>` or to the branch itself. When someone pushed first, fetch again and build our one
 * commit again on the new tip ("rebase": the commit is a function of the tip and the SOP), up to 3 times.
 * When the SOP's own files changed in the repository since our last publish or pull, they are never
 * overwritten on the branch: the commit goes to a new branch instead, and the result says so.
 */
import { commitChanges, fetchTip, listFolder, pushCommit, readFileAt, type GitAuthor, type GitEnv, type GitRemote } from './git-client';
import { TeamError } from './errors';
import { publishBranchName, sopPath, SOP_JSON } from './layout';
import { updateMkdocsYaml } from './mkdocs-nav';
import { readRemoteSop, type RemoteSop } from './remote-sop';
import { checkSopJsonEntry, sopFolders, type Refusal } from './repo-check';
import type { TeamLibrarySettings } from './settings';
import type { Sop } from '../model';

export const MAX_PUSH_ATTEMPTS = 3;

export interface PublishInput {
  readonly settings: Pick<TeamLibrarySettings, 'branch' | 'folder' | 'publishTo'>;
  readonly remote: GitRemote;
  readonly author: GitAuthor;
  readonly sop: Sop;
  /** The SOP's folder's files, relative to it (lib/team-library/layout.ts buildSopFolder). */
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly message: string;
  /** This copy's content fingerprint now. */
  readonly fingerprint: string;
  /** Where it was published or pulled from before, and the fingerprint both sides had then. */
  readonly link?: { readonly path: string; readonly baseFingerprint: string };
  readonly now: number;
}

export interface PublishResult {
  readonly commit: string;
  /** The branch pushed to. */
  readonly branch: string;
  /** The SOP's folder in the repository. */
  readonly path: string;
  /** True when the SOP's files had changed in the repository, so it went to a new branch instead. */
  readonly conflict: boolean;
  /** Things the person should know (nav left alone, pushed after someone else, …). */
  readonly notes: readonly string[];
  /** Push attempts (1 unless someone pushed first). */
  readonly attempts: number;
}

export async function publishSop(env: GitEnv, input: PublishInput): Promise<PublishResult> {
  const { settings, remote } = input;
  const notes: string[] = [];
  for (let attempt = 1; ; attempt++) {
    const { tip, refs } = await fetchTip(env, remote, settings.branch);
    if (!tip && !refs.empty) throw new TeamError('branch-missing', `The repository has no branch “${settings.branch}”.`);
    const taken = new Set<string>();
    if (tip) for (const e of (await listFolder(env, tip, settings.folder)) ?? []) if (e.type === 'tree') taken.add(e.name);
    const path = sopPath(settings.folder, input.sop, taken, input.link?.path);

    let conflict = false;
    if (tip && input.link) {
      const bytes = await readFileAt(env, tip, `${path}/${SOP_JSON}`);
      const remoteCopy = bytes ? await readRemoteSop(path, bytes) : undefined;
      const theirs = remoteCopy && 'sop' in remoteCopy ? remoteCopy.sop.fingerprint : undefined;
      conflict = theirs !== undefined && theirs !== input.link.baseFingerprint && theirs !== input.fingerprint;
    }

    const mkdocs = tip ? await readFileAt(env, tip, 'mkdocs.yml') : undefined;
    const nav = updateMkdocsYaml(mkdocs ? new TextDecoder().decode(mkdocs) : undefined, path, input.sop.title.trim() || 'Untitled procedure');
    const files = new Map<string, Uint8Array | null>();
    if (nav.text !== undefined) files.set('mkdocs.yml', new TextEncoder().encode(nav.text));
    const commit = await commitChanges(env, { ...(tip ? { parent: tip } : {}), changes: { folders: new Map([[path, input.files]]), files }, message: input.message, author: input.author, now: input.now });

    // An empty repository has no branch to review against: the first commit creates the branch itself.
    const toBranch = !tip || (settings.publishTo === 'branch' && !conflict);
    const branch = toBranch ? settings.branch : publishBranchName(path, input.now, new Set(refs.refs.keys()));
    try {
      await pushCommit(env, remote, commit, branch);
    } catch (e) {
      if (e instanceof TeamError && e.kind === 'rejected' && attempt < MAX_PUSH_ATTEMPTS) {
        if (!notes.includes(PUSHED_FIRST)) notes.push(PUSHED_FIRST);
        continue;
      }
      throw e;
    }
    if (nav.note) notes.push(nav.note);
    if (conflict) notes.push(`This SOP was changed in the team library since you last published or pulled it: your version went to the new branch “${branch}” instead of overwriting it. Compare them in a pull request.`);
    if (!tip) notes.push(`The repository was empty: this is its first commit, on “${branch}”.`);
    return { commit, branch, path, conflict, notes, attempts: attempt };
  }
}

const PUSHED_FIRST = 'Someone pushed to the branch meanwhile: your commit was rebuilt on top of theirs and pushed after it.';

export interface TeamLibraryListing {
  /** The branch tip read, undefined for an empty repository. */
  readonly commit?: string;
  readonly sops: readonly RemoteSop[];
  /** Entries refused (path named, nothing of them imported). */
  readonly refused: readonly Refusal[];
}

/** Every SOP in the folder of the branch tip, each checked (lib/team-library/repo-check.ts). */
export async function readTeamLibrary(env: GitEnv, remote: GitRemote, settings: Pick<TeamLibrarySettings, 'branch' | 'folder'>): Promise<TeamLibraryListing> {
  const { tip, refs } = await fetchTip(env, remote, settings.branch);
  if (!tip) {
    if (!refs.empty) throw new TeamError('branch-missing', `The repository has no branch “${settings.branch}”.`);
    return { sops: [], refused: [] };
  }
  const entries = (await listFolder(env, tip, settings.folder)) ?? [];
  const { folders, refused } = sopFolders(settings.folder, entries);
  const sops: RemoteSop[] = [];
  for (const path of folders) {
    if (env.signal?.aborted) throw new TeamError('cancelled', 'Cancelled.');
    const inner = (await listFolder(env, tip, path)) ?? [];
    const problem = checkSopJsonEntry(path, inner.find((e) => e.name === SOP_JSON));
    if (problem) {
      refused.push(problem);
      continue;
    }
    const bytes = await readFileAt(env, tip, `${path}/${SOP_JSON}`);
    const read = await readRemoteSop(path, bytes ?? new Uint8Array());
    if ('refused' in read) refused.push(read.refused);
    else sops.push(read.sop);
  }
  return { commit: tip, sops, refused };
}
