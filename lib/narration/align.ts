/**
 * Attaches narration to steps. Pure. Steps are instants on the recording clock (`Step.t`); segments are
 * spans on the same clock.
 *
 * The rule, in order:
 * 1. A segment whose span contains a step's time attaches to that step (the first, if it spans several:
 *    people name an action as they start doing it).
 * 2. A segment that ends before the first step is the SOP's introduction.
 * 3. A segment between two steps attaches to the next step (people say what they are about to do).
 * 4. A segment after the last step attaches to the last step.
 */
import type { StepId } from '../model';
import type { TranscriptSegment } from './segments';

/** What alignment needs of a step. */
export interface AlignableStep {
  readonly id: StepId;
  /** Recording-clock ms of the action. */
  readonly t: number;
}

export interface AlignedNarration {
  /** Speech before the first step, joined; '' when none. */
  readonly intro: string;
  /** Narration per step, joined in time order; steps without narration are absent. */
  readonly byStep: Map<StepId, string>;
}

/** Index into `steps` (sorted by t) of the step a segment belongs to, or -1 for the introduction. */
export function stepIndexFor(segment: TranscriptSegment, steps: readonly AlignableStep[]): number {
  if (steps.length === 0) return -1;
  const overlapped = steps.findIndex((s) => s.t >= segment.startMs && s.t <= segment.endMs);
  if (overlapped >= 0) return overlapped;
  const next = steps.findIndex((s) => s.t > segment.endMs);
  if (next === 0) return -1;
  return next > 0 ? next : steps.length - 1;
}

export function alignNarration(
  segments: readonly TranscriptSegment[],
  steps: readonly AlignableStep[],
): AlignedNarration {
  const sortedSteps = [...steps].sort((a, b) => a.t - b.t);
  const sortedSegments = [...segments].sort((a, b) => a.startMs - b.startMs);
  const intro: string[] = [];
  const parts = new Map<StepId, string[]>();
  for (const segment of sortedSegments) {
    const text = segment.text.trim();
    if (!text) continue;
    const i = stepIndexFor(segment, sortedSteps);
    if (i < 0) {
      intro.push(text);
      continue;
    }
    const id = sortedSteps[i]!.id;
    const list = parts.get(id) ?? [];
    list.push(text);
    parts.set(id, list);
  }
  const byStep = new Map<StepId, string>();
  // Map in step order, so iterating it reads like the SOP.
  for (const step of sortedSteps) {
    const list = parts.get(step.id);
    if (list) byStep.set(step.id, list.join(' '));
  }
  return { intro: intro.join(' '), byStep };
}

/**
 * The steps with the narration `segments` attach to them. `replace` (a transcript made again, e.g. with a
 * better model) also clears what no segment speaks to; otherwise steps without speech keep theirs.
 */
export function narrateSteps<S extends AlignableStep & { readonly narration?: string }>(
  steps: readonly S[],
  segments: readonly TranscriptSegment[],
  options: { readonly replace?: boolean } = {},
): S[] {
  if (segments.length === 0 && !options.replace) return [...steps];
  const { byStep } = alignNarration(segments, steps);
  return steps.map((s) => {
    const text = byStep.get(s.id);
    if (text !== undefined) return { ...s, narration: text };
    if (!options.replace || s.narration === undefined) return s;
    const { narration: _dropped, ...rest } = s;
    return rest as unknown as S;
  });
}
