/**
 * Replayable exports in an extension page: the SOP as a Chrome DevTools Recorder flow and as a Playwright
 * test. Both need the raw events behind the steps (frame ids, navigation causes, keys, the viewport), read
 * here from IndexedDB; no screenshots are rendered.
 */
import { getDocument } from '../db/document-store';
import { listEvents } from '../db/recording-store';
import { getSop, listSteps } from '../db/sop-store';
import { buildDevToolsRecording, recorderFileName } from '../export/devtools-recorder';
import { buildPlaywrightTest, playwrightFileName } from '../export/playwright-test';
import type { ReplayInput } from '../export/replay-plan';
import type { SopId } from '../model';
import { throwIfCancelled, type ExportContext } from './context';
import { downloadBytes } from '../platform/downloads';

async function loadReplayInput(sopId: SopId): Promise<ReplayInput> {
  const sop = await getSop(sopId);
  if (!sop) throw new Error('That procedure no longer exists.');
  const [steps, doc, events] = await Promise.all([listSteps(sopId), getDocument(sopId), sop.sessionId ? listEvents(sop.sessionId) : Promise.resolve([])]);
  return { sop, steps, doc, events };
}

export async function exportDevToolsRecording(sopId: SopId, ctx: ExportContext): Promise<string> {
  ctx.progress({ note: 'Reading the recording…' });
  const input = await loadReplayInput(sopId);
  throwIfCancelled(ctx.signal);
  const name = recorderFileName(input.sop);
  await downloadBytes(buildDevToolsRecording(input).json, name, 'application/json');
  return name;
}

export async function exportPlaywrightTest(sopId: SopId, ctx: ExportContext): Promise<string> {
  ctx.progress({ note: 'Reading the recording…' });
  const input = await loadReplayInput(sopId);
  throwIfCancelled(ctx.signal);
  const name = playwrightFileName(input.sop);
  await downloadBytes(buildPlaywrightTest(input).source, name, 'text/plain');
  return name;
}
