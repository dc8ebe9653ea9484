/**
 * In-memory recorder ports for unit tests: a browser with one tab (id 1, at http://console.test/ unless
 * moved), a tab stream that works unless told otherwise, and a store that keeps everything in arrays. Tab
 * 404 does not exist. Pass `privacy` to give the recorder privacy settings and a (fake) blur.
 */
import { IDLE_STATE, type Box, type CapturedAction, type RawEvent, type RecordingState, type Shot, type Sop, type Step, type TargetContext } from '../../../lib/model';
import type { ObservationRecord } from '../../../lib/db/schema';
import type { Transcript } from '../../../lib/narration/segments';
import type { PrivacySettings } from '../../../lib/privacy/site-rules';
import type { FrameLink, RecorderPorts } from '../../../lib/recording/recorder';
import type { StoredRecording } from '../../../lib/recording/recovery';
import type { SopDocument } from '../../../lib/sop/document';

export interface FakePortsOptions {
  readonly privacy?: PrivacySettings;
  /** What the offscreen document returns at Stop as the narration. */
  readonly transcript?: Transcript;
}

export function fakeRecorderPorts(options: FakePortsOptions = {}) {
  let clock = 1_000_000;
  let ids = 0;
  let state: RecordingState = IDLE_STATE;
  let injected = 0;
  let tabUrl = 'http://console.test/';
  let streaming = true;
  const links = new Map<string, FrameLink>();
  const events: RawEvent[] = [];
  const shots: Shot[] = [];
  const observations: ObservationRecord[] = [];
  const rows = new Map<string, StoredRecording>();
  const saved: { sop?: Sop; steps?: readonly Step[]; doc?: SopDocument } = {};
  const broadcasts: Array<{ tabId: number; recording: boolean; paused: boolean }> = [];
  const media = { started: 0, grabs: 0, stopped: 0, failStart: false };
  /** The blur regions each stream grab was asked for. */
  const grabs: Array<Box[] | undefined> = [];
  /** The regions each captureVisibleTab shot was blurred in. */
  const blurred: Box[][] = [];
  const mediaCalls: string[] = [];
  /** What each subframe reports to blur, by frame id. */
  const frameBoxes = new Map<number, Box[]>();
  const ports: RecorderPorts = {
    now: () => clock,
    newId: () => `id-${++ids}`,
    state: { get: async () => state, set: async (s) => void (state = s) },
    frameLinks: {
      get: async (t) => links.get(t),
      merge: async (t, p) => void links.set(t, { ...links.get(t), ...p }),
      byFrame: async (tabId, frameId) => {
        for (const [token, l] of links) if (l.tabId === tabId && l.frameId === frameId) return { ...l, token };
        return undefined;
      },
      clear: async () => links.clear(),
    },
    tabs: {
      get: async (tabId) => (tabId === 404 ? undefined : { url: tabUrl, title: 'Shipyard', width: 1280, height: 720, active: true }),
      broadcast: async (tabId, s) => void broadcasts.push({ tabId, ...s }),
      frameRect: async () => ({ box: { x: 100, y: 50, width: 400, height: 300 }, viewport: { width: 1280, height: 720, devicePixelRatio: 1 } }),
      captureVisible: async () => ({ blob: new Blob(['png']), width: 1280, height: 720 }),
      injectContentScript: async () => {
        injected++;
      },
      frameIds: async () => [0, ...frameBoxes.keys()].filter((v, i, a) => a.indexOf(v) === i),
      sensitiveBoxes: async (_tab, frameId) => frameBoxes.get(frameId) ?? [],
    },
    media: {
      streamId: async () => 'stream-1',
      start: async () => {
        media.started++;
        if (media.failStart) throw new Error('Error starting tab capture');
        return { ok: streaming };
      },
      pause: async () => void mediaCalls.push('pause'),
      resume: async () => void mediaCalls.push('resume'),
      stop: async () => {
        media.stopped++;
        return { chunks: 3, bytes: 300, ...(options.transcript ? { transcript: options.transcript } : {}) };
      },
      grab: async (p) => {
        media.grabs++;
        grabs.push(p.blur);
        return { ok: streaming };
      },
      close: async () => {},
    },
    store: {
      createRecording: async (p) => void rows.set(p.id, { ...p, status: 'recording' }),
      finishRecording: async (id, patch) => void rows.set(id, { ...rows.get(id)!, ...patch }),
      getRecording: async (id) => rows.get(id),
      chunkSpan: async () => ({ count: 0, bytes: 0 }),
      deleteSession: async (id) => {
        rows.delete(id);
        events.splice(0, events.length, ...events.filter((e) => e.sessionId !== id));
      },
      addObservation: async (o) => void observations.push(o),
      listObservations: async () => [...observations],
      addEvent: async (e) => {
        const i = events.findIndex((x) => x.id === e.id);
        if (i >= 0) events[i] = e;
        else events.push(e);
      },
      listEvents: async () => [...events].sort((a, b) => a.at - b.at),
      recentEvents: async (_id, limit) => [...events].sort((a, b) => a.at - b.at).slice(-limit),
      putShot: async (s) => void shots.push(s),
      saveDraft: async (sop, steps, doc) => {
        saved.sop = sop;
        saved.steps = steps;
        saved.doc = doc;
      },
      deleteUnusedShots: async () => 0,
    },
    narrationModel: async () => undefined,
    badge: async () => {},
    log: () => {},
    ...(options.privacy
      ? {
          privacy: {
            settings: async () => options.privacy!,
            blurImage: async (_blob: Blob, boxes: readonly Box[]) => {
              blurred.push([...boxes]);
              return new Blob(['blurred'], { type: 'image/png' });
            },
          },
        }
      : {}),
  };
  return {
    ports,
    rows,
    events,
    shots,
    saved,
    broadcasts,
    media,
    links,
    grabs,
    blurred,
    mediaCalls,
    frameBoxes,
    tick: (ms: number) => void (clock += ms),
    now: () => clock,
    state: () => state,
    injected: () => injected,
    setTabUrl: (u: string) => void (tabUrl = u),
    noStream: () => void (streaming = false),
  };
}

export function target(overrides: Partial<TargetContext> = {}): TargetContext {
  return {
    tag: 'button',
    role: 'button',
    name: 'Deploy',
    selectors: { css: 'button' },
    shadowPath: [],
    framePath: [],
    box: { x: 10, y: 20, width: 80, height: 30 },
    sensitive: false,
    ...overrides,
  };
}

export const page = { url: 'http://console.test/', title: 'Shipyard' };
export const viewport = { width: 1280, height: 720, devicePixelRatio: 1 };
export const click = (t = target()): CapturedAction => ({ kind: 'click', target: t, button: 0, modifiers: { alt: false, ctrl: false, meta: false, shift: false } });
