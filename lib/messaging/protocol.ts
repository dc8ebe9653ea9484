/**
 * The one message protocol of the extension. Every message is addressed to a receiver (background,
 * offscreen document, content script) because background and offscreen both hear runtime.onMessage.
 * Each verb has a payload schema and says who may send it: 'tab' (a content script in a page) or
 * 'extension' (the extension's own pages and service worker).
 */
import type { BoxesAnswer, StateHistory } from '../privacy/screen-states';
import type { KeepFrame } from '../screenshot/keep-frame';
import type { FrameRingStats } from '../screenshot/frame-pick';
import type { Box, PageContext, RecordingState, SessionId, SopId, TargetContext, ViewportInfo, CapturedAction, ObservationKind } from '../model';
import type { NarrationModel } from '../narration/models';
import type { Transcript } from '../narration/segments';
import type { VideoExportKind, VideoJobStatus } from './video-job';
import type { FindOutcome } from '../guide/finder';
import type { GuideExpect } from '../guide/plan';
import type { DriftFindAnswer } from '../drift/page-answer';
import type { SnapMoment } from '../drift/passive-picture';

/** The Whisper model the offscreen document should transcribe the microphone with. */
export type { NarrationModel };

export type Receiver = 'background' | 'offscreen' | 'content';
export type SenderKind = 'tab' | 'extension';

/** What a content script needs to know to behave. */
export interface ContentState {
  readonly recording: boolean;
  readonly paused: boolean;
  /** Whether a focused password or other secret field holds capture (Options): then no screenshot is asked
   * for while one has focus. */
  readonly holdOnSecretFocus?: boolean;
}

interface Verb<P, R> {
  readonly payload: P;
  readonly result: R;
}

export interface BackgroundProtocol {
  /** A frame's content script starts (or restarts) and asks whether to capture. */
  /** `at`: the page's clock when it said hello (a tab adopted then has its tab-open placed there). */
  'capture.hello': Verb<{ isTop: boolean; frameToken?: string; page: PageContext; at?: number }, ContentState>;
  /** A meaningful action happened in a page. */
  'capture.action': Verb<
    { action: CapturedAction; page: PageContext; viewport: ViewportInfo; at: number; shotId?: string; blur?: Box[] },
    void
  >;
  /** Grab a screenshot now (pointerdown, before the click's effect); a following action cites `shotId`. */
  'capture.shot': Verb<{ shotId: string; at: number; blur?: Box[]; states?: StateHistory }, void>;
  /** A password or other secret field in this frame gained or lost focus at `at` (capture holds meanwhile). */
  'capture.sensitiveFocus': Verb<{ focused: boolean; at?: number }, void>;
  /** What the page showed after an action (a toast, a status text, a new heading): the step's expected result. */
  'capture.observation': Verb<{ kind: ObservationKind; text: string; at: number }, void>;
  /** A parent frame found the iframe element that announced `token`; `index`: its place in window.frames. */
  'capture.frameLink': Verb<{ token: string; selector: string; index?: number }, void>;
  'recording.start': Verb<{ tabId: number }, RecordingState>;
  'recording.pause': Verb<Record<string, never>, RecordingState>;
  'recording.resume': Verb<Record<string, never>, RecordingState>;
  'recording.stop': Verb<Record<string, never>, { sopId: SopId | null }>;
  'recording.getState': Verb<Record<string, never>, RecordingState>;
  /** Draft the SOP of a recording the browser never finished (closed or crashed mid-recording). */
  'recording.recover': Verb<{ sessionId: SessionId }, { sopId: SopId }>;
  /** Delete a recording the browser never finished. */
  'recording.discard': Verb<{ sessionId: SessionId }, void>;
  /** The offscreen document reports a change in its media (stream lost, recorder error, disk full). */
  'offscreen.status': Verb<{ streaming: boolean; error?: string; narration?: { on: boolean; note?: string }; storageFull?: boolean }, void>;
  /** The offscreen document finished a video export nobody came for: download its object URL (same origin);
   * resolves once the download is complete. */
  'video.download': Verb<{ url: string; fileName: string }, void>;
  /** The offscreen document has prepared every SOP it was asked to after Stop: close it unless it is needed. */
  'offscreen.exportsPrepared': Verb<Record<string, never>, void>;
  /** Guide me: open (or reuse `tabId`) the SOP's start page and walk the person through its steps. `values`:
   * the SOP's variables as the person gave them. Captures nothing. */
  'guide.start': Verb<{ sopId: SopId; values: Record<string, string>; tabId?: number }, { runId: string }>;
  /** The person pressed Back, Skip, Done or Close (in the page's guide panel, or an extension page). `step`:
   * the step the panel showed (a press meant for a step already left is ignored). */
  'guide.control': Verb<{ runId: string; step: number; action: 'back' | 'skip' | 'done' | 'stop' }, void>;
  /** The frame that highlights the step's element saw the person complete it. */
  'guide.acted': Verb<{ runId: string; step: number }, void>;
  /** Check against the app: replay the SOP in a window of its own on the start URL the values make, step by
   * step, and store the drift report. `confirmed`: the person confirmed this run on a host not marked safe to
   * replay (without it such a run only answers which host needs confirming). */
  'drift.check': Verb<{ sopId: SopId; values: Record<string, string>; confirmed: boolean }, { checkId: string } | { confirm: string }>;
}

