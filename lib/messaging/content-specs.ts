/**
 * What a content script accepts. Hand-written checks instead of zod: this code is parsed in every frame of
 * every page, and the two payloads are tiny.
 */
import type { ReceiverSpecs, Validator } from './protocol';

type Check = (v: Record<string, unknown>) => string | null;

/** `T`: what `check` must establish (zod would infer it; here the check and the verb's type are read together). */
function objectWith<T>(check: Check): Validator<T> {
  return {
    safeParse(value) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return { success: false, error: { message: 'expected an object' } };
      const problem = check(value as Record<string, unknown>);
      return problem ? { success: false, error: { message: problem } } : { success: true, data: value as T };
    },
  };
}

export const CONTENT_SPECS = {
  receiver: 'content',
  verbs: {
    'content.state': {
      from: ['extension'],
      schema: objectWith((v) => (typeof v.recording === 'boolean' && typeof v.paused === 'boolean' ? null : 'recording and paused must be booleans')),
    },
    'content.frameRect': {
      from: ['extension'],
      schema: objectWith((v) => (typeof v.token === 'string' && v.token.length > 0 && v.token.length <= 100 ? null : 'token must be a short string')),
    },
    'content.boxesAt': {
      from: ['extension'],
      schema: objectWith((v) =>
        [v.from, v.to].every((n) => typeof n === 'number' && Number.isFinite(n)) && (v.since === undefined || (typeof v.since === 'number' && Number.isFinite(v.since)))
          ? null
          : 'from and to must be times',
      ),
    },
  },
} satisfies ReceiverSpecs<'content'>;
