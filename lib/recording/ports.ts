/**
 * Everything the recorder asks of the browser and the database, injected so it runs under Vitest
 * (lib/platform/background-ports.ts is the real one, tests/unit/recording/fake-recorder-ports.ts the fake).
 * One interface per port, so each part of the recorder can name only the ports it uses.
 */
import type { NarrationModel, PayloadOf, ResultOf, VerbOf } from '../messaging/protocol';
import type { ObservationRecord } from '../db/schema';
import type { ShotFacts } from '../db/recording-store';
import type { Transcript } from '../narration/segments';
import type { Box, RawEvent, RecordingState, SessionId, Shot, Sop, SopId, Step } from '../model';
import type { PrivacySettings } from '../privacy/site-rules';
import type { PageView } from '../screenshot/keep-frame';
import type { SopDocument } from '../sop/document';
import type { ChunkSpan, StoredRecording } from './recovery';

/** A captureVisibleTab image made storable (lib/platform/shot-blur.ts renderShot). */
export type RenderedShot =
  | { readonly ok: true; readonly blob: Blob; readonly width: number; readonly height: number; readonly content: Box }
  | { readonly ok: false; readonly withheld: string };

export interface TabInfo {
  readonly url: string;
  readonly title: string;
  readonly width: number;
  readonly height: number;
  readonly active: boolean;
  /** The tab that opened this one (a link with target=_blank, window.open). */
  readonly openerTabId?: number;
}

/** A link from a subframe to the iframe element that holds it, learnt from the frame-announce handshake. */
export interface FrameLink {
  readonly tabId: number;
  readonly frameId?: number;
  readonly parentFrameId?: number;
  readonly selector?: string;
  /** The iframe's index in its parent's window.frames at the handshake. */
  readonly index?: number;
}

/** A message to the offscreen document, with the payload and result its protocol declares. */
type Offscreen<V extends VerbOf<'offscreen'>> = (p: PayloadOf<'offscreen', V>) => Promise<ResultOf<'offscreen', V>>;
type ToContent<V extends VerbOf<'content'>> = PayloadOf<'content', V>;
type FromContent<V extends VerbOf<'content'>> = ResultOf<'content', V>;

export interface StatePort {
  get(): Promise<RecordingState>;
  set(next: RecordingState): Promise<void>;
}

export interface FrameLinksPort {
  get(token: string): Promise<FrameLink | undefined>;
  merge(token: string, patch: FrameLink): Promise<void>;
  byFrame(tabId: number, frameId: number): Promise<(FrameLink & { token: string }) | undefined>;
  clear(): Promise<void>;
}

export interface TabsPort {
  get(tabId: number): Promise<TabInfo | undefined>;
  /** Tell every frame of a tab whether to capture. Frames without our script are skipped quietly. */
  broadcast(tabId: number, state: ToContent<'content.state'>): Promise<void>;
  frameRect(tabId: number, frameId: number, token: ToContent<'content.frameRect'>['token']): Promise<FromContent<'content.frameRect'>>;
  /** Fallback screenshot of the visible tab; null when the tab is not visible or Chrome refuses. */
  captureVisible(tabId: number): Promise<{ blob: Blob; width: number; height: number } | null>;
  /** Run the content script in every frame of the tab; a no-op where it already runs. */
  injectContentScript(tabId: number): Promise<void>;
  /** The tab's frame ids (to ask each what a screenshot must blur). */
  frameIds(tabId: number): Promise<number[]>;
  /** What a frame captured in `window` shows of one frame that must be blurred; null: no answer. */
  boxesAt(tabId: number, frameId: number, window: ToContent<'content.boxesAt'>): Promise<FromContent<'content.boxesAt'> | null>;
}

/** What the video and the narration came to at Stop. */
export type MediaStopped = ResultOf<'offscreen', 'offscreen.stop'>;

export interface MediaPort {
  streamId(tabId: number): Promise<string>;
  start: Offscreen<'offscreen.start'>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Flushes the video; resolves with the narration's transcript when it was transcribed. */
  stop(): Promise<MediaStopped>;
  /** Choose and hold the frame for a shot (the newest captured before `before`, else the newest). */
  pickFrame: Offscreen<'offscreen.pickFrame'>;
  /** Store the held frame with its blur, or only why it was withheld. */
  keepFrame: Offscreen<'offscreen.keepFrame'>;
  /** After Stop, with the recorder idle: have the new SOP's export images prepared in the background (the
   * offscreen document; no page needs to be open). Resolves once queued. */
  prepareExports(sopId: SopId): Promise<void>;
  close(): Promise<void>;
}

export interface StorePort {
  createRecording(p: { id: SessionId; tabId: number; startedAt: number }): Promise<void>;
  finishRecording(id: SessionId, patch: { status: 'done' | 'failed'; endedAt: number; sopId?: SopId; error?: string; transcript?: Transcript; narrationError?: string }): Promise<void>;
  addEvent(e: RawEvent): Promise<void>;
  addObservation(o: ObservationRecord): Promise<void>;
  listObservations(sessionId: SessionId): Promise<ObservationRecord[]>;
  listEvents(sessionId: SessionId): Promise<RawEvent[]>;
  /** The session's last `limit` events, in time order. */
  recentEvents(sessionId: SessionId, limit: number): Promise<RawEvent[]>;
  putShot(s: Shot): Promise<void>;
  /** Phase and withheld reasons of a session's shots, for the draft. */
  shotFacts(sessionId: SessionId): Promise<ShotFacts[]>;
  saveDraft(sop: Sop, steps: readonly Step[], doc: SopDocument): Promise<void>;
  deleteUnusedShots(sessionId: SessionId, keep: ReadonlySet<string>): Promise<number>;
  getRecording(sessionId: SessionId): Promise<StoredRecording | undefined>;
  /** How much video a session wrote (count, bytes, clock of the last chunk). */
  chunkSpan(sessionId: SessionId): Promise<ChunkSpan>;
  /** Delete everything a session stored (events, observations, chunks, shots, its row); SOPs stay. */
  deleteSession(sessionId: SessionId): Promise<void>;
}

/** Privacy rules (Options) and the blur applied to captureVisibleTab shots. */
export interface PrivacyPort {
  settings(): Promise<PrivacySettings>;
  /** A stored image from a captureVisibleTab PNG: letterbox measured and checked, `blur` obscured. */
  renderShot(image: Blob, view: PageView, blur: readonly Box[]): Promise<RenderedShot>;
}

export interface RecorderPorts {
  now(): number;
  newId(): string;
  state: StatePort;
  frameLinks: FrameLinksPort;
  tabs: TabsPort;
  media: MediaPort;
  store: StorePort;
  /** The model to transcribe the narration with; undefined when the user turned transcription off. */
  narrationModel(): Promise<NarrationModel | undefined>;
  /** Show recording state and step count on the toolbar icon. */
  badge(state: RecordingState): Promise<void>;
  privacy: PrivacyPort;
  log(message: string, detail?: unknown): void;
}
