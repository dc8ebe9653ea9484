/**
 * Finds and masks text that looks like a secret: provider tokens with a known shape, credentials in
 * headers, URLs and key=value pairs, spoken passwords, and long random strings next to a secret word.
 * Runs in the content script of every frame (keep it small and dependency-free) and again in the
 * background before storage. Errs towards precision on ordinary UI text: a UUID or a commit SHA alone is
 * an identifier, not a secret; next to "token" or "key" it is masked.
 */

export type SecretKind =
  | 'AWS key'
  | 'GitHub token'
  | 'GitLab token'
  | 'Slack token'
  | 'Stripe key'
  | 'Google API key'
  | 'JWT'
  | 'private key'
  | 'token'
  | 'password'
  | 'secret';

export interface SecretMatch {
  readonly start: number;
  readonly end: number;
  readonly kind: SecretKind;
}

export interface MaskOptions {
  /** Speech (a transcript): after "my password is" mask the rest of the clause, not just one word. */
  readonly spoken?: boolean;
}

/** What a masked secret reads as; it contains nothing any rule matches again, so masking is idempotent. */
export function maskFor(kind: SecretKind): string {
  return `[masked ${kind}]`;
}

/** Not preceded / followed by a character that would make the match part of a longer word. */
const B = '(?<![A-Za-z0-9_])';
const E = '(?![A-Za-z0-9_])';
const NOT_MASKED = '(?!\\[masked )';

interface Rule {
  readonly re: RegExp;
  readonly kind: SecretKind;
  /** The capture group to mask (0 = the whole match). */
  readonly group: number;
  /** Extra check on the captured value. */
  readonly accept?: (value: string) => boolean;
}

const SECRET_WORD = '(?:pass(?:word|wd|code|phrase)?|pwd|secrets?|tokens?|(?:api|access|secret|private|signing|encryption|master)[ _-]?keys?|apikey|credentials?|auth|authorization|signature|sig|session[_-]?id)';

/** Shapes with a fixed prefix: safe to mask wherever they appear. */
const SHAPED: Rule[] = [
  { kind: 'private key', group: 0, re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|$)/g },
  { kind: 'AWS key', group: 0, re: new RegExp(`${B}(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA)[A-Z0-9]{16}${E}`, 'g') },
  { kind: 'GitHub token', group: 0, re: new RegExp(`${B}(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{22,255})${E}`, 'g') },
  { kind: 'GitLab token', group: 0, re: new RegExp(`${B}gl(?:pat|dt|rt|ptt)-[A-Za-z0-9_-]{20,}`, 'g') },
  { kind: 'Slack token', group: 0, re: new RegExp(`${B}xox[abprs]-[A-Za-z0-9-]{10,}`, 'g') },
  { kind: 'Stripe key', group: 0, re: new RegExp(`${B}(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}${E}`, 'g') },
  { kind: 'Google API key', group: 0, re: new RegExp(`${B}AIza[0-9A-Za-z_-]{35}${E}`, 'g') },
  { kind: 'JWT', group: 0, re: new RegExp(`${B}eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*`, 'g') },
];

/** Credentials given by their context: a header, a URL's userinfo, key=value, speech. */
const CONTEXTUAL: Rule[] = [
  // Authorization: Basic dXNlcjpwYXNz / Authorization: Bearer … / Authorization=…
  {
    kind: 'token',
    group: 1,
    re: new RegExp(`${B}(?:proxy-)?authorization["']?\\s*[:=]\\s*["']?(?:(?:bearer|basic|token|digest|negotiate)\\s+)?${NOT_MASKED}(?!(?:bearer|basic|token|digest|negotiate)\\s)([^\\s"',;]{6,})`, 'gi'),
    accept: (v) => looksLikeSecretValue(v),
  },
  { kind: 'token', group: 1, re: new RegExp(`${B}bearer\\s+${NOT_MASKED}((?=[A-Za-z0-9._~+/-]*[0-9])[A-Za-z0-9._~+/-]{12,}=*)`, 'gi') },
  // scheme://user:pass@host
  { kind: 'password', group: 1, re: new RegExp(`${B}[a-z][a-z0-9+.-]*://[^\\s:/@\\[\\]]+:${NOT_MASKED}([^\\s@/]+)@`, 'gi') },
  // password=…; token: …; "api_key": "…" — the key may carry a prefix (db_password, X-Api-Key, access_token).
  {
    kind: 'secret',
    group: 1,
    re: new RegExp(`${B}(?:[A-Za-z0-9]+[_-])*${SECRET_WORD}["']?\\s*=\\s*["']?${NOT_MASKED}([^\\s"'&;,<>]+)`, 'gi'),
    accept: (v) => v.length >= 3 && !/^(?:true|false|null|none|undefined|\*+|•+)$/i.test(v),
  },
  {
    kind: 'secret',
    group: 1,
    re: new RegExp(`${B}(?:[A-Za-z0-9]+[_-])*${SECRET_WORD}["']?\\s*:\\s*["']?${NOT_MASKED}([^\\s"'&;,<>]+)`, 'gi'),
    accept: (v) => looksLikeSecretValue(v),
  },
];

