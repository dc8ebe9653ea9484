import { describe, expect, it } from 'vitest';
import { isOwnBlobUrl } from '../../../lib/platform/downloads';

describe('isOwnBlobUrl', () => {
  const origin = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/';
  it("accepts only the extension's own object URLs", () => {
    expect(isOwnBlobUrl('blob:chrome-extension://abcdefghijklmnopabcdefghijklmnop/6f0c-11', origin)).toBe(true);
    expect(isOwnBlobUrl('blob:chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba/6f0c-11', origin)).toBe(false);
    expect(isOwnBlobUrl('blob:chrome-extension://abcdefghijklmnopabcdefghijklmnop.evil/x', origin)).toBe(false);
    expect(isOwnBlobUrl('https://example.com/x.mp4', origin)).toBe(false);
  });
});
