/** Seeded test audio at 16 kHz for the Whisper tests: the same samples on every run. */
import { seeded } from './seeded-random';

const SR = 16_000;

/**
 * "Speech-like" audio: tone bursts of changing pitch with a little noise, pauses between. `harmonics`: the
 * weight of each harmonic of the burst's pitch.
 */
export function toneSpeech(seconds: number, seed: number, harmonics: readonly number[] = [1, 0.5]): Float32Array {
  const random = seeded(seed);
  const out = new Float32Array(seconds * SR);
  let i = 0;
  while (i < out.length) {
    const burst = Math.floor((0.6 + random() * 2.4) * SR);
    const pause = Math.floor((0.2 + random() * 0.8) * SR);
    const pitch = 110 + random() * 180;
    for (let k = 0; k < burst && i < out.length; k++, i++) {
      const env = Math.sin((Math.PI * k) / burst);
      const t = i / SR;
      let voiced = 0;
      for (let h = 0; h < harmonics.length; h++) voiced += harmonics[h]! * Math.sin(2 * (h + 1) * Math.PI * pitch * t);
      out[i] = 0.25 * env * voiced + 0.02 * (random() * 2 - 1);
    }
    for (let k = 0; k < pause && i < out.length; k++, i++) out[i] = 0.005 * (random() * 2 - 1);
  }
  return out;
}

/** White noise. */
export function noise(seconds: number, seed: number, amplitude = 0.3): Float32Array {
  const random = seeded(seed);
  return Float32Array.from({ length: seconds * SR }, () => amplitude * (random() * 2 - 1));
}
