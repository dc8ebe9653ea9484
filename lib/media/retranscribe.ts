/**
 * Transcribe a stored recording again, later, in an extension page: with a model that was not available
 * while recording, a better one, or after a failed first attempt. The recording's own audio track (the
 * microphone mixed with the tab's sound) is decoded, brought to 16 kHz mono and fed to the same worker the
 * offscreen document uses while recording; nothing leaves the machine.
 */
import { getRecording, listChunks } from '../db/recording-store';
import type { NarrationModel } from '../narration/models';
import type { Transcript } from '../narration/segments';
import { withCheckedTimings } from '../narration/timings';
import { WHISPER_SAMPLE_RATE } from '../narration/windowing';
import type { FromWorker, ToWorker } from '../narration/worker-protocol';
import type { SessionId } from '../model';

export interface RetranscribeProgress {
  readonly phase: 'decoding' | 'loading-model' | 'transcribing';
  /** 0…1 when known. */
  readonly fraction?: number;
}

/** The recording's audio as 16 kHz mono PCM; null when it has no audio track. */
export async function recordedSpeech(sessionId: SessionId): Promise<Float32Array | null> {
  const chunks = await listChunks(sessionId);
  if (chunks.length === 0) throw new Error('This recording has no stored video or audio to transcribe.');
  const recording = await getRecording(sessionId);
  const blob = new Blob(chunks.map((c) => c.blob), { type: recording?.mimeType ?? chunks[0]!.blob.type ?? 'video/webm' });
  // An OfflineAudioContext at 16 kHz decodes and resamples in one go, and mono-mixes when rendering.
  const probe = new OfflineAudioContext(1, 1, WHISPER_SAMPLE_RATE);
  let decoded: AudioBuffer;
  try {
    decoded = await probe.decodeAudioData(await blob.arrayBuffer());
  } catch {
    return null;
  }
  const length = Math.ceil(decoded.duration * WHISPER_SAMPLE_RATE);
  if (length === 0) return null;
  const ctx = new OfflineAudioContext(1, length, WHISPER_SAMPLE_RATE);
  const source = ctx.createBufferSource();
  source.buffer = decoded;
  source.connect(ctx.destination);
  source.start();
  return (await ctx.startRendering()).getChannelData(0);
}

/** Feed 10 s at a time: the worker windows them like live audio. */
const FEED_SAMPLES = 10 * WHISPER_SAMPLE_RATE;

export async function transcribeRecording(
  sessionId: SessionId,
  model: NarrationModel,
  onProgress: (p: RetranscribeProgress) => void,
  signal?: AbortSignal,
): Promise<Transcript> {
  onProgress({ phase: 'decoding' });
  const pcm = await recordedSpeech(sessionId);
  if (!pcm) throw new Error('This recording has no audio track: there is no narration to transcribe.');
  if (signal?.aborted) throw new DOMException('Cancelled', 'AbortError');
  const windows = Math.max(1, Math.ceil(pcm.length / (28 * WHISPER_SAMPLE_RATE)));
  const worker = new Worker(new URL('../../entrypoints/offscreen/transcribe-worker.ts', import.meta.url), { type: 'module' });
  const send = (m: ToWorker, transfer: Transferable[] = []) => worker.postMessage(m, transfer);
  try {
    return await new Promise<Transcript>((resolve, reject) => {
      let loadError: string | undefined;
      signal?.addEventListener('abort', () => reject(new DOMException('Cancelled', 'AbortError')), { once: true });
      worker.onerror = (e) => reject(new Error(`The transcription worker failed: ${e.message}`));
      worker.onmessage = (e: MessageEvent<FromWorker>) => {
        const m = e.data;
        if (m.kind === 'progress') onProgress({ phase: 'loading-model', ...(m.fraction !== null ? { fraction: m.fraction } : {}) });
        else if (m.kind === 'ready') onProgress({ phase: 'transcribing', fraction: 0 });
        else if (m.kind === 'windows') onProgress({ phase: 'transcribing', fraction: Math.min(1, m.done / windows) });
        else if (m.kind === 'error') loadError = m.message;
        else if (m.kind === 'transcript') {
          if (m.transcript) resolve(withCheckedTimings(m.transcript));
          else reject(new Error(m.error ?? loadError ?? 'The narration could not be transcribed.'));
        }
      };
      onProgress({ phase: 'loading-model' });
      send({ kind: 'init', config: { ...model, startMs: 0 } });
      for (let at = 0; at < pcm.length; at += FEED_SAMPLES) {
        const part = pcm.slice(at, at + FEED_SAMPLES);
        send({ kind: 'pcm', samples: part }, [part.buffer]);
      }
      send({ kind: 'stop' });
    });
  } finally {
    worker.terminate();
  }
}
