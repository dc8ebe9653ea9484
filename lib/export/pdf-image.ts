/**
 * Places a PNG in a jsPDF document. jsPDF decodes every PNG sample by sample and deflates it again, which
 * is most of an export's time; pngToPdfImage (lib/export/pdf-png.ts) does the same job in a few passes
 * over typed arrays, or none for RGB PNGs. Its result enters jsPDF through jsPDF's own plugin hook for an
 * image format (`jsPDF.API.process<FORMAT>`), handed over by a one-byte token; other PNGs go to jsPDF as is.
 */
import { jsPDF } from 'jspdf';
import type { Size } from '../model';
import { imageInfo, sniffImageFormat } from './image-format';
import { pngToPdfImage, type PdfImageData } from './pdf-png';

const FORMAT = 'SOPFLATE';
const prepared = new WeakMap<Uint8Array, PdfImageData>();

/** Uint8Array → the "binary string" (one char per byte) jsPDF writes into streams. */
export function binaryString(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += 0x8000) parts.push(String.fromCharCode(...bytes.subarray(i, i + 0x8000)));
  return parts.join('');
}

/** What jsPDF's image processors return: the XObject's dictionary values and its stream. */
function processPrepared(token: Uint8Array, index: number, alias: string) {
  const img = prepared.get(token);
  if (!img) throw new Error('No prepared image for this token.');
  return {
    alias,
    index,
    width: img.width,
    height: img.height,
    colorSpace: img.colorSpace,
    bitsPerComponent: 8,
    data: binaryString(img.data),
    filter: 'FlateDecode',
    // jsPDF writes the soft mask with the same filter and predictor, one colour.
    predictor: 15,
    decodeParameters: `/Predictor 15 /Colors ${img.colors} /BitsPerComponent 8 /Columns ${img.width}`,
    ...(img.alpha ? { sMask: binaryString(img.alpha), sMaskBitsPerComponent: 8 } : {}),
  };
}

// jsPDF checks the format on jsPDF.API but calls the method on the document, which copied the API when it
// was created: the plugin is registered on both.
const api = jsPDF.API as unknown as Record<string, unknown>;
api[`process${FORMAT}`] ??= processPrepared;

/** Pixel size of an image the PDF can embed (PNG or JPEG), else undefined (WebP, unreadable bytes). */
export function pdfImageSize(bytes: Uint8Array): Size | undefined {
  const info = imageInfo(bytes);
  return info && info.format !== 'webp' ? { width: info.width, height: info.height } : undefined;
}

/**
 * Draws `png` (or a JPEG: jsPDF embeds those as they are, DCTDecode, without decoding a pixel) at x, y scaled to width × height points; `alias` names the image object (one per call). */
export function addPng(pdf: jsPDF, png: Uint8Array, alias: string, x: number, y: number, width: number, height: number): void {
  if (sniffImageFormat(png) === 'jpeg') {
    pdf.addImage(png, 'JPEG', x, y, width, height, alias);
    return;
  }
  const img = pngToPdfImage(png);
  if (!img) {
    pdf.addImage(png, 'PNG', x, y, width, height, alias, 'FAST');
    return;
  }
  (pdf as unknown as Record<string, unknown>)[`process${FORMAT}`] ??= processPrepared;
  const token = new Uint8Array(1);
  prepared.set(token, img);
  pdf.addImage(token, FORMAT, x, y, width, height, alias);
}
