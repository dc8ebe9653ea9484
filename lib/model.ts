/**
 * The domain model shared by every context. Pure types: no chrome.*, no DOM.
 *
 * Clocks: `at` is wall-clock ms (Date.now(), the same in every process and frame); `t` is ms on the
 * recording's clock (since Start, paused time excluded), the clock the video and the narration use.
 */

declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

export type SessionId = Brand<string, 'SessionId'>;
export type SopId = Brand<string, 'SopId'>;
export type StepId = Brand<string, 'StepId'>;
export type EventId = Brand<string, 'EventId'>;
export type ShotId = Brand<string, 'ShotId'>;

/** A rectangle in CSS pixels. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

/** Ways to find the target again, most robust first. Every entry is relative to its own root
 * (document or shadow root); `TargetContext.shadowPath` and `framePath` say how to reach that root. */
export interface SelectorSet {
  /** `[data-testid="…"]` (or data-test / data-qa / data-cy) when the page has one. */
  readonly testId?: string;
  /** `#id` when the id looks stable (not generated). */
  readonly id?: string;
  /** ARIA role + accessible name, the form Playwright's getByRole and the DevTools Recorder use. */
  readonly role?: { readonly role: string; readonly name: string };
  /** A CSS path that is unique in its root at capture time. Always present. */
  readonly css: string;
  /** Visible text of a short clickable element (links, buttons). */
  readonly text?: string;
}

/** What a content script knows about the element acted on. */
export interface TargetContext {
  /** Lower-case tag name. */
  readonly tag: string;
  /** `type` attribute of inputs/buttons, lower-case. */
  readonly type?: string;
  /** Computed ARIA role (explicit or implicit), '' when none. */
  readonly role: string;
  /** Accessible name per the ARIA accname rules, whitespace-collapsed, at most 200 chars. */
  readonly name: string;
  /** Visible label text (<label>, aria-labelledby) for form fields. */
  readonly label?: string;
  /** For a form field with no name or label: the caption just before it in its row (a `<label>` tied to no
   * control, a short text). Words the step; never a locator, since the page does not tie it to the field. */
  readonly nearLabel?: string;
  /** Visible text content, trimmed, at most 200 chars. Never set for sensitive fields. */
  readonly text?: string;
  readonly placeholder?: string;
  /** Accessible name of the group a radio button (or checkbox) belongs to: a fieldset's legend, a
   * radiogroup's label. "Choose **Production** in **Environment**." */
  readonly group?: string;
  /** Link destination, for anchors. */
  readonly href?: string;
  readonly selectors: SelectorSet;
  /** CSS selectors of the shadow hosts from the document down to the target's root; [] in the light DOM. */
  readonly shadowPath: readonly string[];
  /** CSS selectors of the iframes from the top document down to the target's frame; [] in the top frame.
   * Filled in by the background, which alone knows the frame tree. */
  readonly framePath: readonly string[];
  /** The same iframes as indexes among their parent document's child frames (`window.frames`), what the
   * DevTools Recorder's `frame` holds. Set by the background with framePath; absent in older recordings. */
  readonly framePathIndexes?: readonly number[];
  /** Bounding box in CSS px relative to the target frame's viewport. */
  readonly box: Box;
  /** True when the field's value must never be read: passwords, card data, one-time codes, tokens. */
  readonly sensitive: boolean;
}

export interface PageContext {
  readonly url: string;
  readonly title: string;
}

/** The viewport of the frame an action happened in. */
export interface ViewportInfo {
  readonly width: number;
  readonly height: number;
  readonly devicePixelRatio: number;
}

export interface Modifiers {
  readonly alt: boolean;
  readonly ctrl: boolean;
  readonly meta: boolean;
  readonly shift: boolean;
}

/**
 * An action as a content script reports it. Validated on arrival in the background (see
 * lib/messaging/schemas.ts), which then stamps it into a RawEvent.
 */
