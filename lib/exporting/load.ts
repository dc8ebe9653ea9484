/**
 * What every page-side export starts from: the SOP, its steps and document from IndexedDB, and each step's
 * screenshot rendered as exported (crop, blur boxes, highlight).
 */
import { getCurrentDocument } from '../db/document-store';
import { getShot } from '../db/recording-store';
import { getSop, listSteps } from '../db/sop-store';
import type { SopId, StepId } from '../model';
import { renderShotPng } from '../platform/shot-renderer';

/**
 * The SOP, its steps, its document and each step's screenshot rendered for export (crop, blur boxes, highlight).
 * `onStep` is awaited after each step (progress, and a place to throw on Cancel): rendering is the slow part.
 */
export async function loadForExport(sopId: SopId, onStep?: (done: number, total: number) => void | Promise<void>) {
  const sop = await getSop(sopId);
  if (!sop) throw new Error('That procedure no longer exists.');
  const steps = await listSteps(sopId);
  // Drafted on first read for SOPs recorded before documents existed, so every export has its sections.
  const doc = await getCurrentDocument(sopId, steps);
  const pngs = new Map<StepId, Uint8Array>();
  for (const [i, step] of steps.entries()) {
    const shot = step.shotId ? await getShot(step.shotId) : undefined;
    if (shot) pngs.set(step.id, await renderShotPng(shot, step));
    await onStep?.(i + 1, steps.length);
  }
  return { sop, steps, pngs, doc };
}
