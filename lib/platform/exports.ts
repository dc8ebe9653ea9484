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

/** The SOP, its steps, its document and each step's screenshot rendered for export (crop, blur boxes, highlight). */
export async function loadForExport(sopId: SopId) {
  const sop = await getSop(sopId);
  if (!sop) throw new Error('That procedure no longer exists.');
  const steps = await listSteps(sopId);
  // Drafted on first read for SOPs recorded before documents existed, so every export has its sections.
  const doc = await getDocument(sopId);
  const pngs = new Map<StepId, Uint8Array>();
  for (const step of steps) {
    if (!step.shotId) continue;
    const shot = await getShot(step.shotId);
    if (shot) pngs.set(step.id, await renderShotPng(shot, step));
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
