/**
 * Blurs sensitive regions into a screenshot before it is stored: the tab-stream grab (offscreen document)
 * and the captureVisibleTab fallback (service worker) both pass through here. Irreversible: each region is
 * averaged down to coarse blocks, drawn back over the original pixels, then blurred; only the block
 * averages survive. Canvas work only (OffscreenCanvas exists in both contexts).
 */
import { blurRegionsInImage, sourcePixelBlock } from '../privacy/blur-geometry';
import type { Box, Size } from '../model';
import type { PageView } from '../screenshot/keep-frame';
import { measureBars, resolveContent, type FrameOfReference } from '../screenshot/geometry';

type Ctx = OffscreenCanvasRenderingContext2D;

function region(source: OffscreenCanvas, box: Box, width = box.width, height = box.height): OffscreenCanvas {
  const out = new OffscreenCanvas(Math.max(1, width), Math.max(1, height));
  const ctx = out.getContext('2d')!;
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(source, box.x, box.y, box.width, box.height, 0, 0, out.width, out.height);
  return out;
}

/**
 * Makes `box` unreadable for good: the region is averaged down to blocks of `block` px, drawn back up without
 * smoothing, then blurred by half a block (at least `minBlurPx`) so the block edges do not hint at the
 * shapes of large glyphs. Only the block averages reach the output. Shared with the export renderer
 * (lib/platform/shot-renderer.ts), which uses the editor's finer blocks.
 */
export function obscureRegion(ctx: Ctx, box: Box, block: number, minBlurPx: number): void {
  const canvas = ctx.canvas as OffscreenCanvas;
  const cols = Math.max(1, Math.ceil(box.width / block));
  const rows = Math.max(1, Math.ceil(box.height / block));
  // Halve step by step so every source pixel counts in the average (one big step would sample a few).
  let small = region(canvas, box);
  while (small.width > cols * 2 || small.height > rows * 2) {
    const whole = { x: 0, y: 0, width: small.width, height: small.height };
    small = region(small, whole, Math.max(cols, Math.ceil(small.width / 2)), Math.max(rows, Math.ceil(small.height / 2)));
  }
  small = region(small, { x: 0, y: 0, width: small.width, height: small.height }, cols, rows);
  ctx.save();
  ctx.beginPath();
  ctx.rect(box.x, box.y, box.width, box.height);
  ctx.clip();
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(small, box.x, box.y, box.width, box.height);
  const blocky = region(canvas, box);
  ctx.filter = `blur(${Math.max(minBlurPx, Math.round(block / 2))}px)`;
  ctx.drawImage(blocky, box.x, box.y);
  ctx.restore();
}

/** Obscures `boxes` (CSS px of `ref`) on a canvas holding the screenshot. Returns how many regions. */
export function obscureOnCanvas(ctx: Ctx, boxes: readonly Box[], ref: FrameOfReference): number {
  const canvas = ctx.canvas as OffscreenCanvas;
  const regions = blurRegionsInImage(boxes, ref, { width: canvas.width, height: canvas.height });
  for (const r of regions) obscureRegion(ctx, r, sourcePixelBlock(r), 3);
  return regions.length;
}


export type RenderedShot =
  | { readonly ok: true; readonly blob: Blob; readonly width: number; readonly height: number; readonly content: Box }
  | { readonly ok: false; readonly withheld: string };

/**
 * A stored screenshot from a captured frame: where the page lies in it is measured (letterbox bars checked
 * against the page's reported size), then `blur` (CSS px of the top frame) is obscured there. When the frame
 * does not show the page at the size it reported and there is something to blur, no pixels are kept: a blur
 * that may land beside the secret is worse than no screenshot.
 */
export async function renderShot(source: CanvasImageSource, size: Size, view: PageView, blur: readonly Box[]): Promise<RenderedShot> {
  const canvas = new OffscreenCanvas(size.width, size.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(source, 0, 0, size.width, size.height);
  const pixels = ctx.getImageData(0, 0, size.width, size.height).data;
  const check = resolveContent(view.viewport, size, measureBars(pixels, size.width, size.height));
  if (!check.trusted && blur.length > 0) return { ok: false, withheld: `Screenshot withheld: could not place the privacy blur (${check.reason}).` };
  obscureOnCanvas(ctx, blur, { viewport: view.viewport, content: check.content, ...(view.visual ? { visual: view.visual } : {}) });
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  return { ok: true, blob, width: size.width, height: size.height, content: check.content };
}

/** renderShot for an encoded image (the captureVisibleTab fallback in the service worker). */
export async function renderShotFromBlob(image: Blob, view: PageView, blur: readonly Box[]): Promise<RenderedShot> {
  const bitmap = await createImageBitmap(image);
  try {
    return await renderShot(bitmap, { width: bitmap.width, height: bitmap.height }, view, blur);
  } finally {
    bitmap.close();
  }
}
