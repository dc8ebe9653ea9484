import { describe, expect, it } from 'vitest';
import { commitFromHeaders, pinKey, pinProbeUrl, restorePins } from '../../../lib/narration/model-pin';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n.toLowerCase()] ?? null });

describe('model pins', () => {
  it('reads the commit the Hub resolved, and nothing that is not a full hash', () => {
    expect(commitFromHeaders(headers({ 'x-repo-commit': SHA.toUpperCase() }))).toBe(SHA);
    expect(commitFromHeaders(headers({ 'x-repo-commit': 'main' }))).toBeNull();
    expect(commitFromHeaders(headers({ 'x-repo-commit': SHA.slice(0, 12) }))).toBeNull();
    expect(commitFromHeaders(headers({}))).toBeNull();
  });

  it('keys pins by host, so a mirror and the Hub keep their own', () => {
    expect(pinKey('onnx-community/whisper-tiny.en', undefined)).toBe('https://huggingface.co/onnx-community/whisper-tiny.en');
    expect(pinKey('onnx-community/whisper-tiny.en', 'http://mirror.local/')).toBe('http://mirror.local/onnx-community/whisper-tiny.en');
    expect(pinProbeUrl('onnx-community/whisper-tiny.en', 'http://mirror.local/', 'main')).toBe('http://mirror.local/onnx-community/whisper-tiny.en/resolve/main/config.json');
  });

  it('drops malformed pins read back from storage', () => {
    expect(restorePins({ a: { commit: SHA, pinnedAt: 1 }, b: { commit: 'main', pinnedAt: 1 }, c: null, d: { commit: SHA } })).toEqual({ a: { commit: SHA, pinnedAt: 1 } });
    expect(restorePins('nope')).toEqual({});
  });
});
