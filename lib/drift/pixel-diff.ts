/**
 * Do two crops of the same neighbourhood look alike? A per-pixel comparison in the YIQ colour space with
 * anti-aliasing tolerance — the approach of mapbox/pixelmatch (ISC; Kotsarenko & Ramos, "Measuring perceived
 * color difference using YIQ NTSC transmission color space", and Vysniauskas' anti-aliased pixel detection),
 * written here because pixelmatch is not a dependency. Pixels that are transparent in either crop are
 * unknown and never compared: outside the page, or blurred for privacy (a blurred region is never un-blurred
 * and never guessed at). Pure: RGBA arrays in, numbers out.
 */

export interface Rgba {
  readonly width: number;
  readonly height: number;
  /** width × height × 4 bytes, RGBA. */
  readonly data: ArrayLike<number>;
}

export interface PixelDiff {
  /** Pixels compared (opaque in both crops). */
  readonly compared: number;
  /** Compared pixels that differ beyond the colour threshold and are not anti-aliasing. */
  readonly differing: number;
  /** differing / compared (0 when nothing could be compared). */
  readonly ratio: number;
  readonly total: number;
}

/** YIQ distance above which two pixels differ: pixelmatch's default (0.1 of the largest distance). */
export const COLOR_THRESHOLD = 0.1;
const MAX_YIQ_DELTA = 35215;

function blend(c: number, a: number): number {
  return 255 + (c - 255) * a;
}

/** Squared YIQ distance of pixel `i` of `a` and pixel `j` of `b` (byte offsets); `yOnly`: brightness only, signed. */
function colorDelta(a: ArrayLike<number>, b: ArrayLike<number>, i: number, j: number, yOnly = false): number {
  const aa = a[i + 3]! / 255;
  const ba = b[j + 3]! / 255;
  const r1 = blend(a[i]!, aa), g1 = blend(a[i + 1]!, aa), b1 = blend(a[i + 2]!, aa);
  const r2 = blend(b[j]!, ba), g2 = blend(b[j + 1]!, ba), b2 = blend(b[j + 2]!, ba);
  const y = (r1 - r2) * 0.29889531 + (g1 - g2) * 0.58662247 + (b1 - b2) * 0.11448223;
  if (yOnly) return y;
  const iq = (r1 - r2) * 0.59597799 - (g1 - g2) * 0.2741761 - (b1 - b2) * 0.32180189;
  const q = (r1 - r2) * 0.21147017 - (g1 - g2) * 0.52261711 + (b1 - b2) * 0.31114694;
  const delta = 0.5053 * y * y + 0.299 * iq * iq + 0.1957 * q * q;
  return y > 0 ? -delta : delta;
}

/** More than two of the pixel's neighbours have exactly its colour. */
function hasManySiblings(img: Rgba, x1: number, y1: number): boolean {
  const { width, height, data } = img;
  const pos = (y1 * width + x1) * 4;
  let zeroes = x1 === 0 || x1 === width - 1 || y1 === 0 || y1 === height - 1 ? 1 : 0;
  for (let x = Math.max(x1 - 1, 0); x <= Math.min(x1 + 1, width - 1); x++) {
    for (let y = Math.max(y1 - 1, 0); y <= Math.min(y1 + 1, height - 1); y++) {
      if (x === x1 && y === y1) continue;
      const p = (y * width + x) * 4;
      if (data[pos] === data[p] && data[pos + 1] === data[p + 1] && data[pos + 2] === data[p + 2] && data[pos + 3] === data[p + 3]) zeroes++;
      if (zeroes > 2) return true;
    }
  }
  return false;
}

/** Whether the pixel at (x1, y1) of `img` is likely anti-aliasing (an edge's blend), judged with `other` too. */
function antialiased(img: Rgba, x1: number, y1: number, other: Rgba): boolean {
  const { width, height, data } = img;
  const pos = (y1 * width + x1) * 4;
  let zeroes = x1 === 0 || x1 === width - 1 || y1 === 0 || y1 === height - 1 ? 1 : 0;
  let min = 0, max = 0, minX = 0, minY = 0, maxX = 0, maxY = 0;
  for (let x = Math.max(x1 - 1, 0); x <= Math.min(x1 + 1, width - 1); x++) {
    for (let y = Math.max(y1 - 1, 0); y <= Math.min(y1 + 1, height - 1); y++) {
      if (x === x1 && y === y1) continue;
      const delta = colorDelta(data, data, pos, (y * width + x) * 4, true);
      if (delta === 0) {
        if (++zeroes > 2) return false;
      } else if (delta < min) {
        min = delta;
        minX = x;
        minY = y;
      } else if (delta > max) {
        max = delta;
        maxX = x;
        maxY = y;
      }
    }
  }
  // No both darker and brighter neighbours: not an edge blend.
  if (min === 0 || max === 0) return false;
  return (hasManySiblings(img, minX, minY) && hasManySiblings(other, minX, minY)) || (hasManySiblings(img, maxX, maxY) && hasManySiblings(other, maxX, maxY));
}

/** Compares two crops of the same size. Throws when the sizes differ (the caller scales them first). */
export function compareCrops(a: Rgba, b: Rgba, threshold = COLOR_THRESHOLD): PixelDiff {
  if (a.width !== b.width || a.height !== b.height) throw new Error(`crops differ in size: ${a.width}×${a.height} vs ${b.width}×${b.height}`);
  const maxDelta = MAX_YIQ_DELTA * threshold * threshold;
  const total = a.width * a.height;
  let compared = 0;
  let differing = 0;
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      const p = (y * a.width + x) * 4;
      if (a.data[p + 3] === 0 || b.data[p + 3] === 0) continue;
      compared++;
      const delta = Math.abs(colorDelta(a.data, b.data, p, p));
      if (delta > maxDelta && !antialiased(a, x, y, b) && !antialiased(b, x, y, a)) differing++;
    }
  }
  return { compared, differing, ratio: compared === 0 ? 0 : differing / compared, total };
}

/**
 * Above this share of differing pixels a neighbourhood "looks different". Tuned on the demo console's v1/v2
 * fixtures (tests/e2e/drift.spec.ts, Playwright's screenshot of v1 against captureVisibleTab of v2 in the
 * check's window): unchanged neighbourhoods 0.00 %; a section border no longer under a moved field 1.2 %;
 * "Deploy now" renamed "Deploy release" 1.8 % (only glyph pixels change: a rename is a small share of the
 * crop); a modal turned into a <dialog> 4.0 %. 1 % sits between; anti-aliasing is already tolerated.
 */
export const VISUAL_THRESHOLD = 0.01;
/** Below this share of comparable pixels (the rest blurred or off-screen) nothing is said about the look. */
export const MIN_COMPARED = 0.5;

export interface VisualResult {
  readonly verdict: 'same' | 'different' | 'unknown';
  /** Share of compared pixels that differ. */
  readonly ratio: number;
  /** Share of the crop that could be compared. */
  readonly coverage: number;
}

export function visualVerdict(d: PixelDiff, threshold = VISUAL_THRESHOLD): VisualResult {
  const coverage = d.total === 0 ? 0 : d.compared / d.total;
  if (coverage < MIN_COMPARED) return { verdict: 'unknown', ratio: d.ratio, coverage };
  return { verdict: d.ratio > threshold ? 'different' : 'same', ratio: d.ratio, coverage };
}
