/**
 * Keeps narration on the recording's clock. A transcript's times count samples, but under CPU load the
 * offscreen AudioContext renders fewer frames than time passes (its audio thread misses deadlines, and the
 * frames it missed are never rendered): counted in samples, every lost second would move every later word a
 * second earlier, onto earlier steps — minutes by the end of a long recording on a busy machine. So each chunk
 * of PCM comes stamped with the recording-clock ms of its first sample, and where the stamps run ahead of the
 * samples the gap is filled with silence. Words said during a gap are lost either way; nothing after them moves.
 *
 * A stamp is only as good as the anchor it was computed from (a context frame read with the recording clock
 * on the document's thread). After a stall the audio thread may render a catch-up burst before a fresh anchor
 * reaches it, so a few chunks come stamped too late. So the clock holds a few seconds of audio and fills a gap
 * before a chunk only as far as every chunk held after it agrees: a real loss shows in all the stamps that
 * follow it, a stale stamp in a few.
 *
 * Pure: the offscreen document reads the clocks, the worker places the samples.
 */

/** A context frame read together with the recording clock (paused time excluded) at the same moment. */
export interface ClockAnchor {
  /** AudioContext frame (currentTime × sampleRate). */
  readonly frame: number;
  /** Recording-clock ms at that frame. */
  readonly recordingMs: number;
}

/** The recording-clock ms of the sample rendered at context frame `frame`, by the anchor read nearest it. */
export function frameRecordingMs(frame: number, anchor: ClockAnchor, sampleRate: number): number {
  return anchor.recordingMs + ((frame - anchor.frame) * 1000) / sampleRate;
}

/** The longest gap filled (a machine asleep mid-recording); a stamp further ahead is ignored. */
export const MAX_GAP_MS = 12 * 3_600_000;

export interface SampleClockOptions {
  readonly sampleRate: number;
  /** Recording-clock ms of sample 0. */
  readonly startMs?: number;
  /**
   * Gaps shorter than this are left alone: the stamps jitter by a render burst and a message hop, and moving
   * words by less than this changes no step's narration.
   */
  readonly toleranceMs?: number;
  /** Audio held back before it is placed, ms: how long a run of stale stamps can be told from a real loss. */
  readonly holdMs?: number;
}

/** What to push, in order: audio as it came, or a number of samples of silence. */
export type Placed = Float32Array | number;

export interface SampleClock {
  /**
   * A chunk whose first sample was heard at `atMs` (recording clock; undefined when the tap could not say).
   * Returns what can be placed now (held audio that is old enough, with any silence before it). Audio is
   * never dropped, even when a stamp says it came early.
   */
  push(chunk: Float32Array, atMs?: number): Placed[];
  /** Everything still held (at Stop). */
  flush(): Placed[];
  /** Samples placed so far, silence included. */
  readonly position: number;
  /** Silence inserted for audio that never arrived, ms in total. */
  readonly filledMs: number;
}

export function createSampleClock(options: SampleClockOptions): SampleClock {
  const { sampleRate } = options;
  if (!(sampleRate > 0)) throw new RangeError(`Invalid sample rate: ${sampleRate}`);
  const startMs = options.startMs ?? 0;
  const perMs = sampleRate / 1000;
  const tolerance = Math.round((options.toleranceMs ?? 150) * perMs);
  const hold = Math.round((options.holdMs ?? 5_000) * perMs);
  // A stamp this far ahead is a broken clock, not lost audio: hours of silence would only hide the words.
  const implausible = MAX_GAP_MS * perMs;
  const held: { chunk: Float32Array; expected?: number }[] = [];
  let heldSamples = 0;
  let position = 0;
  let filled = 0;

  /** Places the oldest held chunk, after the silence every later stamp agrees is missing before it. */
  function release(out: Placed[]): void {
    let gap = Infinity;
    let offset = position;
    for (const h of held) {
      if (h.expected !== undefined) gap = Math.min(gap, h.expected - offset);
      offset += h.chunk.length;
    }
    const first = held.shift()!;
    heldSamples -= first.chunk.length;
    if (gap > tolerance && gap <= implausible) {
      out.push(gap);
      position += gap;
      filled += gap;
    }
    out.push(first.chunk);
    position += first.chunk.length;
  }

  return {
    push(chunk, atMs) {
      const known = atMs !== undefined && Number.isFinite(atMs);
      held.push({ chunk, ...(known ? { expected: Math.round((atMs - startMs) * perMs) } : {}) });
      heldSamples += chunk.length;
      const out: Placed[] = [];
      while (held.length > 1 && heldSamples - held[0]!.chunk.length >= hold) release(out);
      return out;
    },
    flush() {
      const out: Placed[] = [];
      while (held.length) release(out);
      return out;
    },
    get position() {
      return position;
    },
    get filledMs() {
      return filled / perMs;
    },
  };
}
