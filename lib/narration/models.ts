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
  /** Approximate download of config, tokenizer and the two graphs of `dtype`, MB (shown before download). */
  readonly approxDownloadMB: number;
  /** What each build of the graphs costs: download and measured speed (see MEASURED_ON). */
  readonly builds: Readonly<Partial<Record<ModelDtype, BuildCost>>>;
  /** Published word error rate on LibriSpeech test-clean (Whisper paper), %, for the picker's hint. */
  readonly werPercent?: number;
}

/** One build (dtype) of a model: what it costs to download and to run, as measured on MEASURED_ON. */
export interface BuildCost {
  /** Config, tokenizer and the two graphs, MB. */
  readonly downloadMB: number;
  /** Transcription time / audio length in the offscreen worker (WASM, DEFAULT_THREADS), steady state. */
  readonly rtf: number;
}

/**
 * WebAssembly threads by default: 1. Measured in the product (scripts/bench-whisper-chromium.mjs, the worker's
 * own timings, 2026-12-04 ~21:50–22:01 UTC, 2 shared cores): tiny q8 over 5 min, 1 thread RTF 0.246 (encoder
 * 1.74 s a window, 39.8 ms a token, load 5.9) vs 2 threads 0.277 (2.21 s, 42.7 ms, load 3.4): the second
 * thread is not faster here (base q8 likewise: 0.365 vs 0.297), and leaves no core for tab capture and video
 * encoding. The 30 s runs (one window
 * each, load 7–15) went both ways. `narrationSettings.threads: 2` tries it.
 */
export const DEFAULT_THREADS = 1;

/** The download shown for a model at a dtype: the measured build's, else the catalogue's default. */
export function modelDownloadMB(info: ModelInfo, dtype: ModelDtype): number {
  return info.builds[dtype]?.downloadMB ?? info.approxDownloadMB;
}

/** "41 MB, ~0.2× real time here": what a choice costs, for the model picker. */
export function buildCostLabel(info: ModelInfo, dtype: ModelDtype = info.dtype): string {
  const cost = info.builds[dtype];
  if (!cost) return `about ${info.approxDownloadMB} MB`;
  return `${cost.downloadMB} MB, ~${cost.rtf}× real time`;
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

/**
 * Where and how the figures below were measured. Download sizes: the Hub's files (graphs as our generator
 * writes them for the real shapes — the same sizes as the Hub's exports — plus the 2.5 MB tokenizer).
 * Speed (RTF = transcription time / narration length, continuous speech, 1 thread): the product itself, the
 * offscreen document's worker timing its own windows (lib/narration/timings.ts, read back by
 * scripts/bench-whisper-chromium.mjs), random weights of the real shapes, 2026-12-04 21:17–22:20 UTC, this
 * 2-core machine with other engineers' E2E runs going on (1-minute load average in brackets):
 *   tiny q8  0.25 over 5 min (5.9), 0.28 over 10 min (5.8–11; median window 0.21); with the LM head folded
 *            at load and the Stop levers (2026-12-05): 0.234 over 10 min (7.4–8.1), 0.233 over 5 min
 *            (3.5–4.8), 0.165 over 10 min (1.2–3.9): labelled 0.25
 *   base q8  0.30 over 5 min (3.1–3.6: a quieter stretch than tiny's runs had); folded + Stop levers:
 *            0.38 over 5 min (7.2–8.8, 00:27–00:33): labelled 0.4
 *   tiny fp32 0.64, base fp32 0.60: one 30 s window each (8, 7): rough, 2–3× swings between such runs;
 *   on a quieter day (2026-11) the product gave tiny fp32 0.55, base fp32 0.96.
 * Labels: the larger product figure, rounded up (base fp32: the 0.96 of the quieter day, since one window
 * under load is all today gave). Silent windows are skipped and cost nothing. lib/narration/README.md has the table.
 */
export const MEASURED_ON = 'Chromium 156 on 2 shared cores';

const TINY_BUILDS: Readonly<Partial<Record<ModelDtype, BuildCost>>> = {
  q8: { downloadMB: 42, rtf: 0.25 },
  fp32: { downloadMB: 154, rtf: 0.7 },
};
const BASE_BUILDS: Readonly<Partial<Record<ModelDtype, BuildCost>>> = {
  q8: { downloadMB: 78, rtf: 0.4 },
  fp32: { downloadMB: 293, rtf: 1 },
};

export const MODELS: Readonly<Record<ModelKey, ModelInfo>> = Object.freeze({
  'tiny.en': {
    key: 'tiny.en',
    label: 'Whisper tiny (English)',
    hubId: 'onnx-community/whisper-tiny.en',
    revision: 'main',
    multilingual: false,
    dtype: 'q8',
    approxDownloadMB: 42,
    builds: TINY_BUILDS,
    werPercent: 5.6,
  },
  'base.en': {
    key: 'base.en',
    label: 'Whisper base (English, more accurate)',
    hubId: 'onnx-community/whisper-base.en',
    revision: 'main',
    multilingual: false,
    dtype: 'q8',
    approxDownloadMB: 78,
    builds: BASE_BUILDS,
    werPercent: 4.2,
  },
  tiny: {
    key: 'tiny',
    label: 'Whisper tiny (multilingual)',
    hubId: 'onnx-community/whisper-tiny',
    revision: 'main',
    multilingual: true,
    dtype: 'q8',
    approxDownloadMB: 42,
    builds: TINY_BUILDS,
  },
  base: {
    key: 'base',
    label: 'Whisper base (multilingual, more accurate)',
    hubId: 'onnx-community/whisper-base',
    revision: 'main',
    multilingual: true,
    dtype: 'q8',
    approxDownloadMB: 78,
    builds: BASE_BUILDS,
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
  /** ONNX Runtime WebAssembly threads to ask for (the worker lowers it where threads cannot run). */
  readonly numThreads?: number;
  /** Load from the folder the user imported (lib/model-files/local-models.ts), never from the network. */
  readonly localFolder?: boolean;
  /** Try WebGPU first when the worker gets a hardware adapter (Options; off by default). */
  readonly useGpu?: boolean;
}

export function isModelKey(value: string): value is ModelKey {
  return Object.hasOwn(MODELS, value);
}

export const MODEL_DTYPES: readonly ModelDtype[] = ['q8', 'fp32', 'fp16', 'q4'];

export function isModelDtype(value: unknown): value is ModelDtype {
  return typeof value === 'string' && (MODEL_DTYPES as readonly string[]).includes(value);
}

/**
 * WebAssembly threads ONNX Runtime can really use: threads need SharedArrayBuffer (extension pages and their
 * workers have it without cross-origin isolation in Chromium) and at most one per core.
 */
export function wasmThreads(requested: number | undefined, env: { readonly hardwareConcurrency?: number; readonly sharedArrayBuffer: boolean }): number {
  const wanted = Math.max(1, Math.floor(requested ?? DEFAULT_THREADS));
  if (!env.sharedArrayBuffer) return 1;
  return Math.min(wanted, Math.max(1, env.hardwareConcurrency ?? 1));
}
