/**
 * Which of the recent video frames a step's screenshot comes from. A click's screenshot should show the page
 * the person acted on, so the newest frame captured before the action wins even when the request arrives late
 * (a busy machine, an SPA that re-rendered within a millisecond of the click); only when none is left, the
 * newest frame, which the caller then treats as taken after the action.
 */

/** A captured frame's time window, wall-clock ms: `from` = `to` when the browser reported the capture time. */
export interface FrameTime {
  readonly from: number;
  readonly to: number;
}

/** How old a frame can be when the browser does not say when it was captured (presentation time only). */
export const UNKNOWN_CAPTURE_LAG_MS = 500;

/** The capture window of a frame from its rVFC metadata (offscreen document's clock → wall clock). */
export function frameTime(timeOrigin: number, meta: { captureTime?: number; presentationTime: number }): FrameTime {
  if (meta.captureTime !== undefined && Number.isFinite(meta.captureTime) && meta.captureTime > 0) {
    const at = timeOrigin + meta.captureTime;
    return { from: at, to: at };
  }
  const presented = timeOrigin + meta.presentationTime;
  return { from: presented - UNKNOWN_CAPTURE_LAG_MS, to: presented };
}

export function pickFrame<T extends { readonly time: FrameTime }>(frames: readonly T[], before: number, newest = false): T | undefined {
  if (!newest) {
    let best: T | undefined;
    for (const f of frames) if (f.time.to <= before && (!best || f.time.to > best.time.to)) best = f;
    if (best) return best;
  }
  let last: T | undefined;
  for (const f of frames) if (!last || f.time.to > last.time.to) last = f;
  return last;
}

/**
 * Which frames to keep: every frame younger than `keepMs`, at most `max` of them, and always the newest —
 * on a static page it is the only frame for a long time, and it still shows the page as it is.
 */
export function framesToDrop<T extends { readonly time: FrameTime }>(frames: readonly T[], now: number, keepMs: number, max: number): T[] {
  const byAge = [...frames].sort((a, b) => b.time.to - a.time.to);
  return byAge.filter((f, i) => i > 0 && (i >= max || f.time.to < now - keepMs));
}
