/**
 * Screenshots in exports: which encoding, at what quality and size, and everything an exporter derives from
 * the encoded bytes (file extension, MIME type, pixel size, jsPDF's image type). Pure; the page encodes
 * (lib/platform/shot-renderer.ts) and exporters read the kind back from the bytes' magic numbers, so one
 * rendered image serves every format.
 */
import type { Shot, Size, Step } from '../model';

export type ExportImageFormat = 'jpeg' | 'webp' | 'png';

export const EXPORT_IMAGE_FORMATS: readonly ExportImageFormat[] = ['jpeg', 'webp', 'png'];

/**
 * WebP by default (scripts/bench-export-page.mjs, text-dense 1440×900 UI screenshots): the 500-step HTML is
 * about 90 MB with JPEG at a quality that keeps text as readable as PNG, well over the 40 MB people can mail or
 * commit, and about half that with WebP, which every current browser (HTML, MkDocs) and GitHub/GitLab Markdown
 * show. JPEG stays one click away for tools that do not read WebP; the PDF embeds JPEG either way.
 */
export const DEFAULT_EXPORT_IMAGE_FORMAT: ExportImageFormat = 'webp';

/**
 * Encoder quality (0..1), measured (tests/e2e/export-images.spec.ts, the runbook page's muted 13 px text): with
 * Chromium's JPEG encoder tesseract read every word of the PNG at 0.80, 0.90, 0.92 and 0.95 but lost one at
 * 0.85 ("team" in grey on white): 0.90 has a margin on both sides for about 14 % more bytes than 0.85.
 * WebP lost no word at 0.80, 0.85 or 0.90; 0.80 is 10 % smaller than 0.85 and under half the JPEG's size, which
 * brings a 500-step HTML of text-dense screenshots to about 40 MB (scripts/bench-export-page.mjs).
 */
export const EXPORT_IMAGE_QUALITY: Readonly<Record<ExportImageFormat, number | undefined>> = { jpeg: 0.9, webp: 0.8, png: undefined };

/**
 * Longest side of an exported screenshot, px. A full-HD tab at DPR 2 (3840 px) is halved; a 1280–2560 px
 * capture is kept as recorded. Bounds both file size and the memory a 500-step export decodes.
 */
export const MAX_EXPORT_IMAGE_SIDE = 2560;

export const EXPORT_IMAGE_LABELS: Readonly<Record<ExportImageFormat, string>> = {
  jpeg: 'JPEG (smaller, opens everywhere)',
  webp: 'WebP (smallest; PDF still uses JPEG)',
  png: 'PNG (lossless, large)',
};

export interface ExportImageSettings {
  readonly format: ExportImageFormat;
}

export const DEFAULT_EXPORT_IMAGE_SETTINGS: ExportImageSettings = { format: DEFAULT_EXPORT_IMAGE_FORMAT };

/** Restore on read: anything unknown is the default. */
export function restoreExportImageSettings(raw: unknown): ExportImageSettings {
  const f = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).format : undefined;
  return { format: EXPORT_IMAGE_FORMATS.includes(f as ExportImageFormat) ? (f as ExportImageFormat) : DEFAULT_EXPORT_IMAGE_FORMAT };
}

/** What the renderer is asked for: the encoding, its quality and the size cap. */
export interface ImageEncoding {
  readonly format: ExportImageFormat;
  readonly quality?: number;
  readonly maxSide: number;
}

export function encodingFor(format: ExportImageFormat): ImageEncoding {
  const quality = EXPORT_IMAGE_QUALITY[format];
  return { format, ...(quality !== undefined ? { quality } : {}), maxSide: MAX_EXPORT_IMAGE_SIDE };
}

/**
 * Longest side of a screenshot in the PDF, px. A step's screenshot gets at most 457 pt (161 mm) across the
 * page: 1280 px is 200 dpi there, sharp in print and at 200 % zoom on screen, and fewer pixels to encode and
 * embed than a 1440–2560 px capture (scripts/bench-export-page.mjs).
 */
export const PDF_MAX_IMAGE_SIDE = 1280;

/**
 * The encoding a PDF embeds: JPEG whatever the setting. jsPDF writes JPEG as is (DCTDecode) but cannot read
 * WebP, and a PNG costs it (or lib/export/pdf-png.ts) a deflate per image; PNG stays lossless on request.
 */
export function pdfEncoding(format: ExportImageFormat): ImageEncoding {
  return { ...encodingFor(format === 'png' ? 'png' : 'jpeg'), maxSide: PDF_MAX_IMAGE_SIDE };
}

