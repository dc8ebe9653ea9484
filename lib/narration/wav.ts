/**
 * A small WAV (RIFF/WAVE) reader: integer PCM 8/16/24/32-bit and IEEE float 32/64-bit, plain or
 * WAVE_FORMAT_EXTENSIBLE, any channel count (mixed down to mono). Pure: takes bytes, returns samples.
 */

export interface DecodedWav {
  readonly sampleRate: number;
  /** Channels in the file (the samples are mixed down to mono). */
  readonly channels: number;
  readonly bitsPerSample: number;
  /** Mono samples in [-1, 1]. */
  readonly samples: Float32Array;
}

const PCM = 1;
const IEEE_FLOAT = 3;
const EXTENSIBLE = 0xfffe;

export class WavError extends Error {
  override readonly name = 'WavError';
}

function fourcc(view: DataView, offset: number): string {
  return String.fromCharCode(view.getUint8(offset), view.getUint8(offset + 1), view.getUint8(offset + 2), view.getUint8(offset + 3));
}

export function parseWav(bytes: ArrayBuffer | ArrayBufferView): DecodedWav {
  const view = ArrayBuffer.isView(bytes)
    ? new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    : new DataView(bytes);
  if (view.byteLength < 12 || fourcc(view, 0) !== 'RIFF' || fourcc(view, 8) !== 'WAVE') {
    throw new WavError('Not a WAV file (no RIFF/WAVE header)');
  }
  let format: { tag: number; channels: number; sampleRate: number; bits: number; blockAlign: number } | undefined;
  let offset = 12;
  while (offset + 8 <= view.byteLength) {
    const id = fourcc(view, offset);
    const declared = view.getUint32(offset + 4, true);
    const bodyStart = offset + 8;
    // Streaming writers leave sizes at 0 or 0xFFFFFFFF: read what is there.
    const size = Math.min(declared, view.byteLength - bodyStart);
    if (id === 'fmt ') {
      if (size < 16) throw new WavError('WAV fmt chunk too short');
      let tag = view.getUint16(bodyStart, true);
      if (tag === EXTENSIBLE && size >= 26) tag = view.getUint16(bodyStart + 24, true); // SubFormat GUID's first 2 bytes
      format = {
        tag,
        channels: view.getUint16(bodyStart + 2, true),
        sampleRate: view.getUint32(bodyStart + 4, true),
        blockAlign: view.getUint16(bodyStart + 12, true),
        bits: view.getUint16(bodyStart + 14, true),
      };
    } else if (id === 'data') {
      if (!format) throw new WavError('WAV data chunk before its fmt chunk');
      const dataSize = declared === 0 || declared === 0xffffffff ? view.byteLength - bodyStart : size;
      return { sampleRate: format.sampleRate, channels: format.channels, bitsPerSample: format.bits, samples: decode(view, bodyStart, dataSize, format) };
    }
    offset = bodyStart + size + (size % 2); // chunks are padded to even sizes
  }
  throw new WavError(format ? 'WAV file has no data chunk' : 'WAV file has no fmt chunk');
}

function decode(
  view: DataView,
  start: number,
  size: number,
  f: { tag: number; channels: number; bits: number; blockAlign: number },
): Float32Array {
  if (f.channels < 1) throw new WavError('WAV file declares no channels');
  const bytesPerSample = f.bits / 8;
  const frameSize = f.blockAlign || bytesPerSample * f.channels;
  const read = reader(view, f.tag, f.bits);
  const frames = Math.floor(size / frameSize);
  const out = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    let sum = 0;
    const frame = start + i * frameSize;
    for (let c = 0; c < f.channels; c++) sum += read(frame + c * bytesPerSample);
    out[i] = sum / f.channels;
  }
  return out;
}

function reader(view: DataView, tag: number, bits: number): (offset: number) => number {
  if (tag === PCM) {
    switch (bits) {
      case 8:
        return (o) => (view.getUint8(o) - 128) / 128;
      case 16:
        return (o) => view.getInt16(o, true) / 32768;
      case 24:
        return (o) => {
          const v = view.getUint8(o) | (view.getUint8(o + 1) << 8) | (view.getInt8(o + 2) << 16);
          return v / 8388608;
        };
      case 32:
        return (o) => view.getInt32(o, true) / 2147483648;
    }
  }
  if (tag === IEEE_FLOAT) {
    if (bits === 32) return (o) => view.getFloat32(o, true);
    if (bits === 64) return (o) => view.getFloat64(o, true);
  }
  throw new WavError(`Unsupported WAV encoding (format ${tag}, ${bits}-bit)`);
}

/** Encodes mono samples as a 16-bit PCM WAV (for tests and fixtures). */
export function encodeWav16(samples: Float32Array, sampleRate: number): Uint8Array {
  const out = new Uint8Array(44 + samples.length * 2);
  const view = new DataView(out.buffer);
  const text = (o: number, s: string) => [...s].forEach((ch, i) => view.setUint8(o + i, ch.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, 36 + samples.length * 2, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, PCM, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, samples.length * 2, true);
  samples.forEach((s, i) => view.setInt16(44 + i * 2, Math.round(Math.max(-1, Math.min(1, s)) * 32767), true));
  return out;
}
