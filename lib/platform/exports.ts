/**
 * Export orchestration in an extension page: load the SOP and its document, render its screenshots (crop,
 * blur boxes, highlight), build, download.
 */
import { getDocument } from '../db/document-store';
import { getShot } from '../db/recording-store';
import { getSop, listSteps } from '../db/sop-store';
import { buildMarkdownZip, buildSingleFileMarkdown, exportFileName } from '../export/markdown';
import type { SopId, StepId } from '../model';
import { downloadBytes } from './popup-env';
import { renderShotPng } from './shot-renderer';

/**
 * The SOP, its steps, its document and each step's screenshot rendered for export (crop, blur boxes, highlight).
 * `onStep` is awaited after each step (progress, and a place to throw on Cancel): rendering is the slow part.
 */
export async function loadForExport(sopId: SopId, onStep?: (done: number, total: number) => void | Promise<void>) {
  const sop = await getSop(sopId);
  if (!sop) throw new Error('That procedure no longer exists.');
  const steps = await listSteps(sopId);
  // Drafted on first read for SOPs recorded before documents existed, so every export has its sections.
  const doc = await getDocument(sopId);
  const pngs = new Map<StepId, Uint8Array>();
  for (const [i, step] of steps.entries()) {
    const shot = step.shotId ? await getShot(step.shotId) : undefined;
    if (shot) pngs.set(step.id, await renderShotPng(shot, step));
    await onStep?.(i + 1, steps.length);
  }
  return { sop, steps, pngs, doc };
}

export async function exportMarkdownZip(sopId: SopId): Promise<string> {
  const { sop, steps, pngs, doc } = await loadForExport(sopId);
  const name = exportFileName(sop, 'zip');
  await downloadBytes(buildMarkdownZip(sop, steps, pngs, doc), name, 'application/zip');
  return name;
}

export async function exportSingleFileMarkdown(sopId: SopId): Promise<string> {
  const { sop, steps, pngs, doc } = await loadForExport(sopId);
  const name = exportFileName(sop, 'md');
  await downloadBytes(buildSingleFileMarkdown(sop, steps, pngs, doc), name, 'text/markdown');
  return name;
}
