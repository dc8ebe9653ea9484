/** Messages between the offscreen document and its transcription worker (one dedicated worker, one session). */
import type { NarrationModel } from './models';
import type { Transcript, TranscriptSegment } from './segments';
import type { NarrationTimings } from './timings';

/** What the worker needs to load the model: resolved by the document (workers have no extension APIs). */
export interface WorkerModelConfig extends NarrationModel {
  /** Recording-clock ms of the first sample pushed. */
  readonly startMs: number;
}

export type ToWorker =
  | { readonly kind: 'init'; readonly config: WorkerModelConfig }
  /** `atMs`: recording-clock ms of the first sample, when the tap knows it (see sample-clock.ts). */
  | { readonly kind: 'pcm'; readonly samples: Float32Array; readonly atMs?: number }
  /** On the tap's port after its last batch (Stop comes on the worker's own port, perhaps first). */
  | { readonly kind: 'pcm-end' }
  /** The microphone tap's own port: PCM arrives on it as `pcm` messages, straight from the audio thread. */
  | { readonly kind: 'pcm-port'; readonly port: MessagePort }
  /** `at`: when the document heard of Stop (epoch ms, high resolution): the worker may be busy until later. */
  | { readonly kind: 'stop'; readonly at?: number };

export type FromWorker =
  | { readonly kind: 'progress'; readonly fraction: number | null }
  | { readonly kind: 'ready' }
  /** After each transcribed window: how many are done of those handed to the model so far. */
  | {
      readonly kind: 'windows';
      readonly done: number;
      readonly queued: number;
      readonly segments: readonly TranscriptSegment[];
      /** The timings so far: kept with the part done if Stop cannot wait for the rest. */
      readonly timings?: NarrationTimings;
    }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'transcript'; readonly transcript: Transcript | null; readonly error?: string };
