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
    // From the extension only (the router checks the sender); the shape is checked enough for the finder to
    // read it safely, the full target schema would bring zod into every frame.
    'content.guideFind': {
      from: ['extension'],
      schema: objectWith((v) => {
        const t = v.target as Record<string, unknown> | null;
        const sel = t && typeof t === 'object' ? (t.selectors as Record<string, unknown> | null) : null;
        if (!isRunId(v.runId) || !isStep(v.step) || typeof v.timeoutMs !== 'number') return 'runId, step and timeoutMs are required';
        if (!t || typeof t !== 'object' || typeof t.tag !== 'string' || typeof t.role !== 'string' || typeof t.name !== 'string') return 'target must describe an element';
        if (!sel || typeof sel.css !== 'string' || !Array.isArray(t.shadowPath) || !Array.isArray(t.framePath)) return 'target must have selectors and paths';
        const e = v.expect as Record<string, unknown> | null;
        return e && typeof e === 'object' && typeof e.kind === 'string' ? null : 'expect must say what completes the step';
      }),
    },
    'content.guidePanel': {
      from: ['extension'],
      schema: objectWith((v) => {
        const view = v.view as Record<string, unknown> | null;
        if (!isRunId(v.runId) || !view || typeof view !== 'object') return 'runId and view are required';
        return typeof view.text === 'string' && typeof view.title === 'string' && isStep(view.step) && isStep(view.total) && typeof view.status === 'string' ? null : 'view is malformed';
      }),
    },
    'content.guideClear': {
      from: ['extension'],
      schema: objectWith((v) => (isRunId(v.runId) && typeof v.keepPanel === 'boolean' ? null : 'runId and keepPanel are required')),
    },
    'content.guideSnap': {
      from: ['extension'],
      schema: objectWith((v) => (isRunId(v.runId) && Number.isInteger(v.step) && (v.phase === 'hide' || v.phase === 'show') ? null : 'runId, step and phase are required')),
    },
    'content.driftFind': {
      from: ['extension'],
      schema: objectWith((v) => {
        const t = v.target as Record<string, unknown> | null;
        const sel = t && typeof t === 'object' ? (t.selectors as Record<string, unknown> | null) : null;
        if (!isRunId(v.checkId) || !isStep(v.step) || typeof v.timeoutMs !== 'number') return 'checkId, step and timeoutMs are required';
        if (!t || typeof t !== 'object' || typeof t.tag !== 'string' || typeof t.role !== 'string' || typeof t.name !== 'string') return 'target must describe an element';
        return sel && typeof sel.css === 'string' && Array.isArray(t.shadowPath) && Array.isArray(t.framePath) ? null : 'target must have selectors and paths';
      }),
    },
    'content.driftAct': {
      from: ['extension'],
      schema: objectWith((v) => {
        const e = v.expect as Record<string, unknown> | null;
        if (!isRunId(v.checkId) || !isStep(v.step)) return 'checkId and step are required';
        return e && typeof e === 'object' && typeof e.kind === 'string' ? null : 'expect must say what to do';
      }),
    },
  },
} satisfies ReceiverSpecs<'content'>;

function isRunId(v: unknown): boolean {
  return typeof v === 'string' && v.length > 0 && v.length <= 100;
}

function isStep(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}
