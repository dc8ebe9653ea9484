/**
 * Runs in the offscreen document: taps the microphone as 16 kHz mono PCM (the AudioContext resamples) and
 * streams it to the transcription worker while recording; at Stop, collects the transcript.
 */
import { NARRATION, type NarrationProgress } from '../messaging/channels';
import type { NarrationModel } from '../messaging/protocol';
import { unfinishedTranscript } from '../narration/segments';
import type { Transcript, TranscriptSegment } from '../narration/segments';
import type { FromWorker, ToWorker } from '../narration/worker-protocol';
import { parseTimings, withCheckedTimings, type NarrationTimings } from '../narration/timings';
import type { ClockAnchor } from '../narration/sample-clock';
import { createMicFrameBatcher, type MicFrame } from '../narration/mic-frames';
import pcmTapWorklet from './pcm-tap-worklet.ts?worker&url';

const SAMPLE_RATE = 16_000;

/** The popup listens here for the model's download progress and transcription errors. */
/** Where the progress goes (lib/messaging/channels.ts validates what arrives). */
export const NARRATION_CHANNEL = NARRATION.name;
export type { NarrationProgress };

/** Real Whisper tiny transcribes a 30 s window in ~15 s in WASM on 2 cores: the tail can take that long. */
const FINISH_TIMEOUT_MS = 60_000;

export interface Transcription {
  finish(): Promise<{ transcript: Transcript | null; error?: string }>;
}

/**
 * `recordingClock`: the recording-clock ms now (the steps' clock: paused time excluded), or null while the
 * recording is paused — paused audio is never transcribed.
 */
export function startTranscription(mic: MediaStream, model: NarrationModel, worker: Worker, recordingClock: () => number | null): Transcription {
  const send = (m: ToWorker, transfer: Transferable[] = []) => worker.postMessage(m, transfer);
  let lastError: string | undefined;
  /** The transcript so far: what is kept if the tail cannot be finished in time. */
  let partial: readonly TranscriptSegment[] = [];
  let partialTimings: NarrationTimings | undefined;
  let resolveTranscript: ((r: { transcript: Transcript | null; error?: string }) => void) | undefined;
  const progress = new BroadcastChannel(NARRATION_CHANNEL);
  let latest: NarrationProgress = { phase: 'loading', fraction: null };
  const announce = (p: NarrationProgress) => {
    latest = p;
    progress.postMessage(p);
  };
  // A popup opened later still learns where the model is.
  const heartbeat = setInterval(() => progress.postMessage(latest), 1_000);
  worker.onmessage = (e: MessageEvent<FromWorker>) => {
    const m = e.data;
    if (m.kind === 'progress') announce({ phase: 'loading', fraction: m.fraction });
    if (m.kind === 'ready') announce({ phase: 'ready' });
    if (m.kind === 'windows') {
      partial = m.segments;
      // Numbers from the worker are checked like any message: bad ones are dropped, never the transcript.
      partialTimings = parseTimings(m.timings) ?? partialTimings;
    }
    if (m.kind === 'error') {
      lastError = m.message;
      announce({ phase: 'error', message: m.message });
    }
    if (m.kind === 'transcript') resolveTranscript?.({ transcript: m.transcript && withCheckedTimings(m.transcript), error: m.error ?? lastError });
  };
  worker.onerror = (e) => {
    lastError = `The transcription worker failed: ${e.message}`;
    resolveTranscript?.({ transcript: null, error: lastError });
  };
  send({
    kind: 'init',
    config: {
      ...model,
      startMs: 0,
    },
  });

  // The capture's own frames when the browser offers them (every Chromium with offscreen documents does);
  // an AudioContext tap otherwise.
  const track = mic.getAudioTracks()[0];
  const frames = track ? processorTap(track, worker, recordingClock) : undefined;
  let context: { ctx: AudioContext; source: MediaStreamAudioSourceNode } | undefined;
  const tap: Promise<Tap | undefined> = frames
    ? Promise.resolve(frames)
    : (() => {
        const ctx = new AudioContext({ sampleRate: SAMPLE_RATE });
        const source = ctx.createMediaStreamSource(mic);
        context = { ctx, source };
        const mute = ctx.createGain();
        mute.gain.value = 0;
        mute.connect(ctx.destination);
        return openTap(ctx, source, mute, worker, recordingClock);
      })().catch((e: unknown) => {
        lastError = `The microphone could not be tapped for transcription: ${e instanceof Error ? e.message : String(e)}`;
        announce({ phase: 'error', message: lastError });
        return undefined;
      });

  return {
    async finish() {
      const stopAt = performance.timeOrigin + performance.now();
      // Audio already captured must reach the worker before it is told to stop.
      await (await tap)?.close();
      context?.source.disconnect();
      await context?.ctx.close().catch(() => undefined);
      const result = await new Promise<{ transcript: Transcript | null; error?: string }>((resolve) => {
        resolveTranscript = resolve;
        setTimeout(() => resolve(timedOut(partial, model, partialTimings)), FINISH_TIMEOUT_MS);
        send({ kind: 'stop', at: stopAt });
      });
      worker.terminate();
      clearInterval(heartbeat);
      progress.close();
      return result;
    },
  };
}

