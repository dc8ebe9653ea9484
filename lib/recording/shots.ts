/**
 * Step screenshots: from the live tab stream when it shows the tab, else captureVisibleTab, with every secret
 * the captured frame may show blurred before anything is stored, or no pixels kept at all when that cannot
 * be known (lib/recording/shot-boxes.ts asks the frames).
 */
import { recordingClock, type RecordingState, type ShotId } from '../model';
import { tabBlocked } from '../privacy/privacy-hold';
import { answerFromHistory, type StateHistory } from '../privacy/screen-states';
import { withTimeout } from './context';
import { placeInTab, type PlacePorts } from './frames';
import type { MediaPort, PrivacyPort, RecorderPorts, StorePort, TabsPort } from './ports';
import { boxesInTab } from './shot-boxes';

export type ShotPorts = Pick<RecorderPorts, 'now' | 'log'> &
  PlacePorts & {
    readonly media: Pick<MediaPort, 'pickFrame' | 'keepFrame'>;
    readonly tabs: Pick<TabsPort, 'captureVisible' | 'frameIds' | 'boxesAt'>;
    readonly store: Pick<StorePort, 'putShot'>;
    readonly privacy: Pick<PrivacyPort, 'renderShot'>;
  };

/** The frame that asked for the shot (its action's frame), and its recent states when it sent them. */
export interface ShotAsker {
  readonly frameId: number;
  readonly states?: StateHistory;
}

export interface Shots {
  /** Take shot `shotId` for an action at `at`; false when none was stored (not even a withheld one). */
  shoot(state: RecordingState, tabId: number, shotId: string, at: number, from: ShotAsker): Promise<boolean>;
  /** Settles once every shot in flight now has (Stop waits for them: they need the live stream). */
  drain(): Promise<unknown>;
}

/** How long a screenshot waits for a subframe to say what to blur; one that stays silent is blurred whole. */
const BLUR_QUERY_TIMEOUT_MS = 500;
/** The top frame must answer (a busy page's long task delays it); without it no pixels are kept. */
const TOP_BOXES_TIMEOUT_MS = 3_000;
/** A zoom change this close to a frame's capture may not have reached the page's answer yet. */
const ZOOM_SETTLE_MS = 1_000;
/**
 * When the page cannot say what the frame before the action showed (a busy page replaced a state before it was
 * measured), up to this many older frames, still from before the action and at most OLDER_FRAME_MAX_AGE_MS
 * older than it, are tried before the newest frame (which shows the page after the action, without a highlight).
 */
const OLDER_FRAMES = 3;
const OLDER_FRAME_MAX_AGE_MS = 2_000;
/** Trying older frames stops after this long (each try asks every frame of the tab again). */
const OLDER_FRAMES_BUDGET_MS = 1_500;

/** Whether the tab's zoom changed after (or just before) a frame captured from `from` on. */
function zoomedDuring(state: RecordingState, tabId: number, from: number): boolean {
  const changed = state.zoomChangedAt?.[tabId];
  return changed !== undefined && changed >= from - ZOOM_SETTLE_MS;
}

