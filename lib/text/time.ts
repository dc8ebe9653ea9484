/** Dates and durations as the exports print them. */

/** `2024-05-01` (UTC) for a wall-clock ms; '' for an unusable value. */
export function isoDate(ms: number): string {
  const d = new Date(ms);
  return Number.isFinite(d.getTime()) ? d.toISOString().slice(0, 10) : '';
}

/** `3 min 4 s`, `45 s`; '' for nothing recorded. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '';
  const total = Math.round(ms / 1000);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return m > 0 ? `${m} min${s ? ` ${s} s` : ''}` : `${s} s`;
}
