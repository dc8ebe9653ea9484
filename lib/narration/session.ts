/**
 * One recording's narration, streamed: PCM chunks in, windows transcribed one after another while the
 * recording goes on, the tail at Stop, one stitched transcript out. The transcribe function is injected, so
 * this runs with the real model (offscreen worker, integration tests) or a fake (unit tests).
 */
import { stitchWindows, type Transcript, type TranscriptSegment, type WindowTranscript } from './segments';
import { maskSecrets } from '../privacy/secrets';
import { createStreamWindower, type AudioWindow, type WindowingOptions } from './windowing';
import { voiceActivity, type VoiceActivityOptions } from './voice-activity';

export type TranscribeWindow = (pcm16k: Float32Array, offsetMs: number) => Promise<TranscriptSegment[]>;

export interface NarrationSessionOptions extends WindowingOptions {
  readonly transcribe: TranscribeWindow;
  /** Recorded in the transcript. */
  readonly model: string;
  readonly language?: string;
  /** Called after each window with the transcript so far (for a live preview). */
  readonly onUpdate?: (segments: readonly TranscriptSegment[], windowsDone: number) => void;
  /** ms epoch; injectable for tests. */
  readonly now?: () => number;
  /**
   * Skip windows in which nobody speaks (voice-activity.ts): they are not given to the model and count as
   * transcribed with no segments, so stitching and coverage are as if the model had heard nothing. Off unless
   * given (`{}` for the defaults).
   */
  readonly skipSilence?: VoiceActivityOptions;
}

export interface NarrationSession {
  /** Feeds 16 kHz mono samples; transcription of complete windows starts in the background. */
  push(chunk: Float32Array): void;
  /** Stop: transcribes the tail, waits for every window, returns the transcript. */
  stop(): Promise<Transcript>;
  /** Windows handed to the model so far (full windows, plus the tail after stop()). */
  readonly windowsQueued: number;
  readonly windowsDone: number;
  /** Windows not given to the model because nobody spoke in them. */
  readonly windowsSkipped: number;
}

/**
 * The windows stitched, with any secret said aloud ("my password is …") masked: neither the live preview nor
 * the stored transcript holds it. After stitching, which drops bracketed text as non-speech markers.
 */
function stitchMasked(done: readonly WindowTranscript[]): TranscriptSegment[] {
  return stitchWindows(done).map((s) => ({ ...s, text: maskSecrets(s.text, { spoken: true }) }));
}

export function createNarrationSession(options: NarrationSessionOptions): NarrationSession {
  const windower = createStreamWindower(options);
  const done: WindowTranscript[] = [];
  let queued = 0;
  let skipped = 0;
  let chain: Promise<void> = Promise.resolve();
  let failure: unknown = null;

  function enqueue(window: AudioWindow): void {
    queued++;
    chain = chain.then(async () => {
      if (failure) return;
      try {
        const silent = options.skipSilence !== undefined && !voiceActivity(window.pcm, options.skipSilence).hasSpeech;
        if (silent) skipped++;
        const segments = silent ? [] : await options.transcribe(window.pcm, window.startMs);
        done.push({ startMs: window.startMs, endMs: window.endMs, segments });
        options.onUpdate?.(stitchMasked(done), done.length);
      } catch (error) {
        failure = error;
      }
    });
  }

  return {
    push(chunk) {
      for (const window of windower.push(chunk)) enqueue(window);
    },
    async stop() {
      const tail = windower.flush();
      if (tail) enqueue(tail);
      await chain;
      if (failure) throw failure;
      return {
        segments: stitchMasked(done),
        model: options.model,
        ...(options.language ? { language: options.language } : {}),
        createdAt: (options.now ?? Date.now)(),
      };
    },
    get windowsQueued() {
      return queued;
    },
    get windowsDone() {
      return done.length;
    },
    get windowsSkipped() {
      return skipped;
    },
  };
}
