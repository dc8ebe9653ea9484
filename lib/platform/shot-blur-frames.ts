/** Asks a tab's frames what a screenshot must blur (the recorder's `frameIds` / `boxesAt` ports). */
import type { BoxesAnswer } from '../privacy/screen-states';
import { sendToFrame } from './messaging';

/** Every frame of the tab, whatever its URL: a frame the recorder cannot ask is blurred whole. */
export async function frameIds(tabId: number): Promise<number[]> {
  const frames = await chrome.webNavigation.getAllFrames({ tabId });
  return (frames ?? []).map((f) => f.frameId);
}

/** What a frame captured in [from, to] shows of `frameId` that must be blurred; null when the frame has no
 * content script to ask (or it did not answer). */
export async function boxesAt(tabId: number, frameId: number, window: { from: number; to: number; since?: number }): Promise<BoxesAnswer | null> {
  return sendToFrame(tabId, frameId, 'content.boxesAt', window).catch(() => null);
}
