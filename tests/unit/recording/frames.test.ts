/** Frame geometry alone: the handshake's links and a subframe's box placed in its tab. */
import { describe, expect, it } from 'vitest';
import { IDLE_STATE, type RecordingState } from '../../../lib/model';
import { linkFrame, placeInTab, type FramePorts } from '../../../lib/recording/frames';
import type { FrameLink } from '../../../lib/recording/ports';

const viewport = { width: 1280, height: 720, devicePixelRatio: 1 };
const recording: RecordingState = { ...IDLE_STATE, phase: 'recording', sessionId: 's' as RecordingState['sessionId'], tabId: 1, tabIds: [1] };

/** Tab 1: top (0) → #outer (frame 5, at 100,50) → #inner (frame 8, at 10,20 inside #outer). */
function frames(state: RecordingState = recording) {
  const links = new Map<string, FrameLink>([
    ['outer', { tabId: 1, frameId: 5, parentFrameId: 0, selector: '#outer', index: 0 }],
    ['inner', { tabId: 1, frameId: 8, parentFrameId: 5, selector: '#inner' }],
  ]);
  const rects: Record<string, { x: number; y: number; index?: number }> = { outer: { x: 100, y: 50, index: 2 }, inner: { x: 10, y: 20 } };
  const ports: FramePorts = {
    state: { get: async () => state },
    frameLinks: {
      get: async (token) => links.get(token),
      merge: async (token, patch) => void links.set(token, { ...links.get(token), ...patch }),
      byFrame: async (tabId, frameId) => {
        for (const [token, l] of links) if (l.tabId === tabId && l.frameId === frameId) return { ...l, token };
        return undefined;
      },
    },
    tabs: {
      frameRect: async (_tab, _frame, token) => {
        const r = rects[token];
        return r ? { box: { x: r.x, y: r.y, width: 400, height: 300 }, viewport, ...(r.index === undefined ? {} : { index: r.index }) } : null;
      },
    },
  };
  return { ports, links };
}

describe('placeInTab', () => {
  it('adds each iframe offset up to the top, with the selectors from the top down', async () => {
    const { ports } = frames();
    const placed = await placeInTab(ports, 1, 8, { x: 1, y: 2, width: 30, height: 10 });
    expect(placed).toMatchObject({ box: { x: 111, y: 72, width: 30, height: 10 }, framePath: ['#outer', '#inner'], viewport });
    // The inner frame's index is known to neither the handshake nor its parent: no guess is stored.
    expect(placed && 'framePathIndexes' in placed).toBe(false);
  });

  it("takes each index from the parent's answer, else from the handshake", async () => {
    const { ports, links } = frames();
    links.set('inner', { ...links.get('inner')!, index: 1 });
    expect((await placeInTab(ports, 1, 8, { x: 0, y: 0, width: 0, height: 0 }))?.framePathIndexes).toEqual([2, 1]);
  });

  it('cannot place a frame whose link is incomplete', async () => {
    const { ports, links } = frames();
    links.set('inner', { tabId: 1, frameId: 8 });
    expect(await placeInTab(ports, 1, 8, { x: 0, y: 0, width: 0, height: 0 })).toBeNull();
  });
});

describe('linkFrame', () => {
  it('keeps the first parent to claim a token (a page could forge a second claim)', async () => {
    const { ports, links } = frames();
    await linkFrame(ports, { token: 'fresh', selector: '#real' }, { tabId: 1, frameId: 0 });
    await linkFrame(ports, { token: 'fresh', selector: '#forged' }, { tabId: 1, frameId: 5 });
    expect(links.get('fresh')).toEqual({ tabId: 1, parentFrameId: 0, selector: '#real' });
  });

  it('learns nothing while nothing records', async () => {
    const { ports, links } = frames(IDLE_STATE);
    await linkFrame(ports, { token: 'fresh', selector: '#real' }, { tabId: 1, frameId: 0 });
    expect(links.has('fresh')).toBe(false);
  });
});
