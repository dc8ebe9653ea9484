/**
 * The one mapping from a page's CSS px to a screenshot's pixels. Everything drawn onto or removed from a
 * screenshot (the privacy blur at the source, the highlight, the author's blur boxes and crop, the export's
 * step crop) goes through `cssBoxToImage`, so they can never disagree.
 *
 * A screenshot is a frame of the tab's video. What it shows of the page depends on things no single number
 * captures: browser zoom (CSS px ≠ DIP), the device pixel ratio, pinch zoom (the visual viewport), and the
 * stream's letterboxing when the page is emulated at another size or aspect than the tab. So a shot stores its
 * frame of reference: the CSS viewport its boxes are in, where the page lies in the image (measured), and the
 * visual viewport. Zoom and DPR then fall out of the CSS-viewport-to-content ratio.
 */
import type { Box, Size, VisualViewportInfo } from '../model';

export type { VisualViewportInfo };

/** What a screenshot's boxes are relative to, and where that lies in the image. */
export interface FrameOfReference {
  /** The top frame's layout viewport, CSS px (innerWidth × innerHeight): the space every box is in. */
  readonly viewport: Size;
  /** Where the page's pixels lie in the image, image px; the whole image when absent (no letterboxing). */
  readonly content?: Box;
  /** Pinch zoom, when the page was pinch-zoomed. */
  readonly visual?: VisualViewportInfo;
}

const finite = (...ns: number[]): boolean => ns.every(Number.isFinite);

export function isUsableSize(s: Size | undefined): s is Size {
  return !!s && finite(s.width, s.height) && s.width > 0 && s.height > 0;
}

function isUsableRect(b: Box | undefined): b is Box {
  return !!b && finite(b.x, b.y, b.width, b.height) && b.width > 0 && b.height > 0;
}

/** The part of the image showing the page. */
export function contentOf(ref: FrameOfReference, image: Size): Box {
  return isUsableRect(ref.content) ? ref.content : { x: 0, y: 0, width: image.width, height: image.height };
}

/**
 * `box` (CSS px of `ref.viewport`) in image px, unrounded and unclipped. With pinch zoom the image shows the
 * visual viewport: `viewport / scale` CSS px starting at the visual viewport's offset.
 */
export function cssBoxToImage(box: Box, ref: FrameOfReference, image: Size): Box {
  const content = contentOf(ref, image);
  const scale = ref.visual && ref.visual.scale > 0 && Number.isFinite(ref.visual.scale) ? ref.visual.scale : 1;
  const ox = ref.visual ? ref.visual.x : 0;
  const oy = ref.visual ? ref.visual.y : 0;
  const sx = (content.width * scale) / ref.viewport.width;
  const sy = (content.height * scale) / ref.viewport.height;
  return { x: content.x + (box.x - ox) * sx, y: content.y + (box.y - oy) * sy, width: box.width * sx, height: box.height * sy };
}

/** Pixels per CSS px along x and y for `ref` (for padding, blur block sizes). */
export function cssScale(ref: FrameOfReference, image: Size): { x: number; y: number } {
  const unit = cssBoxToImage({ x: 0, y: 0, width: 1, height: 1 }, ref, image);
  return { x: unit.width, y: unit.height };
}

/**
 * `box` (CSS px) in image px: padded by `padding` CSS px, rounded outwards to whole pixels, clipped to the
 * page's content rectangle. Null when a size is unusable or the unpadded box lies outside the content.
 */
