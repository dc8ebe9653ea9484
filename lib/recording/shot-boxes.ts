/**
 * What a screenshot of a tab must blur, gathered from every frame of the tab for the moment the frame was
 * captured (lib/privacy/screen-states.ts answers per frame). Subframe boxes are moved into the top frame's CSS
 * px. Fails closed: a subframe that cannot tell (no content script, no answer, a state never measured) or
 * whose size does not match its iframe's box (a transform, another zoom) is blurred whole; when even that is
 * impossible (the top frame cannot tell, a frame cannot be placed) the answer is unknown and no pixels may be
 * kept.
 */
import type { Box } from '../model';
import type { BoxesAnswer, FrameView } from '../privacy/screen-states';
import { offsetBoxes } from '../privacy/blur-geometry';
import { frameViewportMatches } from '../screenshot/geometry';
import type { PageView } from '../screenshot/keep-frame';

export interface ShotBoxesPorts {
  /** Every frame of the tab (ids), the top frame 0 included. */
  frameIds(tabId: number): Promise<number[]>;
  /** One frame's answer; null when it has no content script or did not answer in time. */
  boxesAt(tabId: number, frameId: number, window: { from: number; to: number; since?: number }): Promise<BoxesAnswer | null>;
  /**
   * How a subframe is linked to its iframe: the token it announced and its parent frame. 'unannounced': the
   * frame never linked itself, so its parent reports that iframe's whole box as secret
   * (FrameRegistry.silentFrames).
   */
  frameLink(tabId: number, frameId: number): Promise<{ token: string; parentFrameId: number } | 'unannounced' | null>;
  /** Where a subframe's viewport lies in the top frame's CSS px now (asked live); null when it cannot be placed. */
  placeFrame(tabId: number, frameId: number): Promise<Box | null>;
}

export type TabBoxes =
  | { readonly known: true; readonly boxes: Box[]; readonly view: PageView; readonly changedSince: boolean }
  | { readonly known: false; readonly reason: string };

function pageView(v: FrameView): PageView {
  return { viewport: { width: v.width, height: v.height }, ...(v.visual ? { visual: v.visual } : {}) };
}

/** `actingFrameId`: the frame the action happened in; its changes (and the top frame's) make a shot 'after'. */
export async function boxesInTab(ports: ShotBoxesPorts, tabId: number, window: { from: number; to: number; since?: number }, actingFrameId = 0): Promise<TabBoxes> {
  const ids = await ports.frameIds(tabId).catch(() => [0]);
  const answers = await Promise.all(
    [...new Set([0, ...ids])].map(async (frameId) => ({ frameId, answer: await ports.boxesAt(tabId, frameId, window).catch(() => null) })),
  );
  const top = answers.find((a) => a.frameId === 0)?.answer;
  if (!top) return { known: false, reason: 'the page did not say what it showed' };
  if (!top.known) return { known: false, reason: top.reason };
  const byFrame = new Map(answers.map((a) => [a.frameId, a.answer]));

  /**
   * Every place a frame's viewport had in the top frame's CSS px during the capture: from its parent's own
   * answer for that moment (the states the frame may show, each with where its iframes were), up the chain.
   * A parent that did not measure the child (announced later) is asked where it is now. null: unplaceable.
   */
  async function places(frameId: number, depth = 0): Promise<Box[] | 'unannounced' | null> {
    if (frameId === 0) return [{ x: 0, y: 0, width: top!.known ? top!.view.width : 0, height: top!.known ? top!.view.height : 0 }];
    if (depth > 20) return null;
    const link = await ports.frameLink(tabId, frameId).catch(() => null);
    if (link === 'unannounced' || link === null) return link;
    const parent = byFrame.get(link.parentFrameId);
    const own = parent?.known ? (parent.frames ?? []).filter((f) => f.token === link.token).map((f) => f.box) : [];
    if (own.length === 0) {
      const now = await ports.placeFrame(tabId, frameId).catch(() => null);
      return now ? [now] : null;
    }
    const above = await places(link.parentFrameId, depth + 1);
    if (above === 'unannounced' || above === null) return above;
    return above.flatMap((p) => own.map((b) => ({ x: p.x + b.x, y: p.y + b.y, width: b.width, height: b.height })));
  }

  const boxes: Box[] = [...top.boxes];
  let changedSince = top.changedSince;
  for (const { frameId, answer } of answers) {
    if (frameId === 0) continue;
    if (answer?.known && answer.boxes.length === 0 && !(frameId === actingFrameId && answer.changedSince)) continue;
    const placed = await places(frameId);
    if (placed === 'unannounced') continue;
    if (!placed || placed.length === 0) {
      if (answer?.known && answer.boxes.length === 0) continue;
      return { known: false, reason: 'a frame that may show something secret could not be placed on the screenshot' };
    }
    if (frameId === actingFrameId) changedSince ||= answer?.changedSince ?? false;
    for (const place of placed) {
      if (answer?.known && frameViewportMatches(place, { width: answer.view.width, height: answer.view.height }) && !answer.view.visual) {
        boxes.push(...offsetBoxes(answer.boxes, place.x, place.y));
      } else {
        boxes.push(place);
      }
    }
  }
  return { known: true, boxes, view: pageView(top.view), changedSince };
}
