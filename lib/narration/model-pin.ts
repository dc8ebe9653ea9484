/**
 * Pinning a Hub model to the commit it was first downloaded at. The catalogue cannot carry commit hashes
 * (our build machines have no Hub access), so each installation pins on first use: before the first
 * download, one HEAD request for the model's config at `main` reads the commit the Hub resolves it to
 * (`X-Repo-Commit`), and every later download asks for exactly that commit — a model updated upstream never
 * changes under a user's recordings. Pure: the request and the storage are the caller's.
 */

/** Pins, keyed by host and model: a mirror may hold other commits than the Hub. */
export type ModelPins = Readonly<Record<string, { readonly commit: string; readonly pinnedAt: number }>>;

export const HUB_HOST = 'https://huggingface.co/';

export function pinKey(modelId: string, host: string | undefined): string {
  return `${host ?? HUB_HOST}${modelId}`;
}

/** The URL whose HEAD response names the commit `revision` resolves to. */
export function pinProbeUrl(modelId: string, host: string | undefined, revision: string): string {
  return `${host ?? HUB_HOST}${modelId}/resolve/${encodeURIComponent(revision)}/config.json`;
}

/** A full commit hash from the Hub's response headers, or null (a mirror that does not say). */
export function commitFromHeaders(headers: { get(name: string): string | null }): string | null {
  const commit = headers.get('x-repo-commit')?.trim().toLowerCase() ?? '';
  return /^[0-9a-f]{40}$/.test(commit) ? commit : null;
}

/** Pins read back from storage: anything malformed is dropped (then the model is pinned again). */
export function restorePins(raw: unknown): ModelPins {
  if (typeof raw !== 'object' || raw === null) return {};
  const out: Record<string, { commit: string; pinnedAt: number }> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const v = value as { commit?: unknown; pinnedAt?: unknown } | null;
    if (typeof v?.commit === 'string' && /^[0-9a-f]{40}$/.test(v.commit) && typeof v.pinnedAt === 'number') out[key] = { commit: v.commit, pinnedAt: v.pinnedAt };
  }
  return out;
}
