/** What the user chose for narration (options page; automation sets it too). Pure: storage is elsewhere. */
import { DEFAULT_MODEL, MODELS, type ModelDtype, type ModelKey } from './models';

export interface NarrationSettings {
  /** Transcribe the microphone while recording. */
  readonly transcribe: boolean;
  readonly model: ModelKey;
  /** For multilingual models (ISO 639-1). */
  readonly language?: string;
  /** A Hub mirror (air-gapped teams serve the model folder from an internal host). Default: the Hub. */
  readonly modelHost?: string;
  /** Where the model comes from: downloaded from the model host (default), or a folder imported in Options. */
  readonly source?: ModelSource;
  /**
   * Try WebGPU first (WebAssembly after it fails). Opt-in: in headless Chromium the worker is offered a
   * software adapter on which the session never finished loading, and a hang (unlike an error) cannot be
   * fallen back from; it stays off until verified on real GPUs.
   */
  readonly useGpu?: boolean;
  /**
   * Which build of the model's graphs to download instead of the catalogue's (q8 or fp32); absent: the
   * model's default, chosen by measurement (models.ts).
   */
  readonly dtype?: ModelDtype;
  /** WebAssembly threads instead of the measured default (benchmarks; 1 to leave a core free). */
  readonly threads?: number;
}

export type ModelSource = 'download' | 'folder';

export const DEFAULT_NARRATION_SETTINGS: NarrationSettings = { transcribe: true, model: DEFAULT_MODEL };

/** Restore on read: anything unknown falls back to the defaults. */
export function restoreNarrationSettings(raw: unknown): NarrationSettings {
  if (typeof raw !== 'object' || raw === null) return DEFAULT_NARRATION_SETTINGS;
  const r = raw as Record<string, unknown>;
  const model = typeof r.model === 'string' && r.model in MODELS ? (r.model as ModelKey) : DEFAULT_MODEL;
  const host = typeof r.modelHost === 'string' && /^https?:\/\/[^\s]+$/.test(r.modelHost) ? r.modelHost.replace(/\/?$/, '/') : undefined;
  return {
    transcribe: typeof r.transcribe === 'boolean' ? r.transcribe : true,
    model,
    language: typeof r.language === 'string' && /^[a-z]{2,3}$/.test(r.language) ? r.language : undefined,
    modelHost: host,
    ...(r.source === 'folder' ? { source: 'folder' as const } : {}),
    ...(r.useGpu === true ? { useGpu: true } : {}),
    ...(r.dtype === 'q8' || r.dtype === 'fp32' ? { dtype: r.dtype } : {}),
    ...(typeof r.threads === 'number' && Number.isInteger(r.threads) && r.threads >= 1 && r.threads <= 8 ? { threads: r.threads } : {}),
  };
}
