/**
 * Where to blur a screenshot at the source: boxes reported by content scripts (CSS px of the tab's
 * viewport) mapped to image pixels, padded so anti-aliased edges of the text go too, clipped, and merged
 * when they overlap so one region is never pixelated twice.
 */
import type { Box, Size } from '../model';
import { boxInImage, type FrameOfReference } from '../screenshot/geometry';

/** CSS px added on every side: focus rings and glyph edges reach past an element's box. */
export const BLUR_PADDING = 3;
/** A hostile page could report thousands of boxes; beyond this the whole image would be better blurred. */
export const MAX_BLUR_BOXES = 200;

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function union(a: Box, b: Box): Box {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

/** Overlapping boxes joined until none overlap. */
export function mergeBoxes(boxes: readonly Box[]): Box[] {
  const out: Box[] = [];
  for (const box of boxes) {
    let merged = box;
    for (let i = out.length - 1; i >= 0; i--) {
      if (overlaps(out[i]!, merged)) {
        merged = union(out[i]!, merged);
        out.splice(i, 1);
        i = out.length;
      }
    }
    out.push(merged);
  }
  return out;
}

function usable(b: Box): boolean {
  return [b.x, b.y, b.width, b.height].every(Number.isFinite) && b.width > 0 && b.height > 0;
}

/**
 * The regions of an image (px) to make unreadable, from boxes in CSS px of `ref` (lib/screenshot/geometry.ts).
 * More boxes than MAX_BLUR_BOXES (a hostile or huge page): the whole page area instead, never a silent cut.
 */
export function blurRegionsInImage(boxes: readonly Box[], ref: FrameOfReference, image: Size, padding = BLUR_PADDING): Box[] {
  const all = boxes.filter(usable);
  const kept = all.length > MAX_BLUR_BOXES ? [{ x: 0, y: 0, width: ref.viewport.width, height: ref.viewport.height }] : all;
  const regions = kept.map((b) => boxInImage(b, ref, image, padding)).filter((b): b is Box => b !== null);
  return mergeBoxes(regions);
}

/** `boxes` (CSS px of a subframe's viewport) moved by the subframe's offset in the tab. */
export function offsetBoxes(boxes: readonly Box[], dx: number, dy: number): Box[] {
  return boxes.map((b) => ({ x: b.x + dx, y: b.y + dy, width: b.width, height: b.height }));
}

/**
 * Side of one pixelation block at the source: coarser than the editor's blur (lib/export/shot-geometry.ts
 * pixelBlock) since nothing here needs to stay recognisable, at least 16 px and half the box's short side.
 */
export function sourcePixelBlock(box: Size): number {
  return Math.max(16, Math.ceil(Math.min(box.width, box.height) / 2));
}