export interface OffscreenProtocol {
  'offscreen.start': Verb<
    { sessionId: SessionId; streamId: string; width: number; height: number; narration?: NarrationModel },
    { ok: boolean; error?: string }
  >;
  'offscreen.pause': Verb<Record<string, never>, void>;
  'offscreen.resume': Verb<Record<string, never>, void>;
  /** Stops the recorder and flushes the last chunk; resolves once every chunk is in IndexedDB. */
  'offscreen.stop': Verb<Record<string, never>, { chunks: number; bytes: number; transcript?: Transcript | null; narrationError?: string }>;
  /** Choose (and hold) the frame for a shot: the newest captured before `before`, else the newest. */
  'offscreen.pickFrame': Verb<{ shotId: string; sessionId: SessionId; before: number; newest?: boolean; after?: number }, { from: number; to: number; width: number; height: number } | null>;
  /** Store the chosen frame with `blur` (CSS px of `view.viewport`) obscured, or only why it was withheld. */
  'offscreen.keepFrame': Verb<KeepFrame, { ok: boolean; withheld?: string }>;
  /** `jobs`: video exports that still need this document (running, or a file not yet saved), and preparing
   * export images after Stop (`preparing`: which SOP). */
  /** `frames`: what the ring of recent video frames holds and costs, while recording (benchmarks read it). */
  'offscreen.ping': Verb<Record<string, never>, { recording: boolean; jobs: number; preparing?: SopId; frames?: FrameRingStats }>;
  /** After Stop: prepare the new SOP's export images here (lib/exporting/prepare-after-stop.ts), no page needed.
   * The document cannot read the settings: the worker passes the export image format. Refused while recording;
   * offscreen.start stops it. */
  'offscreen.prepareExports': Verb<{ sopId: SopId; format: 'jpeg' | 'webp' | 'png' }, { queued: boolean }>;
  /** Start (or join: same SOP and kind) a video export. It runs here, in ffmpeg.wasm's worker, so closing the
   * page that asked does not stop it; progress goes out on VIDEO_EXPORT_CHANNEL. */
  'offscreen.videoExport': Verb<{ sopId: SopId; kind: VideoExportKind; stepId?: string }, VideoJobStatus>;
  /** null when the job is unknown (this document was closed and re-created meanwhile). */
  'offscreen.videoStatus': Verb<{ jobId: string }, VideoJobStatus | null>;
  /** Stops ffmpeg at once (its worker is terminated). */
  'offscreen.videoCancel': Verb<{ jobId: string }, void>;
  /** A page takes the finished file to save it; false: another page or the automatic download has it. */
  'offscreen.videoClaim': Verb<{ jobId: string }, boolean>;
  /** The page has saved the file: release it. */
  'offscreen.videoCollected': Verb<{ jobId: string }, void>;
  /** Publishes queued while offline that are due now, tried here when no extension page is open to try them
   * (the service worker's alarm woke for them); resolves once they were. The document cannot read
   * the extension's storage: the worker hands it the team library's settings and token (never logged, never shown). */
  'offscreen.teamRetry': Verb<{ settings: unknown; token: string }, { tried: number; published: number }>;
}

