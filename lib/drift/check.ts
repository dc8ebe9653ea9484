/**
 * A drift check as stored: when, how (a guided run seen passively, or the active replay), on which URL, and
 * per step what was seen and the verdict. Crops (recorded and fresh) are stored apart as blobs
 * (lib/db/drift-store.ts). Also the SOP's health as the library says it: "2 steps drifted — checked 3 days ago".
 */
import type { SopId, StepId, TargetContext, Box, Size } from '../model';
import type { Locator } from '../guide/finder';
import type { StepObservation, StepVerdict } from './classify';

export type DriftCheckId = string & { readonly __driftCheck: true };

export interface DriftStepResult extends StepVerdict {
  readonly stepId: StepId;
  /** 1-based, as the SOP numbered it when checked. */
  readonly n: number;
  readonly seen: StepObservation;
  /** The locator that matched, when one did. */
  readonly matched?: Locator | 'score';
  /** The element as described now (fresh locators, name, label, box): what Accept changes takes. */
  readonly live?: TargetContext;
  /** Crops of the element's neighbourhood, when both could be taken (ids of rows in driftCrops). */
  readonly crops?: { readonly recorded?: string; readonly live?: string; readonly size: Size; readonly liveBox?: Box };
  /** Why a found step has no fresh picture (a guided run's capture was skipped, discarded or not allowed). */
  readonly noPicture?: string;
}

export interface DriftCheck {
  readonly id: DriftCheckId;
  readonly sopId: SopId;
  readonly mode: 'passive' | 'active';
  readonly at: number;
  readonly finishedAt?: number;
  readonly url: string;
  readonly status: 'running' | 'finished' | 'stopped';
  /** Why the check stopped early ("step 6 not found", "step 3 needs a secret"). */
  readonly stoppedAt?: { readonly n: number; readonly why: string };
  readonly steps: readonly DriftStepResult[];
}

export interface DriftCounts {
  readonly ok: number;
  readonly changed: number;
  readonly missing: number;
  readonly unchecked: number;
}

export function countSteps(check: Pick<DriftCheck, 'steps'>): DriftCounts {
  const c = { ok: 0, changed: 0, missing: 0, unchecked: 0 };
  for (const s of check.steps) c[s.status]++;
  return c;
}

const DAY = 86_400_000;

export function ago(at: number, now: number): string {
  const days = Math.floor((now - at) / DAY);
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  return `${days} days ago`;
}

export interface Health {
  readonly level: 'ok' | 'drifted' | 'unknown';
  readonly text: string;
}

/** The SOP's health from its newest check (none: never checked). */
export function healthOf(check: DriftCheck | undefined, now: number): Health | undefined {
  if (!check || check.status === 'running') return undefined;
  const c = countSteps(check);
  const drifted = c.changed + c.missing;
  const when = `checked ${ago(check.finishedAt ?? check.at, now)}`;
  if (drifted > 0) return { level: 'drifted', text: `${drifted} ${drifted === 1 ? 'step' : 'steps'} drifted — ${when}` };
  if (c.ok === 0) return { level: 'unknown', text: `Not checked yet — ${when}` };
  if (c.unchecked > 0) return { level: 'unknown', text: `${c.ok} ok, ${c.unchecked} not checked — ${when}` };
  return { level: 'ok', text: `No drift — ${when}` };
}
