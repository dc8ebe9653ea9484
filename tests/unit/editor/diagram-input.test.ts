import { describe, expect, it } from 'vitest';
import { diagramInput } from '../../../lib/editor/diagram-input';
import { buildMermaid } from '../../../lib/sop/diagram';
import { emptyDocument, type GateId, type ItemId, type RoleId } from '../../../lib/sop/document';
import { makeSop, makeStep } from '../factories';

describe('diagramInput', () => {
  it('returns a complete document as it is', () => {
    const doc = emptyDocument(makeSop());
    expect(diagramInput(doc)).toBe(doc);
  });

  it('leaves out entries still empty and names unnamed roles, so no label is empty', () => {
    const step = makeStep();
    const doc = {
      ...emptyDocument(makeSop()),
      roles: [{ id: 'r' as RoleId, name: ' ', kind: 'person' as const }],
      gates: [
        { id: 'g1' as GateId, question: '', afterStepId: step.id, source: 'author' as const },
        { id: 'g2' as GateId, question: 'Ready?', source: 'author' as const },
      ],
      verification: [{ id: 'v' as ItemId, text: '  ', source: 'author' as const }],
      rollback: [{ id: 'r1' as ItemId, text: '', source: 'author' as const }],
    };
    const input = diagramInput(doc);
    expect(input.gates.map((g) => g.id)).toEqual(['g2']);
    expect(input.verification).toEqual([]);
    expect(input.rollback).toEqual([]);
    expect(input.roles[0]!.name).toBe('(unnamed role)');
    expect(buildMermaid(input, [step])).not.toMatch(/""/);
  });
});
