/** Export orchestration in an extension page: load the SOP, render its screenshots, build, download. */
import { getShot } from '../db/recording-store';
import { getSop, listSteps } from '../db/sop-store';
import { buildMarkdownZip, buildSingleFileMarkdown, exportFileName } from '../export/markdown';
import type { SopId, StepId } from '../model';
import { downloadBytes } from './popup-env';
import { renderShotPng } from './shot-renderer';

async function load(sopId: SopId) {
  const sop = await getSop(sopId);
  if (!sop) throw new Error('That procedure no longer exists.');
  const steps = await listSteps(sopId);
  const pngs = new Map<StepId, Uint8Array>();
  for (const step of steps) {
    if (!step.shotId) continue;
    const shot = await getShot(step.shotId);
    if (shot) pngs.set(step.id, await renderShotPng(shot, step));
  }
  return { sop, steps, pngs };
}

export async function exportMarkdownZip(sopId: SopId): Promise<string> {
  const { sop, steps, pngs } = await load(sopId);
  const name = exportFileName(sop, 'zip');
  await downloadBytes(buildMarkdownZip(sop, steps, pngs), name, 'application/zip');
  return name;
}

export async function exportSingleFileMarkdown(sopId: SopId): Promise<string> {
  const { sop, steps, pngs } = await load(sopId);
  const name = exportFileName(sop, 'md');
  await downloadBytes(buildSingleFileMarkdown(sop, steps, pngs), name, 'text/markdown');
  return name;
}
