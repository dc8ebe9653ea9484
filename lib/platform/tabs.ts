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

/** captureVisibleTab works only for the active tab of its window, about twice per second. */
export async function captureVisible(tabId: number): Promise<{ blob: Blob; width: number; height: number } | null> {
  const tab = await chrome.tabs.get(tabId);
  if (!tab.active) return null;
  const dataUrl = await chrome.tabs.captureVisibleTab(tab.windowId, { format: 'png' });
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
