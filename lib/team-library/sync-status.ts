/**
 * How a local SOP and the team library's copy relate, from three fingerprints (lib/team-library/layout.ts):
 * the local copy's now, the repository's now, and both at the last publish or pull (`base`). Pure.
 */

export type SyncStatus =
  /** In the repository, not in this browser. */
  | 'new'
  /** The same on both sides. */
  | 'same'
  /** Changed in the repository since the last publish / pull; unchanged here: an update. */
  | 'newer'
  /** Changed here since the last publish / pull; unchanged there: waiting to be published. */
  | 'local-changes'
  /** Changed on both sides, differently: never overwritten, both are kept. */
  | 'both-changed';

export interface SyncInput {
  /** The local copy's fingerprint, or undefined when this browser has no copy linked to it. */
  readonly local?: string;
  /** The fingerprint both had at the last publish or pull; undefined if never synced. */
  readonly base?: string;
  readonly remote: string;
}

export function syncStatus({ local, base, remote }: SyncInput): SyncStatus {
  if (local === undefined) return 'new';
  if (local === remote) return 'same';
  const remoteChanged = remote !== base;
  const localChanged = local !== base;
  if (remoteChanged && !localChanged) return 'newer';
  if (!remoteChanged && localChanged) return 'local-changes';
  return 'both-changed';
}

export const STATUS_LABEL: Record<SyncStatus, string> = {
  new: 'New',
  same: 'Up to date',
  newer: 'Newer in the team library',
  'local-changes': 'Changed here, not published',
  'both-changed': 'Changed on both sides',
};
