import { describe, expect, it } from 'vitest';
import { encodeWav16, parseWav, WavError } from '../../../lib/narration/wav';

/** Builds a WAV by hand: fmt fields and raw sample bytes, plus optional extra chunks before the data. */
function wav(opts: {
  tag?: number;
  channels?: number;
  rate?: number;
  bits: number;
  data: Uint8Array;
  extensibleSubFormat?: number;
  before?: Uint8Array;
  dataSize?: number;
}): Uint8Array {
  const channels = opts.channels ?? 1;
  const rate = opts.rate ?? 16_000;
  const ext = opts.extensibleSubFormat !== undefined;
  const fmtSize = ext ? 40 : 16;
  const before = opts.before ?? new Uint8Array(0);
  const out = new Uint8Array(12 + 8 + fmtSize + before.length + 8 + opts.data.length);
  const v = new DataView(out.buffer);
  const text = (o: number, s: string) => [...s].forEach((c, i) => v.setUint8(o + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  v.setUint32(4, out.length - 8, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  v.setUint32(16, fmtSize, true);
  v.setUint16(20, ext ? 0xfffe : (opts.tag ?? 1), true);
  v.setUint16(22, channels, true);
  v.setUint32(24, rate, true);
  v.setUint32(28, (rate * channels * opts.bits) / 8, true);
  v.setUint16(32, (channels * opts.bits) / 8, true);
  v.setUint16(34, opts.bits, true);
  if (ext) {
    v.setUint16(36, 22, true);
    v.setUint16(38, opts.bits, true);
    v.setUint16(44, opts.extensibleSubFormat!, true);
  }
  let o = 20 + fmtSize;
  out.set(before, o);
  o += before.length;
  text(o, 'data');
  v.setUint32(o + 4, opts.dataSize ?? opts.data.length, true);
  out.set(opts.data, o + 8);
  return out;
}

function bytesOf(values: number[], bits: number, float = false): Uint8Array {
  const size = bits / 8;
  const out = new Uint8Array(values.length * size);
  const v = new DataView(out.buffer);
  values.forEach((x, i) => {
    const o = i * size;
    if (float && bits === 32) v.setFloat32(o, x, true);
    else if (float && bits === 64) v.setFloat64(o, x, true);
    else if (bits === 8) v.setUint8(o, x);
    else if (bits === 16) v.setInt16(o, x, true);
    else if (bits === 24) {
      v.setUint8(o, x & 0xff);
      v.setUint8(o + 1, (x >> 8) & 0xff);
      v.setInt8(o + 2, x >> 16);
    } else v.setInt32(o, x, true);
  });
  return out;
}

describe('parseWav', () => {
  it.each([
    ['8-bit unsigned', 8, false, [128, 255, 0], [0, 127 / 128, -1]],
    ['16-bit', 16, false, [0, 16_384, -32_768], [0, 0.5, -1]],
    ['24-bit', 24, false, [0, 4_194_304, -8_388_608], [0, 0.5, -1]],
    ['32-bit', 32, false, [0, 1_073_741_824, -2_147_483_648], [0, 0.5, -1]],
    ['float32', 32, true, [0, 0.25, -0.75], [0, 0.25, -0.75]],
    ['float64', 64, true, [0, 0.25, -0.75], [0, 0.25, -0.75]],
  ])('decodes %s PCM', (_name, bits, float, raw, expected) => {
    const decoded = parseWav(wav({ bits, tag: float ? 3 : 1, data: bytesOf(raw, bits, float) }));
    expect(decoded.bitsPerSample).toBe(bits);
    expect([...decoded.samples].map((x) => Number(x.toFixed(6)))).toEqual(expected.map((x) => Number(x.toFixed(6))));
  });

  it('mixes channels down to mono', () => {
    const decoded = parseWav(wav({ bits: 16, channels: 2, rate: 48_000, data: bytesOf([16_384, -16_384, 16_384, 16_384], 16) }));
    expect(decoded).toMatchObject({ channels: 2, sampleRate: 48_000 });
    expect([...decoded.samples]).toEqual([0, 0.5]);
  });

  it('reads WAVE_FORMAT_EXTENSIBLE, skips unknown and odd-sized chunks', () => {
    const list = new Uint8Array([0x4c, 0x49, 0x53, 0x54, 3, 0, 0, 0, 1, 2, 3, 0]); // 'LIST', size 3, padded
    const decoded = parseWav(wav({ bits: 32, extensibleSubFormat: 3, data: bytesOf([0.5], 32, true), before: list }));
    expect([...decoded.samples]).toEqual([0.5]);
  });

  it('reads to the end when a streaming writer left the data size unset', () => {
    const decoded = parseWav(wav({ bits: 16, data: bytesOf([16_384, 16_384], 16), dataSize: 0xffffffff }));
    expect(decoded.samples.length).toBe(2);
  });

  it('round-trips its own 16-bit encoder', () => {
    const samples = Float32Array.from({ length: 100 }, (_, i) => Math.sin(i / 5) * 0.8);
    const decoded = parseWav(encodeWav16(samples, 22_050));
    expect(decoded.sampleRate).toBe(22_050);
    decoded.samples.forEach((x, i) => expect(Math.abs(x - samples[i]!)).toBeLessThan(1e-4));
  });

  it.each([
    ['not a WAV', new Uint8Array(40), /RIFF/],
    ['no data chunk', wav({ bits: 16, data: new Uint8Array(0) }).slice(0, 36), /no data chunk/],
    ['unsupported encoding', wav({ bits: 16, tag: 2, data: new Uint8Array(4) }), /Unsupported WAV encoding/],
  ])('rejects %s', (_name, bytes, message) => {
    expect(() => parseWav(bytes)).toThrow(WavError);
    expect(() => parseWav(bytes)).toThrow(message);
  });
});