export type CapturedAction =
  | {
      readonly kind: 'click';
      readonly target: TargetContext;
      readonly button: number;
      readonly modifiers: Modifiers;
      /** The browser's click count (MouseEvent.detail) when above 1: 2 on the second click of a double-click. */
      readonly count?: number;
    }
  /** Typing in one field. Sent when the field settles (change, blur, Enter, idle); `value` is absent
   * when the field is sensitive. */
  | { readonly kind: 'input'; readonly target: TargetContext; readonly value?: string }
  /** select / checkbox / radio. `value` is the chosen option's label (select) or the input's value. */
  | {
      readonly kind: 'change';
      readonly target: TargetContext;
      readonly value?: string;
      /** A select's chosen option's `value` attribute (what @puppeteer/replay selects by), when exactly one is
       * chosen and the field is not sensitive; absent in older recordings. */
      readonly optionValue?: string;
      readonly checked?: boolean;
    }
  | { readonly kind: 'submit'; readonly target: TargetContext }
  /** A meaningful key: Enter, Escape, Tab with a target, or any key chord with Ctrl/Alt/Meta. */
  | { readonly kind: 'key'; readonly target: TargetContext; readonly key: string; readonly modifiers: Modifiers }
  /** A file chosen in a file input: names only, never contents or paths. */
  | { readonly kind: 'file'; readonly target: TargetContext; readonly fileNames: readonly string[] };

export type CapturedActionKind = CapturedAction['kind'];

/** How a navigation happened, from webNavigation's transition data. */
export type NavigationCause =
  | 'load'
  | 'link'
  | 'typed'
  | 'reload'
  | 'form'
  | 'back-forward'
  | 'push-state'
  | 'replace-state'
  | 'hash'
  | 'other';

/** Events the background observes itself (webNavigation, tabs). */
export type ObservedEvent =
  | { readonly kind: 'navigate'; readonly cause: NavigationCause }
  | { readonly kind: 'tab-open'; readonly openerTabId?: number }
  | { readonly kind: 'tab-switch' };

/** One stored, timestamped event of a recording session. */
export type RawEvent = (CapturedAction | ObservedEvent) & {
  readonly id: EventId;
  readonly sessionId: SessionId;
  readonly tabId: number;
  /** 0 for the top frame. */
  readonly frameId: number;
  readonly at: number;
  readonly t: number;
  readonly page: PageContext;
  /** The tab's top-level viewport (the frame of reference of `boxInTab`), not the subframe's. */
  readonly viewport?: ViewportInfo;
  /** The target's box in CSS px relative to the tab's top-level viewport (frame offsets applied). */
  readonly boxInTab?: Box;
  /** The screenshot grabbed for this event (at pointerdown for clicks), when one was taken. */
  readonly shotId?: ShotId;
};

export type RawEventKind = RawEvent['kind'];

