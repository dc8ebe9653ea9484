/**
 * Runs in the offscreen document: turns a tabCapture stream id into a live stream, records it with
 * MediaRecorder in ≤ 1 s chunks written straight to IndexedDB, and grabs step screenshots from the same
 * stream. No page DOM here; the page is only seen through its video.
 */
import { appendChunk, putShot } from '../db/recording-store';
import { isStorageFull } from '../recording/storage-full';
import type { Box, SessionId, ShotId, Size } from '../model';
import { createCaptureClock, framesToDrop, pickFrame, type CaptureClock, type FrameRingStats } from '../screenshot/frame-pick';
import type { NarrationModel } from '../messaging/protocol';
import type { Transcript } from '../narration/segments';
import { MIC_LEVEL_CHANNEL, mixAudio, openMicrophone, type AudioMix } from '../media/audio-mix';
import { renderShot } from './shot-blur';
import { copyFrame, type CopiedFrame } from '../media/frame-copy';
import { createCostMeter } from '../capture/cost-meter';
import type { KeepFrame } from '../screenshot/keep-frame';
import { startTranscription, type Transcription } from '../media/transcription-tap';

/** What the offscreen document reports about its media. */
export interface MediaStatus {
  readonly streaming: boolean;
  readonly error?: string;
  /** Whether the narration (microphone) is being recorded, and if not, why. */
  readonly narration?: { readonly on: boolean; readonly note?: string };
  /** A video chunk could not be written because the disk (the origin's quota) is full. */
  readonly storageFull?: boolean;
}

const CHUNK_MS = 1_000;

/** A recent frame of the tab video, copied when it was presented, with when it was captured. */
interface HeldFrame {
  readonly pixels: CopiedFrame;
  /** The VideoFrame's timestamp: µs of the browser's monotonic clock at capture (see CaptureClock). */
  readonly timestampUs: number;
  /** Shots that chose this frame and have not been stored yet: it is not dropped meanwhile. */
  readonly pins: Set<string>;
}

/** Recent frames kept to pick a shot's frame from (see lib/screenshot/frame-pick.ts): ~1.3 MB each at 1280×800 (YUV planes), at most 17. */
const RING_KEEP_MS = 4_000;
const RING_MAX = 8;
/** Beyond the newest RING_MAX frames, one frame per this many ms of the last RING_KEEP_MS (at most 8 more). */
const RING_SPACING_MS = 500;
/** How long a shot waits for a frame newer than its request when the older ones could not be used. */
const FRESH_FRAME_WAIT_MS = 1_000;
/** A pin the background never came back for (its worker stopped) is let go after this. */
const PIN_TIMEOUT_MS = 20_000;

interface Live {
  readonly sessionId: SessionId;
  readonly frames: HeldFrame[];
  readonly pinned: Map<string, HeldFrame>;
  readonly captureClock: CaptureClock;
  stopFrames?: () => void;
  readonly stream: MediaStream;
  readonly video: HTMLVideoElement;
  readonly recorder: MediaRecorder;
  readonly audio: AudioMix;
  readonly meter: ReturnType<typeof setInterval>;
  transcription?: Transcription;
  readonly viewport: Size;
  readonly startedAt: number;
  seq: number;
  bytes: number;
  pausedMs: number;
  pausedAt?: number;
  writes: Promise<void>;
  writeError?: string;
}

function pickMimeType(): string {
  for (const type of ['video/webm;codecs=vp8,opus', 'video/webm;codecs=vp8', 'video/webm']) {
    if (MediaRecorder.isTypeSupported(type)) return type;
  }
  return '';
}


type StartParams = { sessionId: SessionId; streamId: string; width: number; height: number; narration?: NarrationModel };
type StopResult = { chunks: number; bytes: number; transcript?: Transcript | null; narrationError?: string };

/** How long Start waits for the tab video to start playing before going on without it. */
const PLAY_WAIT_MS = 2_000;


