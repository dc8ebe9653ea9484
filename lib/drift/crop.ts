/**
 * The neighbourhood of a step's element on a screenshot: the element's box with a margin, in the page's CSS
 * px. The recorded and the fresh crop have the same size and are aligned on the element's top-left corner,
 * so the comparison does not care where the element sits on the page now (scrolled, or moved). Parts outside
 * the page are left transparent by the drawing code and count as unknown.
 */
import type { Box, Size } from '../model';

/** CSS px around the element: its label and nearest neighbours, not the rest of its section. */
export const NEIGHBOURHOOD_PAD = 24;
/** Crops larger than this (a whole panel clicked) are not compared: they would be mostly the page, not the element. */
export const MAX_CROP = 900;

export interface CropPair {
  readonly recorded: Box;
  readonly live: Box;
  readonly size: Size;
}

export function neighbourhoods(recorded: Box, live: Box, pad = NEIGHBOURHOOD_PAD): CropPair | null {
  const width = Math.round(Math.max(recorded.width, live.width) + 2 * pad);
  const height = Math.round(Math.max(recorded.height, live.height) + 2 * pad);
  if (![width, height, recorded.x, recorded.y, live.x, live.y].every(Number.isFinite) || width <= 2 * pad || height <= 2 * pad) return null;
  if (width > MAX_CROP || height > MAX_CROP) return null;
  const at = (b: Box): Box => ({ x: Math.round(b.x - pad), y: Math.round(b.y - pad), width, height });
  return { recorded: at(recorded), live: at(live), size: { width, height } };
}

/** The element's box inside its crop (the highlight of a crop kept as the step's new screenshot). */
export function boxInCrop(element: Box, crop: Box): Box {
  return { x: element.x - crop.x, y: element.y - crop.y, width: element.width, height: element.height };
}

/** Boxes (CSS px of the page) moved into a crop's own coordinates, those not touching it dropped. */
export function boxesInCrop(boxes: readonly Box[], crop: Box): Box[] {
  return boxes
    .filter((b) => b.x < crop.x + crop.width && b.x + b.width > crop.x && b.y < crop.y + crop.height && b.y + b.height > crop.y)
    .map((b) => ({ x: b.x - crop.x, y: b.y - crop.y, width: b.width, height: b.height }));
}
