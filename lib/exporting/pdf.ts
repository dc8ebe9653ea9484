/**
 * PDF export in an extension page (popup or editor): load the SOP with its rendered screenshots, draw the
 * flow diagram with Mermaid and rasterise it, fetch the bundled fonts, build (lib/export/pdf.ts), download.
 * jsPDF and Mermaid are imported only here, when the user exports, so the popup's own chunk stays small.
 */
import boldFontUrl from 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf?url';
import regularFontUrl from 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf?url';
import { diagramInput } from '../editor/diagram-input';
import type { PdfDiagram, PdfFonts } from '../export/pdf';
import { exportFileName } from '../export/markdown';
import type { SessionId, ShotId, Sop, SopId, Step } from '../model';
import { getCachedRender, putCachedRender } from '../db/render-cache-store';
import { driftSessionOf } from '../db/sop-store';
import { buildMermaid } from '../sop/diagram';
import type { SopDocument } from '../sop/document';
import { ExportCancelled, throwIfCancelled, type ExportContext } from './context';
import { pdfBuildReplySchema, type PdfBuildRequest } from '../export/pdf-job';
import { pdfEncoding } from '../export/image-format';
import { getExportImageSettings } from '../platform/export-settings';
import { loadSopForExport, renderImages } from './load';
import { nextTask } from './rendered';
import { diagramTurn } from './diagram-turn';
import { throttledSteps } from '../export/step-progress';
import { downloadBytes } from '../platform/downloads';

/** Longest side of the rasterised diagram, px: sharp when printed, bounded in memory. */
const MAX_DIAGRAM_SIDE = 3000;
const DIAGRAM_SCALE = 2;

async function fetchBytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`Could not load the PDF font (${res.status}).`);
  return new Uint8Array(await res.arrayBuffer());
}

async function loadFonts(): Promise<PdfFonts> {
  const [regular, bold] = await Promise.all([fetchBytes(regularFontUrl), fetchBytes(boldFontUrl)]);
  return { regular, bold };
}

/** The diagram the editor shows: the author's edited source, else the one drawn from the steps. */
export function diagramSource(doc: SopDocument, steps: readonly Step[]): string {
  return doc.diagram.edited ? doc.diagram.source : buildMermaid(diagramInput(doc), steps);
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n').find((l) => l.trim() !== '')?.trim() ?? 'unknown error';
}

/**
 * Mermaid SVG at its strict security level, labels as SVG text (no foreignObject, so the rasterised copy
 * needs no HTML). The editor's own settings are put back afterwards: it configures Mermaid once per theme.
 */
function renderSvg(source: string): Promise<string> {
  return diagramTurn(() => renderSvgNow(source));
}

async function renderSvgNow(source: string): Promise<string> {
  const mermaid = (await import('mermaid')).default;
  // mermaidAPI is the one place the current settings can be read back (deprecated for rendering only).
  const theme = mermaid.mermaidAPI.getConfig().theme ?? 'default';
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'default', htmlLabels: false });
  const id = `sop-pdf-diagram-${Date.now()}`;
  try {
    await mermaid.parse(source);
    return (await mermaid.render(id, source)).svg;
  } finally {
    document.getElementById(id)?.remove();
    document.getElementById(`d${id}`)?.remove();
    mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme });
  }
}

/**
 * SVG → PNG through an <img> and a canvas. An SVG loaded as an image runs no script and loads nothing
 * external, so Mermaid's (already sanitised) output cannot reach anything here.
 */
