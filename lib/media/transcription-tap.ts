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

  const ctx = new AudioContext({ sampleRate: SAMPLE_RATE });
  const source = ctx.createMediaStreamSource(mic);
  const mute = ctx.createGain();
  mute.gain.value = 0;
  mute.connect(ctx.destination);
  const tap = openTap(ctx, source, mute, worker, recordingClock).catch((e: unknown) => {
    lastError = `The microphone could not be tapped for transcription: ${e instanceof Error ? e.message : String(e)}`;
    announce({ phase: 'error', message: lastError });
    return undefined;
  });

  return {
    async finish() {
      const stopAt = performance.timeOrigin + performance.now();
      // Audio already captured must reach the worker before it is told to stop.
      await (await tap)?.close();
      source.disconnect();
      await ctx.close().catch(() => undefined);
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
