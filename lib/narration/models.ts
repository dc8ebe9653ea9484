/**
 * The speech models users can pick. Plain data (no transformers.js import), so the popup and options page
 * can show the choice without loading the runtime.
 */

export type ModelKey = 'tiny.en' | 'base.en' | 'tiny' | 'base';

/** transformers.js dtype names we use: q8 is the quantized build (smaller download), fp32 the full one. */
export type ModelDtype = 'q8' | 'fp32' | 'fp16' | 'q4';

export interface ModelInfo {
  readonly key: ModelKey;
  /** For the model picker. */
  readonly label: string;
  /** Hugging Face Hub repository (ONNX exports maintained for transformers.js). */
  readonly hubId: string;
  /**
   * Hub revision (branch, tag or commit) to resolve. The hub is unreachable from our build machines, so the
   * catalogue says `main`; each installation pins it to the commit `main` resolves to at its first download
   * (model-pin.ts).
   */
  readonly revision: string;
  /** English-only models take no language; multilingual ones take one (ISO 639-1, e.g. 'fr'). */
  readonly multilingual: boolean;
  readonly dtype: ModelDtype;
  /** Approximate download of config, tokenizer and the two q8 graphs, MB (shown before download). */
  readonly approxDownloadMB: number;
  /** Published word error rate on LibriSpeech test-clean (Whisper paper), %, for the picker's hint. */
  readonly werPercent?: number;
}

/** The files transformers.js fetches for a Whisper model at `dtype` (for progress totals and local folders). */
export function modelFiles(dtype: ModelDtype): string[] {
  const suffix = { q8: '_quantized', fp32: '', fp16: '_fp16', q4: '_q4' }[dtype];
  return [
    'config.json',
    'generation_config.json',
    'preprocessor_config.json',
    'tokenizer.json',
    'tokenizer_config.json',
    `onnx/encoder_model${suffix}.onnx`,
    `onnx/decoder_model_merged${suffix}.onnx`,
  ];
}

export const MODELS: Readonly<Record<ModelKey, ModelInfo>> = Object.freeze({
  'tiny.en': {
    key: 'tiny.en',
    label: 'Whisper tiny (English)',
    hubId: 'onnx-community/whisper-tiny.en',
    revision: 'main',
    multilingual: false,
    dtype: 'q8',
    approxDownloadMB: 41,
    werPercent: 5.6,
  },
  'base.en': {
    key: 'base.en',
    label: 'Whisper base (English, more accurate)',
    hubId: 'onnx-community/whisper-base.en',
    revision: 'main',
    multilingual: false,
    dtype: 'q8',
    approxDownloadMB: 77,
    werPercent: 4.2,
  },
  tiny: {
    key: 'tiny',
    label: 'Whisper tiny (multilingual)',
    hubId: 'onnx-community/whisper-tiny',
    revision: 'main',
    multilingual: true,
    dtype: 'q8',
    approxDownloadMB: 41,
  },
  base: {
    key: 'base',
    label: 'Whisper base (multilingual, more accurate)',
    hubId: 'onnx-community/whisper-base',
    revision: 'main',
    multilingual: true,
    dtype: 'q8',
    approxDownloadMB: 77,
  },
});

export const DEFAULT_MODEL: ModelKey = 'tiny.en';

/** A resolved choice of model, as the offscreen document and its worker receive it. */
export interface NarrationModel {
  readonly modelId: string;
  readonly revision: string;
  readonly dtype: ModelDtype;
  readonly multilingual: boolean;
  readonly language?: string;
  /** A Hub mirror; absent: the Hugging Face Hub. */
  readonly remoteHost?: string;
  readonly approxDownloadMB?: number;
  /** Load from the folder the user imported (lib/model-files/local-models.ts), never from the network. */
  readonly localFolder?: boolean;
  /** Try WebGPU first when the worker gets a hardware adapter (Options; off by default). */
  readonly useGpu?: boolean;
}

export function isModelKey(value: string): value is ModelKey {
  return Object.hasOwn(MODELS, value);
}
