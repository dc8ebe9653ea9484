/**
 * The real speech model: transformers.js' Whisper pipeline behind a small interface. Environment-agnostic:
 * Node (tests, benchmarks: ONNX Runtime native, `device: 'cpu'`) or a worker of the offscreen document
 * (ONNX Runtime WebAssembly shipped inside the extension, `wasmPaths` pointing at it).
 *
 * transformers.js keeps its settings in one global `env`: createTranscriber sets it, so a realm (a worker)
 * holds one configuration at a time. Create the next transcriber after disposing of the previous one.
 */
import { env, pipeline } from '@huggingface/transformers';
import { NarrationError, toNarrationError, type ErrorContext } from './errors';
import { installFastDecode, type DecodeStats, type WhisperModelLike } from './fast-decode';
import type { ModelDtype } from './models';
import { createPaddingStop } from './padding-stop';
import { cleanSegments, monotonic, offsetSegments, type TranscriptSegment } from './segments';
import { WHISPER_SAMPLE_RATE } from './windowing';

export interface LoadProgress {
  /** 'download' while files are fetched (or read from the cache or a folder), 'ready' once loaded. */
  readonly phase: 'download' | 'ready';
  readonly loadedBytes: number;
  readonly totalBytes: number;
  /** 0…1, or null while the total size is unknown. */
  readonly fraction: number | null;
}

/** Returns one file of a model by its path inside the model folder, or null when there is none. */
export type ModelFileReader = (path: string) => Promise<Blob | ArrayBuffer | Uint8Array | null>;

export interface TranscriberOptions {
  /** Hub repository (e.g. 'onnx-community/whisper-tiny.en') or a folder name under `localModelPath`. */
  readonly modelId: string;
  /** Which build of the graphs to load; q8 (quantized) by default. */
  readonly dtype?: ModelDtype;
  /** ONNX Runtime backend; by default the library's: 'wasm' in a browser, 'cpu' (native) in Node. */
  readonly device?: 'wasm' | 'cpu' | 'webgpu';
  /** Whether the model may be downloaded from the Hub (or `remoteHost`). */
  readonly allowRemote: boolean;
  /** Hub revision to download: a commit hash pins the exact files. Default 'main'. */
  readonly revision?: string;
  /**
   * A folder (file path in Node, URL in the browser) holding `<modelId>/config.json`, `<modelId>/onnx/…`:
   * for air-gapped teams, and for tests. Looked at before any download.
   */
  readonly localModelPath?: string;
  /**
   * Reads the model's files from anywhere (a folder the user picked with the File System Access API and
   * kept in IndexedDB/OPFS, a packaged archive…): called with a path inside the model folder
   * ('config.json', 'onnx/encoder_model_quantized.onnx'); null when it has no such file. Checked before
   * `localModelPath` and the Hub. The way to load "a local folder" inside the extension, where no file path
   * can be fetched.
   */
  readonly modelFiles?: ModelFileReader;
  /** A Hub mirror, e.g. 'https://hf-mirror.internal/'. Default: the Hugging Face Hub. */
  readonly remoteHost?: string;
  /** Where ONNX Runtime's .wasm/.mjs files are (extension URLs: MV3 forbids loading code from a CDN). */
  readonly wasmPaths?: string | { readonly mjs: string; readonly wasm: string };
  /** WebAssembly threads (1 without cross-origin isolation). */
  readonly numThreads?: number;
  /** For multilingual models: the spoken language (ISO 639-1, e.g. 'fr'). Ignored by English-only ones. */
  readonly language?: string;
  /** Node only: keep downloads in this folder. Without it nothing is cached on disk. */
  readonly cacheDir?: string;
  /** Browser: keep downloads in the Cache API (default true where it exists). */
  readonly useBrowserCache?: boolean;
  /** For error messages ("free about N MB"). */
  readonly approxDownloadMB?: number;
  readonly onProgress?: (progress: LoadProgress) => void;
  /**
   * Keep the cross-attention keys/values inside ONNX Runtime between decoder steps (fast-decode.ts): same
   * tokens, fewer bytes copied per token. Default true; false runs the library's fetches (benchmarks, tests).
   */
  readonly fastDecode?: boolean;
  /**
   * Let ONNX Runtime fold constant DequantizeLinear nodes at load (`session.disable_quant_qdq`): in a q8
   * Whisper the tied LM head is a uint8 table dequantised on every decoder step otherwise. Default: on for
   * q8 (no effect on fp32 graphs, which have none); false keeps ORT's default (benchmarks, identity tests).
   */
  readonly foldDequantize?: boolean;
  /**
   * End decoding of a window shorter than 30 s when the model starts a segment past its audio
   * (padding-stop.ts): the segments returned are the same. Default true; false decodes into the padding.
   */
  readonly stopAtPadding?: boolean;
}

/**
 * ORT session config that makes its constant folding fold DequantizeLinear of initializers too. ORT skips them
 * by default to keep QDQ node units for its quantised kernels (graph_transformer_utils.cc:
 * `ConstantFolding(cpu_ep, !disable_quant_qdq, …)`; constant_folding.cc skips "DequantizeLinear" when
 * skip_dequantize_linear_). Whisper's dynamically quantised graphs have no QDQ units (MatMulInteger /
 * ConvInteger), so nothing else changes; the dequantised table is kept in fp32 (memory: rows × d_model × 4 B).
 */