/** Words that follow "password is" in ordinary sentences ("the password is required"). */
const NOT_A_SPOKEN_SECRET = new Set(
  'a an the in on at of to for from by with not no now still also only too very so being been required correct incorrect wrong invalid valid expired stored saved set changed reset empty missing optional mandatory shown hidden visible case long short strong weak there here this that it your my our their his her same different below above ready needed and or but if then when where what which who'.split(' '),
);

const SPOKEN = new RegExp(`${B}(?:my |the |our |your |its )?(pass(?:word|code|phrase)|pin(?: code)?|secret(?: key)?|api key|access key|token)\\s+(?:is|was|will be)\\s+`, 'gi');

/** Long random-looking runs; masked only next to a secret word (see maskContextualRandom). */
const RANDOM_RUN = new RegExp(`${B}[A-Za-z0-9+/_.=-]{20,}`, 'g');
const SECRET_WORD_NEAR = new RegExp(`${B}(?:[A-Za-z0-9]+[_-])*(?:${SECRET_WORD}|keys?|aws|bearer)${E}`, 'i');
/** How far before a random run a secret word still labels it (same line only). */
const NEAR_CHARS = 40;

/** Shannon entropy of `s` in bits per character. */
export function shannonEntropy(s: string): number {
  if (!s) return 0;
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** A run of letters and digits random enough to be a key: mixed classes, high entropy, not a word list. */
function isRandomRun(run: string): boolean {
  const core = run.replace(/^[._=-]+|[._=-]+$/g, '');
  if (core.length < 20) return false;
  // A path or a URL ("/api/keys/…", "docs.example.com/…") names a place, not a credential.
  if (core.startsWith('/') || /[a-z0-9-]+\.[a-z]{2,}\//i.test(core)) return false;
  if (!/[0-9]/.test(core) || !/[A-Za-z]/.test(core)) return false;
  // snake_case / kebab-case identifiers made of words ("token_refresh_interval_2") are not random.
  const parts = core.split(/[_.-]+/);
  if (parts.length > 1 && parts.every((p) => p.length <= 12 && !/[0-9].*[A-Za-z]|[A-Za-z].*[0-9]/.test(p) || /^[a-z]+$/.test(p))) return false;
  return shannonEntropy(core) >= 3.2;
}

/** A value after "token:" that looks like a credential rather than a word of prose. */
function looksLikeSecretValue(v: string): boolean {
  if (v.length < 6) return false;
  if (/^\d+$/.test(v) || /^\*+$|^•+$/.test(v)) return false;
  const letters = /[A-Za-z]/.test(v);
  const digits = /[0-9]/.test(v);
  const symbols = /[^A-Za-z0-9]/.test(v);
  return letters && (digits || symbols || (/[a-z]/.test(v) && /[A-Z]/.test(v.slice(1))));
}

function collect(text: string, rule: Rule, out: SecretMatch[]): void {
  rule.re.lastIndex = 0;
  for (let m = rule.re.exec(text); m; m = rule.re.exec(text)) {
    if (m[0].length === 0) {
      rule.re.lastIndex++;
      continue;
    }
    const value = m[rule.group];
    if (value === undefined || (rule.accept && !rule.accept(value))) continue;
    const start = m.index + (rule.group === 0 ? 0 : m[0].lastIndexOf(value));
    out.push({ start, end: start + value.length, kind: rule.kind });
  }
}

function collectSpoken(text: string, out: SecretMatch[], spoken: boolean): void {
  SPOKEN.lastIndex = 0;
  for (let m = SPOKEN.exec(text); m; m = SPOKEN.exec(text)) {
    const from = m.index + m[0].length;
    const rest = text.slice(from);
    if (rest.startsWith('[masked ')) continue;
    // Up to the end of the clause when spoken ("hunter two"), else one word; trailing punctuation stays.
    const span = spoken ? /^[^.,;!?\n]{1,60}/.exec(rest) : /^\S+?(?=[.,;!?]?(?:\s|$))/.exec(rest);
    if (!span) continue;
    const value = span[0].trim();
    const firstWord = (value.split(/\s+/)[0] ?? '').toLowerCase();
    if (!value || NOT_A_SPOKEN_SECRET.has(firstWord)) continue;
    const kind: SecretKind = /pass|pin/i.test(m[1] ?? '') ? 'password' : 'secret';
    out.push({ start: from, end: from + value.length, kind });
  }
}

function collectRandomNearWord(text: string, out: SecretMatch[]): void {
  RANDOM_RUN.lastIndex = 0;
  for (let m = RANDOM_RUN.exec(text); m; m = RANDOM_RUN.exec(text)) {
    if (!isRandomRun(m[0])) continue;
    const before = text.slice(Math.max(0, m.index - NEAR_CHARS), m.index);
    const line = before.slice(before.lastIndexOf('\n') + 1);
    if (!SECRET_WORD_NEAR.test(line)) continue;
    out.push({ start: m.index, end: m.index + m[0].length, kind: 'secret' });
  }
}

/** Cheap pre-check: text that none of the rules could match is returned at once. */
const MAYBE = /[A-Za-z0-9]{8}|-----BEGIN|:\/\/|(?:pass|pwd|secret|token|key|auth|pin|sig)/i;

/** Every secret found in `text`, sorted, overlaps merged (the earlier / longer match wins). */
export function findSecrets(text: string, options: MaskOptions = {}): SecretMatch[] {
  if (!text || !MAYBE.test(text)) return [];
  const found: SecretMatch[] = [];
  for (const rule of SHAPED) collect(text, rule, found);
  for (const rule of CONTEXTUAL) collect(text, rule, found);
  collectSpoken(text, found, options.spoken === true);
  collectRandomNearWord(text, found);
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: SecretMatch[] = [];
  for (const m of found) {
    const last = merged.at(-1);
    if (last && m.start < last.end) {
      if (m.end > last.end) merged[merged.length - 1] = { ...last, end: m.end };
      continue;
    }
    merged.push(m);
  }
  return merged;
}

export function hasSecret(text: string, options?: MaskOptions): boolean {
  return findSecrets(text, options).length > 0;
}

/** `text` with every secret replaced by `[masked <kind>]`. Idempotent. */
export function maskSecrets(text: string, options?: MaskOptions): string {
  const found = findSecrets(text, options);
  if (found.length === 0) return text;
  let out = '';
  let at = 0;
  for (const m of found) {
    out += text.slice(at, m.start) + maskFor(m.kind);
    at = m.end;
  }
  return out + text.slice(at);
}

/**
 * Every string inside `value` (objects, arrays, nested) masked; other values kept. Returns the same object
 * when nothing changed, so callers can skip a write.
 */
export function maskDeep<T>(value: T, options?: MaskOptions): T {
  if (typeof value === 'string') return maskSecrets(value, options) as T;
  if (Array.isArray(value)) {
    let changed = false;
    const next = value.map((v) => {
      const m = maskDeep(v, options);
      if (m !== v) changed = true;
      return m;
    });
    return (changed ? next : value) as T;
  }
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    let changed = false;
    const next: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const m = maskDeep(v, options);
      if (m !== v) changed = true;
      next[k] = m;
    }
    return (changed ? next : value) as T;
  }
  return value;
}
