/**
 * Undo/redo over immutable snapshots. Edits that belong together (typing in one field) coalesce under a
 * key so one Ctrl+Z undoes the whole burst, not a letter.
 */
export interface History<T> {
  readonly past: readonly T[];
  readonly present: T;
  readonly future: readonly T[];
  /** Key and time of the last edit, for coalescing. */
  readonly lastKey?: string;
  readonly lastAt?: number;
}

const LIMIT = 200;
const COALESCE_MS = 1_500;

export function startHistory<T>(present: T): History<T> {
  return { past: [], present, future: [] };
}

/** Record a new state. Same `key` within COALESCE_MS replaces the last entry instead of adding one. */
export function commit<T>(h: History<T>, next: T, opts: { key?: string; now?: number } = {}): History<T> {
  if (Object.is(next, h.present)) return h;
  const now = opts.now ?? Date.now();
  const coalesce = opts.key !== undefined && opts.key === h.lastKey && h.lastAt !== undefined && now - h.lastAt < COALESCE_MS;
  const past = coalesce ? h.past : [...h.past, h.present].slice(-LIMIT);
  return { past, present: next, future: [], lastKey: opts.key, lastAt: now };
}

export function undo<T>(h: History<T>): History<T> {
  const prev = h.past.at(-1);
  if (prev === undefined) return h;
  return { past: h.past.slice(0, -1), present: prev, future: [h.present, ...h.future] };
}

export function redo<T>(h: History<T>): History<T> {
  const [next, ...rest] = h.future;
  if (next === undefined) return h;
  return { past: [...h.past, h.present], present: next, future: rest };
}

export const canUndo = (h: History<unknown>): boolean => h.past.length > 0;
export const canRedo = (h: History<unknown>): boolean => h.future.length > 0;