async function rasterise(svgText: string): Promise<Uint8Array> {
  const svg = new DOMParser().parseFromString(svgText, 'image/svg+xml').documentElement;
  const box = svg.getAttribute('viewBox')?.split(/[\s,]+/).map(Number) ?? [];
  const [width, height] = [box[2] ?? 0, box[3] ?? 0];
  if (!(width > 0 && height > 0)) throw new Error('Mermaid returned an SVG without a size.');
  const scale = Math.min(DIAGRAM_SCALE, MAX_DIAGRAM_SIDE / Math.max(width, height));
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  // The image needs a fixed size; Mermaid writes width="100%" and a max-width style.
  svg.setAttribute('width', String(w));
  svg.setAttribute('height', String(h));
  svg.removeAttribute('style');
  const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(svg)], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = new OffscreenCanvas(w, h);
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, w, h);
    ctx.drawImage(img, 0, 0, w, h);
    const blob = await canvas.convertToBlob({ type: 'image/png' });
    return new Uint8Array(await blob.arrayBuffer());
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** The diagram as a PNG, or its source with the reason it could not be drawn. */
export async function renderDiagram(source: string): Promise<PdfDiagram> {
  if (!source.trim()) return { source };
  try {
    return { source, png: await rasterise(await renderSvg(source)) };
  } catch (e) {
    return { source, error: firstLine(e) };
  }
}

/**
 * The last diagrams drawn in this page by source: Mermaid takes seconds for a long SOP, and a second export
 * (or the HTML after the PDF) draws the same one.
 */
const diagrams = new Map<string, Promise<PdfDiagram>>();

/** Whose diagram it is: its drawing is kept with the SOP's other export images and deleted with it. */
export interface DiagramOwner {
  readonly sopId: SopId;
  readonly sessionId: SessionId;
}

/** How the diagram is rasterised, part of its cache key: a change here must not reuse an old drawing. */
const DIAGRAM_ENCODING = `png@${DIAGRAM_SCALE}/${MAX_DIAGRAM_SIDE}`;

