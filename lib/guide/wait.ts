/**
 * Waiting for a step's element: SPAs render late and pages load slowly. An exact locator hit is taken the
 * moment it appears; a scored match only once the page had `scoreAfterMs` to render the exact one (else a
 * half-rendered page would be scored); at `timeoutMs` the last answer stands, found or not.
 * Re-tried on DOM mutations (light DOM) and on a slow poll (shadow roots and attribute-only changes the
 * observer does not see). Timers and the observer are parameters, so tests drive the clock.
 */
import type { TargetContext } from '../model';
import { defaultFinderEnv, findTarget, type FinderEnv, type FindResult } from './finder';

export interface WaitOptions {
  readonly timeoutMs?: number;
  readonly scoreAfterMs?: number;
  readonly pollMs?: number;
  /** At least this long between two attempts: a page that mutates constantly must not be searched back to
   * back (each attempt reads names and labels of the root's controls). */
  readonly minGapMs?: number;
  /** Between two scoring attempts (each reads every control of the root). */
  readonly scoreGapMs?: number;
  readonly env?: FinderEnv;
  readonly now?: () => number;
  readonly setTimer?: (fn: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
  /** Calls `onChange` on DOM changes; returns the function that stops watching. */
  readonly watch?: (doc: Document, onChange: () => void) => () => void;
  readonly signal?: AbortSignal;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_SCORE_AFTER_MS = 1_500;

function observeDom(doc: Document, onChange: () => void): () => void {
  const Observer = doc.defaultView?.MutationObserver;
  if (!Observer) return () => {};
  const mo = new Observer(onChange);
  mo.observe(doc, { subtree: true, childList: true, attributes: true, characterData: true });
  return () => mo.disconnect();
}

export function waitForTarget(doc: Document, target: TargetContext, options: WaitOptions = {}): Promise<FindResult> {
  const {
    timeoutMs = DEFAULT_TIMEOUT_MS,
    scoreAfterMs = DEFAULT_SCORE_AFTER_MS,
    pollMs = 250,
    minGapMs = 100,
    scoreGapMs = 2_000,
    env = defaultFinderEnv,
    now = () => Date.now(),
    setTimer = (fn, ms) => setTimeout(fn, ms),
    clearTimer = (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    watch = observeDom,
    signal,
  } = options;
  const started = now();
  return new Promise((resolve) => {
    let done = false;
    let pending = false;
    const timers = new Set<unknown>();
    let unwatch = () => {};
    const finish = (r: FindResult) => {
      if (done) return;
      done = true;
      unwatch();
      for (const t of timers) clearTimer(t);
      resolve(r);
    };
    const later = (fn: () => void, ms: number) => {
      const h = setTimer(() => {
        timers.delete(h);
        fn();
      }, ms);
      timers.add(h);
    };
    let lastAttempt = -Infinity;
    let lastScored = -Infinity;
    const attempt = () => {
      pending = false;
      if (done) return;
      lastAttempt = now();
      if (signal?.aborted) return finish({ outcome: { found: false, reason: 'none', detail: 'Stopped.' } });
      const before = now() - started;
      // Scoring once the page had time to render, then at most every scoreGapMs, and at the timeout.
      const score = before >= timeoutMs || (before >= scoreAfterMs && lastAttempt - lastScored >= scoreGapMs);
      if (score) lastScored = lastAttempt;
      const r = findTarget(doc, target, env, { score });
      const elapsed = now() - started;
      if (r.outcome.found && (r.outcome.how.kind === 'locator' || elapsed >= scoreAfterMs)) return finish(r);
      // The last word is always a scored one: it says why nothing was taken (look-alikes, nothing similar).
      if (elapsed >= timeoutMs) return finish(score ? r : findTarget(doc, target, env));
    };
    // Mutations come in storms: one attempt at a time, spaced by minGapMs.
    const soon = () => {
      if (pending || done) return;
      pending = true;
      later(attempt, Math.max(0, lastAttempt + minGapMs - now()));
    };
    const poll = () => {
      if (done) return;
      attempt();
      if (!done) later(poll, Math.min(pollMs, Math.max(0, timeoutMs - (now() - started))));
    };
    unwatch = watch(doc, soon);
    signal?.addEventListener('abort', () => finish({ outcome: { found: false, reason: 'none', detail: 'Stopped.' } }));
    later(() => soon(), scoreAfterMs);
    poll();
  });
}
