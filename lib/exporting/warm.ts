/**
 * Encodes an SOP's export screenshots ahead of the export, while the person reads or edits it (the export menu
 * starts this in the popup and the editor), and keeps them in IndexedDB (lib/db/render-cache-store.ts). The
 * export then reads ready bytes instead of decoding and encoding 1440×900 shots: on this 2-core machine that is
 * most of a PDF's time (scripts/bench-export-page.mjs).
 *
 * Not during capture: rendering while recording adds CPU work where the next click lands (issue 13's finding).
 * One worker, one step at a time, each after the page has been idle, so the page stays responsive; stops at
 * once when the signal aborts (an export starts, the page closes) and resumes where it was next time, since
 * every finished render is already stored.
 */
import { cachedRenderKeys, putCachedRender, trimRenderCache } from '../db/render-cache-store';
import { getShot } from '../db/recording-store';
import { listSteps } from '../db/sop-store';
import { encodingFor, pdfEncoding, type ExportImageFormat, type ImageEncoding } from '../export/image-format';
import type { SopId } from '../model';
import { loadSopForExport, stepRenderKey } from './load';
import { createRenderPool, type ShotRenderer } from './render-pool';

/** The encodings the exports will ask for: the PDF's, then the HTML / Markdown / MkDocs one. */
export function warmEncodings(format: ExportImageFormat): ImageEncoding[] {
  return [pdfEncoding(format), encodingFor(format)];
}

export interface WarmOutcome {
  readonly rendered: number;
  readonly alreadyStored: number;
  /** Stopped by the signal before the end. */
  readonly stopped: boolean;
}

/** Resolves when the page has a moment with nothing else to do (or after `maxWaitMs`). */
function idle(maxWaitMs = 1_000): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: maxWaitMs });
    else setTimeout(resolve, 0);
  });
}

/**
 * Renders and stores every step's screenshot of `sopId` in each of `encodings` that is not stored yet, in step
 * order. A step whose render fails is skipped (the export will try again and report it).
 */
/** Draws and keeps the SOP's diagram as the exports embed it, unless it is kept already. */
async function warmDiagram(sopId: SopId): Promise<void> {
  const { sop, steps, doc } = await loadSopForExport(sopId);
  const { cachedDiagram, diagramOwner, diagramSource } = await import('./pdf');
  await cachedDiagram(diagramSource(doc, steps), diagramOwner(sop));
}

export async function warmRenderCache(
  sopId: SopId,
  encodings: readonly ImageEncoding[],
  signal: AbortSignal,
  { renderer = () => createRenderPool(1), diagram = warmDiagram }: { renderer?: () => ShotRenderer; diagram?: (sopId: SopId) => Promise<void> } = {},
): Promise<WarmOutcome> {
  let rendered = 0;
  let alreadyStored = 0;
  const steps = await listSteps(sopId);
  let pool: ShotRenderer | undefined;
  // Closing the pool rejects the render in flight: an export waiting to start does not wait for it.
  const stop = () => pool?.close();
  signal.addEventListener('abort', stop, { once: true });
  try {
    for (const step of steps) {
      if (signal.aborted) return { rendered, alreadyStored, stopped: true };
      if (!step.shotId) continue;
      const shot = await getShot(step.shotId);
      if (!shot) continue;
      const keys = encodings.map((e) => stepRenderKey(step, shot, e));
      const have = await cachedRenderKeys(keys);
      const missing = encodings.map((encoding, i) => ({ encoding, key: keys[i]! })).filter(({ key }) => !have.has(key));
      alreadyStored += encodings.length - missing.length;
      if (missing.length === 0) continue;
      await idle();
      if (signal.aborted) return { rendered, alreadyStored, stopped: true };
      pool ??= renderer();
      try {
        // Decoded and drawn once for every encoding it still lacks.
        const images = await pool.renderEach(shot, step, missing.map((m) => m.encoding));
        for (const [i, { key }] of missing.entries()) await putCachedRender({ key, shotId: shot.id, sessionId: shot.sessionId, bytes: images[i]! });
        rendered += missing.length;
      } catch (e) {
        if (signal.aborted) return { rendered, alreadyStored, stopped: true };
        console.warn('[export] could not prepare a screenshot ahead', e);
      }
    }
    // Last, the flow diagram the PDF and HTML embed: Mermaid runs on this page's thread, once, in an idle moment.
    await idle();
    if (signal.aborted) return { rendered, alreadyStored, stopped: true };
    await diagram(sopId).catch((e: unknown) => console.warn('[export] could not prepare the diagram ahead', e));
    return { rendered, alreadyStored, stopped: false };
  } finally {
    signal.removeEventListener('abort', stop);
    pool?.close();
    if (rendered > 0) await trimRenderCache().catch(() => undefined);
  }
}
