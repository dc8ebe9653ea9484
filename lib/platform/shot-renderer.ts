/**
 * Draws a stored screenshot for export: crop first, then every blur box pixelated and blurred (the export's
 * copy keeps nothing readable there), then the highlight. The stored image stays untouched; the UI shows
 * the same edits as overlays (components/shot-thumb.tsx, components/editor/highlight-editor.tsx).
 */
import { pixelBlock, shotLayout } from '../export/shot-geometry';
import type { Box, Shot, Step } from '../model';

export const HIGHLIGHT_COLOR = '#e11d48';

export async function renderShotPng(shot: Shot, step: Step): Promise<Uint8Array> {
  const bitmap = await createImageBitmap(shot.blob);
  try {
    const image = { width: bitmap.width, height: bitmap.height, viewport: shot.viewport };
    const layout = shotLayout(step, image);
    const { source, size } = layout;
    const canvas = new OffscreenCanvas(size.width, size.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, source.x, source.y, source.width, source.height, 0, 0, size.width, size.height);
    for (const box of layout.blur) obscure(ctx, box);
    if (layout.highlight) {
      const box = layout.highlight;
      // Line width from the full image, so a crop does not make the outline thicker than elsewhere.
      const line = Math.max(2, Math.round(bitmap.width / 400));
      ctx.strokeStyle = HIGHLIGHT_COLOR;
      ctx.lineWidth = line;
      ctx.strokeRect(box.x + line / 2, box.y + line / 2, Math.max(0, box.width - line), Math.max(0, box.height - line));
    }
    const blob = await canvas.convertToBlob({ type: 'image/png' });
    return new Uint8Array(await blob.arrayBuffer());
  } finally {
    bitmap.close();
  }
}

/**
 * Makes `box` unreadable for good: the region is averaged down to blocks of at least 12 px (so at most 1/12
 * of its detail survives), drawn back up without smoothing, then blurred by half a block on top. Only the
 * block averages reach the output; the original pixels of the region are overwritten.
 */
function obscure(ctx: OffscreenCanvasRenderingContext2D, box: Box): void {
  const block = pixelBlock(box);
  const cols = Math.max(1, Math.ceil(box.width / block));
  const rows = Math.max(1, Math.ceil(box.height / block));
  // Two halvings at most per pass keep the average honest (one big bilinear step would only sample a few pixels).
  let small = copyRegion(ctx.canvas as OffscreenCanvas, box);
  while (small.width > cols * 2 || small.height > rows * 2) {
    small = scaled(small, Math.max(cols, Math.ceil(small.width / 2)), Math.max(rows, Math.ceil(small.height / 2)));
  }
  small = scaled(small, cols, rows);

  ctx.save();
  ctx.beginPath();
  ctx.rect(box.x, box.y, box.width, box.height);
  ctx.clip();
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(small, box.x, box.y, box.width, box.height);
  // The blur softens the block edges, which would otherwise hint at the shapes of large glyphs.
  const blocky = copyRegion(ctx.canvas as OffscreenCanvas, box);
  ctx.filter = `blur(${Math.max(2, Math.round(block / 2))}px)`;
  ctx.drawImage(blocky, box.x, box.y);
  ctx.restore();
}

function copyRegion(source: OffscreenCanvas, box: Box): OffscreenCanvas {
  const out = new OffscreenCanvas(box.width, box.height);
  out.getContext('2d')!.drawImage(source, box.x, box.y, box.width, box.height, 0, 0, box.width, box.height);
  return out;
}

function scaled(source: OffscreenCanvas, width: number, height: number): OffscreenCanvas {
  const out = new OffscreenCanvas(width, height);
  const ctx = out.getContext('2d')!;
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(source, 0, 0, width, height);
  return out;
}
