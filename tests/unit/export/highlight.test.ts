import { describe, expect, it } from 'vitest';
import type { Box } from '../../../lib/model';
import { highlightInImage } from '../../../lib/export/highlight';

const viewport = { width: 1280, height: 800 };

describe('highlightInImage', () => {
  it.each<[string, Box, { width: number; height: number }, number, Box | null]>([
    ['same size, padded', { x: 100, y: 200, width: 120, height: 32 }, { width: 1280, height: 800 }, 6, { x: 94, y: 194, width: 132, height: 44 }],
    ['device pixel ratio 2 scales box and padding', { x: 100, y: 200, width: 120, height: 32 }, { width: 2560, height: 1600 }, 6, { x: 188, y: 388, width: 264, height: 88 }],
    ['downscaled stream, rounded outwards', { x: 101, y: 201, width: 11, height: 11 }, { width: 640, height: 400 }, 0, { x: 50, y: 100, width: 6, height: 6 }],
    ['clamped at the top-left corner', { x: 2, y: 1, width: 50, height: 20 }, { width: 1280, height: 800 }, 6, { x: 0, y: 0, width: 58, height: 27 }],
    ['clamped at the bottom-right corner', { x: 1250, y: 790, width: 100, height: 100 }, { width: 1280, height: 800 }, 6, { x: 1244, y: 784, width: 36, height: 16 }],
    ['partly above the fold', { x: 10, y: -20, width: 50, height: 30 }, { width: 1280, height: 800 }, 0, { x: 10, y: 0, width: 50, height: 10 }],
    ['entirely below the fold', { x: 10, y: 900, width: 50, height: 30 }, { width: 1280, height: 800 }, 6, null],
    ['entirely left of the image', { x: -80, y: 10, width: 50, height: 30 }, { width: 1280, height: 800 }, 6, null],
    ['touching the right edge from outside', { x: 1280, y: 10, width: 50, height: 30 }, { width: 1280, height: 800 }, 6, null],
    ['no padding', { x: 100, y: 200, width: 120, height: 32 }, { width: 1280, height: 800 }, 0, { x: 100, y: 200, width: 120, height: 32 }],
  ])('%s', (_name, box, image, padding, out) => {
    expect(highlightInImage(box, viewport, image, padding)).toEqual(out);
  });

  it('pads by 6 CSS px by default', () => {
    expect(highlightInImage({ x: 100, y: 100, width: 10, height: 10 }, viewport, viewport)).toEqual({ x: 94, y: 94, width: 22, height: 22 });
  });

  it.each([
    ['zero viewport', { width: 0, height: 800 }, { width: 100, height: 100 }],
    ['zero image', viewport, { width: 0, height: 0 }],
    ['NaN image', viewport, { width: Number.NaN, height: 100 }],
  ])('returns null for unusable sizes: %s', (_name, vp, image) => {
    expect(highlightInImage({ x: 1, y: 1, width: 10, height: 10 }, vp, image)).toBeNull();
  });

  it('returns null for a negative-size box', () => {
    expect(highlightInImage({ x: 10, y: 10, width: -5, height: 10 }, viewport, viewport)).toBeNull();
  });

  it('stays inside the image for any box', () => {
    for (let i = 0; i < 200; i++) {
      const box = { x: (i * 37) % 1500 - 100, y: (i * 53) % 1000 - 100, width: (i * 7) % 400, height: (i * 11) % 300 };
      const image = { width: 1000 + (i % 3) * 500, height: 600 + (i % 5) * 100 };
      const h = highlightInImage(box, viewport, image);
      if (!h) continue;
      expect(h.x).toBeGreaterThanOrEqual(0);
      expect(h.y).toBeGreaterThanOrEqual(0);
      expect(h.x + h.width).toBeLessThanOrEqual(image.width);
      expect(h.y + h.height).toBeLessThanOrEqual(image.height);
      expect(Number.isInteger(h.x) && Number.isInteger(h.width)).toBe(true);
    }
  });
});