export function createTabRecorder(onStatus: (s: MediaStatus) => void, createWorker?: () => Worker) {
  let live: Live | undefined;
  /** A start still in flight: on a starved machine getUserMedia can take seconds, and Stop must wait for it
   * rather than leave a recorder running that nobody will stop. */
  let starting: Promise<unknown> | undefined;
  let narration: MediaStatus['narration'];
  /** For `frameStats` (npm run bench): every frame of the stream is copied as it arrives (lib/media/frame-copy.ts). */
  const copyCost = createCostMeter(1_024);
  let framesSeen = 0;

  function clock(l: Live, now = Date.now()): number {
    const pausedNow = l.pausedAt !== undefined ? now - l.pausedAt : 0;
    return Math.max(0, now - l.startedAt - l.pausedMs - pausedNow);
  }

  function drop(l: Live, frame: HeldFrame): void {
    const i = l.frames.indexOf(frame);
    if (i >= 0) l.frames.splice(i, 1);
    if (frame.pins.size === 0) frame.pixels.close();
  }

  function timed(l: Live) {
    return l.frames.map((frame) => ({ frame, time: l.captureClock.time(frame.timestampUs) }));
  }

  /**
   * Reads every frame of (a clone of) the tab's video track as it is captured, with its capture timestamp,
   * into a small ring of copies; each VideoFrame is released at once so the capturer never runs dry.
   */
  function followFrames(l: Live): void {
    const Processor = (globalThis as { MediaStreamTrackProcessor?: new (init: { track: MediaStreamTrack }) => { readable: ReadableStream<VideoFrame> } }).MediaStreamTrackProcessor;
    const source = l.stream.getVideoTracks()[0];
    if (!Processor || !source) return;
    const track = source.clone();
    const reader = new Processor({ track }).readable.getReader();
    l.stopFrames = () => {
      void reader.cancel().catch(() => undefined);
      track.stop();
    };
    const pump = async (): Promise<void> => {
      for (;;) {
        const { value: videoFrame, done } = await reader.read();
        if (done || !videoFrame) return;
        try {
          if (live !== l) return;
          l.captureClock.observe(videoFrame.timestamp, performance.now());
          const t0 = performance.now();
          const pixels = await copyFrame(videoFrame);
          copyCost.record((performance.now() - t0) * 1_000);
          framesSeen++;
          l.frames.push({ pixels, timestampUs: videoFrame.timestamp, pins: new Set() });
          for (const old of framesToDrop(timed(l), Date.now(), RING_KEEP_MS, RING_MAX, RING_SPACING_MS)) drop(l, old.frame);
        } finally {
          videoFrame.close();
        }
      }
    };
    void pump().catch(() => undefined);
  }

  function unpin(l: Live, shotId: string): void {
    const frame = l.pinned.get(shotId);
    if (!frame) return;
    l.pinned.delete(shotId);
    frame.pins.delete(shotId);
    if (frame.pins.size === 0 && !l.frames.includes(frame)) frame.pixels.close();
  }

  async function stopLive(): Promise<StopResult> {
    const l = live;
    if (!l) return { chunks: 0, bytes: 0 };
    live = undefined;
    l.stopFrames?.();
    for (const shotId of [...l.pinned.keys()]) unpin(l, shotId);
    for (const frame of [...l.frames]) drop(l, frame);
    if (l.recorder.state !== 'inactive') {
      const done = new Promise<void>((resolve) => l.recorder.addEventListener('stop', () => resolve(), { once: true }));
      l.recorder.stop();
      await done;
    }
    await l.writes;
    // The video is safe in IndexedDB; now wait for the tail of the narration to be transcribed.
    const narration = l.transcription ? await l.transcription.finish() : undefined;
    clearInterval(l.meter);
    await l.audio.close();
    for (const track of l.stream.getTracks()) track.stop();
    l.video.srcObject = null;
    return { chunks: l.seq, bytes: l.bytes, ...(narration ? { transcript: narration.transcript, narrationError: narration.error } : {}) };
  }

  async function begin(p: StartParams): Promise<{ ok: boolean; error?: string }> {
    if (live?.sessionId === p.sessionId) return { ok: true };
    if (live) await stopLive();
    const tab = { chromeMediaSource: 'tab', chromeMediaSourceId: p.streamId };
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: { mandatory: tab } as MediaTrackConstraints,
      video: {
        mandatory: { ...tab, minWidth: p.width, maxWidth: p.width, minHeight: p.height, maxHeight: p.height, maxFrameRate: 30 },
      } as MediaTrackConstraints,
    });
    const video = document.createElement('video');
    video.muted = true;
    video.srcObject = stream;
    // A tab in the background (the popup opened as a tab, another window in front) sends no frames, and
    // play() waits for one: Start must not. The first shot waits for a frame itself (pickFrame).
    await Promise.race([video.play().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, PLAY_WAIT_MS))]);
    const mic = await openMicrophone();
    const audio = mixAudio(stream, mic.stream);
    mic.stream?.getAudioTracks()[0]?.addEventListener('ended', () =>
      onStatus({ streaming: true, narration: { on: false, note: 'No narration: the microphone was disconnected.' } }),
    );
    // One video track and one mixed audio track: the narration is heard when the video plays.
    const recorded = new MediaStream([...stream.getVideoTracks(), ...(audio.track ? [audio.track] : [])]);
    const mimeType = pickMimeType();
    const recorder = new MediaRecorder(recorded, { mimeType, videoBitsPerSecond: 2_500_000 });
    const levels = new BroadcastChannel(MIC_LEVEL_CHANNEL);
    const meter = setInterval(() => levels.postMessage({ level: audio.level(), mic: mic.stream !== undefined }), 100);
    const l: Live = { sessionId: p.sessionId, frames: [], pinned: new Map(), captureClock: createCaptureClock(performance.timeOrigin), stream, video, recorder, audio, meter, viewport: { width: p.width, height: p.height }, startedAt: Date.now(), seq: 0, bytes: 0, pausedMs: 0, writes: Promise.resolve() };
    // Whisper listens to the microphone alone (not the tab's sound), only while recording, on the recording
    // clock (the audio is placed by it, not by counting samples: lib/narration/sample-clock.ts).
    if (p.narration && mic.stream && createWorker) {
      l.transcription = startTranscription(mic.stream, p.narration, createWorker(), () => (recorder.state === 'recording' ? clock(l) : null));
    }
    recorder.ondataavailable = (e) => {
      if (e.data.size === 0) return;
      const chunk = { sessionId: l.sessionId, seq: l.seq++, blob: e.data, t: clock(l) };
      l.bytes += e.data.size;
      l.writes = l.writes.then(() =>
        appendChunk(chunk).catch((err: unknown) => {
          // A closed database: keep recording steps, say so once. A full disk: the background stops the
          // recording, keeping what was saved.
          if (l.writeError) return;
          l.writeError = `Video chunks could not be saved: ${err instanceof Error ? err.message : String(err)}`;
          onStatus({ streaming: true, error: l.writeError, ...(isStorageFull(err) ? { storageFull: true } : {}) });
        }),
      );
    };
    stream.getVideoTracks()[0]?.addEventListener('ended', () => onStatus({ streaming: false, error: 'The tab stream ended; screenshots now come from the visible tab.' }));
    recorder.start(CHUNK_MS);
    live = l;
    followFrames(l);
    narration = mic.stream ? { on: true } : { on: false, note: mic.note };
    return { ok: true };
  }

  return {
    isRecording: () => live !== undefined,

    frameStats(): FrameRingStats | undefined {
      const l = live;
      if (!l) return undefined;
      const held = new Set([...l.frames, ...l.pinned.values()]);
      const c = copyCost.stats();
      return {
        seen: framesSeen,
        held: held.size,
        heldBytes: [...held].reduce((sum, f) => sum + f.pixels.bytes, 0),
        copyMedianMs: c.medianUs / 1_000,
        copyP99Ms: c.p99Us / 1_000,
      };
    },

    async start(p: StartParams): Promise<{ ok: boolean; error?: string }> {
      const run = begin(p);
      starting = run;
      try {
        const result = await run;
        // The background may have given up waiting: tell it the stream is live now.
        if (result.ok) onStatus({ streaming: true, narration });
        return result;
      } finally {
        if (starting === run) starting = undefined;
      }
    },


    pause() {
      if (!live || live.recorder.state !== 'recording') return;
      live.recorder.pause();
      live.pausedAt = Date.now();
    },

    resume() {
      if (!live || live.recorder.state !== 'paused') return;
      live.recorder.resume();
      if (live.pausedAt !== undefined) live.pausedMs += Date.now() - live.pausedAt;
      live.pausedAt = undefined;
    },

    /** Resolves once the last chunk is in IndexedDB. */
    async stop(): Promise<StopResult> {
      if (starting) await starting.catch(() => undefined);
      return stopLive();
    },

    /**
     * Chooses the frame for shot `shotId` — the newest captured before `before` (the action), or the newest
     * of all — and holds it until keepFrame. Returns when it was captured, so the background can ask the page
     * what that frame shows. Null without a recording or any frame.
     */
    async pickFrame(p: { shotId: string; sessionId: SessionId; before: number; newest?: boolean; after?: number }): Promise<{ from: number; to: number; width: number; height: number } | null> {
      const l = live;
      if (!l || l.sessionId !== p.sessionId) return null;
      // Right after Start on a busy machine the first frame may not be here yet: wait a moment for it.
      for (const deadline = Date.now() + 1_500; l.frames.length === 0 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 50));
      // A frame captured after `after` shows only what was painted by then: wait a little for one (a page
      // that does not change sends none; the newest is taken then).
      const fresh = () => timed(l).some((f) => f.time.from >= p.after!);
      if (p.after !== undefined) for (const deadline = Date.now() + FRESH_FRAME_WAIT_MS; !fresh() && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 30));
      const chosen = pickFrame(timed(l), p.before, p.newest);
      if (!chosen || live !== l) return null;
      const frame = chosen.frame;
      unpin(l, p.shotId);
      frame.pins.add(p.shotId);
      l.pinned.set(p.shotId, frame);
      setTimeout(() => unpin(l, p.shotId), PIN_TIMEOUT_MS);
      // Messages carry no infinities: an unknown window becomes the widest finite one (it fails closed).
      const from = Number.isFinite(chosen.time.from) ? chosen.time.from : 0;
      const to = Number.isFinite(chosen.time.to) ? chosen.time.to : Number.MAX_SAFE_INTEGER;
      return { from, to, width: frame.pixels.width, height: frame.pixels.height };
    },

    /**
     * Stores the frame pickFrame chose for `shotId`, with `blur` (CSS px of the top frame, as the page reported
     * for that frame) obscured, or — `withhold` — stores only why there is no screenshot.
     */
    async keepFrame(p: KeepFrame): Promise<{ ok: boolean; withheld?: string }> {
      const l = live;
      if (!l || l.sessionId !== p.sessionId) return { ok: false };
      const frame = l.pinned.get(p.shotId);
      if (!frame) return { ok: false };
      try {
        const base = { id: p.shotId as ShotId, sessionId: p.sessionId, at: p.at, t: p.t, source: 'tab-stream' as const };
        const rendered = p.withhold ? ({ ok: false, withheld: p.withhold } as const) : await frame.pixels.withBitmap((bitmap) => renderShot(bitmap, { width: bitmap.width, height: bitmap.height }, p.view, p.blur));
        if (!rendered.ok) {
          await putShot({ ...base, blob: new Blob([]), mimeType: 'image/png', width: 0, height: 0, withheld: rendered.withheld });
          return { ok: true, withheld: rendered.withheld };
        }
        await putShot({
          ...base,
          blob: rendered.blob,
          mimeType: 'image/png',
          width: rendered.width,
          height: rendered.height,
          viewport: p.view.viewport,
          content: rendered.content,
          ...(p.view.visual ? { visual: p.view.visual } : {}),
          ...(p.phase === 'after' ? { phase: 'after' as const } : {}),
        });
        return { ok: true };
      } finally {
        unpin(l, p.shotId);
      }
    },
  };
}
