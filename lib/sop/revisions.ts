/**
 * Revisions: "Save version" freezes a deep copy of the document and its steps under a version number with a
 * summary; the history lists them newest first, shows an old one, and restores it. Pure: the caller stores.
 *
 * Numbering, as in document control: versions are "major.minor". A draft is 0.1; saving records the
 * working version if it has not been saved yet, else the next minor (0.1 → 0.2), or with `major` the next
 * major (0.4 → 1.0). The base is the higher of the working version and the highest saved one, so after
 * restoring 0.2 while 0.4 exists, the next save is 0.5, never a second 0.3.
 */
import type { Step } from '../model';
import { FIRST_VERSION, type Revision, type RevisionId, type SopDocument } from './document';

type Version = readonly [major: number, minor: number];

function parseVersion(v: string): Version | undefined {
  const m = /^\s*v?(\d+)(?:\.(\d+))?/i.exec(v);
  return m ? [Number(m[1]), Number(m[2] ?? 0)] : undefined;
}

const format = ([major, minor]: Version) => `${major}.${minor}`;
const compare = (a: Version, b: Version) => a[0] - b[0] || a[1] - b[1];

/** The version the next "Save version" records. */
export function nextVersion(doc: SopDocument, opts: { major?: boolean } = {}): string {
  const saved = doc.revisions.map((r) => parseVersion(r.version)).filter((v): v is Version => v !== undefined);
  const working = parseVersion(doc.metadata.version) ?? parseVersion(FIRST_VERSION)!;
  const base = saved.reduce((hi, v) => (compare(v, hi) > 0 ? v : hi), working);
  const unsaved = !saved.some((v) => compare(v, base) === 0);
  if (opts.major) return unsaved && base[1] === 0 && base[0] > 0 ? format(base) : format([base[0] + 1, 0]);
  return unsaved ? format(base) : format([base[0], base[1] + 1]);
}

/** A frozen, deep copy of `doc` and `steps` as version nextVersion(doc); `now` is ms epoch. */
export function snapshot(doc: SopDocument, steps: readonly Step[], summary: string, now: number, opts: { major?: boolean } = {}): Revision {
  const version = nextVersion(doc, opts);
  const frozen: SopDocument = structuredClone({ ...doc, metadata: { ...doc.metadata, version }, revisions: [] });
  return {
    id: `revision-${version}-${now.toString(36)}` as RevisionId,
    version,
    summary: summary.trim(),
    savedAt: now,
    doc: frozen,
    steps: structuredClone([...steps]),
  };
}

/** "Save version": the document with the new revision recorded and its version moved to the saved one. */
export function saveVersion(
  doc: SopDocument,
  steps: readonly Step[],
  summary: string,
  now: number,
  opts: { major?: boolean } = {},
): { doc: SopDocument; revision: Revision } {
  const revision = snapshot(doc, steps, summary, now, opts);
  return { doc: { ...doc, metadata: { ...doc.metadata, version: revision.version }, revisions: [...doc.revisions, revision] }, revision };
}

/** A revision's document and steps, as deep copies safe to edit or show. */
export function restore(revision: Revision): { doc: SopDocument; steps: Step[] } {
  return { doc: structuredClone(revision.doc), steps: structuredClone([...revision.steps]) };
}

/**
 * Restoring into the working copy: the old content comes back, the history stays. The version reads as the
 * restored one until the next save, which numbers past every saved version.
 */
export function restoreRevision(current: SopDocument, revision: Revision): { doc: SopDocument; steps: Step[] } {
  const { doc, steps } = restore(revision);
  return { doc: { ...doc, sopId: current.sopId, revisions: current.revisions }, steps };
}

/** Saved versions, newest first (by save time, then version). */
export function listRevisions(doc: SopDocument): Revision[] {
  return [...doc.revisions].sort((a, b) => b.savedAt - a.savedAt || compare(parseVersion(b.version) ?? [0, 0], parseVersion(a.version) ?? [0, 0]));
}
