/** What the PDF export needs to know about a PNG before placing it: that it is one, and its pixel size. */
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
