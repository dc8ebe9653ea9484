/**
 * Preparing a new SOP's export images right after Stop, in the offscreen document, so that no page needs to be
 * open and the first PDF export reads ready JPEGs (a cold 100-step PDF re-renders 100 shots: 11–19 s here; a
 * prepared one takes about 3 s). Runs lib/exporting/warm.ts under the same Web Lock as the popup and the editor,
 * so two contexts never prepare one SOP at once, and it pauses while any context exports that SOP.
 *
 * A recording starting stops it at once (`stop`; issue 13: no extra CPU where clicks land); what was not
 * finished stays queued and is picked up after the next Stop, newest SOP first.
 */
import type { ExportImageFormat } from '../export/image-format';
import type { SopId } from '../model';
import { withPrepareLock } from './export-locks';
import { warmEncodings, warmRenderCache, type WarmOutcome } from './warm';

export interface PrepareRequest {
  readonly sopId: SopId;
  readonly format: ExportImageFormat;
}

/** The queue after `req` was asked for: newest first, one entry per SOP (its latest format). */
export function enqueuePrepare(queue: readonly PrepareRequest[], req: PrepareRequest, max = 8): PrepareRequest[] {
  return [req, ...queue.filter((q) => q.sopId !== req.sopId)].slice(0, max);
}

export type PrepareFn = (req: PrepareRequest, signal: AbortSignal) => Promise<WarmOutcome>;

/**
 * Not the diagram: Mermaid would run on the offscreen document's thread, where the next Start is handled (the
 * tab video would start late by the drawing), and stay loaded through the next recording. A page showing the
 * SOP draws it in its own idle time (components/export-menu.tsx), before anyone clicks Export there.
 */
const noDiagram = async (): Promise<void> => undefined;

const defaultPrepare: PrepareFn = (req, signal) => withPrepareLock(req.sopId, signal, () => warmRenderCache(req.sopId, warmEncodings(req.format), signal, { diagram: noDiagram }));

export interface ExportPreparer {
  /** Queue the SOP (first in line) and start working through the queue unless already running. */
  request(req: PrepareRequest): void;
  /** Stop now (a recording starts): the job in flight ends, its worker terminated; the queue is kept. */
  stop(): void;
  /** The SOP being prepared, if any. */
  current(): SopId | undefined;
}

/**
 * `onIdle` is called when the queue has been worked through (not when stopped): the document that hosts this may
 * then be closed.
 */
export function createExportPreparer({ prepare = defaultPrepare, onIdle = () => undefined }: { prepare?: PrepareFn; onIdle?: () => void } = {}): ExportPreparer {
  let queue: PrepareRequest[] = [];
  let running: { req: PrepareRequest; controller: AbortController } | undefined;
  // Set by stop, cleared by the next request: a job stopped by a recording does not start the next one.
  let paused = false;

  const pump = () => {
    if (running || paused) return;
    const req = queue[0];
    if (!req) return onIdle();
    const controller = new AbortController();
    running = { req, controller };
    void prepare(req, controller.signal)
      .then(
        (out) => {
          // Finished (or stopped by something other than `stop`, e.g. every step failed): off the queue.
          if (!controller.signal.aborted && !out.stopped) queue = queue.filter((q) => q !== req);
        },
        (e: unknown) => {
          if (!controller.signal.aborted) {
            console.warn('[export] preparing after Stop failed', e);
            queue = queue.filter((q) => q !== req);
          }
        },
      )
      .finally(() => {
        running = undefined;
        pump();
      });
  };

  return {
    request(req) {
      queue = enqueuePrepare(queue, req);
      paused = false;
      pump();
    },
    stop() {
      paused = true;
      running?.controller.abort();
    },
    current: () => running?.req.sopId,
  };
}
