/**
 * Loading with the screenshots rendered, for the exports that embed them (HTML, Markdown zip and single file,
 * MkDocs): progress per step (90 % of the work, reported at most every 50 ms) and Cancel honoured between steps.
 */
import { encodingFor } from '../export/image-format';
import { throttledSteps } from '../export/step-progress';
import type { SopId } from '../model';
import { getExportImageSettings } from '../platform/export-settings';
import { throwIfCancelled, type ExportContext } from './context';
import { loadForExport } from './load';

/** Lets the page paint progress and handle a click on Cancel. */
export const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export async function loadRendered(sopId: SopId, ctx: ExportContext) {
  ctx.progress({ fraction: 0, note: 'preparing screenshots' });
  const { format } = await getExportImageSettings();
  const loaded = await loadForExport(
    sopId,
    encodingFor(format),
    throttledSteps(async (done, total) => {
      ctx.progress({ fraction: (0.9 * done) / total, note: `screenshot ${done} of ${total}` });
      await nextTask();
      throwIfCancelled(ctx.signal);
    }),
  );
  throwIfCancelled(ctx.signal);
  ctx.progress({ fraction: 0.9, note: 'writing the file' });
  return loaded;
}
