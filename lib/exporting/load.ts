/**
 * What every page-side export starts from: the SOP, its steps and document from IndexedDB, and each step's
 * screenshot rendered as exported (crop, blur boxes, highlight), encoded once per page for every format.
 */
import { getCurrentDocument } from '../db/document-store';
import { getShot } from '../db/recording-store';
import { getSop, listSteps } from '../db/sop-store';
import { renderCacheKey, type ImageEncoding } from '../export/image-format';
import { RenderCache } from '../export/render-cache';
import type { SopId, Step, StepId } from '../model';
import { renderShotImage } from '../platform/shot-renderer';

/** PNG at full size: the exact pixels, for callers that re-encode them themselves (team library). */
export const LOSSLESS: ImageEncoding = { format: 'png', maxSide: Number.POSITIVE_INFINITY };

/**
 * Encoded screenshots of this page. 256 MB holds a 500-step SOP in JPEG (about 0.2 MB a step) with room for
 * a second format; PNG beyond that is re-rendered, which is what happened before the cache.
 */
const cache = new RenderCache(256 * 1024 * 1024);

/** Renders made and answered from the cache since the page opened (for debugging and benches). */
export const renderStats = { rendered: 0, reused: 0 };

/**
 * The SOP, its steps, its document and each step's screenshot rendered for export in `encoding`.
 * `onStep` is awaited after each step (progress, and a place to throw on Cancel): rendering is the slow part.
 * At most two decoded bitmaps are alive at a time; the map holds encoded bytes.
 */
export async function loadForExport(sopId: SopId, encoding: ImageEncoding, onStep?: (done: number, total: number) => void | Promise<void>) {
  const sop = await getSop(sopId);
  if (!sop) throw new Error('That procedure no longer exists.');
  const steps = await listSteps(sopId);
  // Drafted on first read for SOPs recorded before documents existed, so every export has its sections.
  const doc = await getCurrentDocument(sopId, steps);
  const images = new Map<StepId, Uint8Array>();
  const render = async (step: Step): Promise<Uint8Array | undefined> => {
    const shot = step.shotId ? await getShot(step.shotId) : undefined;
    if (!shot) return undefined;
    const key = renderCacheKey({ highlight: step.highlight, blurBoxes: step.blurBoxes, crop: step.crop, shot: { ...shot, bytes: shot.blob.size } }, encoding);
    let fresh = false;
    const bytes = await cache.get(key, () => {
      fresh = true;
      return renderShotImage(shot, step, encoding);
    });
    if (fresh) renderStats.rendered++;
    else renderStats.reused++;
    return bytes;
  };
  // One step ahead: the next image decodes while this one encodes (both run off the main thread in Chromium),
  // so at most two bitmaps are alive at a time.
  let next = steps.length > 0 ? render(steps[0]!) : undefined;
  for (const [i, step] of steps.entries()) {
    const current = next!;
    next = i + 1 < steps.length ? render(steps[i + 1]!) : undefined;
    // A failure of the step ahead is thrown when its turn comes, not as an unhandled rejection now.
    next?.catch(() => undefined);
    const bytes = await current;
    if (bytes) images.set(step.id, bytes);
    await onStep?.(i + 1, steps.length);
  }
  return { sop, steps, images, doc };
}
