/** Pure geometry for drawing a step's highlight on its screenshot (UI overlay and exported PNGs). */
import type { Box, Size } from '../model';

/**
 * Maps `box` (CSS px of the tab viewport `viewport`) onto an image of `image` pixels: scales by
 * image / viewport on each axis (device pixel ratio and any stream downscaling fall out of it), pads by
 * `padding` CSS px so the outline does not cover the control, rounds outwards to whole pixels and clamps to
 * the image. Returns null when the box lies entirely outside the image or a size is unusable.
 */
export function highlightInImage(box: Box, viewport: Size, image: Size, padding = 6): Box | null {
  if (![box.x, box.y, box.width, box.height, viewport.width, viewport.height, image.width, image.height, padding].every(Number.isFinite)) {
    return null;
  }
  if (viewport.width <= 0 || viewport.height <= 0 || image.width <= 0 || image.height <= 0) return null;
  if (box.width < 0 || box.height < 0) return null;
  const sx = image.width / viewport.width;
  const sy = image.height / viewport.height;
  const left = box.x * sx;
  const top = box.y * sy;
  const right = (box.x + box.width) * sx;
  const bottom = (box.y + box.height) * sy;
  // Outside test on the unpadded box: a control scrolled just out of view should not get a sliver of padding.
  if (right <= 0 || bottom <= 0 || left >= image.width || top >= image.height) return null;
  const pad = Math.max(0, padding);
  const x0 = Math.max(0, Math.floor(left - pad * sx));
  const y0 = Math.max(0, Math.floor(top - pad * sy));
  const x1 = Math.min(image.width, Math.ceil(right + pad * sx));
  const y1 = Math.min(image.height, Math.ceil(bottom + pad * sy));
  if (x1 <= x0 || y1 <= y0) return null;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}
