/**
 * Edits to an SOP document, as pure functions from one document to the next (like step-ops.ts for the
 * steps): the editor keeps every result in its undo history and saves the latest. Whatever the author types
 * becomes `source: 'author'`; a function that changes nothing returns its input, so the history skips it.
 */
import type { Step, StepId } from '../model';
import {
  emptyStepNote,
  type Gate,
  type GateId,
  type Item,
  type ItemId,
  type ItemSection,
  type Metadata,
  type Prose,
  type Role,
  type RoleId,
  type SopDocument,
  type StepNote,
  type TroubleshootingItem,
  type Variable,
} from '../sop/document';
import { applyVariables } from '../sop/variables';

/** What the editor's history holds: the steps and the document, undone and redone together. */
export interface EditorState {
  readonly steps: readonly Step[];
  readonly doc: SopDocument;
}

const author = (text: string): Prose => ({ text, source: 'author' });

export function setMetadata(doc: SopDocument, patch: Partial<Metadata>): SopDocument {
  const changed = (Object.keys(patch) as (keyof Metadata)[]).some((k) => patch[k] !== doc.metadata[k]);
  return changed ? { ...doc, metadata: { ...doc.metadata, ...patch } } : doc;
}

/** "ops, payments , ops" → ["ops", "payments"]: trimmed, empty ones dropped, the first spelling of a repeat kept. */
export function parseTags(text: string): string[] {
  const seen = new Set<string>();
  return text
    .split(',')
    .map((t) => t.replace(/\s+/g, ' ').trim())
    .filter((t) => t !== '' && !seen.has(t.toLowerCase()) && (seen.add(t.toLowerCase()), true));
}

export const formatTags = (tags: readonly string[]): string => tags.join(', ');

export type ProseKey = 'purpose' | 'scopeIn' | 'scopeOut';

export function proseOf(doc: SopDocument, key: ProseKey): Prose {
  return key === 'purpose' ? doc.purpose : key === 'scopeIn' ? doc.scope.in : doc.scope.out;
}

export function setProse(doc: SopDocument, key: ProseKey, text: string): SopDocument {
  const old = proseOf(doc, key);
  if (old.text === text && old.source === 'author') return doc;
  if (key === 'purpose') return { ...doc, purpose: author(text) };
  return { ...doc, scope: key === 'scopeIn' ? { ...doc.scope, in: author(text) } : { ...doc.scope, out: author(text) } };
}

// ---- list sections -----------------------------------------------------------------------------------

function patchList<T extends { readonly id: string }>(list: readonly T[], id: string, patch: (item: T) => T): readonly T[] {
  const i = list.findIndex((x) => x.id === id);
  if (i < 0) throw new Error('That entry no longer exists.');
  const next = patch(list[i]!);
  return next === list[i] ? list : list.map((x, k) => (k === i ? next : x));
}

export function addItem(doc: SopDocument, section: ItemSection, id: ItemId, text = ''): SopDocument {
  return { ...doc, [section]: [...doc[section], { id, text, source: 'author' } satisfies Item] };
}

export function updateItem(doc: SopDocument, section: ItemSection, id: ItemId, text: string): SopDocument {
  const list = patchList(doc[section], id, (item) => (item.text === text && item.source === 'author' ? item : { ...item, text, source: 'author' as const }));
  return list === doc[section] ? doc : { ...doc, [section]: list };
}

export function removeItem(doc: SopDocument, section: ItemSection, id: ItemId): SopDocument {
  return { ...doc, [section]: doc[section].filter((item) => item.id !== id) };
}

export function addTroubleshooting(doc: SopDocument, id: ItemId): SopDocument {
  return { ...doc, troubleshooting: [...doc.troubleshooting, { id, symptom: '', text: '', source: 'author' } satisfies TroubleshootingItem] };
}

export function updateTroubleshooting(doc: SopDocument, id: ItemId, patch: Partial<Pick<TroubleshootingItem, 'symptom' | 'text'>>): SopDocument {
  const list = patchList(doc.troubleshooting, id, (item) =>
    (patch.symptom ?? item.symptom) === item.symptom && (patch.text ?? item.text) === item.text && item.source === 'author'
      ? item
      : { ...item, ...patch, source: 'author' as const },
  );
  return list === doc.troubleshooting ? doc : { ...doc, troubleshooting: list };
}

export function removeTroubleshooting(doc: SopDocument, id: ItemId): SopDocument {
  return { ...doc, troubleshooting: doc.troubleshooting.filter((t) => t.id !== id) };
}

// ---- roles -------------------------------------------------------------------------------------------

export function addRole(doc: SopDocument, id: RoleId, kind: Role['kind'] = 'person'): SopDocument {
  return { ...doc, roles: [...doc.roles, { id, name: '', kind }] };
}

export function updateRole(doc: SopDocument, id: RoleId, patch: Partial<Pick<Role, 'name' | 'kind'>>): SopDocument {
  const roles = patchList(doc.roles, id, (role) =>
    (patch.name ?? role.name) === role.name && (patch.kind ?? role.kind) === role.kind ? role : { ...role, ...patch },
  );
  return roles === doc.roles ? doc : { ...doc, roles };
}

/** Removes a role; steps drawn in its lane fall back to the lane their page gives them. */
export function removeRole(doc: SopDocument, id: RoleId): SopDocument {
  const stepNotes = Object.fromEntries(
    Object.entries(doc.stepNotes).map(([stepId, note]) => {
      if (note.roleId !== id) return [stepId, note];
      const { roleId: _gone, ...rest } = note;
      return [stepId, rest];
    }),
  ) as SopDocument['stepNotes'];
  return { ...doc, roles: doc.roles.filter((r) => r.id !== id), stepNotes };
}

