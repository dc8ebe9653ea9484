import { beforeEach, describe, expect, it } from 'vitest';
import { documentOutline } from '../../../lib/editor/doc-outline';
import { emptyDocument, type GateId, type ItemId } from '../../../lib/sop/document';
import { makeSop, makeStep, resetFactories } from '../factories';

beforeEach(() => resetFactories());

describe('documentOutline', () => {
  it('lists every section in reading order, empty ones with no lines', () => {
    const outline = documentOutline(emptyDocument(makeSop()), []);
    expect(outline.map((s) => s.heading)).toEqual([
      'Document control', 'Purpose', 'Scope', 'Roles', 'Prerequisites and access', 'Variables', 'Procedure', 'Go/no-go gates',
      'Verification', 'Troubleshooting', 'Rollback', 'Escalation', 'Post-change monitoring', 'References',
    ]);
    expect(outline.filter((s) => s.key !== 'metadata').every((s) => s.lines.length === 0)).toBe(true);
  });

  it('shows steps in order with their notes, gates by step number, and plain fields escaped', () => {
    const a = makeStep({ text: 'Click **Deploy**.', order: 20 });
    const b = makeStep({ text: 'Open **Shipyard**.', order: 10 });
    const doc = emptyDocument(makeSop({ title: 'Deploy *now*' }));
    const outline = documentOutline(
      {
        ...doc,
        purpose: { text: 'Ship it.', source: 'author' },
        gates: [{ id: 'g1' as GateId, question: 'Ready?', afterStepId: b.id, source: 'author' }],
        troubleshooting: [{ id: 't1' as ItemId, symptom: 'It fails', text: 'Roll back.', source: 'author' }],
        stepNotes: { [a.id]: { expectedResult: { text: 'Green.', source: 'page' }, notes: { text: '', source: 'author' }, warnings: [{ id: 'w' as ItemId, text: 'Careful.', source: 'author' }] } },
      },
      [a, b],
    );
    const lines = (key: string) => outline.find((s) => s.key === key)!.lines;
    expect(lines('procedure')).toEqual(['1. Open **Shipyard**.', '2. Click **Deploy**. Expected: Green. Warning: Careful.']);
    expect(lines('gates')).toEqual(['After step 1: Ready?']);
    expect(lines('troubleshooting')).toEqual(['It fails → Roll back.']);
    expect(lines('purpose')).toEqual(['Ship it.']);
    expect(lines('metadata')[0]).toBe('Title: Deploy \\*now\\*');
  });
});
