import { describe, expect, it } from 'vitest';
import type { Box, Size } from '../../../lib/model';
import { boxInImage, clampBox, cropInImage, intoCrop, isUsableBox, pixelBlock, shotLayout, shotViewport } from '../../../lib/export/shot-geometry';

const viewport: Size = { width: 1280, height: 800 };
const hidpi = { width: 2560, height: 1600, viewport };

describe('isUsableBox', () => {
  it.each<[string, unknown, boolean]>([
    ['a box', { x: 0, y: 0, width: 1, height: 1 }, true],
    ['negative position', { x: -5, y: -5, width: 10, height: 10 }, true],
    ['zero width', { x: 0, y: 0, width: 0, height: 10 }, false],
    ['negative height', { x: 0, y: 0, width: 10, height: -1 }, false],
    ['NaN', { x: Number.NaN, y: 0, width: 10, height: 10 }, false],
    ['Infinity', { x: 0, y: 0, width: Number.POSITIVE_INFINITY, height: 10 }, false],
    ['strings', { x: '1', y: 0, width: 10, height: 10 }, false],
    ['missing field', { x: 0, y: 0, width: 10 }, false],
    ['null', null, false],
    ['an array', [0, 0, 10, 10], false],
  ])('%s → %s', (_name, v, ok) => {
    expect(isUsableBox(v)).toBe(ok);
  });
});

describe('clampBox', () => {
  it.each<[string, Box, Box]>([
    ['inside: unchanged', { x: 10, y: 20, width: 100, height: 50 }, { x: 10, y: 20, width: 100, height: 50 }],
    ['past the right edge: moved back, not shrunk', { x: 1250, y: 20, width: 100, height: 50 }, { x: 1180, y: 20, width: 100, height: 50 }],
    ['above and left: moved in', { x: -30, y: -10, width: 100, height: 50 }, { x: 0, y: 0, width: 100, height: 50 }],
    ['too small: grown to the minimum', { x: 10, y: 10, width: 2, height: -4 }, { x: 10, y: 10, width: 8, height: 8 }],
    ['larger than the viewport: the viewport', { x: -5, y: -5, width: 5000, height: 5000 }, { x: 0, y: 0, width: 1280, height: 800 }],
  ])('%s', (_name, box, out) => {
    expect(clampBox(box, viewport)).toEqual(out);
  });
});

describe('shotViewport', () => {
  const highlight = { box: { x: 0, y: 0, width: 1, height: 1 }, viewport: { width: 640, height: 400 } };
  it.each<[string, { width: number; height: number; viewport?: Size }, Size]>([
    ["the shot's viewport first", hidpi, viewport],
    ["else the highlight's", { width: 2560, height: 1600 }, { width: 640, height: 400 }],
    ['a zero viewport is not used', { width: 2560, height: 1600, viewport: { width: 0, height: 0 } }, { width: 640, height: 400 }],
  ])('%s', (_name, image, out) => {
    expect(shotViewport(image, { highlight })).toEqual(out);
  });

  it('falls back to the image size', () => {
    expect(shotViewport({ width: 300, height: 200 }, {})).toEqual({ width: 300, height: 200 });
  });
});

describe('cropInImage', () => {
  it.each<[string, Box | undefined, Size, Box]>([
    ['no crop: the whole image', undefined, viewport, { x: 0, y: 0, width: 1280, height: 800 }],
    ['same scale', { x: 100, y: 50, width: 400, height: 300 }, viewport, { x: 100, y: 50, width: 400, height: 300 }],
    ['device pixel ratio 2', { x: 100, y: 50, width: 400, height: 300 }, { width: 2560, height: 1600 }, { x: 200, y: 100, width: 800, height: 600 }],
    ['fractional: rounded outwards', { x: 10.5, y: 10.5, width: 20, height: 20 }, viewport, { x: 10, y: 10, width: 21, height: 21 }],
    ['partly outside: clipped', { x: 1200, y: 700, width: 200, height: 200 }, viewport, { x: 1200, y: 700, width: 80, height: 100 }],
    ['entirely outside: the whole image', { x: 2000, y: 0, width: 10, height: 10 }, viewport, { x: 0, y: 0, width: 1280, height: 800 }],
    ['degenerate: the whole image', { x: 10, y: 10, width: 0, height: 10 }, viewport, { x: 0, y: 0, width: 1280, height: 800 }],
  ])('%s', (_name, crop, image, out) => {
    expect(cropInImage(crop, viewport, image)).toEqual(out);
  });
});

describe('intoCrop', () => {
  const crop = { x: 100, y: 100, width: 200, height: 100 };
  it.each<[string, Box, Box | null]>([
    ['inside: translated', { x: 150, y: 120, width: 20, height: 10 }, { x: 50, y: 20, width: 20, height: 10 }],
    ['across the left edge: clipped', { x: 80, y: 120, width: 40, height: 10 }, { x: 0, y: 20, width: 20, height: 10 }],
    ['covering the crop: the whole crop', { x: 0, y: 0, width: 1000, height: 1000 }, { x: 0, y: 0, width: 200, height: 100 }],
    ['outside', { x: 0, y: 0, width: 50, height: 50 }, null],
    ['touching the edge from outside', { x: 300, y: 100, width: 10, height: 10 }, null],
  ])('%s', (_name, box, out) => {
    expect(intoCrop(box, crop)).toEqual(out);
  });
});

