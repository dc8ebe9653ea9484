/** Pure geometry for drawing a step's highlight on its screenshot (UI overlay and exported PNGs). */
import type { Box, Size } from '../model';
import { boxInImage, type FrameOfReference } from '../screenshot/geometry';

/**
 * Maps `box` (CSS px of the tab viewport `viewport`, or of a full frame of reference with the shot's content
 * rectangle) onto an image of `image` pixels through the one screenshot mapping (lib/screenshot/geometry.ts),
 * pads by `padding` CSS px so the outline does not cover the control, rounds outwards to whole pixels and
 * clamps to the page's part of the image. Null when the box lies entirely outside or a size is unusable.
 */
export function highlightInImage(box: Box, viewport: Size | FrameOfReference, image: Size, padding = 6): Box | null {
  const ref = 'viewport' in viewport ? viewport : { viewport };
  return boxInImage(box, ref, image, padding);
}
