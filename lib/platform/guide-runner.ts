/**
 * Guide me, in the service worker: coordinates a guided run — which step, which tab and frame — over the
 * typed protocol. The finding, scoring, completion rules and the log are pure (lib/guide); this file only
 * moves them between the tab's frames, storage.session (the worker may stop at any time: the run and its
 * plan live there) and IndexedDB (the run log). It never acts on the page. For the passive drift check it
 * photographs a found step's neighbourhood, best effort and off the guide's path: the guide's own overlay
 * hidden for that one frame, the picture dropped if the page changed meanwhile, secrets grey as in the active
 * check (lib/platform/drift-crops.ts), no picture at all where they cannot be placed.
 */
import type { GuidePanelView } from '../messaging/protocol';
import type { Shot, SopId } from '../model';
import { getSop, listSteps } from '../db/sop-store';
import { getCurrentDocument } from '../db/document-store';
import { getShot } from '../db/recording-store';
import { saveGuideRun } from '../db/guide-store';
import { putDriftCrop, saveDriftCheck } from '../db/drift-store';
import { checkFromRun } from '../drift/passive';
import { captureStillValid, createCaptureGate, ringColourPixels, type SnapMoment, type StepPicture } from '../drift/passive-picture';
import { buildGuidePlan, type GuidePlan, type GuideStep } from '../guide/plan';
import { urlMatches } from '../guide/advance';
import { adoptTab, back, markDone, recordFind, skip, startRun, stop, type GuideRun, type GuideRunId } from '../guide/run';
import type { FindOutcome } from '../guide/finder';
import { encodeBase64 } from '../export/base64';
import { envelope } from '../messaging/protocol';
import { sendToFrame } from './messaging';
import { setGuideValues } from './guide-values';
import { captureVisible } from './tabs';
import { compareNeighbourhoods } from './drift-crops';

const KEY = 'guide';
/** How long a frame waits for a step's element to render before saying it is not there. */
const FIND_TIMEOUT_MS = 8_000;
/** Screenshots above this size are not sent to the page for the thumbnail. */
const MAX_THUMB_BYTES = 4_000_000;

interface Stored {
  readonly run: GuideRun;
  readonly plan: GuidePlan;
  /** Tabs the run's tabs opened, newest last, not yet standing for a recorded tab. */
  readonly opened: readonly number[];
  /** Bumped at every step shown: answers for an older showing are dropped. */
  readonly showing: number;
  /** The passive drift check's pictures, by step id. */
  readonly pictures?: Readonly<Record<string, StepPicture>>;
}

async function load(): Promise<Stored | undefined> {
  const got = await chrome.storage.session.get(KEY);
  return got[KEY] as Stored | undefined;
}

async function save(s: Stored): Promise<void> {
  await chrome.storage.session.set({ [KEY]: s });
  await saveGuideRun(s.run).catch((e: unknown) => console.warn('[guide] could not save the run log', e));
  // The passive drift check: what the finder said of each step in this run, once it said anything.
  if (s.run.log.some((e) => e.kind === 'found' || e.kind === 'not-found')) {
    const targets = new Map(s.plan.steps.map((st) => [st.stepId as string, st.target]));
    await saveDriftCheck(checkFromRun(s.run, targets, s.plan.startUrl, s.pictures)).catch((e: unknown) => console.warn('[guide] could not save the drift check', e));
  }
}

/** One change to the run at a time (messages and tab events interleave). */
let queue: Promise<unknown> = Promise.resolve();
function serial<T>(fn: () => Promise<T>): Promise<T> {
  const next = queue.then(fn, fn);
  queue = next.catch(() => undefined);
  return next;
}

function tabFor(s: Stored, step: GuideStep): number {
  return s.run.tabs[String(step.tabId)] ?? s.run.tabId;
}

async function clearTab(tabId: number, runId: string, keepPanel: boolean): Promise<void> {
  // Every frame of the tab hears it (no frameId): highlights live in the frames that own their elements.
  await chrome.tabs.sendMessage(tabId, envelope('content', 'content.guideClear', { runId, keepPanel })).catch(() => undefined);
}

