import { beforeEach, describe, expect, it } from 'vitest';
import {
  addGate,
  addItem,
  addRole,
  addTroubleshooting,
  addVariable,
  addWarning,
  applyVariablesToSteps,
  formatTags,
  noteOf,
  parseTags,
  removeGate,
  removeItem,
  removeRole,
  removeTroubleshooting,
  removeVariable,
  removeWarning,
  setMetadata,
  setProse,
  toVariableName,
  updateGate,
  updateItem,
  updateRole,
  updateStepNote,
  updateTroubleshooting,
  updateVariable,
  updateWarning,
} from '../../../lib/editor/doc-ops';
import { emptyDocument, type GateId, type ItemId, type RoleId, type SopDocument } from '../../../lib/sop/document';
import { makeSop, makeStep, resetFactories, stepId } from '../factories';

beforeEach(() => resetFactories());

const base = (): SopDocument => emptyDocument(makeSop());
const item = (s: string) => s as ItemId;

describe('metadata and tags', () => {
  it('patches metadata and returns the same document when nothing changes', () => {
    const doc = base();
    expect(setMetadata(doc, { owner: doc.metadata.owner })).toBe(doc);
    expect(setMetadata(doc, { owner: 'Ops', reviewDate: '2026-01-01' }).metadata).toMatchObject({ owner: 'Ops', reviewDate: '2026-01-01', title: doc.metadata.title });
  });

  it.each([
    ['ops, payments', ['ops', 'payments']],
    [' ops ,, payments ,', ['ops', 'payments']],
    ['Ops, ops, OPS', ['Ops']],
    ['', []],
    ['  release   train ', ['release train']],
  ])('parseTags(%j) → %j', (text, tags) => {
    expect(parseTags(text)).toEqual(tags);
  });

  it('formats tags back as a comma list', () => {
    expect(formatTags(['ops', 'payments'])).toBe('ops, payments');
  });
});

describe('prose', () => {
  it('sets purpose and scope as the author', () => {
    const drafted = { ...base(), purpose: { text: 'From narration.', source: 'narration' as const } };
    const doc = setProse(setProse(setProse(drafted, 'purpose', 'Ship it.'), 'scopeIn', 'Payments.'), 'scopeOut', 'Billing.');
    expect(doc.purpose).toEqual({ text: 'Ship it.', source: 'author' });
    expect(doc.scope).toEqual({ in: { text: 'Payments.', source: 'author' }, out: { text: 'Billing.', source: 'author' } });
    expect(setProse(doc, 'purpose', 'Ship it.')).toBe(doc);
  });

  it('claims drafted text for the author even when the text is unchanged', () => {
    const drafted = { ...base(), purpose: { text: 'Same.', source: 'page' as const } };
    expect(setProse(drafted, 'purpose', 'Same.').purpose.source).toBe('author');
  });
});

describe('list sections', () => {
  it('adds, edits and removes items', () => {
    let doc = addItem(base(), 'prerequisites', item('p1'));
    doc = addItem(doc, 'prerequisites', item('p2'), 'VPN');
    doc = updateItem(doc, 'prerequisites', item('p1'), 'Access to **Shipyard**');
    expect(doc.prerequisites.map((i) => i.text)).toEqual(['Access to **Shipyard**', 'VPN']);
    expect(updateItem(doc, 'prerequisites', item('p2'), 'VPN')).toBe(doc);
    doc = removeItem(doc, 'prerequisites', item('p1'));
    expect(doc.prerequisites.map((i) => i.id)).toEqual(['p2']);
  });

  it('throws when the entry is gone', () => {
    expect(() => updateItem(base(), 'rollback', item('nope'), 'x')).toThrow(/no longer exists/);
  });

  it('keeps symptom → action pairs', () => {
    let doc = addTroubleshooting(base(), item('t1'));
    doc = updateTroubleshooting(doc, item('t1'), { symptom: 'Health check fails' });
    doc = updateTroubleshooting(doc, item('t1'), { text: 'Roll back.' });
    expect(doc.troubleshooting).toEqual([{ id: 't1', symptom: 'Health check fails', text: 'Roll back.', source: 'author' }]);
    expect(removeTroubleshooting(doc, item('t1')).troubleshooting).toEqual([]);
  });
});

