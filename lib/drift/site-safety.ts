/**
 * May the active check replay an SOP on this URL? Never on a site of "Never record on these sites"; on a host
 * the owner marked safe to replay, at once; anywhere else only after the person confirmed this run.
 */
import { isBlockedUrl } from '../privacy/site-rules';

export type ReplayPermission = { readonly kind: 'refused'; readonly why: string } | { readonly kind: 'confirm'; readonly host: string } | { readonly kind: 'allowed'; readonly host: string };

/** The host (with port) a run on `url` is for; undefined for anything but http(s). */
export function replayHost(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.host.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

export function replayPermission(url: string, blockedSites: readonly string[], safeHosts: readonly string[], confirmed: boolean): ReplayPermission {
  const host = replayHost(url);
  if (!host) return { kind: 'refused', why: `The check replays only web pages (http or https), not ${url.slice(0, 100)}.` };
  if (isBlockedUrl(url, blockedSites)) return { kind: 'refused', why: `${host} is in "Never record on these sites": the check never runs there.` };
  if (safeHosts.includes(host) || confirmed) return { kind: 'allowed', host };
  return { kind: 'confirm', host };
}
