/**
 * The popup's quick edits of a draft — a step's text and narration, one place up or down, delete — as the
 * editor's pure step operations (step-ops.ts), so both pages change a step list the same way and keep what
 * they did for undo. Pure: storage applies the result (lib/db/sop-store.ts editSteps).
 */
import type { Step, StepId } from '../model';
import { canUndo, commit, startHistory, undo, type History } from './history';
import { deleteSteps, moveStepTo, updateStep } from './step-ops';

/** Longest step text and narration the popup's form saves. */
export const QUICK_TEXT_MAX = 5_000;
export const QUICK_NARRATION_MAX = 10_000;

export type QuickEdit =
  | { readonly kind: 'content'; readonly id: StepId; readonly text: string; readonly narration: string }
  | { readonly kind: 'move'; readonly id: StepId; readonly by: -1 | 1 }
  | { readonly kind: 'delete'; readonly id: StepId };

function indexOf(steps: readonly Step[], id: StepId): number {
  const i = steps.findIndex((s) => s.id === id);
  if (i < 0) throw new Error('That step no longer exists.');
  return i;
}

/**
 * The step list after `edit`. An empty narration removes it (the form has no "none" otherwise); text and
 * narration are cut at the form's limits. Deleting a step that is already gone changes nothing.
 */
export function applyQuickEdit(steps: readonly Step[], edit: QuickEdit): Step[] {
  switch (edit.kind) {
    case 'content': {
      const narration = edit.narration.trim().slice(0, QUICK_NARRATION_MAX);
      return updateStep(steps, edit.id, { text: edit.text.slice(0, QUICK_TEXT_MAX), narration: narration || undefined });
    }
    case 'move':
      return moveStepTo(steps, edit.id, indexOf(steps, edit.id) + edit.by);
    case 'delete':
      return deleteSteps(steps, [edit.id]);
  }
}

/** What the status line says once `edit` is saved; `steps` is the list it was applied to. */
export function describeQuickEdit(steps: readonly Step[], edit: QuickEdit): string {
  const n = steps.findIndex((s) => s.id === edit.id) + 1;
  if (n === 0) return 'That step no longer exists.';
  switch (edit.kind) {
    case 'content':
      return `Saved step ${n}.`;
    case 'move':
      return `Moved step ${n} ${edit.by < 0 ? 'up' : 'down'}.`;
    case 'delete':
      return `Deleted step ${n}.`;
  }
}

/** Whether two step lists hold the same steps with the same content, in the same order. */
export function sameSteps(a: readonly Step[], b: readonly Step[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i] || JSON.stringify(s) === JSON.stringify(b[i]));
}

/** The step lists a page saved, for undo: `present` is the list as stored after its last edit. */
export type QuickHistory = History<readonly Step[]>;

/**
 * The history after an edit was saved (`before` → `after`, both as stored). It goes on from `h` only when `before`
 * is what `h` last saved: otherwise the list was changed elsewhere meanwhile (the editor) and undo starts over.
 */
export function afterQuickEdit(h: QuickHistory | undefined, before: readonly Step[], after: readonly Step[]): QuickHistory | undefined {
  if (sameSteps(before, after)) return h;
  return commit(h && sameSteps(h.present, before) ? h : startHistory<readonly Step[]>(before), after);
}

/** Whether Undo applies to the `stored` list now: something to undo, and nothing changed elsewhere since. */
export function canQuickUndo(h: QuickHistory | undefined, stored: readonly Step[] | undefined): h is QuickHistory {
  return h !== undefined && canUndo(h) && stored !== undefined && sameSteps(stored, h.present);
}

/** The history one edit back; its `present` is the list to store. Throws when Undo no longer applies. */
export function quickUndo(h: QuickHistory | undefined, stored: readonly Step[]): QuickHistory {
  if (!canQuickUndo(h, stored)) throw new Error('The steps were changed elsewhere since; there is nothing here to undo.');
  return undo(h);
}
