/**
 * Runs in the offscreen document. Capturing a tab's audio silences it for the user, so it is played back
 * here; the microphone and the tab's sound are mixed into the one audio track the video is recorded with,
 * and the microphone's level is measured for the popup's meter.
 */
import { MIC_LEVEL } from '../messaging/channels';

/** Where the level goes (lib/messaging/channels.ts validates what arrives). */
export const MIC_LEVEL_CHANNEL = MIC_LEVEL.name;

export interface AudioMix {
  /** The mixed track for MediaRecorder; undefined when there is neither tab audio nor a microphone. */
  readonly track?: MediaStreamTrack;
  /** Microphone level 0..1 (RMS), 0 without a microphone. */
  level(): number;
  close(): Promise<void>;
}

export function mixAudio(tab: MediaStream, mic: MediaStream | undefined): AudioMix {
  const ctx = new AudioContext();
  const out = ctx.createMediaStreamDestination();
  if (tab.getAudioTracks().length > 0) {
    const source = ctx.createMediaStreamSource(tab);
    source.connect(ctx.destination);
    source.connect(out);
  }
  let analyser: AnalyserNode | undefined;
  if (mic) {
    const source = ctx.createMediaStreamSource(mic);
    analyser = ctx.createAnalyser();
    analyser.fftSize = 1024;
    source.connect(analyser);
    source.connect(out);
  }
  const samples = new Float32Array(1024);
  const hasAudio = tab.getAudioTracks().length > 0 || mic !== undefined;
  return {
    track: hasAudio ? out.stream.getAudioTracks()[0] : undefined,
    level() {
      if (!analyser) return 0;
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const v of samples) sum += v * v;
      return Math.min(1, Math.sqrt(sum / samples.length) * 4);
    },
    async close() {
      for (const t of mic?.getTracks() ?? []) t.stop();
      await ctx.close().catch(() => undefined);
    },
  };
}

/** The microphone, or a sentence saying why there is none. Never throws: recording goes on without it. */
export async function openMicrophone(timeoutMs = 5_000): Promise<{ stream?: MediaStream; note?: string }> {
  try {
    const stream = await Promise.race([
      navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true } }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new DOMException('timeout', 'TimeoutError')), timeoutMs)),
    ]);
    return { stream };
  } catch (e) {
    const name = e instanceof DOMException ? e.name : '';
    const note =
      name === 'NotAllowedError' || name === 'SecurityError'
        ? 'No narration: microphone access is not granted. Use "Allow microphone" in the popup, then record again.'
        : name === 'NotFoundError' || name === 'OverconstrainedError'
          ? 'No narration: no microphone was found.'
          : name === 'NotReadableError'
            ? 'No narration: the microphone is in use by another program.'
            : `No narration: the microphone did not start (${e instanceof Error ? e.message : String(e)}).`;
    return { note };
  }
}
