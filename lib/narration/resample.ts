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
