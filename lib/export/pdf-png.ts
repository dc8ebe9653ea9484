/** PNGs for the PDF export: is it one, its pixel size, and its pixels as a PDF image stream. */
import { unzlibSync, zlibSync } from 'fflate';
import type { Size } from '../model';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from the IHDR chunk, or undefined when `bytes` is not a PNG with a sane header. */
export function pngSize(bytes: Uint8Array): Size | undefined {
  if (bytes.length < 33 || SIGNATURE.some((b, i) => bytes[i] !== b)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // IHDR must be the first chunk: length 13 at offset 8, type at 12, width and height at 16 and 20.
  if (view.getUint32(8) !== 13 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return undefined;
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  return width > 0 && height > 0 && width < 1 << 16 && height < 1 << 16 ? { width, height } : undefined;
}

/**
 * A PNG as a PDF image XObject without jsPDF's per-sample decode: PDF's FlateDecode with PNG predictors
 * (Predictor 15: a filter byte per row, as in PNG) reads a PNG's own zlib stream, so an opaque RGB or
 * grey PNG passes through untouched, and an RGBA one (what a canvas encodes) is inflated, split into colour
 * and alpha, and deflated again, with no soft mask when every pixel is opaque.
 */
export interface PdfImageData {
  readonly width: number;
  readonly height: number;
  readonly colorSpace: 'DeviceRGB' | 'DeviceGray';
  /** Zlib data with a PNG filter byte before every row. */
  readonly data: Uint8Array;
  /** The alpha channel in the same form, when some pixel is not opaque. */
  readonly alpha?: Uint8Array;
  /** `/DecodeParms` of the colour data (the soft mask uses Colors 1). */
  readonly colors: 1 | 3;
}

/** fflate level for re-encoded images: fast; PNG's own encoder already chose for pass-through ones. */
const DEFLATE_LEVEL = 3;

interface Chunks {
  readonly width: number;
  readonly height: number;
  readonly depth: number;
  readonly colorType: number;
  readonly interlace: number;
  readonly idat: Uint8Array;
  readonly hasTransparencyChunk: boolean;
}

function readChunks(png: Uint8Array): Chunks | undefined {
  const size = pngSize(png);
  if (!size) return undefined;
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const parts: Uint8Array[] = [];
  let trns = false;
  for (let at = 8; at + 12 <= png.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(png[at + 4]!, png[at + 5]!, png[at + 6]!, png[at + 7]!);
    if (at + 12 + length > png.length) return undefined;
    if (type === 'IDAT') parts.push(png.subarray(at + 8, at + 8 + length));
    else if (type === 'tRNS') trns = true;
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  if (parts.length === 0) return undefined;
  const idat = parts.length === 1 ? parts[0]! : concatBytes(parts);
  return { ...size, depth: png[24]!, colorType: png[25]!, interlace: png[28]!, idat, hasTransparencyChunk: trns };
}

/** The byte arrays one after the other. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Reverses PNG row filters in place (rows of 1 filter byte + `stride` bytes, `bpp` bytes per pixel). */
export function unfilterRows(raw: Uint8Array, height: number, stride: number, bpp: number): void {
  const row = stride + 1;
  for (let y = 0; y < height; y++) {
    const start = y * row + 1;
    const prev = start - row;
    const filter = raw[start - 1];
    if (filter === 0) continue;
    for (let i = 0; i < stride; i++) {
      const left = i >= bpp ? raw[start + i - bpp]! : 0;
      const up = y > 0 ? raw[prev + i]! : 0;
      let predicted: number;
      if (filter === 1) predicted = left;
      else if (filter === 2) predicted = up;
      else if (filter === 3) predicted = (left + up) >> 1;
      else if (filter === 4) {
        const upLeft = y > 0 && i >= bpp ? raw[prev + i - bpp]! : 0;
        const p = left + up - upLeft;
        const pa = Math.abs(p - left);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - upLeft);
        predicted = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      } else throw new Error(`PNG row filter ${filter} is not defined.`);
      raw[start + i] = (raw[start + i]! + predicted) & 0xff;
    }
  }
}

/**
 * The PNG ready for a PDF, or undefined for the rare kinds this does not handle (16-bit, palette,
 * interlaced, tRNS): the caller then lets jsPDF decode those.
 */
export function pngToPdfImage(png: Uint8Array): PdfImageData | undefined {
  const c = readChunks(png);
  if (!c || c.depth !== 8 || c.interlace !== 0 || c.hasTransparencyChunk) return undefined;
  const { width, height } = c;
  if (c.colorType === 2 || c.colorType === 0) {
    const colors = c.colorType === 2 ? 3 : 1;
    return { width, height, colorSpace: colors === 3 ? 'DeviceRGB' : 'DeviceGray', data: c.idat, colors };
  }
  if (c.colorType !== 6 && c.colorType !== 4) return undefined;
  const colors = c.colorType === 6 ? 3 : 1;
  const bpp = colors + 1;
  const stride = width * bpp;
  const raw = unzlibSync(c.idat);
  if (raw.length < height * (stride + 1)) throw new Error('The PNG is truncated.');
  unfilterRows(raw, height, stride, bpp);
  // Re-filtered with "Up" (difference to the row above): cheap, and screenshots repeat vertically.
  const colorRow = width * colors + 1;
  const color = new Uint8Array(height * colorRow);
  const alpha = new Uint8Array(height * (width + 1));
  let opaque = true;
  for (let y = 0; y < height; y++) {
    const src = y * (stride + 1) + 1;
    const above = src - (stride + 1);
    let co = y * colorRow;
    let ao = y * (width + 1);
    color[co++] = 2;
    alpha[ao++] = 2;
    for (let x = 0; x < width; x++) {
      const p = src + x * bpp;
      const q = above + x * bpp;
      for (let k = 0; k < colors; k++) color[co++] = (raw[p + k]! - (y > 0 ? raw[q + k]! : 0)) & 0xff;
      const a = raw[p + colors]!;
      if (a !== 255) opaque = false;
      alpha[ao++] = (a - (y > 0 ? raw[q + colors]! : 0)) & 0xff;
    }
  }
  return { width, height, colorSpace: colors === 3 ? 'DeviceRGB' : 'DeviceGray', data: zlibSync(color, { level: DEFLATE_LEVEL }), colors, ...(opaque ? {} : { alpha: zlibSync(alpha, { level: DEFLATE_LEVEL }) }) };
}
