/**
 * The microphone as the capture delivers it (timestamped frames at the device's rate, read from a
 * MediaStreamTrackProcessor) → 16 kHz batches for the transcription worker, each stamped with the
 * recording-clock ms of its first sample. No AudioContext in the way: a context's render clock loses frames
 * when its audio thread misses deadlines (2.1 s a minute in a page at load 8 here, while the processor's frames
 * came whole), frames are read from a queue that waits for a busy reader, and their capture timestamps say
 * where any gap was. Pure: the tap reads the frames and the recording clock, this places them.
 *
 * Capture timestamps are on the capture's own clock, so the offset to the recording clock is learned: each
 * frame read at recording time R with capture end E says offset ≤ R − E (it cannot have been read before it
 * was captured); the smallest bound seen is the estimate (the least delayed read). A pause changes the offset
 * (the recording clock stops, the capture does not), so it is learned afresh after each.
 */
import { createStreamResampler, type StreamResampler } from './resample';

export interface MicFrame {
  /** Mono samples (the first channel). */
  readonly samples: Float32Array;
  readonly sampleRate: number;
  /** Capture time of the first sample, µs on the capture's clock (AudioData.timestamp). */
  readonly timestampUs: number;
}

export interface MicBatch {
  readonly samples: Float32Array;
  /** Recording-clock ms of the first sample. */
  readonly atMs: number;
}

export interface MicFrameBatcherOptions {
  readonly onBatch: (batch: MicBatch) => void;
  readonly toRate?: number;
  /** Samples per batch (~256 ms at 16 kHz: few messages, no latency anyone sees in a transcript). */
  readonly batchSamples?: number;
}

export interface MicFrameBatcher {
  /** A frame read while the recording clock read `recordingNowMs`; null: paused (the frame is dropped). */
  frame(frame: MicFrame, recordingNowMs: number | null): void;
  /**
   * At Stop: a frame still queued. Kept when it was captured before `stopMs` (recording clock); says whether
   * it was (the caller stops reading at the first that was not). Learns nothing from when it is read.
   */
  drain(frame: MicFrame, stopMs: number): boolean;
  /** Sends what is held. */
  end(): void;
}

/** A jump in capture timestamps beyond this is a gap (frames dropped): the run ends and a new one starts. */
const GAP_US = 20_000;

interface Run {
  readonly resampler: StreamResampler;
  readonly sampleRate: number;
  readonly startUs: number;
  expectedNextUs: number;
  /** Output samples of this run already batched or sent. */
  emitted: number;
}

export function createMicFrameBatcher(options: MicFrameBatcherOptions): MicFrameBatcher {
  const toRate = options.toRate ?? 16_000;
  const batchSamples = options.batchSamples ?? 4_096;
  let offsetMs = Infinity;
  let paused = false;
  let run: Run | undefined;
  let pending: Float32Array[] = [];
  let pendingLength = 0;
  /** Run output index of pending[0]'s first sample. */
  let pendingFrom = 0;

  const durationUs = (f: MicFrame) => (f.samples.length * 1e6) / f.sampleRate;

  function send(): void {
    if (!run || pendingLength === 0) return;
    const samples = new Float32Array(pendingLength);
    let at = 0;
    for (const p of pending) {
      samples.set(p, at);
      at += p.length;
    }
    const atMs = run.startUs / 1000 + offsetMs + (pendingFrom * 1000) / toRate;
    pending = [];
    pendingLength = 0;
    options.onBatch({ samples, atMs });
  }

  function add(out: Float32Array): void {
    if (!run || out.length === 0) return;
    if (pendingLength === 0) pendingFrom = run.emitted;
    pending.push(out);
    pendingLength += out.length;
    run.emitted += out.length;
    if (pendingLength >= batchSamples) send();
  }

  function endRun(): void {
    if (!run) return;
    add(run.resampler.flush());
    send();
    run = undefined;
  }

  function take(f: MicFrame): void {
    if (run && (f.sampleRate !== run.sampleRate || Math.abs(f.timestampUs - run.expectedNextUs) > GAP_US)) endRun();
    if (!run) run = { resampler: createStreamResampler(f.sampleRate, toRate), sampleRate: f.sampleRate, startUs: f.timestampUs, expectedNextUs: f.timestampUs, emitted: 0 };
    run.expectedNextUs = f.timestampUs + durationUs(f);
    add(run.resampler.push(f.samples));
  }

  return {
    frame(f, recordingNowMs) {
      if (recordingNowMs === null) {
        endRun();
        paused = true;
        return;
      }
      // Kept through the pause itself (Stop drains with it), learned afresh once recording goes on.
      if (paused) offsetMs = Infinity;
      paused = false;
      if (!(f.sampleRate > 0) || !Number.isFinite(f.timestampUs) || f.samples.length === 0) return;
      offsetMs = Math.min(offsetMs, recordingNowMs - (f.timestampUs + durationUs(f)) / 1000);
      take(f);
    },
    drain(f, stopMs) {
      if (!Number.isFinite(offsetMs) || !(f.sampleRate > 0) || f.timestampUs / 1000 + offsetMs >= stopMs) return false;
      take(f);
      return true;
    },
    end: endRun,
  };
}
