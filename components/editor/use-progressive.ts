/**
 * How many items of a long list to render now: the first `first` at once, then `chunk` more after each paint,
 * until all are there. A 1,000-step SOP otherwise builds some 30,000 elements before the editor shows its first
 * step (measured 6–10 s on 2 shared cores, scripts/bench-open-large.mjs); this way the first steps show in the
 * first frame and the rest follow while the author reads.
 */
import { useEffect, useState } from 'preact/hooks';

export function useProgressiveCount(total: number, first = 25, chunk = 50): number {
  const [grown, setShown] = useState(first);
  // The list may arrive after the first render (loaded from IndexedDB): never fewer than `first`.
  const shown = Math.max(grown, first);
  useEffect(() => {
    if (shown >= total) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // After the frame is painted, then a task: the page stays responsive between chunks.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setShown(Math.min(total, shown + chunk)), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [shown, total, chunk]);
  // A list that grew by a step or two (insert, add) shows them at once.
  return shown >= total - 2 ? total : shown;
}
