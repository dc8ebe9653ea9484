/**
 * "Never record on these sites": patterns the author lists in Options, matched against a page URL.
 * A pattern is a host (`bank.com`: that host only), a wildcard host (`*.bank.com`: bank.com and every
 * subdomain) or an origin (`https://intranet.example.com:8443`: that scheme, host and port only).
 */

export interface PrivacySettings {
  /** Host patterns and origins where nothing is ever recorded. */
  readonly blockedSites: readonly string[];
  /** Pause capture (events, screenshots, video, narration) while a password or other secret field has focus. */
  readonly pauseOnSensitiveFocus: boolean;
}

export const DEFAULT_PRIVACY_SETTINGS: PrivacySettings = { blockedSites: [], pauseOnSensitiveFocus: true };

const MAX_PATTERNS = 500;
const MAX_PATTERN = 300;

type Parsed = { kind: 'origin'; origin: string } | { kind: 'host'; host: string } | { kind: 'wildcard'; host: string };

function parse(pattern: string): Parsed | null {
  const p = pattern.trim().toLowerCase().replace(/\/+$/, '');
  if (!p) return null;
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(p)) {
    try {
      const url = new URL(p);
      return url.origin === 'null' ? null : { kind: 'origin', origin: url.origin };
    } catch {
      return null;
    }
  }
  if (p.startsWith('*.')) {
    const host = p.slice(2);
    return isHost(host) ? { kind: 'wildcard', host } : null;
  }
  return isHost(p) ? { kind: 'host', host: p } : null;
}

function isHost(h: string): boolean {
  return /^(?:[a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/.test(h);
}

/** The patterns kept from what the author typed (one per line, or comma separated); invalid ones dropped. */
export function parseSiteList(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/[\n,]+/)) {
    const p = raw.trim().toLowerCase().replace(/\/+$/, '').slice(0, MAX_PATTERN);
    if (p && parse(p) && !out.includes(p)) out.push(p);
  }
  return out.slice(0, MAX_PATTERNS);
}

/** Lines of the site list the author typed that are not valid patterns, to say so in Options. */
export function invalidSitePatterns(text: string): string[] {
  return text
    .split(/[\n,]+/)
    .map((l) => l.trim())
    .filter((l) => l && !parse(l));
}

/** The pattern that blocks `url`, or undefined. Only http(s) and file pages can be recorded at all. */
export function blockingPattern(url: string, patterns: readonly string[]): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  const host = u.hostname.toLowerCase();
  for (const pattern of patterns) {
    const p = parse(pattern);
    if (!p) continue;
    if (p.kind === 'origin' && u.origin === p.origin) return pattern;
    if (p.kind === 'host' && host === p.host) return pattern;
    if (p.kind === 'wildcard' && (host === p.host || host.endsWith(`.${p.host}`))) return pattern;
  }
  return undefined;
}

export function isBlockedUrl(url: string, patterns: readonly string[]): boolean {
  return blockingPattern(url, patterns) !== undefined;
}

/** Whatever storage held, as settings (defaults for anything missing or malformed). */
export function restorePrivacySettings(raw: unknown): PrivacySettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const sites = Array.isArray(r.blockedSites) ? r.blockedSites.filter((s): s is string => typeof s === 'string') : [];
  return {
    blockedSites: parseSiteList(sites.join('\n')),
    pauseOnSensitiveFocus: typeof r.pauseOnSensitiveFocus === 'boolean' ? r.pauseOnSensitiveFocus : DEFAULT_PRIVACY_SETTINGS.pauseOnSensitiveFocus,
  };
}
