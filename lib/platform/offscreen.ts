/** The offscreen document that owns the tab stream, the MediaRecorder and the frame grabber. */
import type { SopId } from '../model';
import { getExportImageSettings } from './export-settings';
import { send } from './messaging';

const PATH = '/offscreen.html';

let creating: Promise<void> | undefined;

async function hasDocument(): Promise<boolean> {
  const url = chrome.runtime.getURL(PATH);
  const contexts = await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT], documentUrls: [url] });
  return contexts.length > 0;
}

export async function ensureOffscreenDocument(): Promise<void> {
  if (await hasDocument()) return;
  creating ??= chrome.offscreen
    .createDocument({
      url: PATH,
      reasons: [chrome.offscreen.Reason.USER_MEDIA, chrome.offscreen.Reason.BLOBS],
      justification: 'Record the tab being documented and grab step screenshots from its stream.',
    })
    .finally(() => {
      creating = undefined;
    });
  await creating;
}

/**
 * Closes the document at Stop unless a video export still needs it (running, or its file not yet saved):
 * the document is shared, and closing it would kill the export. Asking (ping) rather than having the job
 * system close the document when idle keeps one owner of its lifetime here: a self-closing document would
 * race a Start that has just found it open. A document kept for an export stays open, idle, until the next
 * Stop finds no job (an export started outside a recording leaves it open the same way).
 */
export async function closeOffscreenDocument(): Promise<void> {
  if (!(await hasDocument())) return;
  const busy = await send('offscreen', 'offscreen.ping', {}).then(
    (p) => (p.jobs ?? 0) > 0,
    () => false,
  );
  if (!busy) await chrome.offscreen.closeDocument();
}

export async function tabStreamId(tabId: number): Promise<string> {
  return chrome.tabCapture.getMediaStreamId({ targetTabId: tabId });
}

export const offscreenMedia = {
  streamId: tabStreamId,
  async start(p: Parameters<typeof send<'offscreen', 'offscreen.start'>>[2]) {
    await ensureOffscreenDocument();
    return send('offscreen', 'offscreen.start', p);
  },
  async pause() {
    if (await hasDocument()) await send('offscreen', 'offscreen.pause', {});
  },
  async resume() {
    if (await hasDocument()) await send('offscreen', 'offscreen.resume', {});
  },
  async stop() {
    if (!(await hasDocument())) return { chunks: 0, bytes: 0 };
    return send('offscreen', 'offscreen.stop', {});
  },
  async pickFrame(p: Parameters<typeof send<'offscreen', 'offscreen.pickFrame'>>[2]) {
    if (!(await hasDocument())) return null;
    return send('offscreen', 'offscreen.pickFrame', p);
  },
  async keepFrame(p: Parameters<typeof send<'offscreen', 'offscreen.keepFrame'>>[2]) {
    if (!(await hasDocument())) return { ok: false };
    return send('offscreen', 'offscreen.keepFrame', p);
  },
  /** The document is created for it if the recording had none (its video failed): the draft still has shots. */
  async prepareExports(sopId: SopId) {
    const { format } = await getExportImageSettings();
    await ensureOffscreenDocument();
    await send('offscreen', 'offscreen.prepareExports', { sopId, format });
  },
  close: closeOffscreenDocument,
};
