/**
 * Check against the app, in the service worker: replays an SOP's steps in a window of its own (opened
 * unfocused, so the person's work is not interrupted, and so captureVisibleTab — which grabs only a window's
 * active tab — can photograph the checked tab while it stays in the background), step by step with Guide
 * me's plan and finder (the recorded locators, variables filled), stopping at the first step it cannot do.
 * Each step found is photographed before it is done, its neighbourhood compared with the recorded
 * screenshot's; the verdicts (lib/drift) and crops go to IndexedDB as one drift check. Never runs on a site
 * of "Never record on these sites", never types a secret, and runs on a host not marked safe only when the
 * person confirmed this run.
 */
import type { SopId, StepId } from '../model';
import { getSop, listSteps } from '../db/sop-store';
import { getCurrentDocument } from '../db/document-store';
import { getShot } from '../db/recording-store';
import { pruneDriftChecks, putDriftCrop, saveDriftCheck } from '../db/drift-store';
import { buildGuidePlan, type GuideStep } from '../guide/plan';
import { urlMatches } from '../guide/advance';
import { classifyStep, type StepObservation } from '../drift/classify';
import type { DriftCheck, DriftCheckId, DriftStepResult } from '../drift/check';
import type { DriftFindAnswer } from '../drift/page-answer';
import { replayPermission } from '../drift/site-safety';
import { cannotReplay } from '../drift/replay-step';
import { isBlockedUrl } from '../privacy/site-rules';
import { sendToFrame } from './messaging';
import { getPrivacySettings } from './privacy-settings';
import { getSafeHosts } from './replay-safety';
import { captureVisible } from './tabs';
import { compareNeighbourhoods } from './drift-crops';

/** How long a step's element may take to render before the check says it is not there. */
const FIND_TIMEOUT_MS = 6_000;
const LOAD_TIMEOUT_MS = 20_000;
/** The checked window: a common laptop viewport, so pages lay out as they were recorded. */
const WINDOW = { width: 1280, height: 900 };
/** captureVisibleTab allows about two calls a second. */
const RESHOOT_MS = 600;

async function tabLoaded(tabId: number, timeoutMs = LOAD_TIMEOUT_MS): Promise<chrome.tabs.Tab | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const tab = await chrome.tabs.get(tabId).catch(() => undefined);
    if (!tab) return undefined;
    if (tab.status === 'complete') return tab;
    await new Promise((r) => setTimeout(r, 100));
  }
  return chrome.tabs.get(tabId).catch(() => undefined);
}

/** After an action: give a navigation it started time to begin, then wait for the page to load. */
async function settle(tabId: number): Promise<chrome.tabs.Tab | undefined> {
  await new Promise((r) => setTimeout(r, 250));
  return tabLoaded(tabId);
}

/** Asks every frame of the tab; the one whose frame path fits answers. Found beats not found. */
async function findInFrames(tabId: number, payload: { checkId: string; step: number; target: NonNullable<GuideStep['target']>; timeoutMs: number }): Promise<{ answer: DriftFindAnswer; frameId: number } | null> {
  const frames = (await chrome.webNavigation.getAllFrames({ tabId }).catch(() => null)) ?? [{ frameId: 0, errorOccurred: false }];
  const answers = await Promise.all(
    frames
      .filter((f) => !f.errorOccurred)
      .map(async (f) => ({ frameId: f.frameId, answer: await sendToFrame(tabId, f.frameId, 'content.driftFind', payload).catch(() => null) })),
  );
  const got = answers.filter((a): a is { frameId: number; answer: DriftFindAnswer } => a.answer !== null);
  return got.find((a) => a.answer.outcome.found) ?? got[0] ?? null;
}