describe('shotLayout', () => {
  const highlight = { box: { x: 600, y: 400, width: 100, height: 40 }, viewport };

  it('without edits: the whole image, the padded highlight', () => {
    expect(shotLayout({ highlight }, hidpi)).toEqual({
      source: { x: 0, y: 0, width: 2560, height: 1600 },
      size: { width: 2560, height: 1600 },
      blur: [],
      highlight: { x: 1188, y: 788, width: 224, height: 104 },
    });
  });

  it('crops first, then maps blur boxes and the highlight into the cropped image (image px)', () => {
    const layout = shotLayout(
      {
        highlight,
        crop: { x: 500, y: 300, width: 400, height: 300 },
        blurBoxes: [
          { x: 520, y: 320, width: 50, height: 20 }, // inside
          { x: 450, y: 500, width: 100, height: 50 }, // across the crop's left edge
          { x: 0, y: 0, width: 100, height: 100 }, // outside the crop: left out
          { x: 10, y: 10, width: 0, height: 5 }, // malformed: left out
        ],
      },
      hidpi,
    );
    expect(layout.source).toEqual({ x: 1000, y: 600, width: 800, height: 600 });
    expect(layout.size).toEqual({ width: 800, height: 600 });
    expect(layout.blur).toEqual([
      { x: 40, y: 40, width: 100, height: 40 },
      { x: 0, y: 400, width: 100, height: 100 },
    ]);
    expect(layout.highlight).toEqual({ x: 188, y: 188, width: 224, height: 104 });
  });

  it('drops a highlight the crop cuts away', () => {
    expect(shotLayout({ highlight, crop: { x: 0, y: 0, width: 100, height: 100 } }, hidpi).highlight).toBeNull();
  });

  it('keeps every box inside the output for any input', () => {
    for (let i = 0; i < 200; i++) {
      const crop = { x: (i * 37) % 1400 - 60, y: (i * 53) % 900 - 60, width: 20 + ((i * 7) % 700), height: 20 + ((i * 11) % 500) };
      const blurBoxes = [{ x: (i * 29) % 1500 - 100, y: (i * 31) % 1000 - 100, width: 1 + ((i * 13) % 400), height: 1 + ((i * 17) % 300) }];
      const image = { width: 1000 + (i % 3) * 500, height: 600 + (i % 5) * 100, viewport };
      const layout = shotLayout({ crop, blurBoxes, highlight }, image);
      expect(layout.source.x + layout.source.width).toBeLessThanOrEqual(image.width);
      expect(layout.source.y + layout.source.height).toBeLessThanOrEqual(image.height);
      for (const b of [...layout.blur, ...(layout.highlight ? [layout.highlight] : [])]) {
        expect(b.x).toBeGreaterThanOrEqual(0);
        expect(b.y).toBeGreaterThanOrEqual(0);
        expect(b.x + b.width).toBeLessThanOrEqual(layout.size.width);
        expect(b.y + b.height).toBeLessThanOrEqual(layout.size.height);
        expect([b.x, b.y, b.width, b.height].every(Number.isInteger)).toBe(true);
      }
    }
  });
});

describe('boxInImage and pixelBlock', () => {
  it('rejects a malformed box', () => {
    expect(boxInImage({ x: Number.NaN, y: 0, width: 5, height: 5 }, viewport, viewport)).toBeNull();
  });

  it.each<[Size, number]>([
    [{ width: 100, height: 32 }, 12],
    [{ width: 10, height: 10 }, 12],
    [{ width: 800, height: 400 }, 100],
  ])('pixelBlock(%j) = %i: never finer than 1/12', (size, block) => {
    expect(pixelBlock(size)).toBe(block);
  });
});

describe('shotLayout through the shot geometry (zoom, letterboxing)', () => {
  it('at 125 % zoom maps the page CSS px onto the frame', () => {
    const shot = { width: 1280, height: 800, viewport: { width: 1024, height: 640 } };
    const step = { highlight: { box: { x: 400, y: 300, width: 80, height: 20 }, viewport: { width: 1024, height: 640 } }, blurBoxes: [{ x: 100, y: 100, width: 200, height: 20 }] };
    const layout = shotLayout(step, shot, 0);
    expect(layout.highlight).toEqual({ x: 500, y: 375, width: 100, height: 25 });
    expect(layout.blur).toEqual([{ x: 125, y: 125, width: 250, height: 25 }]);
  });

  it('keeps only the page of a letterboxed frame, and draws inside it', () => {
    const shot = { width: 1280, height: 800, viewport: { width: 640, height: 800 }, content: { x: 320, y: 0, width: 640, height: 800 } };
    const step = { highlight: { box: { x: 10, y: 20, width: 100, height: 30 }, viewport: { width: 640, height: 800 } } };
    const layout = shotLayout(step, shot, 0);
    expect(layout.source).toEqual({ x: 320, y: 0, width: 640, height: 800 });
    expect(layout.size).toEqual({ width: 640, height: 800 });
    // In the cropped output the page starts at 0.
    expect(layout.highlight).toEqual({ x: 10, y: 20, width: 100, height: 30 });
  });
});
