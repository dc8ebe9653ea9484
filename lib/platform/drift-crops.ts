/**
 * The drift check's pictures, in the service worker (OffscreenCanvas, no DOM): the recorded screenshot's crop
 * around the step's recorded box and the fresh capture's crop around the element found now, the same size
 * and aligned on the element (lib/drift/crop.ts), compared pixel by pixel (lib/drift/pixel-diff.ts). What the
 * page showed as secret (and any iframe, whose content is unknown) is grey in the stored fresh crop and
 * transparent — unknown — in both crops compared; the author's blur boxes likewise in the recorded one.
 */
import type { Box, Highlight, Shot, Size } from '../model';
import { cssBoxToImage, type FrameOfReference } from '../screenshot/geometry';
import { boxesInCrop, neighbourhoods } from '../drift/crop';
import { compareCrops, visualVerdict, type VisualResult } from '../drift/pixel-diff';

export interface CropInput {
  readonly recorded: { readonly shot: Shot; readonly highlight: Highlight; readonly blurBoxes: readonly Box[] };
  readonly live: { readonly image: Blob; readonly viewport: Size; readonly box: Box; readonly hidden: readonly Box[] };
}

export interface CropOutput {
  readonly visual: VisualResult;
  readonly recorded: Blob;
  readonly live: Blob;
  readonly size: Size;
  /** The element's box inside the crop. */
  readonly liveBox: Box;
}

/** Draws the part of `cssBox` that lies on the page; the rest stays transparent. */
function draw(bitmap: ImageBitmap, ref: FrameOfReference, cssBox: Box, size: Size): OffscreenCanvas {
  const canvas = new OffscreenCanvas(size.width, size.height);
  const ctx = canvas.getContext('2d')!;
  const x0 = Math.max(0, cssBox.x);
  const y0 = Math.max(0, cssBox.y);
  const x1 = Math.min(ref.viewport.width, cssBox.x + cssBox.width);
  const y1 = Math.min(ref.viewport.height, cssBox.y + cssBox.height);
  if (x1 <= x0 || y1 <= y0) return canvas;
  const part = { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
  const src = cssBoxToImage(part, ref, { width: bitmap.width, height: bitmap.height });
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, src.x, src.y, src.width, src.height, part.x - cssBox.x, part.y - cssBox.y, part.width, part.height);
  return canvas;
}

function cover(canvas: OffscreenCanvas, boxes: readonly Box[], mode: 'grey' | 'clear'): void {
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#8a8a8a';
  for (const b of boxes) {
    // A whole pixel more each side: a box's anti-aliased edge must not leak a glyph.
    const r = { x: Math.floor(b.x) - 1, y: Math.floor(b.y) - 1, width: Math.ceil(b.width) + 2, height: Math.ceil(b.height) + 2 };
    if (mode === 'grey') ctx.fillRect(r.x, r.y, r.width, r.height);
    else ctx.clearRect(r.x, r.y, r.width, r.height);
  }
}

export async function compareNeighbourhoods(input: CropInput): Promise<CropOutput | null> {
  const { recorded, live } = input;
  const pair = neighbourhoods(recorded.highlight.box, live.box);
  if (!pair) return null;
  const shotRef: FrameOfReference = {
    viewport: recorded.shot.viewport ?? recorded.highlight.viewport,
    ...(recorded.shot.content ? { content: recorded.shot.content } : {}),
    ...(recorded.shot.visual ? { visual: recorded.shot.visual } : {}),
  };
  const [old, now] = await Promise.all([createImageBitmap(recorded.shot.blob), createImageBitmap(live.image)]);
  try {
    const oldCanvas = draw(old, shotRef, pair.recorded, pair.size);
    const newCanvas = draw(now, { viewport: live.viewport }, pair.live, pair.size);
    const hidden = boxesInCrop(live.hidden, pair.live);
    const authorBlur = boxesInCrop(recorded.blurBoxes, pair.recorded);
    // Stored copies first (grey where hidden), then the comparison with those regions unknown on both sides.
    cover(newCanvas, hidden, 'grey');
    cover(oldCanvas, authorBlur, 'grey');
    const [recordedBlob, liveBlob] = await Promise.all([oldCanvas.convertToBlob({ type: 'image/png' }), newCanvas.convertToBlob({ type: 'image/png' })]);
    const unknown = [...hidden, ...authorBlur];
    cover(oldCanvas, unknown, 'clear');
    cover(newCanvas, unknown, 'clear');
    const a = oldCanvas.getContext('2d')!.getImageData(0, 0, pair.size.width, pair.size.height);
    const b = newCanvas.getContext('2d')!.getImageData(0, 0, pair.size.width, pair.size.height);
    const visual = visualVerdict(compareCrops(a, b));
    const liveBox = { x: live.box.x - pair.live.x, y: live.box.y - pair.live.y, width: live.box.width, height: live.box.height };
    return { visual, recorded: recordedBlob, live: liveBlob, size: pair.size, liveBox };
  } finally {
    old.close();
    now.close();
  }
}