async function thumbnail(step: GuideStep): Promise<GuidePanelView['shot'] | undefined> {
  if (!step.shotId) return undefined;
  const shot: Shot | undefined = await getShot(step.shotId).catch(() => undefined);
  if (!shot || shot.blob.size === 0 || shot.blob.size > MAX_THUMB_BYTES) return undefined;
  const src = `data:${shot.mimeType};base64,${encodeBase64(new Uint8Array(await shot.blob.arrayBuffer()))}`;
  const hl = step.highlight;
  if (!hl || shot.phase === 'after' || hl.viewport.width <= 0 || hl.viewport.height <= 0) return { src };
  // The page's place in the image (a letterboxed stream) and the box in it, as % of the image.
  const c = shot.content ?? { x: 0, y: 0, width: shot.width, height: shot.height };
  const sx = c.width / hl.viewport.width;
  const sy = c.height / hl.viewport.height;
  return {
    src,
    highlight: {
      x: ((c.x + hl.box.x * sx) / shot.width) * 100,
      y: ((c.y + hl.box.y * sy) / shot.height) * 100,
      width: ((hl.box.width * sx) / shot.width) * 100,
      height: ((hl.box.height * sy) / shot.height) * 100,
    },
  };
}

function view(s: Stored, status: GuidePanelView['status'], detail?: string, shot?: GuidePanelView['shot']): GuidePanelView {
  const step = s.plan.steps[s.run.step];
  return {
    title: s.plan.title,
    step: s.run.step,
    total: s.plan.steps.length,
    text: step?.text ?? '',
    ...(step?.narration ? { narration: step.narration } : {}),
    ...(step?.expectedResult ? { expectedResult: step.expectedResult } : {}),
    status,
    ...(detail ? { detail } : {}),
    ...(shot ? { shot } : {}),
  };
}

async function panel(tabId: number, runId: string, v: GuidePanelView): Promise<void> {
  await sendToFrame(tabId, 0, 'content.guidePanel', { runId, view: v }).catch(() => undefined);
}

const LOCATOR_WORDS = { testId: 'its test id', role: 'its role and name', label: 'its label', id: 'its id', css: 'its place on the page', text: 'its text' } as const;

function foundDetail(o: Extract<FindOutcome, { found: true }>): string {
  const how = o.how.kind === 'locator' ? `Found by ${LOCATOR_WORDS[o.how.locator]}.` : `Found by resemblance (${Math.round(o.how.score * 100)} %): check it is the right one.`;
  const renamed = o.drift.find((d) => d.field === 'name' || d.field === 'text');
  return renamed ? `${how} It now reads "${renamed.now}" (recorded "${renamed.recorded}").` : how;
}

/** Asks the tab's frames (those that fit the frame path answer) until one finds the element or time runs out;
 * frames that load meanwhile are asked too. */
async function findInFrames(tabId: number, payload: { runId: string; step: number; target: NonNullable<GuideStep['target']>; expect: GuideStep['expect'] }): Promise<(FindOutcome & { frameDepth: number }) | null> {
  const deadline = Date.now() + FIND_TIMEOUT_MS;
  const asked = new Set<number>();
  let notFound: (FindOutcome & { frameDepth: number }) | null = null;
  while (Date.now() < deadline) {
    const frames = (await chrome.webNavigation.getAllFrames({ tabId }).catch(() => null)) ?? [];
    const fresh = frames.filter((f) => !asked.has(f.frameId) && !f.errorOccurred);
    fresh.forEach((f) => asked.add(f.frameId));
    const answers = await new Promise<(FindOutcome & { frameDepth: number }) | null>((resolve) => {
      let pending = fresh.length;
      let best: (FindOutcome & { frameDepth: number }) | null = null;
      if (pending === 0) resolve(null);
      for (const f of fresh) {
        sendToFrame(tabId, f.frameId, 'content.guideFind', { ...payload, timeoutMs: Math.max(500, deadline - Date.now()) })
          .catch(() => null)
          .then((a) => {
            if (a?.found) return resolve(a);
            if (a && (!best || rankNotFound(a) > rankNotFound(best))) best = a;
            if (--pending === 0) resolve(best);
          });
      }
    });
    if (answers?.found) return answers;
    if (answers) notFound = answers;
    if (notFound && fresh.length > 0) return notFound;
    await new Promise((r) => setTimeout(r, 300));
  }
  return notFound;
}

/** The most telling "not found" of several frames: an ambiguity or a weak match says more than nothing. */
function rankNotFound(a: FindOutcome): number {
  return a.found ? 3 : a.reason === 'ambiguous' ? 2 : a.reason === 'weak' ? 1 : 0;
}

/** captureVisibleTab allows about two calls a second: a picture waits its turn while its step is shown. */
const capture = createCaptureGate(600);
/** Longest a picture waits for its turn (a capture with a retake takes ~1–2 s). */
const PICTURE_WAIT_MS = 5_000;