/** Every kind of step, for the validators (restore, the JSON import schema) and the type. */
export const STEP_KINDS = ['click', 'type', 'select', 'check', 'uncheck', 'submit', 'key', 'upload', 'navigate', 'open-tab', 'switch-tab', 'manual'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** What the content script reports seeing on the page after an action (a heading, a status line, a toast). */
export const OBSERVATION_KINDS = ['heading', 'status', 'toast'] as const;
export type ObservationKind = (typeof OBSERVATION_KINDS)[number];

/** Where to draw the highlight on a screenshot. Kept beside the image, never burned into it, so it can be
 * moved and the original stays clean. CSS px of the tab's viewport; renderers scale by image / viewport. */
export interface Highlight {
  readonly box: Box;
  /** The tab viewport `box` is relative to. */
  readonly viewport: Size;
}

/** One instruction of an SOP. */
export interface Step {
  readonly id: StepId;
  readonly sopId: SopId;
  /** Sort key within the SOP; gaps allowed. */
  readonly order: number;
  readonly kind: StepKind;
  /**
   * The instruction, in a tiny Markdown subset: `**bold**` and backslash escapes. Text that came from a
   * page is escaped when drafted, so a label can never inject structure. The author may edit it freely.
   */
  readonly text: string;
  /** Spoken narration attached to this step (issue: narration). */
  readonly narration?: string;
  readonly target?: TargetContext;
  readonly page: PageContext;
  readonly tabId: number;
  /** Recording-clock ms of the action. */
  readonly t: number;
  /** Typed or selected value, when not sensitive. */
  readonly value?: string;
  readonly shotId?: ShotId;
  readonly highlight?: Highlight;
  /** Said under the screenshot: why there is none ("withheld…") or that it shows the page after the action. */
  readonly shotNote?: string;
  /**
   * Regions of the screenshot the author wants unreadable (names, tokens, customer data), in CSS px of the
   * tab's viewport: the same frame of reference as `highlight.viewport` and `Shot.viewport`. Kept beside the
   * image like the highlight; every export pixelates them irreversibly in its copy, the stored image stays.
   */
  readonly blurBoxes?: readonly Box[];
  /**
   * The part of the screenshot to keep in exports, in the same CSS px as `blurBoxes`; absent = the whole
   * image. The highlight and blur boxes keep their tab coordinates and are mapped into the crop when drawn.
   */
  readonly crop?: Box;
  /** The raw events this step was drafted from. */
  readonly eventIds: readonly EventId[];
}

export interface Sop {
  readonly id: SopId;
  readonly title: string;
  /** ms epoch */
  readonly createdAt: number;
  readonly updatedAt: number;
  /** The page the recording started on. */
  readonly sourceUrl: string;
  readonly sessionId?: SessionId;
  readonly stepCount: number;
  /** Duration of the recording on its own clock, ms. */
  readonly durationMs: number;
  /** Set when the author deleted it: hidden at once, purged for good a little later (so Undo works). */
  readonly deletedAt?: number;
}

/** A screenshot, stored apart from the small records. */
export interface Shot {
  readonly id: ShotId;
  readonly sessionId: SessionId;
  readonly blob: Blob;
  readonly mimeType: string;
  /** Image size in pixels. */
  readonly width: number;
  readonly height: number;
  /**
   * The frame of reference of every box drawn on this shot (highlight, blur, crop): the page's top-frame CSS
   * viewport when the frame was captured. Shots from before the real-world geometry stored the tab's size in
   * DIP here, which equals it at zoom 100 %. See lib/screenshot/geometry.ts.
   */
  readonly viewport?: Size;
  /** Where the page lies in the image (letterboxed streams), image px; absent = the whole image. */
  readonly content?: Box;
  /** The visual viewport when the page was pinch-zoomed. */
  readonly visual?: VisualViewportInfo;
  /**
   * 'after': the page had already changed (the action's effect) when this frame was captured, so it does not
   * show what the person acted on; drawn without a highlight and labelled so.
   */
  readonly phase?: 'before' | 'after';
  /**
   * Why the pixels were not kept: the privacy blur could not be placed for sure (fail closed). Such a row has
   * an empty blob and is never shown; getShot() does not return it.
   */
  readonly withheld?: string;
  readonly at: number;
  readonly t: number;
  readonly source: 'tab-stream' | 'capture-visible-tab';
}

/** Pinch zoom: the visual viewport's offset inside the layout viewport (CSS px) and its scale. */
export interface VisualViewportInfo {
  readonly x: number;
  readonly y: number;
  readonly scale: number;
}

export type RecordingPhase = 'idle' | 'starting' | 'recording' | 'paused' | 'stopping';

/** The live recording state. Lives in storage.session so it survives the service worker stopping. */
export interface RecordingState {
  readonly phase: RecordingPhase;
  readonly sessionId?: SessionId;
  /** The tab the user started on; `tabIds` grows as the workflow opens new tabs. */
  readonly tabId?: number;
  readonly tabIds: readonly number[];
  /** Wall-clock ms at Start. */
  readonly startedAt?: number;
  /** Total paused ms before the current pause (if any). */
  readonly pausedMs: number;
  /** Wall-clock ms when the current pause began. */
  readonly pausedAt?: number;
  readonly stepCount: number;
  /** Wall-clock ms when Stop was pressed (the end of the recording clock). */
  readonly stoppedAt?: number;
  /** The recorded tab's viewport in CSS px at Start: the frame of reference of screenshots. */
  readonly viewport?: Size;
  /** Whether the offscreen document holds a live tab stream (else screenshots fall back). */
  readonly streaming: boolean;
  /** Whether the microphone is recorded with the video; `narrationNote` says why not. */
  readonly narration?: 'on' | 'off';
  readonly narrationNote?: string;
  /** Last error worth showing the user. */
  readonly error?: string;
  /** The SOP drafted by the last Stop. */
  readonly lastSopId?: SopId;
  /** Privacy rules (Options) as they were at Start: sites never recorded, pause on secret fields. */
  readonly privacy?: { readonly blockedSites: readonly string[]; readonly pauseOnSensitiveFocus: boolean };
  /** Followed tabs showing a never-record site now: nothing of theirs is captured. */
  readonly blockedTabIds?: readonly number[];
  /** The frame where a password or other secret field has focus. */
  readonly sensitiveFocus?: { readonly tabId: number; readonly frameId: number };
  /** Why capture is paused automatically (the phase stays 'recording'; `pausedAt` runs the clock's pause). */
  readonly hold?: 'sensitive-field' | 'blocked-site';
  /** Wall-clock ms of each followed tab's last browser zoom change (a shot captured around it is not trusted). */
  readonly zoomChangedAt?: Readonly<Record<number, number>>;
}

export const IDLE_STATE: RecordingState = {
  phase: 'idle',
  tabIds: [],
  pausedMs: 0,
  stepCount: 0,
  streaming: false,
};

/** Recording-clock ms for a wall-clock instant. */
export function recordingClock(state: RecordingState, at: number): number {
  if (state.startedAt === undefined) return 0;
  if (state.stoppedAt !== undefined) at = Math.min(at, state.stoppedAt);
  const pausedNow = state.pausedAt !== undefined ? Math.max(0, at - state.pausedAt) : 0;
  return Math.max(0, at - state.startedAt - state.pausedMs - pausedNow);
}

/** A publish waiting for the network (lib/team-library/retry.ts): retried with backoff, nothing lost. */
export interface QueuedPublish {
  readonly sopId: SopId;
  /** Failed attempts so far. */
  readonly attempts: number;
  /** ms epoch of the next attempt. */
  readonly nextAt: number;
  /** What the last attempt said (the token masked). */
  readonly lastError: string;
  readonly queuedAt: number;
}

/**
 * An SOP's place in the team library (Options → Team library), kept beside the SOP (lib/db/team-store.ts):
 * where it lives in the repository and what both sides held at the last publish or pull, so a later publish
 * updates the same files and a pull can tell "newer" from "changed on both sides".
 */
export interface TeamLink {
  readonly sopId: SopId;
  /** The repository it belongs to (clone URL). */
  readonly repoUrl: string;
  /** Its folder in the repository, e.g. `docs/sops/deploy-payments`. */
  readonly path: string;
  /** The commit of the last publish or pull. */
  readonly commit: string;
  /** The branch that commit went to (a review branch `sop/…` or the library's branch). */
  readonly branch: string;
  /** The content fingerprint (lib/team-library/layout.ts) both sides had then: the local copy has
   * unpublished changes when its fingerprint differs. */
  readonly baseFingerprint: string;
  /** ms epoch of the last publish / pull. */
  readonly syncedAt: number;
  readonly how: 'published' | 'pulled';
  /** The pull / merge request opened for the last publish, if any. */
  readonly reviewUrl?: string;
}
