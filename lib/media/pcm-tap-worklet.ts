/**
 * AudioWorklet processor of the narration tap: runs on the audio thread and posts 16 kHz mono PCM straight
 * to the transcription worker through a MessagePort it is handed, so a busy offscreen document (encoding a
 * screenshot, writing a video chunk) can never make the tap drop audio, as a ScriptProcessorNode would.
 * Each batch carries the recording-clock ms of its first sample, from the latest anchor the document read
 * (context frame ↔ recording clock): frames this thread never rendered under load leave a gap the worker
 * fills with silence (lib/narration/sample-clock.ts).
 */
import { frameRecordingMs, type ClockAnchor } from '../narration/sample-clock';

// The AudioWorkletGlobalScope's own names (not in TypeScript's DOM library).
declare const registerProcessor: (name: string, ctor: new () => object) => void;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare const currentFrame: number;
declare const sampleRate: number;

/** ~256 ms at 16 kHz: few messages, and latency nobody notices in a transcript. */
const BATCH = 4096;

class PcmTap extends AudioWorkletProcessor {
  private out: MessagePort | undefined;
  private recording = true;
  private buffer = new Float32Array(BATCH);
  private filled = 0;
  /** Context frame of the batch's first sample. */
  private batchFrame = 0;
  private anchor: ClockAnchor | undefined;

  constructor() {
    super();
    this.port.onmessage = (e: MessageEvent<{ port?: MessagePort; recording?: boolean; flush?: boolean; anchor?: ClockAnchor }>) => {
      if (e.data.port) this.out = e.data.port;
      if (e.data.anchor) this.anchor = e.data.anchor;
      if (e.data.recording !== undefined) this.recording = e.data.recording;
      if (e.data.flush) {
        this.send();
        // The worker hears Stop on another port: this tells it every batch is in.
        this.out?.postMessage({ kind: 'pcm-end' });
        this.port.postMessage({ flushed: true });
      }
    };
  }

  private send(): void {
    if (this.filled === 0 || !this.out) return;
    const samples = this.buffer.slice(0, this.filled);
    const atMs = this.anchor ? frameRecordingMs(this.batchFrame, this.anchor, sampleRate) : undefined;
    this.out.postMessage({ kind: 'pcm', samples, atMs }, [samples.buffer]);
    this.filled = 0;
  }

  process(inputs: Float32Array[][]): boolean {
    const input = inputs[0]?.[0];
    if (!input || !this.recording) return true;
    let at = 0;
    while (at < input.length) {
      if (this.filled === 0) this.batchFrame = currentFrame + at;
      const n = Math.min(input.length - at, BATCH - this.filled);
      this.buffer.set(input.subarray(at, at + n), this.filled);
      this.filled += n;
      at += n;
      if (this.filled === BATCH) this.send();
    }
    return true;
  }
}

registerProcessor('sop-pcm-tap', PcmTap as unknown as new () => object);