async function keepPicture(runId: string, stepId: string, pic: StepPicture): Promise<void> {
  await serial(async () => {
    const now = await load();
    if (!now || now.run.id !== runId) return;
    // A picture taken earlier in the run is not replaced by a later "none" (a skipped or discarded retake).
    if (pic.kind === 'none' && now.pictures?.[stepId]?.kind === 'taken') return;
    await save({ ...now, pictures: { ...now.pictures, [stepId]: pic } });
  });
}

/** The passive drift picture of a found step: never awaited by the guide, never blocks it. */
async function photograph(tabId: number, run: GuideRun, index: number, step: GuideStep, frameDepth: number): Promise<void> {
  const none = (why: string) => keepPicture(run.id, step.stepId, { kind: 'none', why });
  if (frameDepth !== 0) return none('the step is in a frame: its secrets cannot be placed from the top frame');
  if (step.target?.sensitive) return none('a secret field is not photographed');
  if (!step.shotId || !step.highlight) return none('the recording has no screenshot of this step');
  const shot = await getShot(step.shotId).catch(() => undefined);
  if (!shot || shot.phase === 'after') return none('the recording has no screenshot of this step before it was done');
  const stillShown = async (): Promise<boolean> => {
    const now = await load();
    return now?.run.id === run.id && now.run.status === 'running' && now.run.step === index;
  };
  if (!(await capture.start(stillShown, PICTURE_WAIT_MS))) return none('skipped: the person left the step before a picture could be taken (two pictures a second at most)');
  const started = performance.now();
  try {
    const recordedStep = (await listSteps(run.sopId)).find((st) => st.id === step.stepId);
    const attempt = async (): Promise<Awaited<ReturnType<typeof compareNeighbourhoods>> | string> => {
      const before = await sendToFrame(tabId, 0, 'content.guideSnap', { runId: run.id, step: index, phase: 'hide' }).catch(() => null);
      // Neither call throws (both caught): the overlay always comes back (and by itself after 2 s otherwise).
      const image = before ? await captureVisible(tabId).catch(() => null) : null;
      const after: SnapMoment | null = await sendToFrame(tabId, 0, 'content.guideSnap', { runId: run.id, step: index, phase: 'show' }).catch(() => null);
      if (!before) return 'the step was no longer shown when it was to be photographed';
      if (!image) return 'the tab could not be photographed (not the active tab)';
      const valid = captureStillValid(before, after);
      if (!valid.ok) return `picture discarded: ${valid.why}`;
      const out = await compareNeighbourhoods({
        recorded: { shot, highlight: step.highlight!, blurBoxes: recordedStep?.blurBoxes ?? [] },
        live: { image: image.blob, viewport: before.viewport, box: before.box, hidden: before.hidden },
      }).catch((e: unknown) => (console.warn('[guide] crop failed', e), null));
      if (!out) return 'the element lies outside the page as photographed';
      // The compositor may hand over a frame drawn before the overlay was hidden: the ring must not be kept.
      const bitmap = await createImageBitmap(out.live);
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(bitmap, 0, 0);
      bitmap.close();
      if (ringColourPixels(ctx.getImageData(0, 0, canvas.width, canvas.height).data) > 0) return "picture discarded: the guide's ring was in it";
      return out;
    };
    let out = await attempt();
    if (typeof out === 'string' && out.includes('ring was in it')) {
      await new Promise((r) => setTimeout(r, 600));
      out = await attempt();
    }
    if (typeof out === 'string') return none(out);
    if (!out) return none('the element lies outside the page as photographed');
    const checkId = `guide:${run.id}`;
    const recorded = `${checkId}:${index}:recorded`;
    const live = `${checkId}:${index}:live`;
    await putDriftCrop({ id: recorded, checkId, blob: out.recorded, ...out.size });
    await putDriftCrop({ id: live, checkId, blob: out.live, ...out.size });
    console.info(`[guide] step ${index + 1} photographed in ${Math.round(performance.now() - started)} ms, ${(out.visual.ratio * 100).toFixed(2)} % different`);
    await keepPicture(run.id, step.stepId, { kind: 'taken', crops: { recorded, live, size: out.size, liveBox: out.liveBox }, visual: out.visual });
  } finally {
    capture.done();
  }
}

/** Makes the run's current step the one shown (inside `serial`): saved at once, displayed in the background. */
async function present(s0: Stored): Promise<void> {
  let s: Stored = { ...s0, showing: s0.showing + 1 };
  const step = s.plan.steps[s.run.step];
  // A step in a tab the workflow opened: the newest tab the run's tabs opened stands for it.
  if (s.run.status === 'running' && step && s.run.tabs[String(step.tabId)] === undefined && s.opened.length > 0) {
    s = { ...s, run: adoptTab(s.run, step.tabId, s.opened[s.opened.length - 1]!), opened: s.opened.slice(0, -1) };
  }
  await save(s);
  void display(s).catch((e: unknown) => console.warn('[guide] could not show the step', e));
}

