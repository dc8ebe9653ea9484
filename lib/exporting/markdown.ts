/** Markdown exports in an extension page: the zip with an images/ folder, and the single file with images inline. */
import { buildMarkdownZip, buildSingleFileMarkdown, exportFileName } from '../export/markdown';
import type { SopId } from '../model';
import { downloadBytes } from '../platform/downloads';
import type { ExportContext } from './context';
import { loadRendered } from './rendered';

export async function exportMarkdownZip(sopId: SopId, ctx: ExportContext): Promise<string> {
  const { sop, steps, images, doc } = await loadRendered(sopId, ctx);
  const name = exportFileName(sop, 'zip');
  await downloadBytes(buildMarkdownZip(sop, steps, images, doc), name, 'application/zip');
  return name;
}

export async function exportSingleFileMarkdown(sopId: SopId, ctx: ExportContext): Promise<string> {
  const { sop, steps, images, doc } = await loadRendered(sopId, ctx);
  const name = exportFileName(sop, 'md');
  await downloadBytes(buildSingleFileMarkdown(sop, steps, images, doc), name, 'text/markdown');
  return name;
}
