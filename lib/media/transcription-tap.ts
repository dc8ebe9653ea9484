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

export function startTranscription(mic: MediaStream, model: NarrationModel, worker: Worker, recording: () => boolean): Transcription {
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
  const tap = openTap(ctx, source, mute, worker, recording).catch((e: unknown) => {
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

/** How often the worklet learns whether the recording is paused (paused audio is never transcribed). */
const PAUSE_POLL_MS = 50;

/**
 * The microphone → worker path. An AudioWorklet posts straight to the worker on its own MessagePort, off this
 * document's main thread; where the worklet cannot load, a ScriptProcessorNode (main thread) stands in.
 */
async function openTap(ctx: AudioContext, source: MediaStreamAudioSourceNode, sink: AudioNode, worker: Worker, recording: () => boolean): Promise<Tap> {
  try {
    await ctx.audioWorklet.addModule(pcmTapWorklet);
  } catch {
    return scriptProcessorTap(ctx, source, sink, worker, recording);
  }
  const node = new AudioWorkletNode(ctx, 'sop-pcm-tap', { numberOfInputs: 1, numberOfOutputs: 1, channelCount: 1, channelCountMode: 'explicit' });
  const channel = new MessageChannel();
  worker.postMessage({ kind: 'pcm-port', port: channel.port1 } satisfies ToWorker, [channel.port1]);
  let on = recording();
  node.port.postMessage({ port: channel.port2, recording: on }, [channel.port2]);
  const poll = setInterval(() => {
    if (recording() !== on) node.port.postMessage({ recording: (on = !on) });
  }, PAUSE_POLL_MS);
  source.connect(node);
  node.connect(sink);
  return {
    async close() {
      clearInterval(poll);
      const flushed = new Promise<void>((resolve) => {
        node.port.onmessage = () => resolve();
        setTimeout(resolve, 1_000);
      });
      node.port.postMessage({ flush: true, recording: false });
      await flushed;
      node.disconnect();
    },
  };
}

function scriptProcessorTap(ctx: AudioContext, source: MediaStreamAudioSourceNode, sink: AudioNode, worker: Worker, recording: () => boolean): Tap {
  const tap = ctx.createScriptProcessor(4096, 1, 1);
  tap.onaudioprocess = (e) => {
    if (!recording()) return;
    const samples = new Float32Array(e.inputBuffer.getChannelData(0));
    worker.postMessage({ kind: 'pcm', samples } satisfies ToWorker, [samples.buffer]);
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