export interface ContentProtocol {
  'content.state': Verb<ContentState, void>;
  /** Where is the iframe that announced `token`, in this frame's viewport (and its own path)? */
  'content.frameRect': Verb<{ token: string }, { box: Box; viewport: ViewportInfo; index?: number } | null>;
  /** What this frame shows that a screenshot must blur (secret fields, secret text), CSS px of its viewport. */
  /** What a frame captured between `from` and `to` (wall-clock ms) shows that must be blurred, in this frame's
   * CSS px, with the frame's size; `since`: the action's time (did the page change after it?). */
  'content.boxesAt': Verb<{ from: number; to: number; since?: number }, BoxesAnswer>;
  /** Guide me: find the step's element in this frame (when the frame fits the target's frame path), waiting
   * for it to render; highlight it and watch for the person completing `expect`. null: not this frame. */
  'content.guideFind': Verb<{ runId: string; step: number; target: TargetContext; expect: GuideExpect; timeoutMs: number }, (FindOutcome & { frameDepth: number }) | null>;
  /** Guide me: show (top frame) the panel for the step. */
  'content.guidePanel': Verb<{ runId: string; view: GuidePanelView }, void>;
  /** Guide me: remove the highlight and stop watching (`keepPanel`: between steps). */
  'content.guideClear': Verb<{ runId: string; keepPanel: boolean }, void>;
  /** Guide me, passive drift picture: `hide` hides the guide's own overlay (ring and panel) for one capture and
   * says where the step's element is and what must not be shown; `show` brings the overlay back and says the
   * same again (the capture is kept only if nothing changed between). null: not the element shown here. */
  'content.guideSnap': Verb<{ runId: string; step: number; phase: 'hide' | 'show' }, SnapMoment | null>;
  /** Drift check: find the step's element in this frame (when it fits the frame path), bring it into view and
   * describe it as it is now. null: not this frame. */
  'content.driftFind': Verb<{ checkId: string; step: number; target: TargetContext; timeoutMs: number }, DriftFindAnswer | null>;
  /** Drift check: do the step on the element this frame found for it. */
  'content.driftAct': Verb<{ checkId: string; step: number; expect: GuideExpect }, { ok: boolean; why?: string }>;
}

/** What the in-page guide panel shows for one step. Texts are plain (page-derived parts included): shown as text. */
export interface GuidePanelView {
  readonly title: string;
  /** 0-based; equal to `total` when the run is finished. */
  readonly step: number;
  readonly total: number;
  readonly text: string;
  readonly narration?: string;
  readonly expectedResult?: string;
  readonly status: 'finding' | 'found' | 'not-found' | 'manual' | 'finished';
  /** Said plainly: how it was found again, or why not. */
  readonly detail?: string;
  /** The recorded screenshot (a data: URL) with the element's box in % of the image. */
  readonly shot?: { readonly src: string; readonly highlight?: Box };
}

export interface Protocols {
  background: BackgroundProtocol;
  offscreen: OffscreenProtocol;
  content: ContentProtocol;
}

export type VerbOf<R extends Receiver> = keyof Protocols[R] & string;
export type PayloadOf<R extends Receiver, V extends VerbOf<R>> = Protocols[R][V] extends Verb<infer P, unknown> ? P : never;
export type ResultOf<R extends Receiver, V extends VerbOf<R>> = Protocols[R][V] extends Verb<unknown, infer Res> ? Res : never;

/** The wire format. `to` routes it; `type` names the verb. */
export interface Envelope<R extends Receiver = Receiver, V extends string = string> {
  readonly to: R;
  readonly type: V;
  readonly payload: unknown;
}

/** Checks a payload at the receiving edge and says what it admits (`T`). zod schemas fit; so does a
 * hand-written check where zod would be too heavy (the content script runs in every frame of every page). */
export interface Validator<T = unknown> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { message: string } };
}

export interface VerbSpec<P = unknown> {
  readonly from: readonly SenderKind[];
  readonly schema: Validator<P>;
}

/** Who may send each verb to receiver R, and the shape of its payload. Exhaustive by type: adding a verb
 * without a spec does not compile, and neither does a schema that admits what the verb's payload type does
 * not (a missing field, a wider type), so a handler never receives less than its type promises. Specs are
 * declared `satisfies ReceiverSpecs<R>` rather than annotated, keeping their schemas' own types for the
 * opposite check (tests/unit/messaging/specs-match-protocol.test.ts: no declared field stripped). */
export interface ReceiverSpecs<R extends Receiver> {
  readonly receiver: R;
  readonly verbs: { readonly [V in VerbOf<R>]: VerbSpec<PayloadOf<R, V>> };
}

export function envelope<R extends Receiver, V extends VerbOf<R>>(to: R, type: V, payload: PayloadOf<R, V>): Envelope<R, V> {
  return { to, type, payload };
}

