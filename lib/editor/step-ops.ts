/**
 * Edits to an SOP's step list, as pure functions from one list to the next: the editor keeps every
 * result in its undo history and saves the latest. Order keys are renumbered 0, 10, 20… on every edit.
 */
import type { EventId, SopId, Step, StepId } from '../model';

const renumber = (steps: readonly Step[]): Step[] => steps.map((s, i) => (s.order === i * 10 ? s : { ...s, order: i * 10 }));

function indexOf(steps: readonly Step[], id: StepId): number {
  const i = steps.findIndex((s) => s.id === id);
  if (i < 0) throw new Error('That step no longer exists.');
  return i;
}

/** Move a step to position `to` (clamped): drag and drop, or Alt+Arrow by one. */
export function moveStep(steps: readonly Step[], id: StepId, to: number): Step[] {
  const from = indexOf(steps, id);
  const target = Math.max(0, Math.min(steps.length - 1, to));
  if (from === target) return [...steps];
  const next = [...steps];
  const [step] = next.splice(from, 1);
  next.splice(target, 0, step!);
  return renumber(next);
}

export function updateStep(steps: readonly Step[], id: StepId, patch: Partial<Pick<Step, 'text' | 'narration' | 'highlight'>>): Step[] {
  const i = indexOf(steps, id);
  return steps.map((s, k) => (k === i ? { ...s, ...patch } : s));
}

export function deleteSteps(steps: readonly Step[], ids: readonly StepId[]): Step[] {
  const gone = new Set(ids);
  return renumber(steps.filter((s) => !gone.has(s.id)));
}

/**
 * Merge a step into the one before it: texts joined, narration joined, the first step's screenshot kept
 * (it shows where the work starts), raw events of both kept.
 */
export function mergeWithPrevious(steps: readonly Step[], id: StepId): Step[] {
  const i = indexOf(steps, id);
  if (i === 0) throw new Error('The first step has nothing before it to merge into.');
  const prev = steps[i - 1]!;
  const cur = steps[i]!;
  const merged: Step = {
    ...prev,
    text: joinText(prev.text, cur.text),
    narration: joinText(prev.narration ?? '', cur.narration ?? '') || undefined,
    shotId: prev.shotId ?? cur.shotId,
    highlight: prev.shotId ? prev.highlight : cur.highlight,
    eventIds: [...prev.eventIds, ...cur.eventIds] as EventId[],
  };
  return renumber([...steps.slice(0, i - 1), merged, ...steps.slice(i + 1)]);
}

/** Split a step's text at `offset`: the second half becomes a manual step right after it. */
export function splitStep(steps: readonly Step[], id: StepId, offset: number, newId: StepId): Step[] {
  const i = indexOf(steps, id);
  const step = steps[i]!;
  const head = step.text.slice(0, offset).trim();
  const tail = step.text.slice(offset).trim();
  if (!head || !tail) throw new Error('Put the cursor inside the text where the step should be split.');
  const second: Step = { ...manualStep(step.sopId, newId, tail, step), t: step.t };
  return renumber([...steps.slice(0, i), { ...step, text: head }, second, ...steps.slice(i + 1)]);
}

/** A step the author writes by hand (nothing was recorded for it). */
export function insertManualStep(steps: readonly Step[], afterIndex: number, sopId: SopId, newId: StepId, text = 'Describe this step.'): Step[] {
  const at = Math.max(-1, Math.min(steps.length - 1, afterIndex));
  const neighbour = steps[at] ?? steps[0];
  const step = manualStep(sopId, newId, text, neighbour);
  return renumber([...steps.slice(0, at + 1), step, ...steps.slice(at + 1)]);
}

function manualStep(sopId: SopId, id: StepId, text: string, near: Step | undefined): Step {
  return {
    id,
    sopId,
    order: 0,
    kind: 'manual',
    text,
    page: near?.page ?? { url: '', title: '' },
    tabId: near?.tabId ?? -1,
    t: near?.t ?? 0,
    eventIds: [],
  };
}

function joinText(a: string, b: string): string {
  const left = a.trim();
  const right = b.trim();
  if (!left) return right;
  if (!right) return left;
  return `${/[.!?]$/.test(left) ? left : `${left}.`} ${right}`;
}