async function diagramCacheKey(owner: DiagramOwner, source: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(source)));
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${diagramShotId(owner.sopId)}|${hex}|${DIAGRAM_ENCODING}`;
}

/** The cache's "shot" of an SOP's diagram: one drawing per SOP is kept, the last one. */
function diagramShotId(sopId: SopId): ShotId {
  return `diagram:${sopId}` as ShotId;
}

/**
 * The diagram as a PNG: this page's copy, else the one kept in IndexedDB (lib/db/render-cache-store.ts) by an
 * earlier export or by the editor preparing exports, else drawn now and kept. A drawing that failed is not kept.
 */
export function cachedDiagram(source: string, owner?: DiagramOwner): Promise<PdfDiagram> {
  const hit = diagrams.get(source);
  if (hit) return hit;
  const job = (async (): Promise<PdfDiagram> => {
    if (!source.trim()) return { source };
    const key = owner ? await diagramCacheKey(owner, source).catch(() => undefined) : undefined;
    const stored = key ? await getCachedRender(key).catch(() => undefined) : undefined;
    if (stored) return { source, png: stored };
    const drawn = await renderDiagram(source);
    if (key && owner && drawn.png) await putCachedRender({ key, shotId: diagramShotId(owner.sopId), sessionId: owner.sessionId, bytes: drawn.png }).catch(() => undefined);
    return drawn;
  })();
  diagrams.set(source, job);
  if (diagrams.size > 4) diagrams.delete(diagrams.keys().next().value!);
  return job;
}

/** Whose the SOP's diagram is, for cachedDiagram: SOPs without a recording keep theirs with their other shots. */
export function diagramOwner(sop: Sop): DiagramOwner {
  return { sopId: sop.id, sessionId: sop.sessionId ?? driftSessionOf(sop.id) };
}


/**
 * The PDF laid out in a dedicated worker (lib/exporting/pdf-build-worker.ts), so the page stays responsive and
 * its progress paints. Undefined when no worker could run it (creation refused, the script failed to load):
 * the caller builds on the page then. A build that fails in the worker fails the export with its reason.
 */
async function buildInWorker(input: PdfBuildRequest, onProgress: (done: number, total: number) => void, signal: AbortSignal): Promise<Uint8Array | undefined> {
  let worker: Worker;
  try {
    worker = new Worker(new URL('./pdf-build-worker.ts', import.meta.url), { type: 'module' });
  } catch (e) {
    console.warn('[export] PDF worker refused, building on the page', e);
    return undefined;
  }
  try {
    return await new Promise<Uint8Array | undefined>((resolve, reject) => {
      const cancel = () => reject(new ExportCancelled());
      signal.addEventListener('abort', cancel, { once: true });
      worker.onmessage = (e: MessageEvent<unknown>) => {
        const reply = pdfBuildReplySchema.safeParse(e.data);
        if (!reply.success) return void console.warn('[export] PDF worker reply dropped', reply.error.issues[0]);
        if (reply.data.kind === 'progress') onProgress(reply.data.done, reply.data.total);
        else if (reply.data.kind === 'done') resolve(reply.data.bytes);
        else reject(new Error(`Could not build the PDF: ${reply.data.error}`));
      };
      worker.onerror = (e) => {
        e.preventDefault();
        console.warn('[export] PDF worker failed, building on the page', e.message);
        resolve(undefined);
      };
      // Copied, not transferred: the page's render cache keeps these same images for the next export.
      worker.postMessage(input);
    });
  } finally {
    worker.terminate();
  }
}

/**
 * Progress moves through both halves: rendering the screenshots (to 50 %) and laying out the pages (to 100 %),
 * reported every 50 ms with the step reached, so a 500-step export never looks stuck.
 */
export async function exportPdf(sopId: SopId, ctx: ExportContext): Promise<string> {
  // Phases as performance marks: DevTools' Performance panel and scripts/profile-export-pdf.mjs read them.
  const span = (name: string, from: string) => performance.measure(`pdf-export:${name}`, from);
  performance.mark('pdf-export:start');
  ctx.progress({ fraction: 0, note: 'preparing screenshots' });
  const { format } = await getExportImageSettings();
  const { sop, steps, doc } = await loadSopForExport(sopId);
  // The diagram (Mermaid on this thread) is drawn while the workers render the screenshots.
  const parts = Promise.all([cachedDiagram(diagramSource(doc, steps), diagramOwner(sop)), loadFonts()]);
  parts.catch(() => undefined);
  const images = await renderImages(
    steps,
    pdfEncoding(format),
    throttledSteps(async (done, total) => {
      ctx.progress({ fraction: (0.5 * done) / total, note: `screenshot ${done} of ${total}` });
      await nextTask();
      throwIfCancelled(ctx.signal);
    }),
  );
  throwIfCancelled(ctx.signal);
  span('screenshots', 'pdf-export:start');
  performance.mark('pdf-export:diagram');
  ctx.progress({ fraction: 0.5, note: 'drawing the flow diagram' });
  const [diagram, fonts] = await parts;
  throwIfCancelled(ctx.signal);
  span('diagram', 'pdf-export:diagram');
  performance.mark('pdf-export:layout');
  const layoutProgress = (done: number, total: number) => ctx.progress({ fraction: 0.5 + (0.5 * done) / total, note: `page layout: step ${done} of ${total}` });
  const input: PdfBuildRequest = { sop, steps, doc, images: [...images], fonts, diagram };
  const bytes =
    (await buildInWorker(input, layoutProgress, ctx.signal)) ??
    (await (
      await import('../export/pdf')
    ).buildSopPdf(sop, steps, images, doc, {
      fonts,
      diagram,
      onStep: throttledSteps(async (done, total) => {
        layoutProgress(done, total);
        await nextTask();
        throwIfCancelled(ctx.signal);
      }),
    }));
  throwIfCancelled(ctx.signal);
  span('layout', 'pdf-export:layout');
  performance.mark('pdf-export:save');
  ctx.progress({ fraction: 1, note: 'saving' });
  const name = exportFileName(sop, 'pdf');
  await downloadBytes(bytes, name, 'application/pdf');
  span('save', 'pdf-export:save');
  return name;
}