/** The panel in the step's tab, then the element found (or not) in its frame. Drops out when another
 * showing has begun meanwhile. */
async function display(s: Stored): Promise<void> {
  const { run, plan } = s;
  const current = async () => (await load())?.showing === s.showing;
  if (run.status !== 'running') {
    // The closing panel stays in the tab of the last step.
    const last = plan.steps[plan.steps.length - 1];
    const lastTab = last ? tabFor(s, last) : run.tabId;
    for (const tab of new Set([run.tabId, ...Object.values(run.tabs)])) await clearTab(tab, run.id, run.status === 'finished' && tab === lastTab);
    if (run.status === 'finished') await panel(lastTab, run.id, view(s, 'finished'));
    return;
  }
  const step = plan.steps[run.step]!;
  if (run.tabs[String(step.tabId)] === undefined) {
    // A tab the workflow has not opened yet (tabOpened shows the step there once it does): never look for the
    // element in another tab.
    await panel(run.tabId, run.id, view(s, 'manual', 'This step happens in a new tab: open it as the previous step did (or press Done if you already did it).'));
    return;
  }
  const tabId = tabFor(s, step);
  await chrome.tabs.update(tabId, { active: true }).catch(() => undefined);
  for (const other of new Set([run.tabId, ...Object.values(run.tabs)])) if (other !== tabId) await clearTab(other, run.id, false);
  await clearTab(tabId, run.id, true);
  const shot = await thumbnail(step);
  if (!(await current())) return;
  if (!step.target || step.expect.kind === 'navigate' || step.expect.kind === 'manual') {
    const say = step.expect.kind === 'navigate' ? 'Go to this page; the guide moves on when it opens.' : 'Do this step, then press Done.';
    await panel(tabId, run.id, view(s, 'manual', say, shot));
    if (step.expect.kind === 'navigate') {
      const tab = await chrome.tabs.get(tabId).catch(() => undefined);
      const target = step.expect.url;
      if (tab?.url && urlMatches(target, tab.url)) {
        await serial(async () => {
          const now = await load();
          if (now?.showing === s.showing) await advance(now, now.run.step, 'navigation');
        });
      }
    }
    return;
  }
  await panel(tabId, run.id, view(s, 'finding', 'Looking for it on the page…', shot));
  const answer = await findInFrames(tabId, { runId: run.id, step: run.step, target: step.target, expect: step.expect });
  await serial(async () => {
    const now = await load();
    if (!now || now.showing !== s.showing) return;
    const result = answer ?? { found: false as const, reason: 'no-frame' as const, detail: 'The frame this step happened in is not on the page.' };
    const next = { ...now, run: recordFind(now.run, run.step, Date.now(), result.found ? { ...result, frameDepth: answer?.frameDepth ?? 0 } : result) };
    await save(next);
    if (result.found) {
      await panel(tabId, run.id, view(next, 'found', foundDetail(result), shot));
      void photograph(tabId, next.run, run.step, step, answer?.frameDepth ?? 0).catch((e: unknown) => console.warn('[guide] picture failed', e));
    }
    else await panel(tabId, run.id, view(next, 'not-found', `Not found: ${result.detail} Do it by hand as the screenshot shows, then press Done.`, shot));
  });
}

async function advance(s: Stored, step: number, by: 'action' | 'navigation' | 'person'): Promise<void> {
  const run = markDone(s.run, step, by, Date.now());
  if (run === s.run) return;
  await present({ ...s, run });
}

