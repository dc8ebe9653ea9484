/**
 * Renders export screenshots in a few dedicated workers (lib/exporting/shot-render-worker.ts), one job per
 * worker at a time, so decoding and encoding run beside the page's own work (the PDF layout, the diagram)
 * instead of on its thread. Without workers (creation refused, or a worker that fails to start) the page
 * renders itself, as before. Close it when the export ends: each worker holds a few canvases.
 */
import { renderReplySchema, renderRequest, type RenderEdits, type RenderShot } from '../export/render-job';
import type { ImageEncoding } from '../export/image-format';
import { renderShotImage, renderShotImages } from '../platform/shot-renderer';

export interface ShotRenderer {
  render(shot: RenderShot, edits: RenderEdits, encoding: ImageEncoding): Promise<Uint8Array>;
  /** One drawing in several encodings, in their order (decoded and drawn once). */
  renderEach(shot: RenderShot, edits: RenderEdits, encodings: readonly ImageEncoding[]): Promise<Uint8Array[]>;
  close(): void;
}

interface Job {
  readonly id: number;
  readonly args: [RenderShot, RenderEdits, readonly ImageEncoding[]];
  readonly resolve: (bytes: Uint8Array[]) => void;
  readonly reject: (e: Error) => void;
}

/** The page's own thread: the fallback, and what tests in Node can reach. */
export const pageRenderer: ShotRenderer = {
  render: (shot, edits, encoding) => renderShotImage(shot, edits, encoding),
  renderEach: (shot, edits, encodings) => renderShotImages(shot, edits, encodings),
  close: () => undefined,
};

/**
 * One worker per core, at most four: two on a 2-core machine, where the page's own work (Mermaid, the PDF
 * layout) overlaps them. Not tuned further: on these shared machines the CPU time per step, not the number of
 * threads, bounds the export (scripts/profile-export-pdf.mjs).
 */
export function defaultPoolSize(cores = globalThis.navigator?.hardwareConcurrency ?? 2): number {
  return Math.max(1, Math.min(4, cores));
}

export function createRenderPool(size = defaultPoolSize(), spawn = () => new Worker(new URL('./shot-render-worker.ts', import.meta.url), { type: 'module' })): ShotRenderer {
  const queue: Job[] = [];
  const idle: Worker[] = [];
  const busy = new Map<Worker, Job>();
  let nextId = 1;
  let closed = false;
  let broken = false;

  const pump = () => {
    while (idle.length > 0 && queue.length > 0) {
      const worker = idle.pop()!;
      const job = queue.shift()!;
      busy.set(worker, job);
      const [shot, edits, [first, ...also]] = job.args;
      worker.postMessage(renderRequest(job.id, shot, edits, first!, also));
    }
    // Every worker failed: what is left renders on the page.
    if (broken && idle.length === 0 && busy.size === 0) for (const job of queue.splice(0)) pageRenderer.renderEach(...job.args).then(job.resolve, job.reject);
  };

  const workers: Worker[] = [];
  for (let i = 0; i < size; i++) {
    let worker: Worker;
    try {
      worker = spawn();
    } catch (e) {
      console.warn('[export] render worker refused, rendering on the page', e);
      break;
    }
    workers.push(worker);
    idle.push(worker);
    worker.onmessage = (e: MessageEvent<unknown>) => {
      const job = busy.get(worker);
      const reply = renderReplySchema.safeParse(e.data);
      if (!reply.success || !job || reply.data.id !== job.id) {
        console.warn('[export] render worker reply dropped', reply.success ? 'unexpected id' : reply.error.issues[0]);
        return;
      }
      busy.delete(worker);
      if (reply.data.ok && (reply.data.alsoBytes?.length ?? 0) !== job.args[2].length - 1) job.reject(new Error('Could not render a screenshot: the worker answered with the wrong number of images.'));
      else if (reply.data.ok) job.resolve([reply.data.bytes, ...(reply.data.alsoBytes ?? [])]);
      else job.reject(new Error(`Could not render a screenshot: ${reply.data.error}`));
      if (!closed) idle.push(worker);
      pump();
    };
    // A worker that cannot load (or crashes) takes no more jobs; its job is done on the page.
    worker.onerror = (e) => {
      e.preventDefault();
      console.warn('[export] render worker failed, rendering on the page', e.message);
      worker.terminate();
      const i = idle.indexOf(worker);
      if (i >= 0) idle.splice(i, 1);
      const job = busy.get(worker);
      busy.delete(worker);
      if (job) pageRenderer.renderEach(...job.args).then(job.resolve, job.reject);
      if (!workers.some((w) => w !== worker && (idle.includes(w) || busy.has(w)))) broken = true;
      pump();
    };
  }
  if (workers.length === 0) return pageRenderer;

  const renderEach = (shot: RenderShot, edits: RenderEdits, encodings: readonly ImageEncoding[]) => {
    if (closed) return Promise.reject(new Error('The render pool is closed.'));
    if (encodings.length === 0) return Promise.resolve([]);
    return new Promise<Uint8Array[]>((resolve, reject) => {
      queue.push({ id: nextId++, args: [shot, edits, encodings], resolve, reject });
      pump();
    });
  };
  return {
    render: async (shot, edits, encoding) => (await renderEach(shot, edits, [encoding]))[0]!,
    renderEach,
    close() {
      closed = true;
      for (const w of workers) w.terminate();
      for (const job of [...queue.splice(0), ...busy.values()]) job.reject(new Error('The export was closed.'));
      busy.clear();
    },
  };
}
