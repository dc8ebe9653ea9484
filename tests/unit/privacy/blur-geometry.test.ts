import { describe, expect, it } from 'vitest';
import { blurRegionsInImage, mergeBoxes, offsetBoxes, sourcePixelBlock } from '../../../lib/privacy/blur-geometry';

describe('blur regions at the source', () => {
  it('maps CSS px to image px (device pixel ratio 2), padded and clipped to the image', () => {
    expect(blurRegionsInImage([{ x: 10, y: 20, width: 100, height: 30 }], { viewport: { width: 800, height: 600 } }, { width: 1600, height: 1200 }, 3)).toEqual([
      { x: 14, y: 34, width: 212, height: 72 },
    ]);
    expect(blurRegionsInImage([{ x: -50, y: 590, width: 100, height: 30 }], { viewport: { width: 800, height: 600 } }, { width: 800, height: 600 }, 0)).toEqual([
      { x: 0, y: 590, width: 50, height: 10 },
    ]);
  });

  it('drops boxes outside the image and unusable ones', () => {
    const viewport = { width: 800, height: 600 };
    expect(blurRegionsInImage([{ x: 900, y: 0, width: 10, height: 10 }, { x: 0, y: 0, width: Number.NaN, height: 10 }, { x: 0, y: 0, width: 0, height: 5 }], { viewport }, viewport)).toEqual([]);
  });

  it('blurs at 125 % zoom where the page shows the box (CSS viewport smaller than the frame)', () => {
    // A 1280×800 DIP tab at 125 %: the page is 1024×640 CSS px; the secret at CSS (400, 300) is at (500, 375).
    expect(blurRegionsInImage([{ x: 400, y: 300, width: 200, height: 20 }], { viewport: { width: 1024, height: 640 } }, { width: 1280, height: 800 }, 0)).toEqual([
      { x: 500, y: 375, width: 250, height: 25 },
    ]);
  });

  it('blurs inside the letterbox content rectangle', () => {
    const ref = { viewport: { width: 640, height: 800 }, content: { x: 320, y: 0, width: 640, height: 800 } };
    expect(blurRegionsInImage([{ x: 10, y: 10, width: 100, height: 20 }], ref, { width: 1280, height: 800 }, 0)).toEqual([{ x: 330, y: 10, width: 100, height: 20 }]);
  });

  it('blurs the whole page rather than drop boxes past the limit', () => {
    const many = Array.from({ length: 250 }, (_, i) => ({ x: i, y: i, width: 2, height: 2 }));
    expect(blurRegionsInImage(many, { viewport: { width: 800, height: 600 } }, { width: 800, height: 600 }, 0)).toEqual([{ x: 0, y: 0, width: 800, height: 600 }]);
  });

  it('merges overlapping boxes, transitively', () => {
    expect(mergeBoxes([{ x: 0, y: 0, width: 10, height: 10 }, { x: 20, y: 0, width: 10, height: 10 }, { x: 5, y: 5, width: 20, height: 2 }])).toEqual([{ x: 0, y: 0, width: 30, height: 10 }]);
    expect(mergeBoxes([{ x: 0, y: 0, width: 10, height: 10 }, { x: 50, y: 50, width: 10, height: 10 }])).toHaveLength(2);
  });

  it('moves a subframe box into the tab', () => {
    expect(offsetBoxes([{ x: 1, y: 2, width: 3, height: 4 }], 100, 200)).toEqual([{ x: 101, y: 202, width: 3, height: 4 }]);
  });

  it('pixel blocks are coarse: at least 16 px, half the short side', () => {
    expect(sourcePixelBlock({ width: 300, height: 20 })).toBe(16);
    expect(sourcePixelBlock({ width: 300, height: 80 })).toBe(40);
  });
});
