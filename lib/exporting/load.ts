/**
 * What every page-side export starts from: the SOP, its steps and document from IndexedDB, and each step's
 * screenshot rendered as exported (crop, blur boxes, highlight), encoded once per page for every format.
 */
import { getCurrentDocument } from '../db/document-store';
import { getShots } from '../db/recording-store';
import { getSop, listSteps } from '../db/sop-store';
import { renderCacheKey, type ImageEncoding } from '../export/image-format';
import { RenderCache } from '../export/render-cache';
import type { Shot, SopId, Step, StepId } from '../model';
import { getCachedRenders, putCachedRender, trimRenderCache } from '../db/render-cache-store';
import { createRenderPool, type ShotRenderer } from './render-pool';

/** PNG at full size: the exact pixels, for callers that re-encode them themselves (team library). */
export const LOSSLESS: ImageEncoding = { format: 'png', maxSide: Number.POSITIVE_INFINITY };

/**
 * Encoded screenshots of this page. 256 MB holds a 500-step SOP in JPEG (about 0.2 MB a step) with room for
 * a second format; PNG beyond that is re-rendered, which is what happened before the cache.
 */
const cache = new RenderCache(256 * 1024 * 1024);

/**
 * Since the page opened: renders made, answered from this page's memory, and read back from IndexedDB
 * (debugging, benches and the E2E that checks the second export renders nothing).
 */
export const renderStats = { rendered: 0, reused: 0, stored: 0 };

/** The cache key of `step`'s screenshot as exported in `encoding`. */
export function stepRenderKey(step: Pick<Step, 'highlight' | 'blurBoxes' | 'crop'>, shot: Shot, encoding: ImageEncoding): string {
  return renderCacheKey({ highlight: step.highlight, blurBoxes: step.blurBoxes, crop: step.crop, shot: { ...shot, bytes: shot.blob.size } }, encoding);
}

/** The SOP, its steps and its document, without rendering anything. */
export async function loadSopForExport(sopId: SopId) {
  const sop = await getSop(sopId);
  if (!sop) throw new Error('That procedure no longer exists.');
  const steps = await listSteps(sopId);
  // Drafted on first read for SOPs recorded before documents existed, so every export has its sections.
  const doc = await getCurrentDocument(sopId, steps);
  return { sop, steps, doc };
}

/**
 * Each step's screenshot rendered for export in `encoding`, in step order. `onStep` is awaited as each step's
 * image is ready (progress, and a place to throw on Cancel). Renders run in a pool of workers, at most
 * `window` at a time in flight (bounded memory: each holds a decoded bitmap in its worker, then encoded bytes).
 */
export async function renderImages(steps: readonly Step[], encoding: ImageEncoding, onStep?: (done: number, total: number) => void | Promise<void>, renderer?: ShotRenderer): Promise<Map<StepId, Uint8Array>> {
  const images = new Map<StepId, Uint8Array>();
  if (steps.length === 0) return images;
  // Workers only once a screenshot needs encoding: an export of prepared screenshots starts none.
  let pool: ShotRenderer | undefined;
  const window = 8;
  const counts = { rendered: 0, reused: 0, stored: 0 };
  // Every shot and every kept render looked up at once: one IndexedDB round trip each instead of one per step.
  const shots = await getShots(steps.flatMap((s) => (s.shotId ? [s.shotId] : [])));
  const keyOf = new Map<StepId, string>();
  for (const step of steps) {
    const shot = step.shotId ? shots.get(step.shotId) : undefined;
    if (shot) keyOf.set(step.id, stepRenderKey(step, shot, encoding));
  }
  const keptBlobs = await getCachedRenders([...keyOf.values()]).catch(() => new Map<string, Blob>());
  // Read all at once: the export holds every image until the file is written anyway, and blob reads one after
  // another each wait for a round trip to the browser process.
  const kept = new Map<string, Uint8Array>();
  await Promise.all(
    [...keptBlobs].map(([key, blob]) =>
      blob.arrayBuffer().then(
        (b) => void kept.set(key, new Uint8Array(b)),
        () => undefined,
      ),
    ),
  );
  const render = async (step: Step): Promise<Uint8Array | undefined> => {
    const shot = step.shotId ? shots.get(step.shotId) : undefined;
    const key = keyOf.get(step.id);
    if (!shot || !key) return undefined;
    let source = 'reused' as keyof typeof counts;
    const bytes = await cache.get(key, async () => {
      const stored = kept.get(key);
      if (stored) {
        source = 'stored';
        return stored;
      }
      source = 'rendered';
      pool ??= renderer ?? createRenderPool();
      const made = await pool.render(shot, step, encoding);
      // Kept for the next export, here or in another page; a full disk only costs that reuse.
      await putCachedRender({ key, shotId: shot.id, sessionId: shot.sessionId, bytes: made }).catch((e: unknown) => console.warn('[export] render not kept', e));
      return made;
    });
    renderStats[source]++;
    counts[source]++;
    return bytes;
  };
  const inFlight: Promise<Uint8Array | undefined>[] = [];
  const start = (i: number) => {
    const job = render(steps[i]!);
    // A failure is thrown when its turn comes, not as an unhandled rejection now.
    job.catch(() => undefined);
    inFlight.push(job);
  };
  try {
    let started = 0;
    while (started < Math.min(window, steps.length)) start(started++);
    for (const [i, step] of steps.entries()) {
      const bytes = await inFlight.shift()!;
      if (started < steps.length) start(started++);
      if (bytes) images.set(step.id, bytes);
      await onStep?.(i + 1, steps.length);
    }
  } finally {
    if (!renderer) pool?.close();
    await trimRenderCache().catch((e: unknown) => console.warn('[export] render cache not trimmed', e));
    // Readable in DevTools' Performance panel, by benches and by the E2E that checks a second export renders nothing.
    performance.mark('export:screenshots', { detail: { ...counts, steps: steps.length, encoding: `${encoding.format}/${encoding.maxSide}` } });
  }
  return images;
}

/**
 * The SOP, its steps, its document and each step's screenshot rendered for export in `encoding`.
 * `onStep` is awaited after each step (progress, and a place to throw on Cancel): rendering is the slow part.
 */
export async function loadForExport(sopId: SopId, encoding: ImageEncoding, onStep?: (done: number, total: number) => void | Promise<void>) {
  const { sop, steps, doc } = await loadSopForExport(sopId);
  const images = await renderImages(steps, encoding, onStep);
  return { sop, steps, images, doc };
}