export const MIME_TYPES: Readonly<Record<ExportImageFormat, string>> = { jpeg: 'image/jpeg', webp: 'image/webp', png: 'image/png' };
export const FILE_EXTENSIONS: Readonly<Record<ExportImageFormat, string>> = { jpeg: 'jpg', webp: 'webp', png: 'png' };

/** The output size for `size` under the cap: scaled down, aspect kept, whole pixels; never scaled up. */
export function cappedSize(size: Size, maxSide: number): Size {
  const side = Math.max(size.width, size.height);
  if (!(maxSide > 0) || side <= maxSide) return { width: size.width, height: size.height };
  const scale = maxSide / side;
  return { width: Math.max(1, Math.round(size.width * scale)), height: Math.max(1, Math.round(size.height * scale)) };
}

const u32be = (b: Uint8Array, at: number) => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
const u16be = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u16le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u24le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);
const ascii = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));

/** The image kind from its magic bytes, or undefined for anything else. */
export function sniffImageFormat(bytes: Uint8Array): ExportImageFormat | undefined {
  if (bytes.length >= 8 && bytes[0] === 0x89 && ascii(bytes, 1, 3) === 'PNG' && bytes[4] === 0x0d && bytes[5] === 0x0a) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'webp';
  return undefined;
}

function jpegSize(b: Uint8Array): Size | undefined {
  // Segments after SOI: FF marker, 2-byte length (including itself); SOFn (C0–CF but C4, C8, CC) holds the size.
  for (let at = 2; at + 9 < b.length; ) {
    if (b[at] !== 0xff) return undefined;
    const marker = b[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2;
      continue;
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const height = u16be(b, at + 5);
      const width = u16be(b, at + 7);
      return width > 0 && height > 0 ? { width, height } : undefined;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined;
    at += 2 + u16be(b, at + 2);
  }
  return undefined;
}

function webpSize(b: Uint8Array): Size | undefined {
  if (b.length < 30) return undefined;
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8X') return { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  if (chunk === 'VP8L' && b[20] === 0x2f) {
    const bits = u32be(new Uint8Array([b[24]!, b[23]!, b[22]!, b[21]!]), 0);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  // Lossy: a key frame's start code 9D 01 2A, then 14-bit width and height.
  if (chunk === 'VP8 ' && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a) return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  return undefined;
}

function pngSizeOf(b: Uint8Array): Size | undefined {
  if (b.length < 24 || ascii(b, 12, 4) !== 'IHDR') return undefined;
  return { width: u32be(b, 16), height: u32be(b, 20) };
}

/** Kind and pixel size of an encoded image, read from its header; undefined when unreadable. */
export function imageInfo(bytes: Uint8Array): { format: ExportImageFormat; width: number; height: number } | undefined {
  const format = sniffImageFormat(bytes);
  const size = format === 'png' ? pngSizeOf(bytes) : format === 'jpeg' ? jpegSize(bytes) : format === 'webp' ? webpSize(bytes) : undefined;
  if (!format || !size || !(size.width > 0 && size.height > 0) || size.width >= 1 << 16 || size.height >= 1 << 16) return undefined;
  return { format, ...size };
}

/** `data:image/jpeg;base64,` for the bytes' own kind (PNG when unknown, as before). */
export function dataUrlPrefix(bytes: Uint8Array): string {
  return `data:${MIME_TYPES[sniffImageFormat(bytes) ?? 'png']};base64,`;
}

/** `jpg`, `webp` or `png` for the bytes' own kind (PNG when unknown). */
export function fileExtension(bytes: Uint8Array): string {
  return FILE_EXTENSIONS[sniffImageFormat(bytes) ?? 'png'];
}

/** 32-bit FNV-1a of a string, as 8 hex digits: short, stable, enough to tell edits apart in a cache key. */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** Everything of a step and its shot the rendered pixels depend on. */
export type RenderInputs = Pick<Step, 'highlight' | 'blurBoxes' | 'crop'> & {
  readonly shot: Pick<Shot, 'id' | 'width' | 'height' | 'viewport' | 'content' | 'visual'> & { readonly bytes: number };
};

/**
 * Cache key of one rendered screenshot: the shot, a hash of every edit drawn into it (highlight, blur boxes,
 * crop, as stored) and of the shot's geometry, and the encoding. Any edit to the step's screenshot changes it.
 */
export function renderCacheKey(input: RenderInputs, encoding: ImageEncoding): string {
  const s = input.shot;
  const edits = JSON.stringify([input.highlight ?? null, input.blurBoxes ?? [], input.crop ?? null, [s.width, s.height, s.bytes], s.viewport ?? null, s.content ?? null, s.visual ?? null]);
  return `${s.id}|${fnv1a(edits)}|${encoding.format}@${encoding.quality ?? 'lossless'}/${encoding.maxSide}`;
}
