/** Asks a tab's frames what a screenshot must blur (the recorder's `frameIds` / `sensitiveBoxes` ports). */
import type { Box } from '../model';
import { sendToFrame } from './messaging';

export async function frameIds(tabId: number): Promise<number[]> {
  const frames = await chrome.webNavigation.getAllFrames({ tabId });
  return (frames ?? []).filter((f) => /^(https?|file):/.test(f.url)).map((f) => f.frameId);
}

/** Boxes in that frame's viewport; [] when the frame has no content script (it then shows nothing we know of). */
export async function sensitiveBoxes(tabId: number, frameId: number): Promise<Box[]> {
  return sendToFrame(tabId, frameId, 'content.sensitiveBoxes', {}).catch(() => []);
}
