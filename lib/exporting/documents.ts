/**
 * HTML, JSON and MkDocs exports in an extension page (popup or editor): load, build (lib/export/html.ts,
 * json.ts, mkdocs.ts), download. Imported on use from actions.ts, so the popup's own chunk stays small.
 */
import { buildSopHtml } from '../export/html';
import { buildSopJson } from '../export/json';
import { collectSopExport } from '../db/export-source';
import { exportFileName } from '../export/markdown';
import { buildMkdocsZip } from '../export/mkdocs';
import type { SopId } from '../model';
import { throwIfCancelled, type ExportContext } from './context';
import { loadRendered, nextTask } from './rendered';
import { downloadBytes } from '../platform/downloads';

export async function exportHtml(sopId: SopId, ctx: ExportContext): Promise<string> {
  const { sop, steps, images, doc } = await loadRendered(sopId, ctx);
  ctx.progress({ fraction: 0.9, note: 'drawing the flow diagram' });
  // The PDF export's renderer: Mermaid at its strict level, rasterised; the source alone when it fails.
  // The diagram the editor and the PDF show: the author's edited source, else the one drawn from the steps.
  const { cachedDiagram, diagramOwner, diagramSource } = await import('./pdf');
  const { png } = await cachedDiagram(diagramSource(doc, steps), diagramOwner(sop));
  throwIfCancelled(ctx.signal);
  const name = exportFileName(sop, 'html');
  await downloadBytes(buildSopHtml(sop, steps, images, doc, png ? { diagramPng: png } : {}), name, 'text/html');
  return name;
}

export async function exportMkdocs(sopId: SopId, ctx: ExportContext): Promise<string> {
  const { sop, steps, images, doc } = await loadRendered(sopId, ctx);
  const name = `${exportFileName(sop, '')}-mkdocs.zip`;
  await downloadBytes(buildMkdocsZip(sop, steps, images, doc), name, 'application/zip');
  return name;
}

/** The SOP as JSON (lib/export/json-schema.ts); with `withVideo`, the recording's video and transcript too. */
export async function exportJson(sopId: SopId, ctx: ExportContext, withVideo = false): Promise<string> {
  ctx.progress({ note: 'reading the SOP' });
  const input = await collectSopExport(sopId, {
    withVideo,
    onProgress: (done, total) => ctx.progress({ fraction: done / total, note: `${withVideo ? 'screenshots and video' : 'screenshots'}: ${done} of ${total}` }),
    checkpoint: () => throwIfCancelled(ctx.signal),
  });
  throwIfCancelled(ctx.signal);
  ctx.progress({ fraction: 1, note: 'writing the file' });
  await nextTask();
  const name = `${exportFileName(input.sop, '')}${withVideo ? '-with-video' : ''}.json`;
  await downloadBytes(buildSopJson(input, Date.now()), name, 'application/json');
  return name;
}