export function createDriftChecker() {
  return {
    check: async ({ sopId, values, confirmed }: { sopId: SopId; values: Record<string, string>; confirmed: boolean }): Promise<{ checkId: string } | { confirm: string }> => {
      const sop = await getSop(sopId);
      if (!sop) throw new Error('This procedure no longer exists.');
      const steps = await listSteps(sopId);
      if (steps.length === 0) throw new Error('This procedure has no steps to check.');
      const doc = await getCurrentDocument(sopId, steps);
      const plan = buildGuidePlan(sop, steps, doc, values);
      const [privacy, safe] = await Promise.all([getPrivacySettings(), getSafeHosts()]);
      const permission = replayPermission(plan.startUrl, privacy.blockedSites, safe, confirmed);
      if (permission.kind === 'refused') throw new Error(permission.why);
      if (permission.kind === 'confirm') return { confirm: permission.host };

      const id = crypto.randomUUID() as DriftCheckId;
      const results: DriftStepResult[] = [];
      let check: DriftCheck = { id, sopId, mode: 'active', at: Date.now(), url: plan.startUrl, status: 'running', steps: [] };
      await saveDriftCheck(check);
      const byId = new Map(steps.map((s) => [s.id as string, s]));
      const firstTab = plan.steps.find((s) => s.kind !== 'manual')?.tabId ?? plan.steps[0]?.tabId ?? 0;

      const win = await chrome.windows.create({ url: plan.startUrl, focused: false, ...WINDOW });
      const tabId = win?.tabs?.[0]?.id;
      let stoppedAt: DriftCheck['stoppedAt'];
      const record = (i: number, seen: StepObservation, extra: Partial<DriftStepResult> = {}) => {
        const step = plan.steps[i]!;
        results.push({ stepId: step.stepId as StepId, n: i + 1, seen, ...classifyStep(step.target, seen), ...extra });
      };
      try {
        if (tabId === undefined) throw new Error('The check window could not be opened.');
        let tab = await tabLoaded(tabId);
        for (let i = 0; i < plan.steps.length; i++) {
          const step = plan.steps[i]!;
          if (stoppedAt) {
            record(i, { kind: 'not-reached', why: `the check stopped at step ${stoppedAt.n}` });
            continue;
          }
          if (tab?.url && isBlockedUrl(tab.url, privacy.blockedSites)) {
            stoppedAt = { n: i + 1, why: 'the page is on a site in "Never record on these sites"' };
            record(i, { kind: 'not-reached', why: stoppedAt.why });
            continue;
          }
          if (step.expect.kind === 'manual') {
            record(i, { kind: 'not-reached', why: 'a person does this step' });
            continue;
          }
          if (step.expect.kind === 'navigate') {
            if (!tab?.url || !urlMatches(step.expect.url, tab.url)) {
              if (isBlockedUrl(step.expect.url, privacy.blockedSites)) {
                stoppedAt = { n: i + 1, why: 'it opens a site in "Never record on these sites"' };
                record(i, { kind: 'not-reached', why: stoppedAt.why });
                continue;
              }
              await chrome.tabs.update(tabId, { url: step.expect.url });
              tab = await settle(tabId);
            }
            record(i, { kind: 'reached' });
            continue;
          }
          const why = cannotReplay(step, firstTab);
          if (why || !step.target) {
            stoppedAt = { n: i + 1, why: `step ${i + 1} ${why ?? 'has no element to find'}` };
            record(i, { kind: 'not-reached', why: why ?? 'it has no element to find' });
            continue;
          }
          const got = await findInFrames(tabId, { checkId: id, step: i, target: step.target, timeoutMs: FIND_TIMEOUT_MS });
          const answer = got?.answer;
          if (!got || !answer || !answer.outcome.found) {
            const o = answer?.outcome;
            const seen: StepObservation = o && !o.found ? { kind: 'not-found', reason: o.reason, detail: o.detail } : { kind: 'not-found', reason: 'no-frame', detail: 'The frame this step happened in is not on the page.' };
            record(i, seen);
            stoppedAt = { n: i + 1, why: `step ${i + 1} was not found` };
            continue;
          }
          // Photographed before it is done, like the recording; top frame only (a subframe's secrets are not
          // known here: no crop rather than a guess).
          const recordedStep = byId.get(step.stepId);
          const shot = recordedStep?.shotId && recordedStep.highlight ? await getShot(recordedStep.shotId).catch(() => undefined) : undefined;
          let crops: DriftStepResult['crops'];
          let visual: Extract<StepObservation, { kind: 'found' }>['visual'];
          if (got.frameId === 0 && answer.frameDepth === 0 && answer.box && answer.viewport && answer.hidden && shot && shot.phase !== 'after' && recordedStep?.highlight && !step.target.sensitive) {
            const recordedSide = { shot, highlight: recordedStep.highlight, blurBoxes: recordedStep.blurBoxes ?? [] };
            const liveSide = { viewport: answer.viewport, box: answer.box, hidden: answer.hidden };
            const shoot = async () => {
              const image = await captureVisible(tabId).catch(() => null);
              return image ? compareNeighbourhoods({ recorded: recordedSide, live: { ...liveSide, image: image.blob } }).catch((e: unknown) => (console.warn('[drift] crop failed', e), null)) : null;
            };
            let out = await shoot();
            // A window in the background may show a frame composited before the page's last change: a
            // difference is photographed once more (after the capture quota's wait) and the closer one kept.
            if (out?.visual.verdict === 'different') {
              await new Promise((r) => setTimeout(r, RESHOOT_MS));
              const again = await shoot();
              if (again && again.visual.ratio < out.visual.ratio) out = again;
            }
            if (out) {
              const recordedId = `${id}:${i}:recorded`;
              const liveId = `${id}:${i}:live`;
              await putDriftCrop({ id: recordedId, checkId: id, blob: out.recorded, ...out.size });
              await putDriftCrop({ id: liveId, checkId: id, blob: out.live, ...out.size });
              crops = { recorded: recordedId, live: liveId, size: out.size, liveBox: out.liveBox };
              visual = out.visual;
            }
          }
          const how = answer.outcome.how;
          record(
            i,
            { kind: 'found', how, drift: answer.outcome.drift, ...(answer.atRecordedPath === undefined ? {} : { atRecordedPath: answer.atRecordedPath }), ...(visual ? { visual } : {}) },
            { matched: how.kind === 'locator' ? how.locator : 'score', ...(answer.live ? { live: answer.live } : {}), ...(crops ? { crops } : {}) },
          );
          check = { ...check, steps: results };
          await saveDriftCheck(check);
          const done = await sendToFrame(tabId, got.frameId, 'content.driftAct', { checkId: id, step: i, expect: step.expect }).catch((e: unknown) => ({ ok: false, why: e instanceof Error ? e.message : String(e) }));
          if (!done.ok) {
            stoppedAt = { n: i + 1, why: `step ${i + 1} could not be done: ${done.why ?? 'unknown'}` };
            continue;
          }
          tab = await settle(tabId);
        }
      } finally {
        if (win?.id !== undefined) await chrome.windows.remove(win.id).catch(() => undefined);
      }
      check = { ...check, steps: results, status: stoppedAt ? 'stopped' : 'finished', finishedAt: Date.now(), ...(stoppedAt ? { stoppedAt } : {}) };
      await saveDriftCheck(check);
      await pruneDriftChecks(sopId).catch(() => undefined);
      return { checkId: id };
    },
  };
}
