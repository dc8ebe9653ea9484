/**
 * PNG → PDF image without jsPDF's decoder: the pixels a PDF reader gets back (poppler's pdfimages) are
 * exactly the PNG's, for every row filter, with and without transparency.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsPDF } from 'jspdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPng } from '../../../lib/export/pdf-image';
import { pngSize, pngToPdfImage } from '../../../lib/export/pdf-png';
import { encodePng } from './pdf-fixtures';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pdf-png-test-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Deterministic, varied pixels: every filter has something to predict. */
function pixels(width: number, height: number, channels: number, alpha: (x: number, y: number) => number = () => 255): Uint8Array {
  const px = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let k = 0; k < channels; k++) {
        const isAlpha = (channels === 4 && k === 3) || (channels === 2 && k === 1);
        px[(y * width + x) * channels + k] = isAlpha ? alpha(x, y) : (x * 37 + y * 11 + k * 83 + ((x * y) % 17) * 9) & 0xff;
      }
  return px;
}

/** pdfimages' files in object order (binary PPM; greys and soft masks come out as PPM too, R = G = B). */
function extracted(png: Uint8Array, name: string): { kind: string; width: number; height: number; data: Uint8Array }[] {
  const pdf = new jsPDF({ unit: 'pt', format: 'a4' });
  const size = pngSize(png)!;
  addPng(pdf, png, 'img', 10, 10, size.width, size.height);
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, new Uint8Array(pdf.output('arraybuffer')));
  execFileSync('pdfimages', [file, join(dir, name)]);
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${name}-`))
    .sort()
    .map((f) => {
      const bytes = readFileSync(join(dir, f));
      const header = /^(P[56])\s+(\d+)\s+(\d+)\s+255\s/.exec(bytes.subarray(0, 40).toString('latin1'))!;
      return { kind: header[1]!, width: Number(header[2]), height: Number(header[3]), data: new Uint8Array(bytes.subarray(header[0].length)) };
    });
}

/** The colour (or alpha) samples of interleaved pixels. */
function plane(px: Uint8Array, channels: number, pick: readonly number[]): Uint8Array {
  const out = new Uint8Array((px.length / channels) * pick.length);
  for (let p = 0, o = 0; p < px.length; p += channels) for (const k of pick) out[o++] = px[p + k]!;
  return out;
}

const cycleFilters = (y: number) => y % 5;

/** A grey image written as PPM: one sample per pixel, after checking R = G = B. */
function grey(rgb: Uint8Array): Uint8Array {
  const out = new Uint8Array(rgb.length / 3);
  for (let i = 0; i < out.length; i++) {
    if (rgb[i * 3] !== rgb[i * 3 + 1] || rgb[i * 3] !== rgb[i * 3 + 2]) throw new Error(`pixel ${i} is not grey`);
    out[i] = rgb[i * 3]!;
  }
  return out;
}

describe('pngSize', () => {
  it('reads width and height from IHDR', () => {
    expect(pngSize(encodePng(7, 3, pixels(7, 3, 4)))).toEqual({ width: 7, height: 3 });
  });

  it.each([
    ['empty', new Uint8Array()],
    ['not a PNG', new Uint8Array(64).fill(7)],
    ['a truncated PNG', encodePng(4, 4, pixels(4, 4, 4)).subarray(0, 20)],
  ])('rejects %s', (_name, bytes) => {
    expect(pngSize(bytes)).toBeUndefined();
  });
});

describe('pngToPdfImage', () => {
  it('passes an RGB PNG stream through untouched', () => {
    const png = encodePng(5, 4, pixels(5, 4, 3), 3, cycleFilters);
    const img = pngToPdfImage(png)!;
    expect(img).toMatchObject({ width: 5, height: 4, colorSpace: 'DeviceRGB', colors: 3 });
    expect(img.alpha).toBeUndefined();
    // The IDAT payload itself, not a re-encoding of it.
    const idat = Buffer.from(png).indexOf('IDAT') + 4;
    expect(Buffer.from(img.data).equals(Buffer.from(png.subarray(idat, idat + img.data.length)))).toBe(true);
    expect(idat + img.data.length + 4 + 12).toBe(png.length);
  });

  it('drops the alpha channel of an opaque RGBA PNG', () => {
    expect(pngToPdfImage(encodePng(6, 6, pixels(6, 6, 4), 4, cycleFilters))!.alpha).toBeUndefined();
  });

  it('keeps the alpha channel when a pixel is not opaque', () => {
    expect(pngToPdfImage(encodePng(6, 6, pixels(6, 6, 4, (x) => (x === 2 ? 128 : 255)), 4))!.alpha).toBeInstanceOf(Uint8Array);
  });

  it.each([
    ['16-bit', 24, 16],
    ['palette', 25, 3],
    ['interlaced', 28, 1],
  ])('leaves %s PNGs to jsPDF', (_name, offset, value) => {
    const png = encodePng(4, 4, pixels(4, 4, 3), 3);
    png[offset] = value;
    expect(pngToPdfImage(png)).toBeUndefined();
  });
});

describe('a PDF reader gets the PNG pixels back exactly', { timeout: 30_000 }, () => {
  const W = 23;
  const H = 17;

  it('RGB, every row filter', () => {
    const px = pixels(W, H, 3);
    const [rgb, ...rest] = extracted(encodePng(W, H, px, 3, cycleFilters), 'rgb');
    expect(rest).toEqual([]);
    expect(rgb).toMatchObject({ kind: 'P6', width: W, height: H });
    expect(Buffer.from(rgb!.data).equals(Buffer.from(px))).toBe(true);
  });

  it('opaque RGBA, every row filter: colour only, no soft mask', () => {
    const px = pixels(W, H, 4);
    const images = extracted(encodePng(W, H, px, 4, cycleFilters), 'rgba-opaque');
    expect(images).toHaveLength(1);
    expect(Buffer.from(images[0]!.data).equals(Buffer.from(plane(px, 4, [0, 1, 2])))).toBe(true);
  });

  it('translucent RGBA, every row filter: colour and soft mask', () => {
    const px = pixels(W, H, 4, (x, y) => (x * 11 + y * 7) & 0xff);
    const [rgb, mask] = extracted(encodePng(W, H, px, 4, cycleFilters), 'rgba-alpha');
    expect(Buffer.from(rgb!.data).equals(Buffer.from(plane(px, 4, [0, 1, 2])))).toBe(true);
    expect(mask).toMatchObject({ width: W, height: H });
    expect(Buffer.from(grey(mask!.data)).equals(Buffer.from(plane(px, 4, [3])))).toBe(true);
  });

  it('grey with alpha', () => {
    const px = pixels(W, H, 2, (x) => (x % 3 ? 255 : 40));
    const [image, mask] = extracted(encodePng(W, H, px, 2, cycleFilters), 'grey-alpha');
    expect(image).toMatchObject({ width: W, height: H });
    expect(Buffer.from(grey(image!.data)).equals(Buffer.from(plane(px, 2, [0])))).toBe(true);
    expect(Buffer.from(grey(mask!.data)).equals(Buffer.from(plane(px, 2, [1])))).toBe(true);
  });
});