// ---- gates -------------------------------------------------------------------------------------------

export function addGate(doc: SopDocument, id: GateId, afterStepId?: StepId): SopDocument {
  const gate: Gate = { id, question: '', ...(afterStepId ? { afterStepId } : {}), source: 'author' };
  return { ...doc, gates: [...doc.gates, gate] };
}

/** `afterStepId: undefined` puts the gate before the first step. */
export function updateGate(doc: SopDocument, id: GateId, patch: { question?: string; afterStepId?: StepId | undefined }): SopDocument {
  const gates = patchList(doc.gates, id, (gate) => {
    const question = patch.question ?? gate.question;
    const after = 'afterStepId' in patch ? patch.afterStepId : gate.afterStepId;
    if (question === gate.question && after === gate.afterStepId && gate.source === 'author') return gate;
    return { id: gate.id, question, ...(after ? { afterStepId: after } : {}), source: 'author' as const };
  });
  return gates === doc.gates ? doc : { ...doc, gates };
}

export function removeGate(doc: SopDocument, id: GateId): SopDocument {
  return { ...doc, gates: doc.gates.filter((g) => g.id !== id) };
}

// ---- variables ---------------------------------------------------------------------------------------

const VARIABLE_NAME = /^[a-z][a-z0-9_]*$/;

/** What the author typed as a variable name, made valid: "Change ticket" → "change_ticket"; '' when nothing is left. */
export function toVariableName(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .replace(/_+$/, '');
}

export function addVariable(doc: SopDocument): SopDocument {
  const taken = new Set(doc.variables.map((v) => v.name));
  let name = 'value';
  for (let n = 2; taken.has(name); n++) name = `value_${n}`;
  return { ...doc, variables: [...doc.variables, { name, description: '', example: '', occurrences: [] }] };
}

/**
 * Edits the variable at `index`. A name is made valid with toVariableName; one that ends up empty or taken
 * by another variable throws (the stored document drops such variables, so they are never saved).
 */
export function updateVariable(doc: SopDocument, index: number, patch: Partial<Pick<Variable, 'name' | 'description' | 'example'>>): SopDocument {
  const old = doc.variables[index];
  if (!old) throw new Error('That variable no longer exists.');
  const name = patch.name === undefined ? old.name : toVariableName(patch.name);
  if (!VARIABLE_NAME.test(name)) throw new Error('A variable name needs a letter first, then letters, digits or _.');
  if (doc.variables.some((v, i) => i !== index && v.name === name)) throw new Error(`There is already a variable named ${name}.`);
  const next = { ...old, ...patch, name };
  if (next.name === old.name && next.description === old.description && next.example === old.example) return doc;
  return { ...doc, variables: doc.variables.map((v, i) => (i === index ? next : v)) };
}

export function removeVariable(doc: SopDocument, index: number): SopDocument {
  return { ...doc, variables: doc.variables.filter((_, i) => i !== index) };
}

/** Each variable's example in the step texts replaced by `{{name}}`; steps that do not change keep their identity. */
export function applyVariablesToSteps(steps: readonly Step[], vars: readonly Pick<Variable, 'name' | 'example'>[]): readonly Step[] {
  let changed = false;
  const next = steps.map((s) => {
    const text = applyVariables(s.text, vars);
    if (text === s.text) return s;
    changed = true;
    return { ...s, text };
  });
  return changed ? next : steps;
}

// ---- what the document says about one step ------------------------------------------------------------

export function noteOf(doc: SopDocument, stepId: StepId): StepNote {
  return Object.prototype.hasOwnProperty.call(doc.stepNotes, stepId) ? doc.stepNotes[stepId]! : emptyStepNote();
}

function withNote(doc: SopDocument, stepId: StepId, note: StepNote): SopDocument {
  return { ...doc, stepNotes: { ...doc.stepNotes, [stepId]: note } };
}

/** `roleId: undefined` draws the step in the lane its page gives it. */
export function updateStepNote(doc: SopDocument, stepId: StepId, patch: { expectedResult?: string; notes?: string; roleId?: RoleId | undefined }): SopDocument {
  const note = noteOf(doc, stepId);
  let next = note;
  if (patch.expectedResult !== undefined && (patch.expectedResult !== note.expectedResult.text || note.expectedResult.source !== 'author')) {
    next = { ...next, expectedResult: author(patch.expectedResult) };
  }
  if (patch.notes !== undefined && (patch.notes !== note.notes.text || note.notes.source !== 'author')) next = { ...next, notes: author(patch.notes) };
  if ('roleId' in patch && patch.roleId !== note.roleId) {
    const { roleId: _old, ...rest } = next;
    next = patch.roleId ? { ...rest, roleId: patch.roleId } : rest;
  }
  return next === note ? doc : withNote(doc, stepId, next);
}

export function addWarning(doc: SopDocument, stepId: StepId, id: ItemId, text = ''): SopDocument {
  const note = noteOf(doc, stepId);
  return withNote(doc, stepId, { ...note, warnings: [...note.warnings, { id, text, source: 'author' }] });
}

export function updateWarning(doc: SopDocument, stepId: StepId, id: ItemId, text: string): SopDocument {
  const note = noteOf(doc, stepId);
  const warnings = patchList(note.warnings, id, (w) => (w.text === text && w.source === 'author' ? w : { ...w, text, source: 'author' as const }));
  return warnings === note.warnings ? doc : withNote(doc, stepId, { ...note, warnings });
}

export function removeWarning(doc: SopDocument, stepId: StepId, id: ItemId): SopDocument {
  const note = noteOf(doc, stepId);
  return withNote(doc, stepId, { ...note, warnings: note.warnings.filter((w) => w.id !== id) });
}
