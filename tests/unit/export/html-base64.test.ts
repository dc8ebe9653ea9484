import { describe, expect, it } from 'vitest';
import { encodeBase64 } from '../../../lib/export/base64';

describe('encodeBase64', () => {
  it('matches Node for every padding case and every byte value', () => {
    const all = Uint8Array.from({ length: 256 * 3 + 2 }, (_, i) => (i * 7 + (i >> 8)) & 255);
    for (let n = 0; n <= 7; n++) expect(encodeBase64(all.subarray(0, n))).toBe(Buffer.from(all.subarray(0, n)).toString('base64'));
    expect(encodeBase64(all)).toBe(Buffer.from(all).toString('base64'));
  });
});
