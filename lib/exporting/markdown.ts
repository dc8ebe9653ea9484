/** Markdown exports in an extension page: the zip with an images/ folder, and the single file with images inline. */
import { buildMarkdownZip, buildSingleFileMarkdown, exportFileName } from '../export/markdown';
import type { SopId } from '../model';
import { downloadBytes } from '../platform/downloads';
import { loadForExport } from './load';

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
