import { describe, expect, it } from 'vitest';
import { boxInImage, cssBoxToImage, frameViewportMatches, imageBoxToCss, measureBars, predictContent, resolveContent, type FrameOfReference } from '../../../lib/screenshot/geometry';
import type { Box, Size } from '../../../lib/model';

const button: Box = { x: 100, y: 200, width: 80, height: 30 };

/** A frame of `image` px: black outside `content`, white inside. */
function frame(image: Size, content: Box): Uint8ClampedArray {
  const px = new Uint8ClampedArray(image.width * image.height * 4);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const inside = x >= content.x && x < content.x + content.width && y >= content.y && y < content.y + content.height;
      const i = (y * image.width + x) * 4;
      px[i] = px[i + 1] = px[i + 2] = inside ? 255 : 0;
      px[i + 3] = 255;
    }
  }
  return px;
}

describe('cssBoxToImage: one mapping for every real-world condition', () => {
  // The tab is 1280×800 DIP; its stream frame is 1280×800 px. Zoom changes the page's CSS viewport only.
  it.each([
    ['zoom 100 %', { viewport: { width: 1280, height: 800 } }, { width: 1280, height: 800 }, { x: 100, y: 200, width: 80, height: 30 }],
    ['zoom 125 %', { viewport: { width: 1024, height: 640 } }, { width: 1280, height: 800 }, { x: 125, y: 250, width: 100, height: 37.5 }],
    ['zoom 50 %', { viewport: { width: 2560, height: 1600 } }, { width: 1280, height: 800 }, { x: 50, y: 100, width: 40, height: 15 }],
    ['zoom 200 %', { viewport: { width: 640, height: 400 } }, { width: 1280, height: 800 }, { x: 200, y: 400, width: 160, height: 60 }],
    ['devicePixelRatio 2, stream at DIP size', { viewport: { width: 1280, height: 800 } }, { width: 1280, height: 800 }, { x: 100, y: 200, width: 80, height: 30 }],
    ['devicePixelRatio 2, stream at device px', { viewport: { width: 1280, height: 800 } }, { width: 2560, height: 1600 }, { x: 200, y: 400, width: 160, height: 60 }],
    [
      'letterboxed (emulated 640×800 in a 1280×800 frame)',
      { viewport: { width: 640, height: 800 }, content: { x: 320, y: 0, width: 640, height: 800 } },
      { width: 1280, height: 800 },
      { x: 420, y: 200, width: 80, height: 30 },
    ],
    [
      'letterboxed and scaled (emulated 1600×800 in 1280×800)',
      { viewport: { width: 1600, height: 800 }, content: { x: 0, y: 80, width: 1280, height: 640 } },
      { width: 1280, height: 800 },
      { x: 80, y: 240, width: 64, height: 24 },
    ],
    [
      'pinch zoom ×2 at (50, 100)',
      { viewport: { width: 1280, height: 800 }, visual: { x: 50, y: 100, scale: 2 } },
      { width: 1280, height: 800 },
      { x: 100, y: 200, width: 160, height: 60 },
    ],
  ] as [string, FrameOfReference, Size, Box][])('%s', (_, ref, image, expected) => {
    const got = cssBoxToImage(button, ref, image);
    expect(got.x).toBeCloseTo(expected.x, 6);
    expect(got.y).toBeCloseTo(expected.y, 6);
    expect(got.width).toBeCloseTo(expected.width, 6);
    expect(got.height).toBeCloseTo(expected.height, 6);
    // And back: the editor's drags land where they were drawn.
    const back = imageBoxToCss(got, ref, image);
    expect(back.x).toBeCloseTo(button.x, 6);
    expect(back.width).toBeCloseTo(button.width, 6);
  });
});

describe('boxInImage', () => {
  const ref = { viewport: { width: 640, height: 800 }, content: { x: 320, y: 0, width: 640, height: 800 } };
  const image = { width: 1280, height: 800 };

  it('rounds outwards and pads in CSS px', () => {
    expect(boxInImage({ x: 10.2, y: 10.7, width: 5, height: 5 }, ref, image, 2)).toEqual({ x: 328, y: 8, width: 10, height: 10 });
  });

  it('clips to the content rectangle, never into the letterbox bars', () => {
    expect(boxInImage({ x: -20, y: 10, width: 40, height: 10 }, ref, image)).toEqual({ x: 320, y: 10, width: 20, height: 10 });
  });

  it('is null outside the page or for unusable sizes', () => {
    expect(boxInImage({ x: 700, y: 10, width: 40, height: 10 }, ref, image)).toBeNull();
    expect(boxInImage(button, { viewport: { width: 0, height: 800 } }, image)).toBeNull();
    expect(boxInImage({ x: Number.NaN, y: 0, width: 1, height: 1 }, ref, image)).toBeNull();
  });
});

describe('letterbox: predicted, measured, trusted', () => {
  it('predicts a centred fit', () => {
    expect(predictContent({ width: 900, height: 700 }, { width: 1280, height: 800 })).toEqual({ x: (1280 - 900 * (800 / 700)) / 2, y: 0, width: 900 * (800 / 700), height: 800 });
    expect(predictContent({ width: 1024, height: 640 }, { width: 1280, height: 800 })).toEqual({ x: 0, y: 0, width: 1280, height: 800 });
  });

  it('measures black bars on every side', () => {
    const image = { width: 64, height: 40 };
    expect(measureBars(frame(image, { x: 10, y: 3, width: 40, height: 30 }), 64, 40)).toEqual({ top: 3, bottom: 7, left: 10, right: 14 });
    expect(measureBars(frame(image, { x: 0, y: 0, width: 64, height: 40 }), 64, 40)).toEqual({ top: 0, bottom: 0, left: 0, right: 0 });
  });

  it('trusts a frame whose bars are where the page size puts them', () => {
    const image = { width: 128, height: 80 };
    const viewport = { width: 64, height: 80 };
    const check = resolveContent(viewport, image, measureBars(frame(image, predictContent(viewport, image)), 128, 80));
    expect(check).toEqual({ trusted: true, content: { x: 32, y: 0, width: 64, height: 80 } });
  });

  it('trusts a page with a black edge of its own (bars thicker than predicted)', () => {
    const image = { width: 128, height: 80 };
    const check = resolveContent({ width: 64, height: 80 }, image, measureBars(frame(image, { x: 40, y: 0, width: 50, height: 80 }), 128, 80));
    expect(check.trusted).toBe(true);
  });

  it('does not trust a frame without the bars the page size demands (resized or zoomed mid-grab)', () => {
    const image = { width: 128, height: 80 };
    const check = resolveContent({ width: 64, height: 80 }, image, measureBars(frame(image, { x: 0, y: 0, width: 128, height: 80 }), 128, 80));
    expect(check.trusted).toBe(false);
    expect(check.trusted === false && check.reason).toMatch(/letterbox bar on the left/);
  });
});

describe('frameViewportMatches', () => {
  it('accepts rounding, rejects a scaled or zoomed frame', () => {
    expect(frameViewportMatches({ width: 400.5, height: 300 }, { width: 400, height: 300 })).toBe(true);
    expect(frameViewportMatches({ width: 400, height: 300 }, { width: 500, height: 375 })).toBe(false);
  });
});