export function boxInImage(box: Box, ref: FrameOfReference, image: Size, padding = 0): Box | null {
  if (!isUsableSize(ref.viewport) || !isUsableSize(image) || !finite(box.x, box.y, box.width, box.height, padding)) return null;
  if (box.width < 0 || box.height < 0) return null;
  const content = contentOf(ref, image);
  const r = cssBoxToImage(box, ref, image);
  const right = r.x + r.width;
  const bottom = r.y + r.height;
  if (right <= content.x || bottom <= content.y || r.x >= content.x + content.width || r.y >= content.y + content.height) return null;
  const s = cssScale(ref, image);
  const pad = Math.max(0, padding);
  const x0 = Math.max(Math.floor(content.x), Math.floor(r.x - pad * s.x));
  const y0 = Math.max(Math.floor(content.y), Math.floor(r.y - pad * s.y));
  const x1 = Math.min(Math.ceil(content.x + content.width), Math.ceil(right + pad * s.x));
  const y1 = Math.min(Math.ceil(content.y + content.height), Math.ceil(bottom + pad * s.y));
  if (x1 <= x0 || y1 <= y0) return null;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** `box` (image px) back in CSS px of `ref` (the editor turns a drag on the image into page coordinates). */
export function imageBoxToCss(box: Box, ref: FrameOfReference, image: Size): Box {
  const s = cssScale(ref, image);
  const content = contentOf(ref, image);
  const ox = ref.visual ? ref.visual.x : 0;
  const oy = ref.visual ? ref.visual.y : 0;
  return { x: (box.x - content.x) / s.x + ox, y: (box.y - content.y) / s.y + oy, width: box.width / s.x, height: box.height / s.y };
}

/**
 * Where a page of `viewport` CSS px lands in a stream frame of `image` px when the browser scales it to fit
 * and centres it (tab capture letterboxes an emulated viewport whose aspect differs from the frame's).
 */
export function predictContent(viewport: Size, image: Size): Box {
  const scale = Math.min(image.width / viewport.width, image.height / viewport.height);
  const width = viewport.width * scale;
  const height = viewport.height * scale;
  return { x: (image.width - width) / 2, y: (image.height - height) / 2, width, height };
}

/** Black bars' thickness on each side of a frame, px. */
export interface Bars {
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
}

/** Below this on every channel a pixel counts as letterbox black (video codecs leave a little noise). */
const BAR_LEVEL = 12;

/**
 * Measures letterbox bars: whole rows (from the top and bottom) and whole columns (from the sides) of black
 * pixels. `rgba` is the frame's pixels, row-major, 4 bytes each. A page whose own edge is black reads as a
 * thicker bar; `resolveContent` only trusts the measurement to confirm a prediction, never to widen the page.
 */
export function measureBars(rgba: ArrayLike<number>, width: number, height: number): Bars {
  const dark = (i: number) => rgba[i]! <= BAR_LEVEL && rgba[i + 1]! <= BAR_LEVEL && rgba[i + 2]! <= BAR_LEVEL;
  const rowDark = (y: number) => {
    for (let x = 0; x < width; x++) if (!dark((y * width + x) * 4)) return false;
    return true;
  };
  const colDark = (x: number, y0: number, y1: number) => {
    for (let y = y0; y < y1; y++) if (!dark((y * width + x) * 4)) return false;
    return true;
  };
  let top = 0;
  while (top < height && rowDark(top)) top++;
  if (top === height) return { top: height, bottom: 0, left: 0, right: 0 };
  let bottom = 0;
  while (bottom < height - top && rowDark(height - 1 - bottom)) bottom++;
  let left = 0;
  while (left < width && colDark(left, top, height - bottom)) left++;
  let right = 0;
  while (right < width - left && colDark(width - 1 - right, top, height - bottom)) right++;
  return { top, bottom, left, right };
}

export type ContentCheck =
  | { readonly trusted: true; readonly content: Box }
  | { readonly trusted: false; readonly content: Box; readonly reason: string };

/** Bars may read up to this many px thinner than predicted (scaler rounding, codec edges). */
const BAR_TOLERANCE = 3;

/**
 * The content rectangle of a frame, from the page's CSS viewport (what fits where) checked against the
 * measured bars. Trusted when every predicted bar is there, black, at least as thick as predicted (minus
 * rounding). A missing predicted bar means the frame does not show the page at the size the page reported
 * (a resize or zoom between the report and the frame): then the geometry cannot be trusted.
 */
export function resolveContent(viewport: Size, image: Size, bars: Bars): ContentCheck {
  const predicted = predictContent(viewport, image);
  const expected = {
    top: predicted.y,
    bottom: image.height - predicted.y - predicted.height,
    left: predicted.x,
    right: image.width - predicted.x - predicted.width,
  };
  for (const side of ['top', 'bottom', 'left', 'right'] as const) {
    if (expected[side] > BAR_TOLERANCE && bars[side] < expected[side] - BAR_TOLERANCE) {
      return { trusted: false, content: predicted, reason: `the frame has no ${Math.round(expected[side])} px letterbox bar on the ${side} where the page's size says there must be one` };
    }
  }
  return { trusted: true, content: predicted };
}

/** A subframe's own viewport should equal its iframe's content box in the parent (same zoom, no transform). */
export function frameViewportMatches(frameBox: Size, frameViewport: Size, tolerance = 2): boolean {
  return Math.abs(frameBox.width - frameViewport.width) <= tolerance && Math.abs(frameBox.height - frameViewport.height) <= tolerance;
}
