/**
 * Edits to an SOP's step list, as pure functions from one list to the next: the editor keeps every
 * result in its undo history and saves the latest. Order keys are renumbered 0, 10, 20… on every edit.
 */
import type { Box, EventId, SopId, Step, StepId } from '../model';

const renumber = (steps: readonly Step[]): Step[] => steps.map((s, i) => (s.order === i * 10 ? s : { ...s, order: i * 10 }));

function indexOf(steps: readonly Step[], id: StepId): number {
  const i = steps.findIndex((s) => s.id === id);
  if (i < 0) throw new Error('That step no longer exists.');
  return i;
}

/** Move a step to position `to` (clamped): drag and drop, or Alt+Arrow by one. */
export function moveStepTo(steps: readonly Step[], id: StepId, to: number): Step[] {
  const from = indexOf(steps, id);
  const target = Math.max(0, Math.min(steps.length - 1, to));
  if (from === target) return [...steps];
  const next = [...steps];
  const [step] = next.splice(from, 1);
  next.splice(target, 0, step!);
  return renumber(next);
}

/** The fields an author edits in place. */
export type StepPatch = Partial<Pick<Step, 'text' | 'narration' | 'highlight' | 'blurBoxes' | 'crop'>>;

/** The screenshot edits: where the highlight, the blur boxes and the crop are. */
export type ShotPatch = Partial<Pick<Step, 'highlight' | 'blurBoxes' | 'crop'>>;

/** Apply `patch` to one step; a field patched to undefined is removed (e.g. `{ crop: undefined }`). */
export function updateStep(steps: readonly Step[], id: StepId, patch: StepPatch): Step[] {
  const i = indexOf(steps, id);
  return steps.map((s, k) => (k === i ? patched(s, patch) : s));
}

function patched(step: Step, patch: StepPatch): Step {
  const next: Record<string, unknown> = { ...step, ...patch };
  for (const [key, value] of Object.entries(patch)) if (value === undefined) delete next[key];
  return next as unknown as Step;
}

const plain = (b: Box): Box => ({ x: b.x, y: b.y, width: b.width, height: b.height });

function blurIndex(step: Pick<Step, 'blurBoxes'>, index: number): number {
  if (!Number.isInteger(index) || index < 0 || index >= (step.blurBoxes?.length ?? 0)) throw new Error('That blur box no longer exists.');
  return index;
}

/** The patch that adds a blur box after the existing ones. */
export function blurBoxAdded(step: Pick<Step, 'blurBoxes'>, box: Box): ShotPatch {
  return { blurBoxes: [...(step.blurBoxes ?? []), plain(box)] };
}

/** The patch that moves or resizes blur box `index` (0-based). */
export function blurBoxChanged(step: Pick<Step, 'blurBoxes'>, index: number, box: Box): ShotPatch {
  const i = blurIndex(step, index);
  return { blurBoxes: step.blurBoxes!.map((b, k) => (k === i ? plain(box) : b)) };
}

/** The patch that removes blur box `index`; the field goes when the last one does. */
export function blurBoxRemoved(step: Pick<Step, 'blurBoxes'>, index: number): ShotPatch {
  const i = blurIndex(step, index);
  const rest = step.blurBoxes!.filter((_b, k) => k !== i);
  return { blurBoxes: rest.length > 0 ? rest : undefined };
}

/** The patch that sets the crop (CSS px of the tab viewport, like the highlight). */
export function cropSet(box: Box): ShotPatch {
  return { crop: plain(box) };
}

/** The patch that removes the crop: the export shows the whole screenshot again. */
export function cropCleared(): ShotPatch {
  return { crop: undefined };
}

export function addBlurBox(steps: readonly Step[], id: StepId, box: Box): Step[] {
  return updateStep(steps, id, blurBoxAdded(steps[indexOf(steps, id)]!, box));
}

export function updateBlurBox(steps: readonly Step[], id: StepId, index: number, box: Box): Step[] {
  return updateStep(steps, id, blurBoxChanged(steps[indexOf(steps, id)]!, index, box));
}

export function removeBlurBox(steps: readonly Step[], id: StepId, index: number): Step[] {
  return updateStep(steps, id, blurBoxRemoved(steps[indexOf(steps, id)]!, index));
}

export function setCrop(steps: readonly Step[], id: StepId, box: Box): Step[] {
  return updateStep(steps, id, cropSet(box));
}

export function clearCrop(steps: readonly Step[], id: StepId): Step[] {
  return updateStep(steps, id, cropCleared());
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
  // The highlight, blur boxes and crop belong to the screenshot kept: a blur box never gets lost to a merge.
  const shotOwner = prev.shotId ? prev : cur;
  const merged = patched(prev, {
    text: joinText(prev.text, cur.text),
    narration: joinText(prev.narration ?? '', cur.narration ?? '') || undefined,
    highlight: shotOwner.highlight,
    blurBoxes: shotOwner.blurBoxes,
    crop: shotOwner.crop,
  });
  const withShot: Step = { ...merged, shotId: prev.shotId ?? cur.shotId, eventIds: [...prev.eventIds, ...cur.eventIds] as EventId[] };
  return renumber([...steps.slice(0, i - 1), withShot, ...steps.slice(i + 1)]);
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