export const FOLD_DEQUANTIZE_SESSION_OPTIONS = { extra: { session: { disable_quant_qdq: '1' } } } as const;

export interface Transcriber {
  readonly modelId: string;
  /** The language asked of a multilingual model; undefined for English-only ones. */
  readonly language: string | undefined;
  /**
   * Transcribes one window of 16 kHz mono PCM (up to 30 s; longer input is chunked) whose first sample is at
   * `offsetMs` on the recording clock. Returns clean segments on that clock, in order, within the audio.
   * Calls run one at a time, in call order.
   */
  transcribeWindow(pcm16k: Float32Array, offsetMs: number): Promise<TranscriptSegment[]>;
  /** Encoder and decoder-step timings so far (benchmarks), and why the fast path is off (null when on). */
  readonly decodeStats?: DecodeStats;
  readonly fastDecodeOff?: string | null;
  dispose(): Promise<void>;
}

/** What we use of the pipeline object (typed here: the library's union of all tasks is unwieldy). */
interface AsrChunk {
  readonly timestamp: readonly [number | null, number | null] | readonly (number | null)[];
  readonly text: string;
}
interface AsrOutput {
  readonly text: string;
  readonly chunks?: readonly AsrChunk[];
}
interface AsrPipeline {
  (audio: Float32Array, options: Record<string, unknown>): Promise<AsrOutput>;
  readonly model: WhisperModelLike & {
    readonly generation_config?: { readonly is_multilingual?: boolean; readonly no_timestamps_token_id?: number; readonly eos_token_id?: number | readonly number[] };
  };
  dispose(): Promise<void>;
}

const WINDOW_SECONDS = 30;
/** A folder that holds nothing, for when the model must come from the reader or the Hub only. */
const NO_LOCAL_FOLDER = '/sop-recorder-no-local-model-folder/';

/**
 * The file a transformers.js cache key names, relative to the model folder: keys are the local path
 * (`<localModelPath>/<modelId>/<file>`) or the Hub URL (`…/<modelId>/resolve/<revision>/<file>`).
 */
export function modelFilePath(key: string, modelId: string): string | null {
  const at = key.indexOf(`${modelId}/`);
  if (at < 0) return null;
  const rest = key.slice(at + modelId.length + 1);
  const path = rest.startsWith('resolve/') ? rest.slice(rest.indexOf('/', 'resolve/'.length) + 1) : rest;
  return path ? decodeURIComponent(path) : null;
}

/** A read-only transformers.js cache that serves the files `read` has. */
function readerCache(read: ModelFileReader, modelId: string) {
  return {
    async match(key: string): Promise<Response | undefined> {
      const path = modelFilePath(key, modelId);
      const data = path ? await read(path) : null;
      if (!data) return undefined;
      // A view may sit on a SharedArrayBuffer, which Response refuses: copy views.
      return new Response(data instanceof Uint8Array ? new Uint8Array(data) : data);
    },
    async put(): Promise<void> {},
  };
}

function configureEnv(options: TranscriberOptions): void {
  if (!options.allowRemote && !options.localModelPath && !options.modelFiles) {
    throw new NarrationError('not-found', 'No speech model source: allow downloading the model, or choose a local model folder.');
  }
  env.allowRemoteModels = options.allowRemote;
  // With only a reader, local lookups stay on so transformers.js consults the cache (the reader) at all.
  env.allowLocalModels = Boolean(options.localModelPath || (options.modelFiles && !options.allowRemote));
  // Always set: the env is global, and a folder left from an earlier transcriber must not answer for this one.
  env.localModelPath = options.localModelPath ?? NO_LOCAL_FOLDER;
  env.useCustomCache = Boolean(options.modelFiles);
  env.customCache = options.modelFiles ? readerCache(options.modelFiles, options.modelId) : null;
  if (options.remoteHost) env.remoteHost = options.remoteHost;
  env.useFSCache = Boolean(options.cacheDir);
  if (options.cacheDir) env.cacheDir = options.cacheDir;
  if (options.useBrowserCache !== undefined) env.useBrowserCache = options.useBrowserCache;
  const wasm = env.backends.onnx.wasm;
  if (wasm) {
    if (options.wasmPaths) {
      wasm.wasmPaths = typeof options.wasmPaths === 'string' ? options.wasmPaths : { ...options.wasmPaths };
      // Bundled files: nothing to cache, and caching would fetch them a second time.
      env.useWasmCache = false;
    }
    if (options.numThreads) wasm.numThreads = options.numThreads;
  }
}

