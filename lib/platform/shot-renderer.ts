/**
 * Draws a stored screenshot with its highlight for export. The stored image stays untouched; the highlight
 * is drawn only here and in the UI overlay.
 */
import { highlightInImage } from '../export/highlight';
import type { Shot, Step } from '../model';

export const HIGHLIGHT_COLOR = '#e11d48';

export async function renderShotPng(shot: Shot, step: Step): Promise<Uint8Array> {
  const bitmap = await createImageBitmap(shot.blob);
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const box = step.highlight ? highlightInImage(step.highlight.box, step.highlight.viewport, bitmap) : null;
    if (box) {
      const line = Math.max(2, Math.round(bitmap.width / 400));
      ctx.strokeStyle = HIGHLIGHT_COLOR;
      ctx.lineWidth = line;
      ctx.strokeRect(box.x + line / 2, box.y + line / 2, box.width - line, box.height - line);
    }
    const blob = await canvas.convertToBlob({ type: 'image/png' });
    return new Uint8Array(await blob.arrayBuffer());
  } finally {
    bitmap.close();
  }
}
