/** Telling a full disk apart from other storage failures, and what the user is told when it happens. */

export const DISK_FULL_MESSAGE = 'Your disk is full: recording stopped; everything up to now is saved.';
/** When even the small SOP records could not be written: the recording waits in the popup for recovery. */
export const DISK_FULL_UNSAVED_MESSAGE =
  'Your disk is full: recording stopped. Free some space, then recover the recording from this popup (restart the browser first if it cannot read its storage).';

/**
 * Whether `e` (an IndexedDB, Dexie or messaging error) says the origin ran out of quota. Dexie wraps the
 * DOMException (`inner`), an aborted transaction carries it as its cause, and an error that crossed a
 * message boundary is only its text.
 */
export function isStorageFull(e: unknown, depth = 0): boolean {
  if (depth > 5 || typeof e !== 'object' || e === null) return typeof e === 'string' && /QuotaExceeded|UnknownError.*backing store/i.test(e);
  const err = e as { name?: unknown; message?: unknown; inner?: unknown; cause?: unknown };
  if (err.name === 'QuotaExceededError') return true;
  // An extension with unlimitedStorage has no quota to exceed: when the disk itself fills, Chromium's
  // IndexedDB (LevelDB underneath) fails with UnknownError about its backing store instead.
  if (err.name === 'UnknownError' && typeof err.message === 'string' && /backing store|internal error/i.test(err.message)) return true;
  if (typeof err.message === 'string' && /QuotaExceeded|quota (has been )?exceeded/i.test(err.message)) return true;
  return isStorageFull(err.inner, depth + 1) || isStorageFull(err.cause, depth + 1);
}
