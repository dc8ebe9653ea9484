/**
 * What went wrong talking to the team's Git server, in words a person can act on. isomorphic-git's errors
 * (HttpError with the status, NotFoundError, PushRejectedError, GitPushError…), fetch's TypeError in a
 * browser and Node's socket / TLS error codes all end up as one `TeamError` kind. The token never appears in
 * a message: every message goes through `maskToken`. Pure.
 */
import { maskSecrets } from '../privacy/secrets';

export type TeamErrorKind =
  | 'offline'
  | 'unreachable'
  | 'tls'
  | 'auth'
  | 'forbidden'
  | 'repo-missing'
  | 'branch-missing'
  | 'rejected'
  | 'conflict'
  | 'cancelled'
  | 'server'
  | 'invalid'
  | 'unknown';

/** Kinds worth retrying later on their own (queue with backoff): the network, not the person, was at fault. */
export const RETRYABLE: ReadonlySet<TeamErrorKind> = new Set(['offline', 'unreachable', 'server']);

export class TeamError extends Error {
  constructor(
    readonly kind: TeamErrorKind,
    message: string,
    /** The underlying error's own words (masked), for "details". */
    readonly detail = '',
  ) {
    super(message);
    this.name = 'TeamError';
  }

  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }
}

/** `text` with the token (and anything else that looks like a secret) masked. */
export function maskToken(text: string, token: string | undefined): string {
  let out = text;
  if (token && token.length >= 4) out = out.split(token).join('[masked token]');
  // A token inside a URL's user info (someone pasted one) or an Authorization header echoed back.
  out = out.replace(/(\/\/[^/\s:@]+:)[^@\s/]+@/g, '$1[masked]@').replace(/(authorization:\s*(?:basic|bearer|token)\s+)\S+/gi, '$1[masked]');
  return maskSecrets(out);
}

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|UNABLE_TO_GET_ISSUER/i;
const NET_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

interface ErrorLike {
  name?: string;
  code?: string;
  message?: string;
  cause?: unknown;
  data?: { statusCode?: number; statusMessage?: string; response?: string; reason?: string; prettyDetails?: string; result?: unknown };
}

function codesOf(e: unknown): string[] {
  const out: string[] = [];
  for (let x = e as ErrorLike | undefined, i = 0; x && typeof x === 'object' && i < 5; x = x.cause as ErrorLike | undefined, i++) {
    if (typeof x.code === 'string') out.push(x.code);
    if (typeof x.name === 'string') out.push(x.name);
    if (typeof x.message === 'string') out.push(x.message);
  }
  return out;
}

export interface ClassifyContext {
  readonly token?: string;
  /** `navigator.onLine` where there is one. */
  readonly online?: boolean;
  readonly url?: string;
  readonly branch?: string;
}

/** The TeamError for anything thrown while talking to the server. */
export function classifyGitError(e: unknown, ctx: ClassifyContext = {}): TeamError {
  if (e instanceof TeamError) return e;
  const err = (e ?? {}) as ErrorLike;
  const detail = maskToken([err.code, err.message, err.data?.response?.slice(0, 300), err.data?.prettyDetails].filter(Boolean).join(': '), ctx.token);
  const host = ctx.url ? safeHost(ctx.url) : 'the server';
  const codes = codesOf(e);
  const has = (re: RegExp) => codes.some((c) => re.test(c));

  if (err.name === 'AbortError' || err.code === 'UserCanceledError' || err.name === 'UserCanceledError' || has(/^ABORT_ERR$|aborted/i)) return new TeamError('cancelled', 'Cancelled: nothing was changed in the team library.', detail);
  const status = err.data?.statusCode;
  if (err.code === 'HttpError' || typeof status === 'number') {
    if (status === 401) return new TeamError('auth', `${host} refused the user name and token (401): check the token, and that it has not expired or been revoked.`, detail);
    if (status === 403) return new TeamError('forbidden', `${host} accepted the token but refused access (403): it lacks the right to this repository, or to push to it.`, detail);
    if (status === 404) return new TeamError('repo-missing', `No repository at that URL on ${host} (404), or the token may not see it.`, detail);
    if (status === 407) return new TeamError('unreachable', 'A proxy asks for authentication (407): this browser cannot reach the server through it.', detail);
    if (status !== undefined && status >= 500) return new TeamError('server', `${host} had an error (${status}); trying again later usually helps.`, detail);
    if (status === 429) return new TeamError('server', `${host} asks to slow down (429); trying again later.`, detail);
    return new TeamError('unknown', `${host} answered ${status ?? 'an error'}${err.data?.statusMessage ? ` ${err.data.statusMessage}` : ''}.`, detail);
  }
  if (err.code === 'PushRejectedError' || err.name === 'PushRejectedError' || has(/non-fast-forward|fetch first|stale info|cannot lock ref|failed to update ref/i))
    return new TeamError('rejected', 'Someone pushed to the branch first.', detail);
  if (err.code === 'GitPushError') return new TeamError('rejected', `The server refused the push: ${detail}`, detail);
  if (has(TLS_CODES)) return new TeamError('tls', `The secure connection to ${host} failed (TLS certificate): ${detail}`, detail);
  if (ctx.online === false) return new TeamError('offline', 'This computer is offline. Nothing is lost: it will be tried again when the network is back.', detail);
  if (codes.some((c) => NET_CODES.has(c)) || has(/Failed to fetch|NetworkError|fetch failed|network error|socket hang up|Load failed/i))
    // In a browser fetch says only "Failed to fetch": an unreachable host and a TLS failure look the same.
    return new TeamError('unreachable', `Cannot reach ${host}: it is down, the address is wrong, this computer is offline, or (in a browser, where the two look alike) its TLS certificate is not trusted.`, detail);
  if (err.code === 'NotFoundError' && ctx.branch && has(new RegExp(escapeRe(ctx.branch))))
    return new TeamError('branch-missing', `The repository has no branch “${ctx.branch}”.`, detail);
  if (err.code === 'UnsafeFilepathError' || err.name === 'UnsafeFilepathError') {
    const name = /filepath "([^"]{0,200})"/.exec(detail)?.[1];
    return new TeamError(
      'invalid',
      `The repository holds an entry named “${name ?? '?'}”, which Git tools refuse (it could write outside a checkout), so nothing can be committed on top of it. Remove it from the repository, then publish again. Nothing was changed.`,
      detail,
    );
  }
  if (err.code === 'SmartHttpError' || err.code === 'ParseError' || err.code === 'EmptyServerResponseError')
    return new TeamError('repo-missing', `${host} did not answer as a Git server at that URL (is it the repository's clone URL?).`, detail);
  return new TeamError('unknown', `Git failed: ${detail || 'unknown error'}`, detail);
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the server';
  }
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