export function createShots(ports: ShotPorts): Shots {
  // In memory: a stopped service worker has none in flight.
  const inFlight = new Set<Promise<boolean>>();

  /** What a frame captured in `window` shows that must be blurred, every frame of the tab, top-frame CSS px.
   * `history`: the acting frame's recent states, sent with its shot request: the answer when the page that
   * sent it is gone by now (a link that navigated). */
  function blurFor(tabId: number, window: { from: number; to: number; since?: number }, actingFrameId: number, history?: StateHistory) {
    return boxesInTab(
      {
        frameIds: (id) => ports.tabs.frameIds(id),
        boxesAt: async (id, frameId, w) => {
          const live = await withTimeout(ports.tabs.boxesAt(id, frameId, w), frameId === 0 ? TOP_BOXES_TIMEOUT_MS : BLUR_QUERY_TIMEOUT_MS, 'no answer').catch(() => null);
          if (frameId === actingFrameId && history && (!live || !live.known)) {
            const sent = answerFromHistory(history, w.from, w.to, w.since);
            if (sent.known || !live) return sent;
          }
          return live;
        },
        frameLink: async (id, frameId) => {
          const link = await ports.frameLinks.byFrame(id, frameId);
          if (!link) return 'unannounced';
          return link.parentFrameId === undefined ? null : { token: link.token, parentFrameId: link.parentFrameId };
        },
        placeFrame: async (id, frameId) => (await placeInTab(ports, id, frameId, { x: 0, y: 0, width: 0, height: 0 }))?.frameBox ?? null,
      },
      tabId,
      window,
      actingFrameId,
    );
  }

  /**
   * The step's screenshot, from the tab stream when it shows this tab, else captureVisibleTab. The frame is
   * the newest captured before the action (`at`), and the page is asked what that very frame shows: its
   * secrets are blurred where the frame shows them, whatever happened since. When that cannot be known for
   * sure, no pixels are kept, only why (Shot.withheld).
   */
  async function takeShot(state: RecordingState, tabId: number, shotId: string, at: number, from: ShotAsker): Promise<boolean> {
    // Never on a never-record site. While a secret field has focus the content script asks for no shot of
    // that field's own actions; a shot for an action elsewhere is taken, the field blurred like in any other.
    if (state.hold === 'blocked-site' || tabBlocked(state, tabId)) return false;
    const sessionId = state.sessionId!;
    const t = recordingClock(state, at);
    if (state.streaming && tabId === state.tabId) {
      let reason: string | undefined;
      /** Keeps the frame pickFrame chose when the page can say what it showed: true (kept), false (not
       * usable: `reason` says why), null (it could not be stored). */
      const tryFrame = async (before: number, newest: boolean, older = false): Promise<{ frame: { from: number; to: number }; kept: boolean | null; zoom?: boolean } | null> => {
        const frame = await ports.media.pickFrame({ shotId, sessionId, before, newest, ...(newest ? { after: ports.now() } : {}) }).catch((e: unknown) => {
          ports.log('pick frame failed', e);
          return null;
        });
        // An older frame only from before the action (pickFrame falls back to the newest) and not too old.
        if (!frame || (older && (frame.to > before || frame.from < at - OLDER_FRAME_MAX_AGE_MS))) return null;
        const blur = await blurFor(tabId, { from: frame.from, to: frame.to, since: at }, from.frameId, from.states);
        if (!blur.known || zoomedDuring(state, tabId, frame.from)) {
          ports.log('shot frame not usable', { shotId, newest, at, frame, reason: blur.known ? 'zoom' : blur.reason });
          reason = blur.known ? 'the browser zoom changed while the screenshot was taken' : blur.reason;
          return { frame, kept: false, zoom: blur.known };
        }
        const kept = await ports.media
          .keepFrame({ shotId, sessionId, at, t, view: blur.view, blur: blur.boxes, phase: blur.changedSince ? 'after' : 'before' })
          .catch((e: unknown) => {
            ports.log('keep frame failed', e);
            return { ok: false };
          });
        return { frame, kept: kept.ok ? true : null };
      };
      // The frame before the action first; if the page cannot say what that one shows, a few older ones from
      // before the action; then the newest frame.
      const olderUntil = ports.now() + OLDER_FRAMES_BUDGET_MS;
      let before = at;
      for (let older = 0; older <= OLDER_FRAMES; older++) {
        const tried = await tryFrame(before, false, older > 0);
        if (!tried) break;
        if (tried.kept) return true;
        // A frame that could not be stored, one from after the action (none from before), a zoom: no older try.
        if (tried.kept === null || tried.frame.to > at || tried.zoom || ports.now() > olderUntil) break;
        before = tried.frame.to - 0.001;
      }
      const newest = await tryFrame(at, true);
      if (newest?.kept) return true;
      if (reason) return withhold(state, shotId, at, t, `Screenshot withheld: could not place the privacy blur (${reason}).`);
    }
    return captureVisibleShot(state, tabId, shotId, at, t, from.frameId, from.states);
  }

  async function withhold(state: RecordingState, shotId: string, at: number, t: number, reason: string): Promise<boolean> {
    ports.log('screenshot withheld', reason);
    await ports.store.putShot({ id: shotId as ShotId, sessionId: state.sessionId!, blob: new Blob([]), mimeType: 'image/png', width: 0, height: 0, at, t, source: 'tab-stream', withheld: reason });
    return true;
  }

  /** The fallback: captureVisibleTab (only the window's active tab, ~2 a second), checked the same way. */
  async function captureVisibleShot(state: RecordingState, tabId: number, shotId: string, at: number, t: number, actingFrameId: number, history?: StateHistory): Promise<boolean> {
    const before = ports.now();
    const visible = await ports.tabs.captureVisible(tabId).catch((e: unknown) => {
      ports.log('capture visible tab failed', e);
      return null;
    });
    if (!visible) {
      ports.log('no screenshot: the tab could not be captured', { shotId, tabId });
      return false;
    }
    const blur = await blurFor(tabId, { from: before, to: ports.now(), since: at }, actingFrameId, history);
    if (!blur.known) return withhold(state, shotId, at, t, `Screenshot withheld: could not place the privacy blur (${blur.reason}).`);
    const rendered = await ports.privacy.renderShot(visible.blob, blur.view, blur.boxes);
    if (!rendered.ok) return withhold(state, shotId, at, t, rendered.withheld);
    await ports.store.putShot({
      id: shotId as ShotId,
      sessionId: state.sessionId!,
      blob: rendered.blob,
      mimeType: rendered.blob.type || 'image/png',
      width: rendered.width,
      height: rendered.height,
      viewport: blur.view.viewport,
      content: rendered.content,
      ...(blur.view.visual ? { visual: blur.view.visual } : {}),
      ...(blur.changedSince ? { phase: 'after' as const } : {}),
      at,
      t,
      source: 'capture-visible-tab',
    });
    return true;
  }

  return {
    shoot(...args) {
      const shot = takeShot(...args);
      inFlight.add(shot);
      void shot.finally(() => inFlight.delete(shot)).catch(() => undefined);
      return shot;
    },
    drain: () => Promise.allSettled([...inFlight]),
  };
}
