/**
 * Draws a stored screenshot for export: crop first, then every blur box pixelated and blurred (the export's
 * copy keeps nothing readable there), then the highlight. The stored image stays untouched; the UI shows
 * the same edits as overlays (components/shot-thumb.tsx, components/editor/highlight-editor.tsx).
 */
import { cappedSize, MIME_TYPES, type ImageEncoding } from '../export/image-format';
import { pixelBlock, shotLayout } from '../export/shot-geometry';
import type { RenderEdits, RenderShot } from '../export/render-job';
import type { Shot, Size, Step } from '../model';
import { obscureRegion } from './shot-blur';

export const HIGHLIGHT_COLOR = '#e11d48';

/**
 * Canvases kept between renders in one context (a render worker): allocating and clearing a 1440×900 canvas
 * cost 25–35 ms a step on this machine, about as much as encoding it. A canvas of the same size is reused;
 * convertToBlob copies the pixels when it is called, so the next render may draw at once.
 */
export class CanvasScratch {
  private readonly byRole = new Map<string, OffscreenCanvas>();

  get(role: 'draw' | 'scale', size: Size): OffscreenCanvas {
    const have = this.byRole.get(role);
    if (have && have.width === size.width && have.height === size.height) return have;
    const canvas = new OffscreenCanvas(size.width, size.height);
    this.byRole.set(role, canvas);
    return canvas;
  }
}

/**
 * The step's screenshot as exported, encoded as `encoding` asks (lib/export/image-format.ts): edits drawn at
 * the stored resolution first (so a blur box is pixelated before any scaling or lossy coding can blend it
 * back), then scaled down under the size cap and encoded once. JPEG has no alpha: drawn over white.
 * Runs on a page or in a render worker (lib/exporting/shot-render-worker.ts), with `scratch` there.
 */
export async function renderShotImage(shot: RenderShot, step: RenderEdits, encoding: ImageEncoding, scratch?: CanvasScratch): Promise<Uint8Array> {
  return (await renderShotImages(shot, step, [encoding], scratch))[0]!;
}

/** PNG keeps transparency; the lossy formats are drawn over white. */
const overWhite = (encoding: ImageEncoding) => encoding.format !== 'png';

/**
 * The same, in several encodings at once (preparing the PDF's and the HTML's copies ahead): the shot is decoded
 * and the edits drawn once, then each encoding scaled and encoded from that. Encodings that disagree on the
 * background (PNG beside a lossy one) are drawn separately.
 */
export async function renderShotImages(shot: RenderShot, step: RenderEdits, encodings: readonly ImageEncoding[], scratch?: CanvasScratch): Promise<Uint8Array[]> {
  if (encodings.length > 1 && !encodings.every((e) => overWhite(e) === overWhite(encodings[0]!))) {
    const out: Uint8Array[] = [];
    for (const e of encodings) out.push(await renderShotImage(shot, step, e, scratch));
    return out;
  }
  const bitmap = await createImageBitmap(shot.blob);
  const owned: OffscreenCanvas[] = [];
  const canvasFor = (role: 'draw' | 'scale', size: Size) => {
    if (scratch) return scratch.get(role, size);
    const c = new OffscreenCanvas(size.width, size.height);
    owned.push(c);
    return c;
  };
  try {
    const image = { width: bitmap.width, height: bitmap.height, viewport: shot.viewport, content: shot.content, visual: shot.visual };
    const layout = shotLayout(step, image);
    const { source, size } = layout;
    const canvas = canvasFor('draw', size);
    // A canvas in memory, not on the GPU: it is only drawn once and read back to encode, and a GPU-backed one
    // costs a round trip through the GPU process for each (software GL where there is no GPU).
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    ctx.reset();
    if (encodings.length > 0 && overWhite(encodings[0]!)) {
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, size.width, size.height);
    }
    ctx.drawImage(bitmap, source.x, source.y, source.width, source.height, 0, 0, size.width, size.height);
    for (const box of layout.blur) obscureRegion(ctx, box, pixelBlock(box), 2);
    if (layout.highlight) {
      const box = layout.highlight;
      // Line width from the full image, so a crop does not make the outline thicker than elsewhere.
      const line = Math.max(2, Math.round(bitmap.width / 400));
      ctx.strokeStyle = HIGHLIGHT_COLOR;
      ctx.lineWidth = line;
      ctx.strokeRect(box.x + line / 2, box.y + line / 2, Math.max(0, box.width - line), Math.max(0, box.height - line));
    }
    const out: Uint8Array[] = [];
    for (const encoding of encodings) {
      let target = canvas;
      const scaledSize = cappedSize(size, encoding.maxSide);
      if (scaledSize.width !== size.width || scaledSize.height !== size.height) {
        target = canvasFor('scale', scaledSize);
        const sctx = target.getContext('2d', { willReadFrequently: true })!;
        sctx.reset();
        sctx.imageSmoothingEnabled = true;
        sctx.imageSmoothingQuality = 'high';
        sctx.drawImage(canvas, 0, 0, scaledSize.width, scaledSize.height);
      }
      const blob = await target.convertToBlob({ type: MIME_TYPES[encoding.format], ...(encoding.quality !== undefined ? { quality: encoding.quality } : {}) });
      out.push(new Uint8Array(await blob.arrayBuffer()));
    }
    return out;
  } finally {
    bitmap.close();
    // Free the pixels now rather than at the next GC (a 500-step export would otherwise pile them up).
    for (const c of owned) c.width = c.height = 0;
  }
}

/** Lossless, full size: for callers that need the exact pixels. */
export function renderShotPng(shot: Shot, step: Step): Promise<Uint8Array> {
  return renderShotImage(shot, step, { format: 'png', maxSide: Number.POSITIVE_INFINITY });
}

/**
 * A stored screenshot as it may leave the computer in a file that keeps the screenshots themselves (the team
 * library's sop.json): the whole image, uncropped and without highlight (those stay edits), but with every blur
 * box that any step citing it drew pixelated into the pixels, so what the author hid is not in the repository.
 */
export async function renderShotForSharing(shot: Shot, citing: readonly Step[]): Promise<Uint8Array> {
  const bitmap = await createImageBitmap(shot.blob);
  try {
    const image = { width: bitmap.width, height: bitmap.height, viewport: shot.viewport, content: shot.content, visual: shot.visual };
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    for (const step of citing) for (const box of shotLayout({ blurBoxes: step.blurBoxes }, image).blur) obscureRegion(ctx, box, pixelBlock(box), 2);
    const blob = await canvas.convertToBlob({ type: 'image/png' });
    return new Uint8Array(await blob.arrayBuffer());
  } finally {
    bitmap.close();
  }
}
