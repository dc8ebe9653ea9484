import { beforeEach, describe, expect, it } from 'vitest';
import type { Step } from '../../../lib/model';
import { buildMermaid, mermaidLabel, refreshDiagram } from '../../../lib/sop/diagram';
import { emptyDocument, type GateId, type ItemId, type RoleId, type SopDocument } from '../../../lib/sop/document';
import { draftRoles } from '../../../lib/sop/roles';
import { makeSop, makeStep, resetFactories, stepId } from '../factories';

beforeEach(() => resetFactories());

const HOSTILE = '"]; click s1 "javascript:alert(1)"';
const item = (text: string, i = 1) => ({ id: `item-${i}` as ItemId, text, source: 'author' as const });

function steps(n: number, page = { url: 'https://shipyard.test/a', title: 'Deploy — Shipyard' }): Step[] {
  return Array.from({ length: n }, (_, i) => makeStep({ id: stepId(`step-${i + 1}`), order: i * 10, text: `Click **Button ${i + 1}**.`, page }));
}

function doc(over: Partial<SopDocument> = {}): SopDocument {
  const pages = [{ url: 'https://shipyard.test/a', title: 'Deploy — Shipyard' }, { url: 'https://shipyard.test/b', title: 'Home — Shipyard' }];
  return { ...emptyDocument(makeSop()), roles: draftRoles(pages), ...over };
}