describe('roles', () => {
  it('adds and edits roles, and removing one frees the steps drawn in it', () => {
    let doc = addRole(base(), 'r1' as RoleId);
    doc = updateRole(doc, 'r1' as RoleId, { name: 'Release manager' });
    doc = updateRole(doc, 'r1' as RoleId, { kind: 'system' });
    expect(doc.roles).toEqual([{ id: 'r1', name: 'Release manager', kind: 'system' }]);
    doc = updateStepNote(doc, stepId('s1'), { roleId: 'r1' as RoleId });
    expect(noteOf(doc, stepId('s1')).roleId).toBe('r1');
    doc = removeRole(doc, 'r1' as RoleId);
    expect(doc.roles).toEqual([]);
    expect(noteOf(doc, stepId('s1'))).not.toHaveProperty('roleId');
  });
});

describe('gates', () => {
  it('places a gate after a step, moves it before the first, and removes it', () => {
    let doc = addGate(base(), 'g1' as GateId, stepId('s2'));
    doc = updateGate(doc, 'g1' as GateId, { question: 'Go/no-go: is the change approved?' });
    expect(doc.gates).toEqual([{ id: 'g1', question: 'Go/no-go: is the change approved?', afterStepId: 's2', source: 'author' }]);
    doc = updateGate(doc, 'g1' as GateId, { afterStepId: undefined });
    expect(doc.gates[0]).not.toHaveProperty('afterStepId');
    expect(updateGate(doc, 'g1' as GateId, { question: 'Go/no-go: is the change approved?' })).toBe(doc);
    expect(removeGate(doc, 'g1' as GateId).gates).toEqual([]);
  });
});

describe('variables', () => {
  it.each([
    ['Change ticket', 'change_ticket'],
    ['2nd host', 'nd_host'],
    ['région', 'region'],
    ['___', ''],
    ['version_', 'version'],
  ])('toVariableName(%j) → %j', (text, name) => {
    expect(toVariableName(text)).toBe(name);
  });

  it('adds with a free name, edits, rejects empty or taken names, removes', () => {
    let doc = addVariable(addVariable(base()));
    expect(doc.variables.map((v) => v.name)).toEqual(['value', 'value_2']);
    doc = updateVariable(doc, 0, { name: 'Version', description: 'Release version', example: 'v1.5.0' });
    expect(doc.variables[0]).toMatchObject({ name: 'version', description: 'Release version', example: 'v1.5.0' });
    expect(() => updateVariable(doc, 1, { name: 'version' })).toThrow(/already/);
    expect(() => updateVariable(doc, 1, { name: '42' })).toThrow(/letter first/);
    expect(updateVariable(doc, 0, { example: 'v1.5.0' })).toBe(doc);
    expect(removeVariable(doc, 0).variables.map((v) => v.name)).toEqual(['value_2']);
  });

  it('applies variables to step text, keeping unchanged steps', () => {
    const a = makeStep({ text: 'Select **v1.5.0** in **Version**.' });
    const b = makeStep({ text: 'Click **Deploy**.' });
    const next = applyVariablesToSteps([a, b], [{ name: 'version', example: 'v1.5.0' }]);
    expect(next.map((s) => s.text)).toEqual(['Select **{{version}}** in **Version**.', 'Click **Deploy**.']);
    expect(next[1]).toBe(b);
    const steps = [b];
    expect(applyVariablesToSteps(steps, [{ name: 'version', example: 'v1.5.0' }])).toBe(steps);
  });
});

describe('step notes', () => {
  it('writes expected result, notes and warnings for one step', () => {
    const s = stepId('s1');
    let doc = updateStepNote(base(), s, { expectedResult: 'The **Deployed** badge shows.', notes: 'Takes a minute.' });
    doc = addWarning(doc, s, item('w1'));
    doc = updateWarning(doc, s, item('w1'), 'Do not deploy on Fridays.');
    doc = addWarning(doc, s, item('w2'), 'Second');
    expect(noteOf(doc, s)).toEqual({
      expectedResult: { text: 'The **Deployed** badge shows.', source: 'author' },
      notes: { text: 'Takes a minute.', source: 'author' },
      warnings: [
        { id: 'w1', text: 'Do not deploy on Fridays.', source: 'author' },
        { id: 'w2', text: 'Second', source: 'author' },
      ],
    });
    expect(updateStepNote(doc, s, { notes: 'Takes a minute.' })).toBe(doc);
    doc = removeWarning(doc, s, item('w1'));
    expect(noteOf(doc, s).warnings.map((w) => w.id)).toEqual(['w2']);
  });

  it('reads an empty note for a step without one, and never an inherited property', () => {
    expect(noteOf(base(), stepId('toString'))).toEqual({ expectedResult: { text: '', source: 'author' }, notes: { text: '', source: 'author' }, warnings: [] });
  });
});
