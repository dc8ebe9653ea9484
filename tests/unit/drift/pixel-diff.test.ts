import { describe, expect, it } from 'vitest';
import { compareCrops, visualVerdict, VISUAL_THRESHOLD, type Rgba } from '../../../lib/drift/pixel-diff';
import { boxesInCrop, neighbourhoods } from '../../../lib/drift/crop';

function image(width: number, height: number, paint: (x: number, y: number) => [number, number, number, number]): Rgba {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(paint(x, y), (y * width + x) * 4);
  return { width, height, data };
}
const white = (): [number, number, number, number] => [255, 255, 255, 255];
/** A dark "button" with a 1 px grey (anti-aliased) edge. */
const button = (x0: number) => (x: number, y: number): [number, number, number, number] => {
  if (x >= x0 && x < x0 + 20 && y >= 10 && y < 20) return [30, 30, 30, 255];
  if (x >= x0 - 1 && x <= x0 + 20 && y >= 9 && y <= 20) return [140, 140, 140, 255];
  return white();
};

describe('compareCrops', () => {
  it('finds nothing between identical crops', () => {
    const a = image(40, 30, button(10));
    expect(compareCrops(a, image(40, 30, button(10)))).toMatchObject({ differing: 0, compared: 1200, ratio: 0 });
  });

  it('counts a changed region and decides "different" above the threshold', () => {
    const a = image(40, 30, white);
    const b = image(40, 30, (x, y) => (x < 20 && y < 15 ? [0, 0, 0, 255] : white()));
    const d = compareCrops(a, b);
    expect(d.differing).toBeGreaterThan(250);
    expect(visualVerdict(d)).toMatchObject({ verdict: 'different' });
  });

  it('ignores colour changes below the YIQ threshold (a slightly different grey)', () => {
    const a = image(10, 10, () => [200, 200, 200, 255]);
    const b = image(10, 10, () => [205, 205, 205, 255]);
    expect(compareCrops(a, b).differing).toBe(0);
  });

  it('tolerates anti-aliased edge pixels', () => {
    // The same shape; only its 1 px blended edge differs in shade.
    const a = image(40, 30, button(10));
    const b = image(40, 30, (x, y) => {
      const p = button(10)(x, y);
      return p[0] === 140 ? [110, 110, 110, 255] : p;
    });
    // 64 edge pixels changed shade; only the 8 next to the corners (three equal neighbours: not a thin edge) count.
    const d = compareCrops(a, b);
    expect(d.differing).toBe(8);
    expect(visualVerdict(d).verdict).toBe('same');
  });

  it('never compares transparent (unknown: blurred or off the page) pixels', () => {
    const a = image(10, 10, (x) => (x < 5 ? [0, 0, 0, 0] : [255, 255, 255, 255]));
    const b = image(10, 10, () => [0, 0, 0, 255]);
    const d = compareCrops(a, b);
    expect(d.compared).toBe(50);
    expect(d.differing).toBe(50);
    // Too little compared to say anything.
    expect(visualVerdict(compareCrops(image(10, 10, (x) => (x < 6 ? [0, 0, 0, 0] : white())), image(10, 10, white)))).toMatchObject({ verdict: 'unknown' });
  });

  it('refuses crops of different sizes', () => {
    expect(() => compareCrops(image(2, 2, white), image(3, 2, white))).toThrow(/differ in size/);
  });

  it('the threshold sits between re-rendering noise and a real change', () => {
    expect(visualVerdict({ compared: 1000, differing: 5, ratio: 0.005, total: 1000 }).verdict).toBe('same');
    expect(visualVerdict({ compared: 1000, differing: 100, ratio: 0.1, total: 1000 }).verdict).toBe('different');
    expect(VISUAL_THRESHOLD).toBeGreaterThan(0.005);
  });
});

describe('neighbourhoods', () => {
  it('gives two crops of one size aligned on the element, wherever it sits now', () => {
    const p = neighbourhoods({ x: 100, y: 200, width: 80, height: 30 }, { x: 400, y: 50, width: 120, height: 30 })!;
    expect(p.size).toEqual({ width: 168, height: 78 });
    expect(p.recorded).toEqual({ x: 76, y: 176, width: 168, height: 78 });
    expect(p.live).toEqual({ x: 376, y: 26, width: 168, height: 78 });
  });
  it('refuses an empty or huge element', () => {
    expect(neighbourhoods({ x: 0, y: 0, width: 0, height: 0 }, { x: 0, y: 0, width: 0, height: 0 })).toBeNull();
    expect(neighbourhoods({ x: 0, y: 0, width: 1200, height: 40 }, { x: 0, y: 0, width: 1200, height: 40 })).toBeNull();
  });
  it('moves page boxes into the crop and drops those outside', () => {
    expect(boxesInCrop([{ x: 110, y: 210, width: 10, height: 10 }, { x: 0, y: 0, width: 5, height: 5 }], { x: 100, y: 200, width: 50, height: 50 })).toEqual([{ x: 10, y: 10, width: 10, height: 10 }]);
  });
});
