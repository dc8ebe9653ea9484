import { describe, expect, it } from 'vitest';
import { restoreDocument } from '../../../lib/db/restore-document';
import { emptyDocument, type ItemId, type RoleId, type SopDocument } from '../../../lib/sop/document';
import { makeSop, makeStep } from '../factories';

const sop = makeSop({ title: 'Deploy payments-api — Shipyard' });

describe('emptyDocument', () => {
  it('starts at version 0.1 with the SOP title and every section empty', () => {
    const doc = emptyDocument(sop);
    expect(doc.sopId).toBe(sop.id);
    expect(doc.metadata).toMatchObject({ title: sop.title, version: '0.1', owner: '', effectiveDate: '', tags: [] });
    expect(doc.purpose).toEqual({ text: '', source: 'author' });
    for (const list of [doc.roles, doc.prerequisites, doc.variables, doc.gates, doc.verification, doc.troubleshooting, doc.rollback, doc.escalation, doc.monitoring, doc.references, doc.revisions]) {
      expect(list).toEqual([]);
    }
    expect(doc.diagram).toEqual({ source: '', edited: false });
    expect(doc.stepNotes).toEqual({});
  });
});

describe('restoreDocument', () => {
  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'doc'],
    ['an array', []],
    ['a number', 3],
  ])('gives an empty document for %s', (_name, raw) => {
    expect(restoreDocument(raw, sop)).toEqual(emptyDocument(sop));
  });

  it('fills a partial record with empty sections and always belongs to the given SOP', () => {
    const doc = restoreDocument({ sopId: 'other', purpose: { text: 'Why', source: 'narration' } }, sop);
    expect(doc.sopId).toBe(sop.id);
    expect(doc.purpose).toEqual({ text: 'Why', source: 'narration' });
    expect(doc.verification).toEqual([]);
    expect(doc.metadata.title).toBe(sop.title);
  });

  it.each([
    ['a bad version', { version: 'draft' }, { version: '0.1' }],
    ['a good version', { version: '2.10' }, { version: '2.10' }],
    ['bad dates', { effectiveDate: '5 Jan', reviewDate: 20260105 }, { effectiveDate: '', reviewDate: '' }],
    ['good dates', { effectiveDate: '2026-01-05', reviewDate: '2027-01-05' }, { effectiveDate: '2026-01-05', reviewDate: '2027-01-05' }],
    ['bad tags', { tags: ['ops', 3, '', null, 'deploy'] }, { tags: ['ops', 'deploy'] }],
    ['a blank title', { title: '   ' }, { title: 'Deploy payments-api — Shipyard' }],
    ['a non-string owner', { owner: { name: 'x' } }, { owner: '' }],
  ])('normalises metadata with %s', (_name, metadata, expected) => {
    expect(restoreDocument({ metadata }, sop).metadata).toMatchObject(expected);
  });

  it('keeps good items, drops malformed ones, fixes sources and repeated or missing ids', () => {
    const doc = restoreDocument(
      {
        prerequisites: [
          { id: 'p', text: 'VPN', source: 'narration' },
          { id: 'p', text: 'Ticket', source: 'alien' },
          { text: 'Access' },
          'A plain string',
          { id: 'x' },
          null,
          42,
        ],
      },
      sop,
    );
    expect(doc.prerequisites).toEqual([
      { id: 'p', text: 'VPN', source: 'narration' },
      { id: 'prerequisite-2', text: 'Ticket', source: 'author' },
      { id: 'prerequisite-3', text: 'Access', source: 'author' },
      { id: 'prerequisite-4', text: 'A plain string', source: 'author' },
    ]);
  });

  it('restores troubleshooting, gates, roles and variables', () => {
    const doc = restoreDocument(
      {
        troubleshooting: [{ id: 't', symptom: 'It fails', text: 'Retry' }, { id: 'u', symptom: 3 }, { id: 'v', symptom: 'Only a symptom' }],
        gates: [{ id: 'g', question: 'Go?', afterStepId: 'step-2', source: 'page' }, { id: 'h', question: 'Start?', afterStepId: 7 }, { question: null }],
        roles: [{ id: 'r', name: 'Shipyard', kind: 'system', hosts: ['a.test', 5] }, { id: 'r', name: 'Ops', kind: 'robot' }, { name: 7 }],
        variables: [
          { name: 'version', description: 'Version', example: 'v1', occurrences: [{ stepId: 's', field: 'url' }, { stepId: 's', field: 'nope' }, { field: 'text' }] },
          { name: 'version', example: 'dup' },
          { name: 'Bad Name' },
        ],
      },
      sop,
    );
    expect(doc.troubleshooting).toEqual([
      { id: 't', symptom: 'It fails', text: 'Retry', source: 'author' },
      { id: 'v', symptom: 'Only a symptom', text: '', source: 'author' },
    ]);
    expect(doc.gates).toEqual([
      { id: 'g', question: 'Go?', afterStepId: 'step-2', source: 'page' },
      { id: 'h', question: 'Start?', source: 'author' },
    ]);
    expect(doc.roles).toEqual([
      { id: 'r', name: 'Shipyard', kind: 'system', hosts: ['a.test'] },
      { id: 'role-2', name: 'Ops', kind: 'person' },
    ]);
    expect(doc.variables).toEqual([
      { name: 'version', description: 'Version', example: 'v1', occurrences: [{ stepId: 's', field: 'url' }, { stepId: 's', field: 'text' }] },
    ]);
  });

  it('restores step notes and clears a lane that no longer exists', () => {
    const doc = restoreDocument(
      {
        roles: [{ id: 'app', name: 'Shipyard', kind: 'system' }],
        stepNotes: {
          'step-1': { expectedResult: { text: 'Page opens', source: 'page' }, notes: 'typed as a string', warnings: [{ text: 'Careful' }], roleId: 'app' },
          'step-2': { roleId: 'gone' },
          'step-3': 'garbage',
        },
      },
      sop,
    );
    expect(doc.stepNotes).toEqual({
      'step-1': {
        expectedResult: { text: 'Page opens', source: 'page' },
        notes: { text: 'typed as a string', source: 'author' },
        warnings: [{ id: 'warning-step-1-1', text: 'Careful', source: 'author' }],
        roleId: 'app',
      },
      'step-2': { expectedResult: { text: '', source: 'author' }, notes: { text: '', source: 'author' }, warnings: [] },
    });
  });

  it('ignores a __proto__ step id', () => {
    const doc = restoreDocument(JSON.parse('{"stepNotes": {"__proto__": {"notes": "x"}, "s": {}}}'), sop);
    expect(Object.keys(doc.stepNotes)).toEqual(['s']);
    expect(Object.getPrototypeOf(doc.stepNotes)).toBe(Object.prototype);
  });

  it.each([
    ['an edited source', { source: 'flowchart TD', edited: true }, { source: 'flowchart TD', edited: true }],
    ['an empty edited source', { source: '', edited: true }, { source: '', edited: false }],
    ['a truthy non-boolean', { source: 'x', edited: 'yes' }, { source: 'x', edited: false }],
    ['garbage', 'flowchart', { source: '', edited: false }],
  ])('restores the diagram from %s', (_name, diagram, expected) => {
    expect(restoreDocument({ diagram }, sop).diagram).toEqual(expected);
  });

  it('restores revisions without nesting their history, and restores their steps', () => {
    const doc = restoreDocument(
      {
        revisions: [
          {
            id: 'rev-1',
            version: '0.1',
            summary: 'First',
            savedAt: 1000,
            doc: { metadata: { version: '0.1' }, revisions: [{ id: 'nested', doc: {} }] },
            steps: [makeStep({ order: 20 }), { junk: true }, makeStep({ order: 10 })],
          },
          { id: 'no-doc', version: '0.2' },
          { id: 'bad', version: 'x', savedAt: 'soon', doc: {} },
        ],
      },
      sop,
    );
    expect(doc.revisions).toHaveLength(2);
    const [first, second] = doc.revisions;
    expect(first).toMatchObject({ id: 'rev-1', version: '0.1', summary: 'First', savedAt: 1000 });
    expect(first!.doc.revisions).toEqual([]);
    expect(first!.steps.map((s) => s.order)).toEqual([10, 20]);
    expect(second).toMatchObject({ id: 'bad', version: '0.1', savedAt: 0, steps: [] });
  });

  it('round-trips a document through JSON unchanged', () => {
    const doc: SopDocument = {
      ...emptyDocument(sop),
      purpose: { text: 'Ship **it**.', source: 'narration' },
      roles: [{ id: 'operator' as RoleId, name: 'Operator', kind: 'person' }],
      rollback: [{ id: 'rollback-1' as ItemId, text: 'Roll back.', source: 'narration' }],
      diagram: { source: 'flowchart TD\n', edited: true },
    };
    expect(restoreDocument(JSON.parse(JSON.stringify(doc)), sop)).toEqual(doc);
  });
});
