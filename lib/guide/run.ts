/**
 * A guided run and its log, as pure transitions: which step is shown, and everything that happened (found —
 * by which locator or at what score —, not found and why, done by the person's action or by Done, skipped,
 * back, finished). The background keeps the run (storage + IndexedDB, the service worker may stop); the
 * editor shows the log. The log is the drift signal the drift check reads later.
 */
import type { SopId, StepId } from '../model';
import type { Drift, FoundHow, NotFoundReason } from './finder';

export type GuideRunId = string & { readonly __guideRun: true };

export type GuideLogEntry = { readonly at: number } & (
  | { readonly kind: 'started'; readonly url: string }
  | { readonly kind: 'found'; readonly step: number; readonly stepId: StepId; readonly how: FoundHow; readonly drift: readonly Drift[]; readonly frameDepth: number }
  | {
      readonly kind: 'not-found';
      readonly step: number;
      readonly stepId: StepId;
      readonly reason: NotFoundReason | 'no-frame';
      readonly detail: string;
      readonly score?: number;
      readonly runnerUp?: number;
    }
  | { readonly kind: 'done'; readonly step: number; readonly stepId: StepId; readonly by: 'action' | 'navigation' | 'person' }
  | { readonly kind: 'skipped'; readonly step: number; readonly stepId: StepId }
  | { readonly kind: 'back'; readonly step: number; readonly stepId: StepId }
  | { readonly kind: 'finished' }
  | { readonly kind: 'stopped' }
);

export interface GuideRun {
  readonly id: GuideRunId;
  readonly sopId: SopId;
  readonly title: string;
  readonly startedAt: number;
  readonly finishedAt?: number;
  readonly status: 'running' | 'finished' | 'stopped';
  /** 0-based index of the step shown. */
  readonly step: number;
  readonly stepIds: readonly StepId[];
  /** The tab the run started in, and the tabs the workflow opened, by the recorded tab id of their steps. */
  readonly tabId: number;
  readonly tabs: Readonly<Record<string, number>>;
  readonly log: readonly GuideLogEntry[];
}

/** A log past this many entries keeps its first and newest ones (a run left open for a day). */
export const MAX_LOG = 500;

function append(run: GuideRun, entry: GuideLogEntry): GuideRun['log'] {
  const log = [...run.log, entry];
  return log.length > MAX_LOG ? [log[0]!, ...log.slice(log.length - MAX_LOG + 1)] : log;
}

export function startRun(p: { id: GuideRunId; sopId: SopId; title: string; stepIds: readonly StepId[]; tabId: number; firstTabKey?: number; url: string; at: number }): GuideRun {
  return {
    id: p.id,
    sopId: p.sopId,
    title: p.title,
    startedAt: p.at,
    status: 'running',
    step: 0,
    stepIds: p.stepIds,
    tabId: p.tabId,
    tabs: p.firstTabKey === undefined ? {} : { [String(p.firstTabKey)]: p.tabId },
    log: [{ at: p.at, kind: 'started', url: p.url }],
  };
}

const stepId = (run: GuideRun) => run.stepIds[run.step]!;

function moveTo(run: GuideRun, step: number, at: number): GuideRun {
  if (step >= run.stepIds.length) return { ...run, step: run.stepIds.length, status: 'finished', finishedAt: at, log: append(run, { at, kind: 'finished' }) };
  return { ...run, step: Math.max(0, step) };
}

/** What the finder said about the step shown. Ignored for a step no longer shown (a late answer). */
export function recordFind(
  run: GuideRun,
  step: number,
  at: number,
  result: { found: true; how: FoundHow; drift: readonly Drift[]; frameDepth: number } | { found: false; reason: NotFoundReason | 'no-frame'; detail: string; score?: number; runnerUp?: number },
): GuideRun {
  if (run.status !== 'running' || step !== run.step) return run;
  const id = stepId(run);
  const entry: GuideLogEntry = result.found
    ? { at, kind: 'found', step, stepId: id, how: result.how, drift: result.drift, frameDepth: result.frameDepth }
    : {
        at,
        kind: 'not-found',
        step,
        stepId: id,
        reason: result.reason,
        detail: result.detail,
        ...(result.score === undefined ? {} : { score: result.score }),
        ...(result.runnerUp === undefined ? {} : { runnerUp: result.runnerUp }),
      };
  return { ...run, log: append(run, entry) };
}

/** The step shown is done (`step` guards against a late report for a step already left). */
export function markDone(run: GuideRun, step: number, by: 'action' | 'navigation' | 'person', at: number): GuideRun {
  if (run.status !== 'running' || step !== run.step) return run;
  return moveTo({ ...run, log: append(run, { at, kind: 'done', step, stepId: stepId(run), by }) }, step + 1, at);
}

export function skip(run: GuideRun, at: number): GuideRun {
  if (run.status !== 'running') return run;
  return moveTo({ ...run, log: append(run, { at, kind: 'skipped', step: run.step, stepId: stepId(run) }) }, run.step + 1, at);
}

export function back(run: GuideRun, at: number): GuideRun {
  if (run.status !== 'running' || run.step === 0) return run;
  const to = run.step - 1;
  return { ...run, step: to, log: append(run, { at, kind: 'back', step: to, stepId: run.stepIds[to]! }) };
}

export function stop(run: GuideRun, at: number): GuideRun {
  if (run.status !== 'running') return run;
  return { ...run, status: 'stopped', finishedAt: at, log: append(run, { at, kind: 'stopped' }) };
}

/** A tab the workflow opened now stands for the recorded tab `tabKey`. */
export function adoptTab(run: GuideRun, tabKey: number, tabId: number): GuideRun {
  return { ...run, tabs: { ...run.tabs, [String(tabKey)]: tabId } };
}

/** One line per log entry, for people (the editor's run log). */
export function describeEntry(e: GuideLogEntry): string {
  switch (e.kind) {
    case 'started':
      return `Started at ${e.url}`;
    case 'found': {
      const how = e.how.kind === 'locator' ? `by ${LOCATOR_NAMES[e.how.locator]}` : `by score ${pct(e.how.score)} (margin ${pct(e.how.margin)})`;
      const drift = e.drift.map((d) => `${d.field} now "${d.now}", recorded "${d.recorded}"`).join('; ');
      return `Step ${e.step + 1}: found ${how}${e.frameDepth > 0 ? ' in a frame' : ''}${drift ? ` — ${drift}` : ''}`;
    }
    case 'not-found':
      return `Step ${e.step + 1}: not found — ${e.detail}`;
    case 'done':
      return `Step ${e.step + 1}: done ${e.by === 'person' ? '(Done pressed)' : e.by === 'navigation' ? '(page reached)' : '(by the action)'}`;
    case 'skipped':
      return `Step ${e.step + 1}: skipped`;
    case 'back':
      return `Back to step ${e.step + 1}`;
    case 'finished':
      return 'Finished';
    case 'stopped':
      return 'Stopped';
  }
}

const LOCATOR_NAMES = { testId: 'test id', role: 'role and name', label: 'label', id: 'id', css: 'CSS path', text: 'text' } as const;
const pct = (n: number) => `${Math.round(n * 100)} %`;
