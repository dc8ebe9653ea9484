/**
 * Reading screenshots back the way anyone could: OCR (tesseract, from Debian) for legible secrets, and the
 * pixels themselves for where the red highlight was drawn and where a letterboxed page lies. Independent of
 * the product's own geometry code: a test maps element boxes itself and compares.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PixelFacts {
  width: number;
  height: number;
  /** Bounding box of the highlight's red (#e11d48, give or take a little) pixels, or null when none. */
  red: Rect | null;
  /** Where the page lies: inside the pure-black letterbox bars. */
  content: Rect;
}

const dir = mkdtempSync(join(tmpdir(), 'sop-shots-'));
let n = 0;

/**
 * The kind of an image from its magic bytes (exports write JPEG by default, WebP or PNG on request), or
 * undefined for anything else: checked independently of the product's own sniffing.
 */
export function imageKind(bytes: Uint8Array): 'png' | 'jpeg' | 'webp' | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP') return 'webp';
  return undefined;
}

/** `image/jpeg` etc. for the decoder; PNG when unknown (the stored shots are PNG). */
export function imageMime(bytes: Uint8Array): string {
  return `image/${imageKind(bytes) ?? 'png'}`;
}

/** Decodes an image (PNG, JPEG, WebP) in a Chromium page (createImageBitmap) and measures it there. */
export async function pixelFacts(page: Page, png: Buffer): Promise<PixelFacts> {
  return page.evaluate(async ({ b64, type }) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type }));
    const { width, height } = bitmap;
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const d = ctx.getImageData(0, 0, width, height).data;
    let x0 = width, y0 = height, x1 = -1, y1 = -1;
    const black = (i: number) => d[i]! <= 12 && d[i + 1]! <= 12 && d[i + 2]! <= 12;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        // Near #e11d48 only: a page's own reds (Node-RED's #c02020 header line) are not the highlight.
        if (Math.abs(d[i]! - 225) <= 25 && d[i + 1]! <= 60 && Math.abs(d[i + 2]! - 72) <= 25) {
          x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
        }
      }
    }
    const rowBlack = (y: number) => { for (let x = 0; x < width; x++) if (!black((y * width + x) * 4)) return false; return true; };
    const colBlack = (x: number) => { for (let y = 0; y < height; y++) if (!black((y * width + x) * 4)) return false; return true; };
    let top = 0; while (top < height && rowBlack(top)) top++;
    let bottom = 0; while (bottom < height - top && rowBlack(height - 1 - bottom)) bottom++;
    let left = 0; while (left < width && colBlack(left)) left++;
    let right = 0; while (right < width - left && colBlack(width - 1 - right)) right++;
    return {
      width,
      height,
      red: x1 < 0 ? null : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 },
      content: { x: left, y: top, width: width - left - right, height: height - top - bottom },
    };
  }, { b64: png.toString('base64'), type: imageMime(png) });
}

/** What tesseract reads in the image (page segmentation 3: fully automatic). */
export function ocr(png: Buffer): string {
  const file = join(dir, `shot-${++n}.${imageKind(png) === 'jpeg' ? 'jpg' : (imageKind(png) ?? 'png')}`);
  writeFileSync(file, png);
  // One thread: on 2 shared cores tesseract's OpenMP threads only contend with the browser.
  return execFileSync('tesseract', [file, '-', '--psm', '3'], { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, OMP_THREAD_LIMIT: '1' } }).toString();
}

/** OCR confuses these; a secret read with them swapped is still read. */
function normalise(s: string): string {
  return s
    .replace(/\s+/g, '')
    .toUpperCase()
    .replace(/[O]/g, '0')
    .replace(/[IL|]/g, '1')
    .replace(/S/g, '5')
    .replace(/B/g, '8')
    .replace(/Z/g, '2');
}

/**
 * The secrets (any 8 consecutive characters of one) that `text` shows. Eight characters of a random key are
 * already a leak; shorter runs occur by chance in ordinary words.
 */
export function legibleSecrets(text: string, secrets: readonly string[]): string[] {
  const seen = normalise(text);
  return secrets.filter((secret) => {
    const s = normalise(secret);
    for (let i = 0; i + 8 <= s.length; i++) if (seen.includes(s.slice(i, i + 8))) return true;
    return false;
  });
}

export function iou(a: Rect, b: Rect): number {
  const x0 = Math.max(a.x, b.x);
  const y0 = Math.max(a.y, b.y);
  const x1 = Math.min(a.x + a.width, b.x + b.width);
  const y1 = Math.min(a.y + a.height, b.y + b.height);
  const inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

export interface ImageStats {
  width: number;
  height: number;
  /** Luminance (0–255) mean and variance of each rectangle asked for (image px), or of the whole image. */
  regions: { mean: number; variance: number }[];
}

/** Decodes an image in a Chromium page and measures the luminance of `rects` (image px; default: the whole image). */
export async function imageStats(page: Page, png: Buffer, rects?: readonly Rect[]): Promise<ImageStats> {
  return page.evaluate(
    async ({ b64, rects, type }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type }));
      const { width, height } = bitmap;
      const canvas = new OffscreenCanvas(width, height);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(bitmap, 0, 0);
      const d = ctx.getImageData(0, 0, width, height).data;
      const regions = (rects ?? [{ x: 0, y: 0, width, height }]).map((r) => {
        let n = 0;
        let sum = 0;
        let sq = 0;
        for (let y = Math.max(0, r.y); y < Math.min(height, r.y + r.height); y++) {
          for (let x = Math.max(0, r.x); x < Math.min(width, r.x + r.width); x++) {
            const i = (y * width + x) * 4;
            const l = 0.2126 * d[i]! + 0.7152 * d[i + 1]! + 0.0722 * d[i + 2]!;
            n++;
            sum += l;
            sq += l * l;
          }
        }
        return n ? { mean: sum / n, variance: sq / n - (sum / n) ** 2 } : { mean: -1, variance: -1 };
      });
      return { width, height, regions };
    },
    { b64: png.toString('base64'), rects: rects ? [...rects] : undefined, type: imageMime(png) },
  );
}
