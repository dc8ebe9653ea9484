/**
 * The SOP as a Mermaid flowchart, after Creately's release-SOP diagram: a swimlane (subgraph) per role or
 * app, the steps as nodes in reading order, go/no-go gates as decisions (yes: on, no: stop), then a
 * verification decision whose pass edge goes to Done and whose fail edge takes the rollback path.
 *
 * Every label is page, narration or author text and may be hostile: it is flattened to plain text, cut
 * short and written inside `["…"]` with every character Mermaid could read as syntax (quotes, brackets,
 * `<`, `>`, `#`, `;`, `|`, `%`, backticks…) as an entity code (`#quot;`, `#35;`), so no label can close its node,
 * add a statement (`click … "javascript:…"`) or carry HTML. Ids are generated (s1, g1, r1…), never from text.
 * The output is byte-stable for the same input.
 */
import type { Step } from '../model';
import { truncate } from '../steps/step-text';
import { stepTextToPlain } from '../text/markdown';
import type { Role, SopDocument } from './document';
import { laneOf } from './roles';

/** Longest label, in characters: longer ones make the chart unreadable. */
export const MAX_LABEL_LENGTH = 60;

const ENTITIES: Readonly<Record<string, string>> = {
  '"': '#quot;',
  '<': '#lt;',
  '>': '#gt;',
  '&': '#amp;',
  '#': '#35;',
  ';': '#59;',
  '[': '#91;',
  ']': '#93;',
  '{': '#123;',
  '}': '#125;',
  '(': '#40;',
  ')': '#41;',
  '|': '#124;',
  '`': '#96;',
  '\\': '#92;',
  // `%%` starts a comment; escaped, no label can hide the rest of a line.
  '%': '#37;',
};

/** A quoted Mermaid label for plain `text`: one line, at most `max` characters, syntax characters as entities. */
export function mermaidLabel(text: string, max = MAX_LABEL_LENGTH): string {
  const flat = text.replace(/\p{Cc}/gu, ' ').replace(/\s+/gu, ' ').trim();
  return `"${truncate(flat, max).replace(/["<>&#;[\]{}()|`\\%]/g, (c) => ENTITIES[c]!)}"`;
}

type Shape = 'box' | 'decision' | 'terminal';

interface Node {
  readonly id: string;
  readonly label: string;
  readonly shape: Shape;
  /** Index into the document's roles; -1 outside every lane. */
  readonly lane: number;
}

function nodeLine(n: Node): string {
  const label = mermaidLabel(n.label);
  switch (n.shape) {
    case 'box':
      return `${n.id}[${label}]`;
    case 'decision':
      return `${n.id}{${label}}`;
    case 'terminal':
      return `${n.id}([${label}])`;
  }
}

/** Steps in reading order (by `order`, stable for ties). */
function ordered(steps: readonly Step[]): Step[] {
  return steps
    .map((s, i) => ({ s, i }))
    .sort((a, b) => a.s.order - b.s.order || a.i - b.i)
    .map((x) => x.s);
}

/** Mermaid `flowchart TD` source for the document and its steps. */
export function buildMermaid(doc: SopDocument, steps: readonly Step[]): string {
  const roles: readonly Role[] = doc.roles;
  const person = roles.findIndex((r) => r.kind === 'person');
  const nodes: Node[] = [];
  const edges: string[] = [];
  const add = (node: Node) => (nodes.push(node), node.id);
  const stopLabel = doc.escalation.length > 0 ? 'Stop and escalate' : 'Stop';
  let stop: string | undefined;
  const stopNode = () => (stop ??= add({ id: 'stop', label: stopLabel, shape: 'terminal', lane: -1 }));

  const list = ordered(steps);
  const stepIds = new Set<string>(list.map((s) => s.id));
  // Gates before the first step, then after each step; a gate whose step is gone is not drawn.
  const gatesAfter = (id: string | undefined) =>
    doc.gates.filter((g) => (g.afterStepId === undefined ? id === undefined : g.afterStepId === id && stepIds.has(id)));

  let previous = add({ id: 'start', label: 'Start', shape: 'terminal', lane: -1 });
  let pendingEdge = '-->';
  let gateCount = 0;
  const link = (to: string) => {
    edges.push(`${previous} ${pendingEdge} ${to}`);
    previous = to;
    pendingEdge = '-->';
  };
  const gate = (question: string) => {
    const id = add({ id: `g${++gateCount}`, label: stepTextToPlain(question).trim() || 'Go / no-go?', shape: 'decision', lane: person });
    link(id);
    edges.push(`${id} -->|No| ${stopNode()}`);
    pendingEdge = '-->|Yes|';
  };

  for (const g of gatesAfter(undefined)) gate(g.question);
  list.forEach((step, i) => {
    const lane = laneOf(step, roles, doc.stepNotes[step.id]?.roleId);
    const text = stepTextToPlain(step.text).trim() || '(No instruction.)';
    link(add({ id: `s${i + 1}`, label: `${i + 1}. ${text}`, shape: 'box', lane: lane ? roles.indexOf(lane) : -1 }));
    for (const g of gatesAfter(step.id)) gate(g.question);
  });

  const rollback = doc.rollback.map((_, i) => `r${i + 1}`);
  const done = 'done';
  if (doc.verification.length > 0) {
    const only = doc.verification.length === 1 ? stepTextToPlain(doc.verification[0]!.text) : '';
    const label = only ? `${only.replace(/[.!?…]+$/, '')}?` : `All ${doc.verification.length} checks pass?`;
    link(add({ id: 'v1', label, shape: 'decision', lane: person }));
    add({ id: done, label: 'Done', shape: 'terminal', lane: -1 });
    edges.push(`v1 -->|Pass| ${done}`);
    edges.push(`v1 -->|Fail| ${rollback[0] ?? stopNode()}`);
  } else {
    // No check is written: the rollback path hangs off the last node, dotted, as what to do on failure.
    const last = previous;
    link(add({ id: done, label: 'Done', shape: 'terminal', lane: -1 }));
    if (rollback[0]) edges.push(`${last} -.->|Fails| ${rollback[0]}`);
  }
  doc.rollback.forEach((item, i) => add({ id: rollback[i]!, label: stepTextToPlain(item.text), shape: 'box', lane: person }));
  rollback.forEach((id, i) => edges.push(`${id} --> ${rollback[i + 1] ?? stopNode()}`));

  const out = ['flowchart TD'];
  for (const n of nodes.filter((n) => n.lane < 0)) out.push(`  ${nodeLine(n)}`);
  roles.forEach((role, i) => {
    const members = nodes.filter((n) => n.lane === i);
    if (members.length === 0) return;
    out.push(`  subgraph lane${i + 1}[${mermaidLabel(role.name)}]`);
    for (const n of members) out.push(`    ${nodeLine(n)}`);
    out.push('  end');
  });
  for (const e of edges) out.push(`  ${e}`);
  return `${out.join('\n')}\n`;
}

/** The document with its diagram regenerated, unless the author edited the Mermaid source by hand. */
export function refreshDiagram(doc: SopDocument, steps: readonly Step[]): SopDocument {
  if (doc.diagram.edited) return doc;
  const source = buildMermaid(doc, steps);
  return source === doc.diagram.source ? doc : { ...doc, diagram: { source, edited: false } };
}
