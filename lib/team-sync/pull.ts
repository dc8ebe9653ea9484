/**
 * Get the team's SOPs, in an extension page: read every SOP of the library's folder (checked, refused entries
 * named), compare each with its local copy (lib/team-library/sync-status.ts), and import or update on request.
 * An update is a new revision of the local SOP (Undo brings the local copy back); an SOP changed on both sides
 * is never overwritten: the team's copy is imported beside the local one, and the person keeps either.
 */
import { applyTeamUpdate, listTeamLinks, saveTeamImport, undoTeamUpdate, type PulledUpdate } from '../db/team-store';
import { prepareImport } from '../import/sop-import';
import type { SopId, TeamLink } from '../model';
import { keptGitRuntime } from '../platform/git-runtime';
import { classifyGitError } from '../team-library/errors';
import { readTeamLibrary } from '../team-library/flows';
import type { RemoteSop } from '../team-library/remote-sop';
import type { Refusal } from '../team-library/repo-check';
import { syncStatus, type SyncStatus } from '../team-library/sync-status';
import { localFingerprint } from './status';
import { teamConnection } from './team-env';

export interface PullItem {
  readonly remote: RemoteSop;
  readonly status: SyncStatus;
  /** The local copy this compares with. */
  readonly localSopId?: SopId;
}

export interface PullListing {
  readonly commit?: string;
  readonly branch: string;
  readonly repoUrl: string;
  readonly items: readonly PullItem[];
  readonly refused: readonly Refusal[];
}

/** The team's SOPs and how each relates to this browser's copies. */
export async function listTeamSops(signal?: AbortSignal, onProgress?: (note: string) => void): Promise<PullListing> {
  const { settings, remote } = await teamConnection();
  const runtime = await keptGitRuntime(remote.url, { ...(signal ? { signal } : {}), onProgress: (p) => onProgress?.(`${p.phase} ${p.total ? `${Math.round((100 * p.loaded) / p.total)} %` : ''}`.trim()) });
  let listing;
  try {
    listing = await readTeamLibrary(runtime.env, remote, settings);
  } catch (e) {
    const error = classifyGitError(e, { token: remote.token, url: remote.url, branch: settings.branch, online: navigator.onLine });
    if (error.kind === 'unknown') await runtime.discard();
    throw error;
  } finally {
    await runtime.dispose();
  }
  const links = (await listTeamLinks()).filter((l) => l.repoUrl === settings.url);
  const items: PullItem[] = [];
  for (const r of listing.sops) {
    const candidates = links.filter((l) => l.path === r.path);
    const withPrints = await Promise.all(candidates.map(async (l) => ({ link: l, local: await localFingerprint(l.sopId) })));
    const present = withPrints.filter((c) => c.local !== undefined);
    // A copy that already says what the repository says wins; else the most recently synced one.
    const chosen = present.find((c) => c.local === r.fingerprint) ?? present.sort((a, b) => b.link.syncedAt - a.link.syncedAt)[0];
    const status = syncStatus({ ...(chosen ? { local: chosen.local!, base: chosen.link.baseFingerprint } : {}), remote: r.fingerprint });
    items.push({ remote: r, status, ...(chosen ? { localSopId: chosen.link.sopId } : {}) });
  }
  return { ...(listing.commit ? { commit: listing.commit } : {}), branch: settings.branch, repoUrl: settings.url, items, refused: listing.refused };
}

function linkFor(listing: PullListing, item: PullItem, now: number): Omit<TeamLink, 'sopId'> {
  return { repoUrl: listing.repoUrl, path: item.remote.path, commit: listing.commit ?? '', branch: listing.branch, baseFingerprint: item.remote.fingerprint, syncedAt: now, how: 'pulled' };
}

/** Imports the team's copy as a new local SOP (also for "changed on both sides": kept beside the local one). */
export async function importTeamSop(listing: PullListing, item: PullItem, now = Date.now()): Promise<SopId> {
  const records = prepareImport(item.remote.parsed, () => crypto.randomUUID(), now);
  const both = item.status === 'both-changed';
  const sop = both ? { ...records.sop, title: `${records.sop.title} (team library)` } : records.sop;
  const doc = both ? { ...records.doc, metadata: { ...records.doc.metadata, title: sop.title } } : records.doc;
  return saveTeamImport({ ...records, sop, doc }, { ...linkFor(listing, item, now), ...(both ? { baseFingerprint: item.remote.fingerprint } : {}) });
}

/** Updates the local copy with the team's (status "newer"): a new revision; Undo with undoTeamPull. */
export async function updateFromTeam(listing: PullListing, item: PullItem, now = Date.now()): Promise<PulledUpdate> {
  if (!item.localSopId) throw new Error('There is no local copy to update.');
  const records = prepareImport(item.remote.parsed, () => crypto.randomUUID(), now);
  return applyTeamUpdate(item.localSopId, records, linkFor(listing, item, now), `Before the team library's update (commit ${(listing.commit ?? '').slice(0, 7)})`, now);
}

export async function undoTeamPull(sopId: SopId, update: PulledUpdate): Promise<void> {
  await undoTeamUpdate(sopId, update, Date.now());
}
