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

/**
 * How much earlier than the clock's estimate a frame may have been captured. VideoFrame timestamps count µs
 * on the browser's monotonic clock, whose origin the page cannot read; the clock learns it from the smallest
 * delay between a frame's timestamp and its arrival, which overestimates the capture time by the fastest
 * delivery (a few ms on an idle machine).
 */
export const CAPTURE_SLACK_MS = 50;

export interface CaptureClock {
  /** A frame stamped `timestampUs` arrived at `arrivedMs` (performance.now()). */
  observe(timestampUs: number, arrivedMs: number): void;
  /** The wall-clock window in which the frame stamped `timestampUs` was captured. */
  time(timestampUs: number): FrameTime;
}

export function createCaptureClock(timeOrigin: number): CaptureClock {
  let offsetUs = Number.POSITIVE_INFINITY;
  return {
    observe(timestampUs, arrivedMs) {
      offsetUs = Math.min(offsetUs, arrivedMs * 1_000 - timestampUs);
    },
    time(timestampUs) {
      // Before any frame arrived nothing is known: the widest window, which fails closed downstream.
      if (!Number.isFinite(offsetUs)) return { from: Number.NEGATIVE_INFINITY, to: Number.POSITIVE_INFINITY };
      const to = timeOrigin + (timestampUs + offsetUs) / 1_000;
      return { from: to - CAPTURE_SLACK_MS, to };
    },
  };
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
 * Which frames to keep: every frame younger than `keepMs`, the newest `max` of them, and always the newest —
 * on a static page it is the only frame for a long time, and it still shows the page as it is. Older than those
 * `max` (but younger than `keepMs`), one frame per `spacingMs` of capture time (the newest of each such slot):
 * a page that keeps repainting after a click fills `max` frames in a fraction of a second, and a shot asked for
 * seconds late on a starved machine would find no frame from before its action left (and come out as taken
 * after it). At most `max + keepMs / spacingMs + 1` frames are held.
 */
export function framesToDrop<T extends { readonly time: FrameTime }>(frames: readonly T[], now: number, keepMs: number, max: number, spacingMs = Number.POSITIVE_INFINITY): T[] {
  const byAge = [...frames].sort((a, b) => b.time.to - a.time.to);
  const slots = new Set<number>();
  return byAge.filter((f, i) => {
    if (i === 0) return false;
    if (f.time.to < now - keepMs) return true;
    if (i < max) return false;
    if (!Number.isFinite(spacingMs)) return true;
    // Slots fixed in capture time, so a frame kept for its slot stays kept as newer frames arrive.
    const slot = Math.floor(f.time.to / spacingMs);
    if (slots.has(slot)) return true;
    slots.add(slot);
    return false;
  });
}

/** What the ring of recent frames costs: frames read, held now, the bytes they hold, time to copy each as it arrives. */
export interface FrameRingStats {
  readonly seen: number;
  readonly held: number;
  readonly heldBytes: number;
  readonly copyMedianMs: number;
  readonly copyP99Ms: number;
}