function toProgress(info: unknown): LoadProgress | null {
  if (typeof info !== 'object' || info === null || !('status' in info)) return null;
  const status = (info as { status: unknown }).status;
  if (status === 'progress_total') {
    const { loaded, total } = info as { loaded?: number; total?: number };
    const loadedBytes = loaded ?? 0;
    const totalBytes = total ?? 0;
    return { phase: 'download', loadedBytes, totalBytes, fraction: totalBytes > 0 ? Math.min(1, loadedBytes / totalBytes) : null };
  }
  if (status === 'ready') return { phase: 'ready', loadedBytes: 0, totalBytes: 0, fraction: 1 };
  return null;
}

/** Model chunks (seconds, window-relative) → segments (ms, window-relative), within the audio's length. */
export function chunksToSegments(chunks: readonly AsrChunk[], durationMs: number): TranscriptSegment[] {
  const out: TranscriptSegment[] = [];
  for (const chunk of chunks) {
    const [start, end] = chunk.timestamp;
    const startMs = Math.round((start ?? 0) * 1000);
    // Whisper pads every window to 30 s and may "hear" words in the padding: nothing past the audio counts.
    if (startMs >= durationMs) continue;
    const endMs = Math.min(durationMs, Math.round((end ?? durationMs / 1000) * 1000));
    out.push({ startMs, endMs: Math.max(startMs, endMs), text: chunk.text });
  }
  return cleanSegments(out);
}

export async function createTranscriber(options: TranscriberOptions): Promise<Transcriber> {
  const context: ErrorContext = {
    model: options.modelId,
    source: (options.localModelPath || options.modelFiles) && !options.allowRemote ? 'local' : 'hub',
    ...(options.approxDownloadMB ? { approxDownloadMB: options.approxDownloadMB } : {}),
  };
  let asr: AsrPipeline;
  try {
    configureEnv(options);
    const onProgress = options.onProgress;
    const dtype = options.dtype ?? 'q8';
    const fold = options.foldDequantize ?? dtype === 'q8';
    const loaded = await pipeline('automatic-speech-recognition', options.modelId, {
      dtype,
      ...(fold ? { session_options: FOLD_DEQUANTIZE_SESSION_OPTIONS } : {}),
      revision: options.revision ?? 'main',
      ...(options.device ? { device: options.device } : {}),
      ...(onProgress
        ? {
            progress_callback: (info: unknown) => {
              const progress = toProgress(info);
              if (progress) onProgress(progress);
            },
          }
        : {}),
    });
    asr = loaded as unknown as AsrPipeline;
  } catch (error) {
    throw toNarrationError(error, context);
  }

  const multilingual = asr.model.generation_config?.is_multilingual === true;
  const language = multilingual ? (options.language ?? 'en') : undefined;
  const fast = installFastDecode(asr.model, { enabled: options.fastDecode !== false });
  const generation = asr.model.generation_config;
  const eos = Array.isArray(generation?.eos_token_id) ? generation.eos_token_id[0] : generation?.eos_token_id;
  const timestampBegin = generation?.no_timestamps_token_id === undefined ? undefined : generation.no_timestamps_token_id + 1;
  const stopAtPadding = options.stopAtPadding !== false && typeof eos === 'number' && timestampBegin !== undefined;

  /**
   * transformers.js' Whisper generate() pushes its own processors (timestamp rules, suppress at begin) onto the
   * list it is given, and the generic ones come first: a list whose iteration yields ours after theirs keeps
   * ours last, seeing the logits the argmax picks from.
   */
  function processorsEndingWith(last: unknown) {
    const items: unknown[] = [];
    return {
      push: (item: unknown) => void items.push(item),
      extend: (more: Iterable<unknown>) => void items.push(...more),
      [Symbol.iterator]: () => [...items, last].values(),
    };
  }
  let queue: Promise<unknown> = Promise.resolve();

  async function run(pcm: Float32Array, offsetMs: number): Promise<TranscriptSegment[]> {
    const durationMs = Math.round((pcm.length * 1000) / WHISPER_SAMPLE_RATE);
    if (pcm.length === 0) return [];
    const long = pcm.length > WINDOW_SECONDS * WHISPER_SAMPLE_RATE;
    let output: AsrOutput;
    try {
      output = await asr(pcm, {
        return_timestamps: true,
        ...(language ? { language, task: 'transcribe' } : {}),
        ...(long ? { chunk_length_s: WINDOW_SECONDS, stride_length_s: 5 } : {}),
        ...(stopAtPadding && !long && durationMs < WINDOW_SECONDS * 1000
          ? { logits_processor: processorsEndingWith(createPaddingStop({ durationMs, timestampBegin: timestampBegin!, eosTokenId: eos! })) }
          : {}),
      });
    } catch (error) {
      throw toNarrationError(error, context);
    }
    const relative = chunksToSegments(output.chunks ?? [{ timestamp: [0, null], text: output.text }], durationMs);
    return monotonic(offsetSegments(relative, offsetMs));
  }

  return {
    modelId: options.modelId,
    language,
    transcribeWindow(pcm16k, offsetMs) {
      const result = queue.then(() => run(pcm16k, offsetMs));
      queue = result.catch(() => undefined);
      return result;
    },
    decodeStats: fast.stats,
    get fastDecodeOff() {
      return fast.disabledReason;
    },
    async dispose() {
      await queue;
      fast.restore();
      await asr.dispose();
    },
  };
}
