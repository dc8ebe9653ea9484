/**
 * Encodes an SOP's export screenshots ahead of the export, while the person reads or edits it (the export menu
 * starts this in the popup and the editor), and keeps them in IndexedDB (lib/db/render-cache-store.ts). The
 * export then reads ready bytes instead of decoding and encoding 1440×900 shots: on this 2-core machine that is
 * most of a PDF's time (scripts/bench-export-page.mjs).
 *
 * Not during capture: rendering while recording adds CPU work where the next click lands (issue 13's finding).
 * One worker, one step at a time, each after the page has been idle, so the page stays responsive; stops at
 * once when the signal aborts (an export starts, the page closes, a recording starts) and resumes where it was
 * next time, since every finished render is already stored. While another context exports the SOP it waits
 * (lib/exporting/export-locks.ts).
 *
 * The PDF's encoding first for every step, then the diagram, then the HTML / Markdown encoding: the PDF is ready
 * a third of the way in (its JPEG costs about 45 ms a step here, the WebP beside it about 95 ms more), for one
 * more decode per step (about 20 ms).
 */
import { cachedRenderKeys, putCachedRender, trimRenderCache } from '../db/render-cache-store';
import { getShots } from '../db/recording-store';
import { listSteps } from '../db/sop-store';
import { encodingFor, pdfEncoding, type ExportImageFormat, type ImageEncoding } from '../export/image-format';
import type { Shot, SopId, Step } from '../model';
import { defaultLocks, untilNoExport, type Locks } from './export-locks';
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

/** What preparing does, in order: each encoding over every step, the diagram after the first (what the PDF needs). */
export type WarmPass = { readonly kind: 'screenshots'; readonly encoding: ImageEncoding } | { readonly kind: 'diagram' };

export function warmPasses(encodings: readonly ImageEncoding[]): WarmPass[] {
  const shots = encodings.map((encoding) => ({ kind: 'screenshots' as const, encoding }));
  return shots.length === 0 ? [{ kind: 'diagram' }] : [shots[0]!, { kind: 'diagram' }, ...shots.slice(1)];
}

/** Draws and keeps the SOP's diagram as the exports embed it, unless it is kept already. */
async function warmDiagram(sopId: SopId): Promise<void> {
  const { sop, steps, doc } = await loadSopForExport(sopId);
  const { cachedDiagram, diagramOwner, diagramSource } = await import('./pdf');
  await cachedDiagram(diagramSource(doc, steps), diagramOwner(sop));
}

/**
 * Renders and stores every step's screenshot of `sopId` in each of `encodings` that is not stored yet, in the
 * order of warmPasses, then keeps the diagram. A step whose render fails is skipped (the export will try again
 * and report it). `locks` (Web Locks; none in Node) lets an export in any context pause it.
 */
export async function warmRenderCache(
  sopId: SopId,
  encodings: readonly ImageEncoding[],
  signal: AbortSignal,
  {
    renderer = () => createRenderPool(1),
    diagram = warmDiagram,
    locks = defaultLocks(),
  }: { renderer?: () => ShotRenderer; diagram?: (sopId: SopId) => Promise<void>; locks?: Locks } = {},
): Promise<WarmOutcome> {
  let rendered = 0;
  let alreadyStored = 0;
  const steps = await listSteps(sopId);
  let pool: ShotRenderer | undefined;
  // Closing the pool rejects the render in flight: an export waiting to start does not wait for it.
  const stop = () => pool?.close();
  signal.addEventListener('abort', stop, { once: true });
  const stopped = () => ({ rendered, alreadyStored, stopped: true });
  try {
    for (const pass of warmPasses(encodings)) {
      if (pass.kind === 'diagram') {
        // The flow diagram the PDF and HTML embed: Mermaid runs on this page's thread, once, in an idle moment.
        await idle();
        if (signal.aborted) return stopped();
        await diagram(sopId).catch((e: unknown) => console.warn('[export] could not prepare the diagram ahead', e));
        continue;
      }
      const { encoding } = pass;
      // Every shot and kept key of the pass looked up at once (blobs are not read until rendered): a round trip
      // per step each kept the one worker waiting.
      const shots = await getShots(steps.flatMap((st) => (st.shotId ? [st.shotId] : [])));
      const keyOf = (step: Step, shot: Shot) => stepRenderKey(step, shot, encoding);
      const kept = await cachedRenderKeys(steps.flatMap((st) => (st.shotId && shots.has(st.shotId) ? [keyOf(st, shots.get(st.shotId)!)] : [])));
      for (const step of steps) {
        if (signal.aborted) return stopped();
        const shot = step.shotId ? shots.get(step.shotId) : undefined;
        if (!shot) continue;
        const key = keyOf(step, shot);
        if (kept.has(key)) {
          alreadyStored++;
          continue;
        }
        await idle();
        // An export of this SOP in any context renders what it lacks itself: wait until it is done, then look
        // again (it may have rendered this one).
        if (await untilNoExport(sopId, signal, locks).catch(() => false)) {
          if (signal.aborted) return stopped();
          if ((await cachedRenderKeys([key])).has(key)) {
            alreadyStored++;
            continue;
          }
        }
        if (signal.aborted) return stopped();
        pool ??= renderer();
        try {
          const [bytes] = await pool.renderEach(shot, step, [encoding]);
          await putCachedRender({ key, shotId: shot.id, sessionId: shot.sessionId, bytes: bytes! });
          rendered++;
        } catch (e) {
          if (signal.aborted) return stopped();
          console.warn('[export] could not prepare a screenshot ahead', e);
        }
      }
    }
    return { rendered, alreadyStored, stopped: false };
  } finally {
    signal.removeEventListener('abort', stop);
    pool?.close();
    if (rendered > 0) await trimRenderCache().catch(() => undefined);
  }
}