/** Stop could not wait for the rest: keep what was transcribed and say what is missing. */
function timedOut(partial: readonly TranscriptSegment[], model: NarrationModel, timings: NarrationTimings | undefined): { transcript: Transcript | null; error: string } {
  return unfinishedTranscript(partial, model.modelId, Date.now(), model.multilingual ? model.language : undefined, timings);
}

interface Tap {
  /** Stop tapping; resolves once every captured sample has been posted. */
  close(): Promise<void>;
}

/** Frames the processor may queue for a busy reader: 30 s of Chromium's 10 ms frames (~6 MB at 48 kHz). */
const MAX_QUEUED_FRAMES = 3_000;
/** At Stop, the queue is read until a frame from after Stop, or until it stays empty this long. */
const DRAIN_IDLE_MS = 300;

type TrackProcessor = new (init: { track: MediaStreamTrack; maxBufferSize?: number }) => { readonly readable: ReadableStream<AudioData> };

/**
 * The microphone's frames as captured (MediaStreamTrackProcessor), read on this document's thread — they
 * queue while it is busy, and their capture timestamps place them — resampled and batched for the worker by
 * lib/narration/mic-frames.ts. No AudioContext: its render clock loses frames under load.
 */
function processorTap(track: MediaStreamTrack, worker: Worker, recordingClock: () => number | null): Tap | undefined {
  const Processor = (globalThis as { MediaStreamTrackProcessor?: TrackProcessor }).MediaStreamTrackProcessor;
  if (!Processor) return undefined;
  let reader: ReadableStreamDefaultReader<AudioData>;
  try {
    reader = new Processor({ track, maxBufferSize: MAX_QUEUED_FRAMES }).readable.getReader();
  } catch {
    return undefined;
  }
  const batcher = createMicFrameBatcher({
    onBatch: (b) => worker.postMessage({ kind: 'pcm', samples: b.samples, atMs: b.atMs } satisfies ToWorker, [b.samples.buffer]),
  });
  let lastRecordingMs: number | undefined;
  let stopMs: number | undefined;
  const toFrame = (data: AudioData): MicFrame => {
    const samples = new Float32Array(data.numberOfFrames);
    data.copyTo(samples, { planeIndex: 0, format: 'f32-planar' });
    return { samples, sampleRate: data.sampleRate, timestampUs: data.timestamp };
  };
  const reading = (async () => {
    for (;;) {
      const next = reader.read();
      const result = stopMs === undefined ? await next : await Promise.race([next, new Promise<null>((resolve) => setTimeout(() => resolve(null), DRAIN_IDLE_MS))]);
      if (result === null) {
        void next.then((r) => r.value?.close(), () => undefined);
        break;
      }
      if (result.done) break;
      const data = result.value;
      try {
        if (stopMs === undefined) {
          const now = recordingClock();
          if (now !== null) lastRecordingMs = now;
          batcher.frame(toFrame(data), now);
        } else if (!batcher.drain(toFrame(data), stopMs)) break;
      } finally {
        data.close();
      }
    }
    batcher.end();
    await reader.cancel().catch(() => undefined);
  })().catch(() => batcher.end());
  return {
    async close() {
      // Frames captured before Stop may still be queued: read them, not those after.
      stopMs = lastRecordingMs ?? 0;
      // A microphone that stopped sending leaves a read pending: cancelling ends it.
      const stuck = setTimeout(() => void reader.cancel().catch(() => undefined), DRAIN_IDLE_MS * 4);
      await reading;
      clearTimeout(stuck);
    },
  };
}

