/**
 * Sample-rate conversion for mono PCM: a windowed-sinc (Blackman) low-pass interpolator, so downsampling
 * (48 kHz, 44.1 kHz, 22.05 kHz → 16 kHz) does not fold high frequencies into the speech band. Pure.
 * Rational ratios reuse one kernel per phase (polyphase); others compute taps as they go.
 */

export interface ResampleOptions {
  /** Zero crossings of the sinc on each side: quality against cost. Default 16. */
  readonly zeroCrossings?: number;
}

const MAX_PHASES = 4096;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

function blackman(x: number): number {
  // x in [-1, 1]
  return 0.42 + 0.5 * Math.cos(Math.PI * x) + 0.08 * Math.cos(2 * Math.PI * x);
}

export function resample(input: Float32Array, fromRate: number, toRate: number, options: ResampleOptions = {}): Float32Array {
  if (!(fromRate > 0) || !(toRate > 0)) throw new RangeError(`Invalid sample rates ${fromRate} → ${toRate}`);
  if (fromRate === toRate) return input.slice();
  const zeroCrossings = options.zeroCrossings ?? 16;
  const ratio = toRate / fromRate;
  // Cut-off in cycles per input sample: the lower Nyquist of the two rates.
  const fc = 0.5 * Math.min(1, ratio);
  const halfWidth = zeroCrossings / (2 * fc); // in input samples
  const taps = Math.ceil(halfWidth);
  const outLength = Math.floor((input.length * toRate) / fromRate);
  const out = new Float32Array(outLength);

  const kernel = (t: number) => (Math.abs(t) >= halfWidth ? 0 : 2 * fc * sinc(2 * fc * t) * blackman(t / halfWidth));

  const integerRates = Number.isInteger(fromRate) && Number.isInteger(toRate);
  const g = integerRates ? gcd(fromRate, toRate) : 0;
  const P = integerRates ? fromRate / g : 0; // input step per Q outputs
  const Q = integerRates ? toRate / g : 0; // phases
  const width = 2 * taps;

  if (integerRates && Q <= MAX_PHASES) {
    const table = new Float32Array(Q * width);
    for (let phase = 0; phase < Q; phase++) {
      const frac = phase / Q;
      for (let k = 0; k < width; k++) table[phase * width + k] = kernel(frac - (k - taps + 1));
    }
    for (let i = 0; i < outLength; i++) {
      const base = Math.floor((i * P) / Q);
      const phase = (i * P) % Q;
      const row = phase * width;
      let sum = 0;
      for (let k = 0; k < width; k++) {
        const j = base + k - taps + 1;
        if (j >= 0 && j < input.length) sum += input[j]! * table[row + k]!;
      }
      out[i] = sum;
    }
    return out;
  }

  for (let i = 0; i < outLength; i++) {
    const center = i / ratio;
    const base = Math.floor(center);
    let sum = 0;
    for (let j = base - taps + 1; j <= base + taps; j++) {
      if (j >= 0 && j < input.length) sum += input[j]! * kernel(center - j);
    }
    out[i] = sum;
  }
  return out;
}

/** `resample` on a stream that arrives in pieces: the same output, sample for sample, as on the whole. */
export interface StreamResampler {
  /** Appends input; returns the output samples whose input (and the filter's right side) has arrived. */
  push(chunk: Float32Array): Float32Array;
  /** The end of the stream: the remaining output, as if zeros followed (as `resample` does at the end). */
  flush(): Float32Array;
}

export function createStreamResampler(fromRate: number, toRate: number, options: ResampleOptions = {}): StreamResampler {
  if (!(fromRate > 0) || !(toRate > 0)) throw new RangeError(`Invalid sample rates ${fromRate} → ${toRate}`);
  const zeroCrossings = options.zeroCrossings ?? 16;
  const ratio = toRate / fromRate;
  const fc = 0.5 * Math.min(1, ratio);
  const halfWidth = zeroCrossings / (2 * fc);
  const taps = Math.ceil(halfWidth);
  const kernel = (t: number) => (Math.abs(t) >= halfWidth ? 0 : 2 * fc * sinc(2 * fc * t) * blackman(t / halfWidth));
  // The same polyphase table as `resample` (a live microphone at 48 or 44.1 kHz): no trigonometry per tap.
  const integerRates = Number.isInteger(fromRate) && Number.isInteger(toRate);
  const g = integerRates ? gcd(fromRate, toRate) : 0;
  const P = integerRates ? fromRate / g : 0;
  const Q = integerRates ? toRate / g : 0;
  const width = 2 * taps;
  let table: Float32Array | undefined;
  if (integerRates && Q <= MAX_PHASES) {
    table = new Float32Array(Q * width);
    for (let phase = 0; phase < Q; phase++) {
      for (let k = 0; k < width; k++) table[phase * width + k] = kernel(phase / Q - (k - taps + 1));
    }
  }
  /** Input not yet needed by any future output is dropped; `start` is the global index of buffer[0]. */
  let buffer = new Float32Array(0);
  let start = 0;
  let total = 0;
  let next = 0; // global index of the next output sample
  let flushed = false;
  const center = (i: number) => (i * fromRate) / toRate;

  function produce(untilInput: number, padEnd: boolean): Float32Array {
    const out: number[] = [];
    const outLength = Math.floor((total * toRate) / fromRate);
    for (;;) {
      if (padEnd ? next >= outLength : Math.floor(center(next)) + taps >= untilInput) break;
      let sum = 0;
      if (table) {
        const base = Math.floor((next * P) / Q);
        const row = ((next * P) % Q) * width;
        for (let k = 0; k < width; k++) {
          const j = base + k - taps + 1;
          if (j >= 0 && j < total) sum += buffer[j - start]! * table[row + k]!;
        }
      } else {
        const c = center(next);
        const base = Math.floor(c);
        for (let j = base - taps + 1; j <= base + taps; j++) {
          if (j >= 0 && j < total) sum += buffer[j - start]! * kernel(c - j);
        }
      }
      out.push(sum);
      next++;
    }
    const keepFrom = Math.max(0, Math.floor(center(next)) - taps + 1);
    if (keepFrom > start) {
      buffer = buffer.slice(Math.min(buffer.length, keepFrom - start));
      start = keepFrom;
    }
    return Float32Array.from(out);
  }

  return {
    push(chunk) {
      if (flushed) throw new Error('The resampler was flushed: start a new one');
      if (fromRate === toRate) return chunk.slice();
      const grown = new Float32Array(buffer.length + chunk.length);
      grown.set(buffer);
      grown.set(chunk, buffer.length);
      buffer = grown;
      total += chunk.length;
      return produce(total, false);
    },
    flush() {
      if (flushed || fromRate === toRate) return new Float32Array(0);
      flushed = true;
      return produce(total, true);
    },
  };
}
