/** Markdown exports in an extension page: the zip with an images/ folder, and the single file with images inline. */
import { buildMarkdownZip, buildSingleFileMarkdown, exportFileName } from '../export/markdown';
import type { SopId } from '../model';
import { downloadBytes } from '../platform/downloads';
import { encodingFor } from '../export/image-format';
import { getExportImageSettings } from '../platform/export-settings';
import { loadForExport } from './load';

async function load(sopId: SopId) {
  return loadForExport(sopId, encodingFor((await getExportImageSettings()).format));
}

export async function exportMarkdownZip(sopId: SopId): Promise<string> {
  const { sop, steps, images, doc } = await load(sopId);
  const name = exportFileName(sop, 'zip');
  await downloadBytes(buildMarkdownZip(sop, steps, images, doc), name, 'application/zip');
  return name;
}

export async function exportSingleFileMarkdown(sopId: SopId): Promise<string> {
  const { sop, steps, images, doc } = await load(sopId);
  const name = exportFileName(sop, 'md');
  await downloadBytes(buildSingleFileMarkdown(sop, steps, images, doc), name, 'text/markdown');
  return name;
}
