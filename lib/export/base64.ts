/**
 * Standard base64 (with padding) for multi-megabyte screenshots, without Buffer (Node only) or btoa (wants a
 * binary string, and is slow in Node): 12 bits at a time through a table of character pairs into a byte
 * buffer, decoded once. About six times faster than building the string 6 bits at a time
 * (scripts/bench-export-html.mjs), which matters for exports with hundreds of inline images.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const code = (n: number) => ALPHABET.charCodeAt(n);
/** For each 12-bit value, its two characters: the first in the low byte. */
const PAIRS = Uint16Array.from({ length: 4096 }, (_, n) => code(n >> 6) | (code(n & 63) << 8));
const PAD = 61; // '='
const ascii = new TextDecoder('ascii');

export function encodeBase64(bytes: Uint8Array): string {
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  const whole = bytes.length - (bytes.length % 3);
  let o = 0;
  for (let i = 0; i < whole; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    const hi = PAIRS[v >> 12]!;
    const lo = PAIRS[v & 4095]!;
    out[o++] = hi & 255;
    out[o++] = hi >> 8;
    out[o++] = lo & 255;
    out[o++] = lo >> 8;
  }
  const rest = bytes.length - whole;
  if (rest > 0) {
    const v = (bytes[whole]! << 16) | ((rest === 2 ? bytes[whole + 1]! : 0) << 8);
    out[o++] = code(v >> 18);
    out[o++] = code((v >> 12) & 63);
    out[o++] = rest === 2 ? code((v >> 6) & 63) : PAD;
    out[o] = PAD;
  }
  // Every byte is ASCII, so the decoder's single-byte mapping is the identity here.
  return ascii.decode(out);
}