export function createGuideRunner() {
  return {
    start: ({ sopId, values, tabId }: { sopId: SopId; values: Record<string, string>; tabId?: number }) =>
      serial(async () => {
        const sop = await getSop(sopId);
        if (!sop) throw new Error('This procedure no longer exists.');
        const steps = await listSteps(sopId);
        if (steps.length === 0) throw new Error('This procedure has no steps to guide.');
        const doc = await getCurrentDocument(sopId, steps);
        await setGuideValues(sopId, values);
        const plan = buildGuidePlan(sop, steps, doc, values);
        const previous = await load();
        if (previous?.run.status === 'running') {
          await save({ ...previous, run: stop(previous.run, Date.now()) });
          await clearTab(previous.run.tabId, previous.run.id, false);
        }
        // Reuse the tab asked for (the one the popup was opened on) or open one at the start URL.
        let tab: chrome.tabs.Tab | undefined;
        if (tabId !== undefined) {
          const existing = await chrome.tabs.get(tabId).catch(() => undefined);
          if (existing) tab = urlMatches(plan.startUrl, existing.url ?? '') ? await chrome.tabs.update(tabId, { active: true }) : await chrome.tabs.update(tabId, { url: plan.startUrl, active: true });
        }
        tab ??= await chrome.tabs.create({ url: plan.startUrl, active: true });
        const id = crypto.randomUUID() as GuideRunId;
        const run = startRun({ id, sopId, title: sop.title, stepIds: plan.steps.map((st) => st.stepId), tabId: tab!.id!, firstTabKey: plan.steps[0]?.tabId, url: plan.startUrl, at: Date.now() });
        const fresh: Stored = { run, plan, opened: [], showing: 0 };
        // A page already loaded (a reused tab at the start URL) is shown now; a loading one when its document is
        // ready (pageLoaded, queued behind this).
        if ((await chrome.tabs.get(tab!.id!)).status === 'complete' && tab!.url && urlMatches(plan.startUrl, tab!.url)) await present(fresh);
        else await save(fresh);
        return { runId: id };
      }),

    control: ({ runId, step, action }: { runId: string; step: number; action: 'back' | 'skip' | 'done' | 'stop' }) =>
      serial(async () => {
        const s = await load();
        if (!s || s.run.id !== runId) return;
        const at = Date.now();
        if (action === 'stop') {
          const run = stop(s.run, at);
          await save({ ...s, run, showing: s.showing + 1 });
          for (const tab of new Set([run.tabId, ...Object.values(run.tabs)])) await clearTab(tab, run.id, false);
          return;
        }
        if (step !== s.run.step) return;
        if (action === 'done') return advance(s, step, 'person');
        const run = action === 'back' ? back(s.run, at) : skip(s.run, at);
        if (run !== s.run) await present({ ...s, run });
      }),

    acted: ({ runId, step }: { runId: string; step: number }) =>
      serial(async () => {
        const s = await load();
        if (!s || s.run.id !== runId) return;
        await advance(s, step, 'action');
      }),

    /** A page (re)loaded in a tab of the run: the panel and highlight went with the old document. */
    pageLoaded: (tabId: number) =>
      serial(async () => {
        const s = await load();
        if (!s || s.run.status !== 'running') return;
        const step = s.plan.steps[s.run.step];
        if (step && tabFor(s, step) === tabId) await present(s);
      }),

    /** The tab moved to another URL (a link, a form, the address bar, pushState): a navigation step may be done. */
    navigated: (tabId: number, url: string) =>
      serial(async () => {
        const s = await load();
        if (!s || s.run.status !== 'running') return;
        const step = s.plan.steps[s.run.step];
        if (step?.expect.kind === 'navigate' && tabFor(s, step) === tabId && urlMatches(step.expect.url, url)) await advance(s, s.run.step, 'navigation');
      }),

    /** A tab opened by one of the run's tabs: the step (now or next) in a new tab happens there. */
    tabOpened: (tabId: number, openerTabId: number) =>
      serial(async () => {
        const s = await load();
        if (!s || s.run.status !== 'running') return;
        const ours = new Set([s.run.tabId, ...Object.values(s.run.tabs)]);
        if (!ours.has(openerTabId)) return;
        const next: Stored = { ...s, opened: [...s.opened, tabId] };
        const step = next.plan.steps[next.run.step];
        // The step shown already waits for a new tab (the opening click was its previous step): show it there.
        if (step && next.run.tabs[String(step.tabId)] === undefined) {
          if (step.kind === 'open-tab') {
            const adopted = { ...next, run: adoptTab(next.run, step.tabId, tabId), opened: s.opened };
            await save(adopted);
            await advance(adopted, adopted.run.step, 'navigation');
          } else await present(next);
          return;
        }
        await save(next);
      }),
  };
}

export type GuideRunner = ReturnType<typeof createGuideRunner>;

/** Tab events a guided run follows. */
export function listenForGuide(runner: GuideRunner): void {
  chrome.webNavigation.onDOMContentLoaded.addListener((d) => {
    if (d.frameId === 0) void runner.pageLoaded(d.tabId);
  });
  chrome.webNavigation.onCommitted.addListener((d) => {
    if (d.frameId === 0) void runner.navigated(d.tabId, d.url);
  });
  chrome.webNavigation.onHistoryStateUpdated.addListener((d) => {
    if (d.frameId === 0) void runner.navigated(d.tabId, d.url);
  });
  chrome.tabs.onCreated.addListener((tab) => {
    if (tab.id !== undefined && tab.openerTabId !== undefined) void runner.tabOpened(tab.id, tab.openerTabId);
  });
}
