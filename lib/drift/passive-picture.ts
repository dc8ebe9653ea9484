/**
 * Pictures in a passive drift check (a guided run): the pure rules around one best-effort capture — whether
 * the page stayed put while it was taken, and whether a capture may start now (captureVisibleTab allows about
 * two calls a second: a capture waits its turn while its step is still shown, and is dropped once the person
 * has moved on; the guide itself never waits for a picture).
 */
import type { Box, Size } from '../model';
import type { VisualResult } from './pixel-diff';

/** What the page says just before and just after the capture (the guide's overlay hidden meanwhile). */
export interface PageMoment {
  /** The page's mutations seen since the element was found (our overlay excluded). */
  readonly version: number;
  readonly box: Box;
  readonly viewport: Size;
}

/** `PageMoment` with what a picture of the page must not show (secret fields and text, any iframe: grey). */
export interface SnapMoment extends PageMoment {
  readonly hidden: readonly Box[];
  /** Whether every host of the guide's overlay was hidden (a ring drawn meanwhile would be in the picture). */
  readonly overlayHidden?: boolean;
}

/** Half a CSS pixel: sub-pixel layout noise, not a change. */
const BOX_SLACK = 0.5;

/** A capture is compared only if nothing on the page changed while it was taken and the element did not
 * move: else the picture may show the page after the person's click, and is discarded. */
export function captureStillValid(before: PageMoment, after: (PageMoment & { readonly overlayHidden?: boolean }) | null): { ok: true } | { ok: false; why: string } {
  if (!after) return { ok: false, why: 'the element was gone after the capture' };
  if (after.overlayHidden === false) return { ok: false, why: "the guide's overlay was showing during the capture" };
  if (after.version !== before.version) return { ok: false, why: 'the page changed while it was photographed' };
  if (after.viewport.width !== before.viewport.width || after.viewport.height !== before.viewport.height) return { ok: false, why: 'the window was resized while it was photographed' };
  const a = before.box;
  const b = after.box;
  if (Math.abs(a.x - b.x) > BOX_SLACK || Math.abs(a.y - b.y) > BOX_SLACK || Math.abs(a.width - b.width) > BOX_SLACK || Math.abs(a.height - b.height) > BOX_SLACK) {
    return { ok: false, why: 'the element moved while it was photographed' };
  }
  return { ok: true };
}

/** captureVisibleTab's quota: one capture at a time, at least `gapMs` after the previous one started. */
export function createCaptureGate(gapMs: number, now: () => number = Date.now, sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))) {
  let busy = false;
  let lastStart = -Infinity;
  function tryStart(): boolean {
    const t = now();
    if (busy || t - lastStart < gapMs) return false;
    busy = true;
    lastStart = t;
    return true;
  }
  return {
    /** True when a capture may start now (and marks it started); false: not now. */
    tryStart,
    /**
     * Waits for this capture's turn (the previous one done and the gap since its start passed) while `wanted`
     * says the picture is still worth taking (the person is still on its step), at most `maxWaitMs`. True:
     * started. A step the person stays on gets its picture even right after another step's; one they leave
     * sooner gets none.
     */
    async start(wanted: () => Promise<boolean> | boolean, maxWaitMs: number): Promise<boolean> {
      const until = now() + maxWaitMs;
      for (;;) {
        if (tryStart()) return true;
        const wait = busy ? 100 : Math.max(10, lastStart + gapMs - now());
        if (now() + wait > until) return false;
        await sleep(wait);
        if (!(await wanted())) return false;
      }
    },
    done(): void {
      busy = false;
    },
  };
}

/** What a guided run keeps of a step's picture: the crops and the difference, or why there is none. */
export type StepPicture =
  | { readonly kind: 'taken'; readonly crops: { readonly recorded: string; readonly live: string; readonly size: Size; readonly liveBox: Box }; readonly visual: VisualResult }
  | { readonly kind: 'none'; readonly why: string };

/** The guide ring's colour (components/guide/overlay.ts, #ff2d7a). */
export const RING_RGB = [255, 45, 122] as const;

/** Pixels of an RGBA image close to the guide ring's colour: a picture showing the ring (a frame composited
 * before the overlay was hidden) is not kept. A page using that very colour loses its picture: fail closed. */
export function ringColourPixels(data: ArrayLike<number>, tolerance = 40): number {
  let n = 0;
  for (let i = 0; i + 3 < data.length; i += 4) {
    if (data[i + 3]! > 200 && Math.abs(data[i]! - RING_RGB[0]) < tolerance && Math.abs(data[i + 1]! - RING_RGB[1]) < tolerance && Math.abs(data[i + 2]! - RING_RGB[2]) < tolerance) n++;
  }
  return n;
}
