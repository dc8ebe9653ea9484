/**
 * Web Locks over one SOP's exports, shared by every context of the extension's origin (the popup, the editor, the
 * offscreen document that prepares after Stop): one context prepares an SOP's screenshots at a time, and preparing
 * steps aside while any context exports that SOP (the export renders what is missing itself, in its own workers;
 * both at once would render the same shots twice on 2 cores). Without Web Locks everything runs unguarded.
 */
import type { SopId } from '../model';

export type Locks = Pick<LockManager, 'request' | 'query'>;

/** The origin's Web Locks, where the context has them (none in Node). */
export const defaultLocks = (): Locks | undefined => globalThis.navigator?.locks;

/** Held by whoever prepares the SOP's export images (lib/exporting/warm.ts). */
export const prepareLockName = (sopId: SopId) => `sop-export-prepare:${sopId}`;

/** Held, shared, by every export of the SOP while it runs. */
export const exportLockName = (sopId: SopId) => `sop-export-running:${sopId}`;

/**
 * `fn` with the SOP's preparing lock held; waits for another context's turn first. Rejects with the signal's
 * reason when aborted while waiting. (request() resolves with the callback's settled value; the DOM typings nest
 * the promise.)
 */
export function withPrepareLock<T>(sopId: SopId, signal: AbortSignal, fn: () => Promise<T>, locks = defaultLocks()): Promise<T> {
  if (!locks) return fn();
  return locks.request(prepareLockName(sopId), { signal }, fn) as Promise<unknown> as Promise<T>;
}

/** `fn` marked as an export of the SOP, so preparing it elsewhere pauses until it ends. Exports never wait. */
export function withExportRunning<T>(sopId: SopId, fn: () => Promise<T>, locks = defaultLocks()): Promise<T> {
  if (!locks) return fn();
  return locks.request(exportLockName(sopId), { mode: 'shared' }, fn) as Promise<unknown> as Promise<T>;
}

/**
 * Resolves false at once when no export of the SOP runs, else true once the last has ended (an exclusive request
 * is granted only when no shared holder is left). Rejects with the signal's reason when aborted while waiting.
 */
export async function untilNoExport(sopId: SopId, signal: AbortSignal, locks = defaultLocks()): Promise<boolean> {
  if (!locks) return false;
  const name = exportLockName(sopId);
  const { held = [] } = await locks.query();
  if (!held.some((l) => l.name === name)) return false;
  await locks.request(name, { signal }, () => undefined);
  return true;
}