/**
 * How often the worklet learns whether the recording is paused (paused audio is never transcribed) and where
 * the context's frames stand on the recording clock.
 */
const CLOCK_POLL_MS = 50;

/** The context's frame now with the recording clock now, or undefined while paused. */
function readAnchor(ctx: AudioContext, recordingClock: () => number | null): ClockAnchor | undefined {
  const recordingMs = recordingClock();
  return recordingMs === null ? undefined : { frame: Math.round(ctx.currentTime * ctx.sampleRate), recordingMs };
}

/**
 * The microphone → worker path. An AudioWorklet posts straight to the worker on its own MessagePort, off this
 * document's main thread; where the worklet cannot load, a ScriptProcessorNode (main thread) stands in.
 */
async function openTap(ctx: AudioContext, source: MediaStreamAudioSourceNode, sink: AudioNode, worker: Worker, recordingClock: () => number | null): Promise<Tap> {
  try {
    await ctx.audioWorklet.addModule(pcmTapWorklet);
  } catch {
    return scriptProcessorTap(ctx, source, sink, worker, recordingClock);
  }
  const node = new AudioWorkletNode(ctx, 'sop-pcm-tap', { numberOfInputs: 1, numberOfOutputs: 1, channelCount: 1, channelCountMode: 'explicit' });
  const channel = new MessageChannel();
  worker.postMessage({ kind: 'pcm-port', port: channel.port1 } satisfies ToWorker, [channel.port1]);
  let anchor = readAnchor(ctx, recordingClock);
  let on = anchor !== undefined;
  node.port.postMessage({ port: channel.port2, recording: on, anchor }, [channel.port2]);
  const poll = setInterval(() => {
    // Read together, every poll: under load the context renders fewer frames than time passes, and each
    // anchor lets the worklet stamp its batches on the recording clock regardless.
    anchor = readAnchor(ctx, recordingClock);
    on = anchor !== undefined;
    node.port.postMessage({ recording: on, ...(anchor ? { anchor } : {}) });
  }, CLOCK_POLL_MS);
  source.connect(node);
  node.connect(sink);
  return {
    async close() {
      clearInterval(poll);
      const flushed = new Promise<void>((resolve) => {
        node.port.onmessage = () => resolve();
        // A starved audio thread answers late; its last batch is worth a little wait.
        setTimeout(resolve, 2_000);
      });
      node.port.postMessage({ flush: true, recording: false });
      await flushed;
      node.disconnect();
    },
  };
}

function scriptProcessorTap(ctx: AudioContext, source: MediaStreamAudioSourceNode, sink: AudioNode, worker: Worker, recordingClock: () => number | null): Tap {
  const tap = ctx.createScriptProcessor(4096, 1, 1);
  tap.onaudioprocess = (e) => {
    const now = recordingClock();
    if (now === null) return;
    const samples = new Float32Array(e.inputBuffer.getChannelData(0));
    // The buffer ends about now; this path runs on the document's thread, so the stamp is rougher.
    const atMs = now - (samples.length * 1000) / ctx.sampleRate;
    worker.postMessage({ kind: 'pcm', samples, atMs } satisfies ToWorker, [samples.buffer]);
  };
  source.connect(tap);
  tap.connect(sink);
  return {
    async close() {
      tap.onaudioprocess = null;
      tap.disconnect();
    },
  };
}
