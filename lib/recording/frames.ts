/**
 * Frame geometry: which iframe holds a subframe (learnt from the frame-announce handshake), and where a box
 * in a subframe lies in its tab's top-level CSS px.
 */
import type { Box, ViewportInfo } from '../model';
import type { FrameLinksPort, StatePort, TabsPort } from './ports';
import { isLive } from './transitions';
import type { CaptureSender, Payload, Result } from './verbs';

/** What placing a subframe's box needs: its links up the tree, and each parent's answer where the iframe is. */
export interface PlacePorts {
  readonly frameLinks: Pick<FrameLinksPort, 'byFrame'>;
  readonly tabs: Pick<TabsPort, 'frameRect'>;
}

export interface FramePorts extends PlacePorts {
  readonly state: Pick<StatePort, 'get'>;
  readonly frameLinks: Pick<FrameLinksPort, 'get' | 'merge' | 'byFrame'>;
}

export interface PlacedInTab {
  readonly box: Box;
  /** The subframe's own viewport in the tab. */
  readonly frameBox: Box;
  /** The iframe selectors from the top down. */
  readonly framePath: string[];
  /** Each iframe's index in its parent's window.frames, when every one is known. */
  readonly framePathIndexes?: number[];
  /** The top frame's viewport. */
  readonly viewport?: ViewportInfo;
}

/** A parent frame found the iframe that announced `token` (capture.frameLink). */
export async function linkFrame(ports: FramePorts, { token, selector, index }: Payload<'capture.frameLink'>, sender: CaptureSender): Promise<Result<'capture.frameLink'>> {
  if (sender.tabId === undefined || sender.frameId === undefined) return;
  if (!isLive(await ports.state.get())) return;
  // The page sees the announce messages and could forge one: the first parent to claim a token keeps it.
  const known = await ports.frameLinks.get(token);
  if (known?.selector !== undefined) return;
  await ports.frameLinks.merge(token, { tabId: sender.tabId, parentFrameId: sender.frameId, selector, ...(index === undefined ? {} : { index }) });
}

/** Walk up the frame tree, adding each iframe's offset, so a subframe's box lands in tab coordinates. */
export async function placeInTab(ports: PlacePorts, tabId: number, frameId: number, box: Box): Promise<PlacedInTab | null> {
  let own: Box | undefined;
  const framePath: string[] = [];
  const indexes: (number | undefined)[] = [];
  let x = box.x;
  let y = box.y;
  let viewport: ViewportInfo | undefined;
  let current = frameId;
  for (let depth = 0; current !== 0 && depth < 20; depth++) {
    const link = await ports.frameLinks.byFrame(tabId, current);
    if (!link || link.parentFrameId === undefined || !link.selector) return null;
    const rect = await ports.tabs.frameRect(tabId, link.parentFrameId, link.token).catch(() => null);
    if (!rect) return null;
    own ??= rect.box;
    x += rect.box.x;
    y += rect.box.y;
    viewport = rect.viewport;
    framePath.unshift(link.selector);
    // The index now, as the parent sees it; the handshake's when the parent's script is older than this.
    indexes.unshift(rect.index ?? link.index);
    current = link.parentFrameId;
  }
  const known = indexes.every((i): i is number => i !== undefined);
  const frameBox = { x: x - box.x, y: y - box.y, width: own?.width ?? 0, height: own?.height ?? 0 };
  return { box: { x, y, width: box.width, height: box.height }, frameBox, framePath, ...(known ? { framePathIndexes: indexes } : {}), viewport };
}
