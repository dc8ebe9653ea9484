/**
 * Fixtures for the PDF export tests and benchmark: PNG screenshots made in Node (a small encoder over
 * fflate) and the font bytes read from node_modules, as the extension ships them.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { zlibSync } from 'fflate';
import type { PdfFonts } from '../../../lib/export/pdf';
import { concatBytes } from '../../../lib/export/pdf-png';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** PNG's Paeth predictor. */
function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * An 8-bit PNG from raw pixels (RGBA when `channels` is 4, RGB when 3, grey 1, grey+alpha 2). Row `y` uses
 * filter `filterOf(y)` (0 None, 1 Sub, 2 Up, 3 Average, 4 Paeth), 0 by default.
 */
export function encodePng(width: number, height: number, pixels: Uint8Array, channels: 1 | 2 | 3 | 4 = 4, filterOf: (y: number) => number = () => 0): Uint8Array {
  const stride = width * channels;
  const raw = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const f = filterOf(y);
    raw[y * (stride + 1)] = f;
    for (let i = 0; i < stride; i++) {
      const cur = pixels[y * stride + i]!;
      const left = i >= channels ? pixels[y * stride + i - channels]! : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + i]! : 0;
      const upLeft = y > 0 && i >= channels ? pixels[(y - 1) * stride + i - channels]! : 0;
      const predicted = f === 1 ? left : f === 2 ? up : f === 3 ? (left + up) >> 1 : f === 4 ? paeth(left, up, upLeft) : 0;
      raw[y * (stride + 1) + 1 + i] = (cur - predicted) & 0xff;
    }
  }
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr.set([8, { 1: 0, 2: 4, 3: 2, 4: 6 }[channels], 0, 0, 0], 8);
  return concatBytes([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlibSync(raw, { level: 6 })), chunk('IEND', new Uint8Array())]);
}

/**
 * A screenshot-like RGBA image: a dark top bar, a side nav, rows of "text" blocks whose pattern depends on
 * `seed` (so every step's image differs), and a red highlight frame as the exporter draws one.
 */
export function fakeScreenshot(seed: number, width = 1280, height = 800): Uint8Array {
  const px = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      let r = 248;
      let g = 249;
      let b = 251;
      if (y < 56) [r, g, b] = [30, 41, 59];
      else if (x < 220) [r, g, b] = [236, 239, 243];
      if (y > 80 && y % 24 < 11 && x % 190 < 150 && ((x >> 3) * 7 + (y >> 3) * 13 + seed * 5) % 9 < 5) [r, g, b] = [55, 65, 81];
      const hx = 300 + ((seed * 97) % 700);
      const hy = 120 + ((seed * 53) % 500);
      const onFrame = x >= hx && x < hx + 160 && y >= hy && y < hy + 40 && (x < hx + 3 || x >= hx + 157 || y < hy + 3 || y >= hy + 37);
      if (onFrame) [r, g, b] = [225, 29, 72];
      px[i] = r;
      px[i + 1] = g;
      px[i + 2] = b;
      px[i + 3] = 255;
    }
  }
  return encodePng(width, height, px, 4);
}

/** DejaVu Sans regular and bold from the npm package the extension bundles them from. */
export function loadFonts(): PdfFonts {
  const require = createRequire(import.meta.url);
  const dir = require.resolve('dejavu-fonts-ttf/package.json').replace(/package\.json$/, 'ttf/');
  return { regular: new Uint8Array(readFileSync(`${dir}DejaVuSans.ttf`)), bold: new Uint8Array(readFileSync(`${dir}DejaVuSans-Bold.ttf`)) };
}
