import { describe, expect, it } from 'vitest';
import {
  cappedSize,
  dataUrlPrefix,
  DEFAULT_EXPORT_IMAGE_FORMAT,
  encodingFor,
  fileExtension,
  imageInfo,
  MAX_EXPORT_IMAGE_SIDE,
  pdfEncoding,
  PDF_MAX_IMAGE_SIDE,
  renderCacheKey,
  restoreExportImageSettings,
  sniffImageFormat,
  type RenderInputs,
} from '../../../lib/export/image-format';
import type { ShotId } from '../../../lib/model';
import { encodePng } from './pdf-fixtures';
import { JPEG_37x21, JPEG_PROGRESSIVE_37x21, WEBP_37x21, WEBP_ALPHA_37x21, WEBP_LOSSLESS_37x21 } from './image-fixtures';

const PNG_37x21 = encodePng(37, 21, new Uint8Array(37 * 21 * 3).fill(90), 3);

describe('reading an encoded image', () => {
  it.each([
    ['PNG', PNG_37x21, 'png', 'png', 'data:image/png;base64,'],
    ['baseline JPEG', JPEG_37x21, 'jpeg', 'jpg', 'data:image/jpeg;base64,'],
    ['progressive JPEG', JPEG_PROGRESSIVE_37x21, 'jpeg', 'jpg', 'data:image/jpeg;base64,'],
    ['lossy WebP', WEBP_37x21, 'webp', 'webp', 'data:image/webp;base64,'],
    ['lossless WebP', WEBP_LOSSLESS_37x21, 'webp', 'webp', 'data:image/webp;base64,'],
    ['WebP with alpha', WEBP_ALPHA_37x21, 'webp', 'webp', 'data:image/webp;base64,'],
  ] as const)('%s: kind, size, extension and data URL from the bytes', (_name, bytes, format, ext, prefix) => {
    expect(sniffImageFormat(bytes)).toBe(format);
    expect(imageInfo(bytes)).toEqual({ format, width: 37, height: 21 });
    expect(fileExtension(bytes)).toBe(ext);
    expect(dataUrlPrefix(bytes)).toBe(prefix);
  });

  it('answers undefined for bytes that are no image, and for a JPEG cut before its size', () => {
    expect(sniffImageFormat(new TextEncoder().encode('<svg></svg>'))).toBeUndefined();
    expect(imageInfo(new Uint8Array([1, 2, 3]))).toBeUndefined();
    expect(imageInfo(JPEG_37x21.subarray(0, 100))).toBeUndefined();
    expect(imageInfo(WEBP_37x21.subarray(0, 20))).toBeUndefined();
  });
});

describe('choosing the encoding', () => {
  it('defaults to WebP and restores unknown settings to it', () => {
    expect(DEFAULT_EXPORT_IMAGE_FORMAT).toBe('webp');
    expect(restoreExportImageSettings(undefined)).toEqual({ format: 'webp' });
    expect(restoreExportImageSettings({ format: 'gif' })).toEqual({ format: 'webp' });
    expect(restoreExportImageSettings({ format: 'jpeg' })).toEqual({ format: 'jpeg' });
    expect(restoreExportImageSettings({ format: 'png' })).toEqual({ format: 'png' });
  });

  it('gives lossy formats a quality and PNG none, all under the size cap', () => {
    expect(encodingFor('jpeg')).toEqual({ format: 'jpeg', quality: expect.any(Number), maxSide: MAX_EXPORT_IMAGE_SIDE });
    expect(encodingFor('png')).toEqual({ format: 'png', maxSide: MAX_EXPORT_IMAGE_SIDE });
  });

  it('makes the PDF embed JPEG for WebP (jsPDF cannot read it), PNG only when lossless was asked for', () => {
    expect(pdfEncoding('jpeg').format).toBe('jpeg');
    expect(pdfEncoding('webp').format).toBe('jpeg');
    expect(pdfEncoding('png').format).toBe('png');
  });

  it('caps PDF screenshots at the size the page shows them, below the cap of the other exports', () => {
    expect(PDF_MAX_IMAGE_SIDE).toBeLessThan(MAX_EXPORT_IMAGE_SIDE);
    for (const f of ['jpeg', 'webp', 'png'] as const) expect(pdfEncoding(f).maxSide).toBe(PDF_MAX_IMAGE_SIDE);
    // A different cap is a different rendered image: the cache must not hand the HTML's copy to the PDF.
    const shot = { id: 's1' as ShotId, width: 1440, height: 900, bytes: 1 };
    expect(renderCacheKey({ shot }, pdfEncoding('jpeg'))).not.toBe(renderCacheKey({ shot }, encodingFor('jpeg')));
  });

  it.each([
    [{ width: 1280, height: 800 }, 2560, { width: 1280, height: 800 }],
    [{ width: 3840, height: 2160 }, 2560, { width: 2560, height: 1440 }],
    [{ width: 900, height: 5000 }, 2500, { width: 450, height: 2500 }],
    [{ width: 3000, height: 1 }, 1000, { width: 1000, height: 1 }],
    [{ width: 4000, height: 3000 }, Number.POSITIVE_INFINITY, { width: 4000, height: 3000 }],
  ])('caps %o at %i px to %o', (size, max, out) => {
    expect(cappedSize(size, max)).toEqual(out);
  });
});

describe('renderCacheKey', () => {
  const base: RenderInputs = {
    highlight: { box: { x: 10, y: 20, width: 100, height: 30 }, viewport: { width: 1280, height: 800 } },
    blurBoxes: [{ x: 0, y: 0, width: 50, height: 20 }],
    shot: { id: 'shot-1' as ShotId, width: 1280, height: 800, viewport: { width: 1280, height: 800 }, bytes: 12345 },
  };
  const key = (i: RenderInputs, format: 'jpeg' | 'webp' | 'png' = 'jpeg') => renderCacheKey(i, encodingFor(format));

  it('is stable for the same shot, edits and encoding', () => {
    expect(key(base)).toBe(key(structuredClone(base)));
    expect(key(base)).toMatch(/^shot-1\|[0-9a-f]{8}\|jpeg@0\.\d+\/2560$/);
  });

  it.each([
    ['a moved highlight', { ...base, highlight: { ...base.highlight!, box: { x: 11, y: 20, width: 100, height: 30 } } }],
    ['no highlight', { ...base, highlight: undefined }],
    ['another blur box', { ...base, blurBoxes: [...base.blurBoxes!, { x: 60, y: 0, width: 10, height: 10 }] }],
    ['no blur box', { ...base, blurBoxes: [] }],
    ['a crop', { ...base, crop: { x: 0, y: 0, width: 640, height: 400 } }],
    ['another shot', { ...base, shot: { ...base.shot, id: 'shot-2' as ShotId } }],
    ['other shot bytes', { ...base, shot: { ...base.shot, bytes: 12346 } }],
  ])('changes with %s', (_name, changed) => {
    expect(key(changed as RenderInputs)).not.toBe(key(base));
  });

  it('changes with the format', () => {
    expect(new Set([key(base, 'jpeg'), key(base, 'webp'), key(base, 'png')]).size).toBe(3);
  });
});