const lines = (src: string) => src.trimEnd().split('\n');
const nodeLines = (src: string) => lines(src).filter((l) => /^\s+\w+(?:\[|\{|\(\[)"/.test(l));
const edgeLines = (src: string) => lines(src).filter((l) => /-->|-\.->/.test(l));

describe('gates without a question yet', () => {
  it('draw a labelled decision, never an empty label Mermaid cannot parse', async () => {
    const { buildMermaid } = await import('../../../lib/sop/diagram');
    const { emptyDocument } = await import('../../../lib/sop/document');
    const sop = makeSop();
    const step = makeStep({ sopId: sop.id });
    const doc = { ...emptyDocument(sop), gates: [{ id: 'g' as never, question: '  ', afterStepId: step.id, source: 'author' as const }] };
    const source = buildMermaid(doc, [step]);
    expect(source).not.toContain('{""}');
    expect(source).toContain('Go / no-go?');
  });
});

describe('mermaidLabel', () => {
  it.each([
    ['plain text', 'Click Deploy', '"Click Deploy"'],
    ['quotes, brackets and a click statement', HOSTILE, '"#quot;#93;#59; click s1 #quot;javascript:alert#40;1#41;#quot;"'],
    ['HTML', '<img src=x onerror=alert(1)>', '"#lt;img src=x onerror=alert#40;1#41;#gt;"'],
    ['entity codes stay literal', '#quot; &amp; #35;', '"#35;quot#59; #amp;amp#59; #35;35#59;"'],
    ['braces, pipes, backticks, backslashes', '{a}|`b`\\', '"#123;a#125;#124;#96;b#96;#92;"'],
    ['a comment marker', '50%% done', '"50#37;#37; done"'],
    ['line breaks and control characters', 'a\nb\r\n\u0000c\u2028d', '"a b c d"'],
  ])('escapes %s', (_name, text, expected) => {
    expect(mermaidLabel(text)).toBe(expected);
  });

  it('cuts long labels on a word', () => {
    expect(mermaidLabel('word '.repeat(30))).toBe(`"${'word '.repeat(11).trim()}…"`);
  });
});

describe('buildMermaid', () => {
  it('draws steps in order in their app lane, from Start to Done', () => {
    const src = buildMermaid(doc(), steps(3));
    expect(lines(src)[0]).toBe('flowchart TD');
    expect(nodeLines(src)).toHaveLength(5);
    expect(edgeLines(src)).toEqual(['  start --> s1', '  s1 --> s2', '  s2 --> s3', '  s3 --> done']);
    expect(src).toContain('  subgraph lane2["Shipyard"]\n    s1["1. Click Button 1."]\n    s2["2. Click Button 2."]\n    s3["3. Click Button 3."]\n  end');
    // The Operator lane has nothing yet, so it is not drawn.
    expect(src).not.toContain('Operator');
  });

  it('orders steps by their order key, not array order', () => {
    const [a, b] = steps(2);
    const src = buildMermaid(doc(), [{ ...a!, order: 20 }, { ...b!, order: 10 }]);
    expect(src).toContain('s1["1. Click Button 2."]');
  });

  it('draws gates as decisions in the Operator lane, yes to the next node and no to Stop', () => {
    const list = steps(3);
    const gates = [
      { id: 'gate-1' as GateId, question: 'Go/no-go: ready to click **Button 1**?', source: 'page' as const },
      { id: 'gate-2' as GateId, question: 'Approved?', afterStepId: list[1]!.id, source: 'author' as const },
      { id: 'gate-3' as GateId, question: 'Orphan?', afterStepId: stepId('deleted'), source: 'author' as const },
    ];
    const src = buildMermaid(doc({ gates }), list);
    expect(src).toContain('  subgraph lane1["Operator"]\n    g1{"Go/no-go: ready to click Button 1?"}\n    g2{"Approved?"}\n  end');
    expect(edgeLines(src)).toEqual([
      '  start --> g1',
      '  g1 -->|No| stop',
      '  g1 -->|Yes| s1',
      '  s1 --> s2',
      '  s2 --> g2',
      '  g2 -->|No| stop',
      '  g2 -->|Yes| s3',
      '  s3 --> done',
    ]);
    expect(src).toContain('stop(["Stop"])');
    expect(src).not.toContain('Orphan');
  });

  it('sends verification success to Done and failure down the rollback path', () => {
    const src = buildMermaid(
      doc({
        verification: [item('Verify the dashboard shows no errors.')],
        rollback: [item('Roll back to v1.4.2.', 1), item('Tell the channel.', 2)],
        escalation: [item('Page the on-call.')],
      }),
      steps(2),
    );
    expect(nodeLines(src)).toHaveLength(8);
    expect(src).toContain('v1{"Verify the dashboard shows no errors?"}');
    expect(src).toContain('r1["Roll back to v1.4.2."]');
    expect(src).toContain('stop(["Stop and escalate"])');
    expect(edgeLines(src)).toEqual([
      '  start --> s1',
      '  s1 --> s2',
      '  s2 --> v1',
      '  v1 -->|Pass| done',
      '  v1 -->|Fail| r1',
      '  r1 --> r2',
      '  r2 --> stop',
    ]);
  });

  it.each([
    ['several checks', { verification: [item('A', 1), item('B', 2)] }, ['  s1 --> v1', '  v1 -->|Pass| done', '  v1 -->|Fail| stop'], 'v1{"All 2 checks pass?"}'],
    ['rollback without checks', { rollback: [item('Undo it.')] }, ['  s1 --> done', '  s1 -.->|Fails| r1', '  r1 --> stop'], 'r1["Undo it."]'],
  ])('handles %s', (_name, over, edges, node) => {
    const src = buildMermaid(doc(over), steps(1));
    expect(edgeLines(src).slice(1)).toEqual(edges);
    expect(src).toContain(node);
  });

  it('keeps hostile page text inside its labels', () => {
    const list = [
      makeStep({ id: stepId('a'), order: 0, text: `Click **${HOSTILE.replace(/[\]*\\[]/g, (c) => `\\${c}`)}**.` }),
      makeStep({ id: stepId('b'), order: 10, text: 'Click **<img src=x onerror=alert(1)>**.' }),
    ];
    const roles = [{ id: 'operator' as RoleId, name: 'Ops"]; click lane1 "javascript:x"', kind: 'person' as const }];
    const src = buildMermaid(doc({ roles, rollback: [item('end\n  click s1 call alert()')] }), list);
    // Every node is one line holding exactly one quoted label, and nothing else starts a statement.
    for (const line of nodeLines(src)) expect(line).toMatch(/^\s+\w+(?:\["[^"]*"\]|\{"[^"]*"\}|\(\["[^"]*"\]\))$/);
    expect(lines(src).filter((l) => /^\s*(?:click|end|style|classDef|linkStyle|%%)\b/.test(l) && l.trim() !== 'end')).toEqual([]);
    expect(src.replace(/-\.?->/g, '')).not.toMatch(/[<>]/);
    expect(src).toContain('#lt;img src=x onerror=alert#40;1#41;#gt;');
    expect(src).toContain('subgraph lane1["Ops#quot;#93;#59; click lane1 #quot;javascript:x#quot;"]');
    expect(lines(src).filter((l) => l.trim() === 'end')).toHaveLength(1);
  });

  it('draws everything outside lanes when there are no roles', () => {
    const src = buildMermaid(doc({ roles: [], verification: [item('Check it.')] }), steps(1));
    expect(src).not.toContain('subgraph');
    expect(nodeLines(src)).toHaveLength(5);
  });

  it('uses the lane a step was given', () => {
    const list = steps(2);
    const base = doc();
    const src = buildMermaid(
      { ...base, stepNotes: { [list[1]!.id]: { expectedResult: { text: '', source: 'author' }, notes: { text: '', source: 'author' }, warnings: [], roleId: 'operator' as RoleId } } },
      list,
    );
    expect(src).toContain('  subgraph lane1["Operator"]\n    s2["2. Click Button 2."]\n  end');
  });

  it('is byte-stable for the same input', () => {
    const make = () => {
      resetFactories();
      return buildMermaid(doc({ verification: [item('V')], rollback: [item('R')] }), steps(4));
    };
    expect(make()).toBe(make());
  });

  it('draws an empty procedure as Start to Done', () => {
    expect(buildMermaid(doc(), [])).toBe('flowchart TD\n  start(["Start"])\n  done(["Done"])\n  start --> done\n');
  });
});

describe('refreshDiagram', () => {
  it('regenerates an unedited diagram and leaves an edited one alone', () => {
    const list = steps(2);
    const fresh = refreshDiagram(doc(), list);
    expect(fresh.diagram).toEqual({ source: buildMermaid(doc(), list), edited: false });
    expect(refreshDiagram(fresh, list)).toBe(fresh);
    const edited = { ...fresh, diagram: { source: 'flowchart LR\n  a --> b\n', edited: true } };
    expect(refreshDiagram(edited, steps(5))).toBe(edited);
  });
});
