/** chrome.tabs calls the recorder needs. */
import type { ContentState, ResultOf } from '../messaging/protocol';
import type { TabInfo } from '../recording/ports';
import { sendToFrame } from './messaging';
import { envelope } from '../messaging/protocol';

export async function getTab(tabId: number): Promise<TabInfo | undefined> {
  try {
    const tab = await chrome.tabs.get(tabId);
    return { url: tab.url ?? tab.pendingUrl ?? '', title: tab.title ?? '', width: tab.width ?? 0, height: tab.height ?? 0, active: tab.active, ...(tab.openerTabId === undefined ? {} : { openerTabId: tab.openerTabId }) };
  } catch {
    return undefined;
  }
}

/** Sends to every frame of the tab; frames without our content script just don't answer. */
export async function broadcastToTab(tabId: number, state: ContentState): Promise<void> {
  await chrome.tabs.sendMessage(tabId, envelope('content', 'content.state', state)).catch(() => undefined);
  // tabs.sendMessage without frameId reaches every frame's listener, but only one reply comes back;
  // that is fine here: nothing is returned.
}

export async function frameRect(tabId: number, frameId: number, token: string): Promise<ResultOf<'content', 'content.frameRect'>> {
  return sendToFrame(tabId, frameId, 'content.frameRect', { token });
}

/** Chrome allows about two captureVisibleTab calls per second per extension. */
const CAPTURE_QUOTA_WAIT_MS = 600;

/** captureVisibleTab works only for the active tab of its window, about twice per second: a call over the
 * quota (two new-tab steps in quick succession) waits its turn once rather than losing the step's shot. */
export async function captureVisible(tabId: number): Promise<{ blob: Blob; width: number; height: number } | null> {
  const tab = await chrome.tabs.get(tabId);
  if (!tab.active) return null;
  const grab = () => chrome.tabs.captureVisibleTab(tab.windowId, { format: 'png' });
  const dataUrl = await grab().catch(async (e: unknown) => {
    if (!String(e).includes('MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND')) throw e;
    await new Promise((resolve) => setTimeout(resolve, CAPTURE_QUOTA_WAIT_MS));
    if (!(await chrome.tabs.get(tabId)).active) return null;
    return grab();
  });
  if (!dataUrl) return null;
  const blob = await (await fetch(dataUrl)).blob();
  const bitmap = await createImageBitmap(blob);
  const size = { width: bitmap.width, height: bitmap.height };
  bitmap.close();
  return { blob, ...size };
}

/** The content script file WXT emits for entrypoints/content.ts. */
const CONTENT_SCRIPT_FILE = 'content-scripts/content.js';

/** Pages loaded before the extension was installed or updated have no content script: add it. Where one
 * already runs, the new copy replaces it (WXT invalidates the older context). */
export async function injectContentScript(tabId: number): Promise<void> {
  await chrome.scripting.executeScript({ target: { tabId, allFrames: true }, files: [CONTENT_SCRIPT_FILE] });
}
