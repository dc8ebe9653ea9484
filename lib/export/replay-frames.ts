/**
 * Child-frame indexes for a captured frame path. The DevTools Recorder addresses an iframe by its index among
 * its parent's child frames (`frame: [1, 0]`). Recordings since frame indexes were captured carry them
 * (`target.framePathIndexes`: each parent frame's window.frames index of the iframe, at the action), and
 * those are used as they are. Older recordings have only the CSS selectors, and the index is inferred: iframes
 * acted in under the same parent are ranked by Chrome's frame id, which grows in frame-creation order, the
 * order Puppeteer lists child frames in. Iframes never acted in are unknown there, so a guessed index can be
 * too small when such a frame came first; Playwright's export needs no index.
 */
import type { RawEvent } from '../model';

export interface FrameIndexer {
  /** `recorded`: the indexes captured with the path, used when they cover it. */
  indexes(tabId: number, framePath: readonly string[], recorded?: readonly number[]): number[];
}

function usable(recorded: readonly number[] | undefined, framePath: readonly string[]): recorded is readonly number[] {
  return !!recorded && recorded.length === framePath.length && recorded.every((i) => Number.isInteger(i) && i >= 0);
}

const SEP = '\u0000';

export function frameIndexer(events: readonly RawEvent[]): FrameIndexer {
  /** tab + frame-path prefix → smallest frame id seen under it, and when it was first seen. */
  const seen = new Map<string, { minFrameId: number; first: number }>();
  events.forEach((e, order) => {
    if (!('target' in e) || e.target.framePath.length === 0) return;
    const path = e.target.framePath;
    for (let depth = 1; depth <= path.length; depth++) {
      const key = [e.tabId, ...path.slice(0, depth)].join(SEP);
      const id = e.frameId > 0 ? e.frameId : Number.POSITIVE_INFINITY;
      const prev = seen.get(key);
      // The deepest frame's id stands for its ancestors too: a parent frame is always created before its children.
      seen.set(key, { minFrameId: Math.min(prev?.minFrameId ?? id, id), first: prev?.first ?? order });
    }
  });

  return {
    indexes(tabId, framePath, recorded) {
      if (usable(recorded, framePath)) return [...recorded];
      const out: number[] = [];
      for (let depth = 1; depth <= framePath.length; depth++) {
        const parent = [tabId, ...framePath.slice(0, depth - 1)].join(SEP);
        const self = [tabId, ...framePath.slice(0, depth)].join(SEP);
        const siblings = [...seen.entries()]
          .filter(([key]) => key.startsWith(parent + SEP) && key.slice(parent.length + 1).split(SEP).length === 1)
          .sort(([, a], [, b]) => a.minFrameId - b.minFrameId || a.first - b.first)
          .map(([key]) => key);
        const at = siblings.indexOf(self);
        out.push(at < 0 ? 0 : at);
      }
      return out;
    },
  };
}
