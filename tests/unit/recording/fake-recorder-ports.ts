/**
 * In-memory recorder ports for unit tests: a browser with one tab (id 1, at http://console.test/ unless
 * moved), a tab stream that works unless told otherwise, and a store that keeps everything in arrays. Tab
 * 404 does not exist. Every frame answers what to blur from `frameBoxes` (the top frame: `topBoxes`); the tab
 * stream's frames are captured at `frameTimes`. Pass `privacy` to give the recorder privacy settings.
 */
import { IDLE_STATE, type Box, type CapturedAction, type RawEvent, type RecordingState, type Shot, type Sop, type Step, type TargetContext } from '../../../lib/model';
import type { ObservationRecord } from '../../../lib/db/schema';
import type { BoxesAnswer } from '../../../lib/privacy/screen-states';
import { DEFAULT_PRIVACY_SETTINGS } from '../../../lib/privacy/site-rules';
import type { KeepFrame } from '../../../lib/screenshot/keep-frame';
import type { Transcript } from '../../../lib/narration/segments';
import type { PrivacySettings } from '../../../lib/privacy/site-rules';
import type { FrameLink, RecorderPorts } from '../../../lib/recording/ports';
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
  /** Which tab opened which (tabs.Tab.openerTabId). */
  const openers = new Map<number, number>();
  const events: RawEvent[] = [];
  const shots: Shot[] = [];
  const observations: ObservationRecord[] = [];
  const rows = new Map<string, StoredRecording>();
  const saved: { sop?: Sop; steps?: readonly Step[]; doc?: SopDocument } = {};
  const broadcasts: Array<{ tabId: number; recording: boolean; paused: boolean }> = [];
  const media = { started: 0, grabs: 0, stopped: 0, failStart: false };
  /** The blur regions each stream grab was asked for (undefined: none). */
  const grabs: Array<Box[] | undefined> = [];
  /** Everything each keepFrame was asked to store. */
  const kept: KeepFrame[] = [];
  /** The frames the tab stream holds, by capture time (from = to). */
  const frameTimes: number[] = [];
  /** What the top frame answers, when a test sets it (default: its `frameBoxes` entry, known, unchanged). */
  let topAnswer: BoxesAnswer | null | undefined;
  const pageView = { width: 1280, height: 720, devicePixelRatio: 1 };
  const answer = (frameId: number): BoxesAnswer | null => {
    if (frameId === 0 && topAnswer !== undefined) return topAnswer;
    const boxes = frameBoxes.get(frameId);
    if (frameId !== 0 && boxes === undefined) return null;
    return { known: true, boxes: boxes ?? [], view: frameId === 0 ? pageView : { width: 400, height: 300, devicePixelRatio: 1 }, changedSince: false };
  };
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
      get: async (tabId) => {
        if (tabId === 404) return undefined;
        const opener = openers.get(tabId);
        return { url: tabUrl, title: 'Shipyard', width: 1280, height: 720, active: true, ...(opener === undefined ? {} : { openerTabId: opener }) };
      },
      broadcast: async (tabId, s) => void broadcasts.push({ tabId, ...s }),
      frameRect: async () => ({ box: { x: 100, y: 50, width: 400, height: 300 }, viewport: { width: 1280, height: 720, devicePixelRatio: 1 } }),
      captureVisible: async () => ({ blob: new Blob(['png']), width: 1280, height: 720 }),
      injectContentScript: async () => {
        injected++;
      },
      frameIds: async () => [0, ...frameBoxes.keys()].filter((v, i, a) => a.indexOf(v) === i),
      boxesAt: async (_tab, frameId) => answer(frameId),
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
      pickFrame: async (p) => {
        if (!streaming) return null;
        const times = frameTimes.length ? frameTimes : [clock];
        const before = times.filter((t) => t <= p.before);
        const at = p.newest || before.length === 0 ? Math.max(...times) : Math.max(...before);
        return { from: at, to: at, width: 1280, height: 720 };
      },
      keepFrame: async (p) => {
        media.grabs++;
        kept.push(p);
        grabs.push(p.blur.length ? [...p.blur] : undefined);
        shots.push({ id: p.shotId as Shot['id'], sessionId: p.sessionId, blob: new Blob(p.withhold ? [] : ['png']), mimeType: 'image/png', width: 1280, height: 720, at: p.at, t: p.t, source: 'tab-stream', viewport: p.view.viewport, ...(p.phase === 'after' ? { phase: 'after' as const } : {}), ...(p.withhold ? { withheld: p.withhold } : {}) });
        return { ok: true };
      },
      prepareExports: async (sopId) => void mediaCalls.push(`prepareExports ${sopId}`),
      close: async () => void mediaCalls.push('close'),
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
      shotFacts: async (id) => shots.filter((s) => s.sessionId === id && (s.phase || s.withheld)).map((s) => ({ id: s.id, ...(s.phase ? { phase: s.phase } : {}), ...(s.withheld ? { withheld: s.withheld } : {}) })),
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
    privacy: {
      settings: async () => options.privacy ?? DEFAULT_PRIVACY_SETTINGS,
      renderShot: async (_blob, _view, boxes) => {
        blurred.push([...boxes]);
        return { ok: true, blob: new Blob(['blurred'], { type: 'image/png' }), width: 1280, height: 720, content: { x: 0, y: 0, width: 1280, height: 720 } };
      },
    },
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
    openers,
    kept,
    frameTimes,
    setTopAnswer: (a: BoxesAnswer | null | undefined) => void (topAnswer = a),
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
