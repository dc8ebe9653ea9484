/**
 * The document's sections as GitHub-flavoured Markdown, for the Markdown export to put around its numbered
 * steps: `before` (document control … variables) goes between the title and the steps, `after` (gates …
 * revision history, flow diagram) after them; stepAnnotationsMarkdown gives what goes under one step.
 *
 * Stored markup (prose, items, gate questions) is written as stored: page and narration text in it was
 * escaped when drafted, and the author's own text is theirs, so nothing is escaped twice. Plain fields
 * (metadata, role names, variables, revision summaries) are escaped here. An empty section prints its
 * prompt in italics (lib/sop/sections.ts), never invented text.
 */
import type { Step, StepId } from '../model';
import { escapeMarkdownInline } from '../text/markdown';
import { isoDate } from '../text/time';
import type { Item, Prose, SopDocument } from './document';
import { listRevisions } from './revisions';
import { metadataRows, section, type SectionKey } from './sections';

export interface SectionsMarkdown {
  /** Document control, purpose, scope, roles, prerequisites and access, variables. */
  readonly before: string;
  /** Go/no-go gates, verification, troubleshooting, rollback, escalation, monitoring, references, revision
   * history, flow diagram. */
  readonly after: string;
}

const prompt = (key: SectionKey) => `_${section(key).prompt}_`;
const heading = (key: SectionKey) => `## ${section(key).heading}`;
const lines = (text: string) => text.trim().split(/\r\n?|\n/);

/** A list item whose continuation lines stay inside it. */
function listItem(marker: string, text: string): string {
  const indent = ' '.repeat(marker.length);
  return marker + lines(text).join(`\n${indent}`);
}

/** One line for a table cell: breaks folded, bare pipes escaped (a pipe ends the cell even in markup). */
function cell(markup: string): string {
  return markup.replace(/\s*[\r\n]+\s*/g, ' ').replace(/(?<!\\)\|/g, '\\|').trim();
}

function block(key: SectionKey, body: string): string {
  return `${heading(key)}\n\n${body.trim() || prompt(key)}`;
}

function itemList(key: SectionKey, items: readonly Item[], ordered = false): string {
  const written = items.filter((i) => i.text.trim() !== '');
  return block(key, written.map((item, n) => listItem(ordered ? `${n + 1}. ` : '- ', item.text)).join('\n'));
}

function prose(p: Prose): string {
  return p.text.trim();
}

function metadata(doc: SopDocument): string {
  const rows = metadataRows(doc);
  const table = ['| Field | Value |', '| --- | --- |', ...rows.map(([k, v]) => `| ${k} | ${v.trim() ? cell(escapeMarkdownInline(v.trim())) : prompt('metadata')} |`)];
  return `${heading('metadata')}\n\n${table.join('\n')}`;
}

function scope(doc: SopDocument): string {
  const inScope = prose(doc.scope.in);
  const outScope = prose(doc.scope.out);
  if (!inScope && !outScope) return block('scope', '');
  return block('scope', `**In scope:** ${inScope || '_Not written yet._'}\n\n**Out of scope:** ${outScope || '_Not written yet._'}`);
}

function roles(doc: SopDocument): string {
  const list = doc.roles.map((r) => {
    const hosts = r.kind === 'system' && r.hosts?.length ? `: ${r.hosts.map(escapeMarkdownInline).join(', ')}` : '';
    return `- **${escapeMarkdownInline(r.name.trim() || 'Unnamed')}** (${r.kind}${hosts})`;
  });
  return block('roles', list.join('\n'));
}

function variables(doc: SopDocument): string {
  if (doc.variables.length === 0) return block('variables', '');
  const rows = doc.variables.map((v) => `| \`{{${v.name}}}\` | ${cell(escapeMarkdownInline(v.description))} | ${cell(escapeMarkdownInline(v.example))} |`);
  return block('variables', ['| Variable | Meaning | Example |', '| --- | --- | --- |', ...rows].join('\n'));
}

function orderedSteps(steps: readonly Step[]): Step[] {
  return steps
    .map((s, i) => ({ s, i }))
    .sort((a, b) => a.s.order - b.s.order || a.i - b.i)
    .map((x) => x.s);
}

function gates(doc: SopDocument, steps: readonly Step[]): string {
  const list = orderedSteps(steps);
  const where = (after: StepId | undefined): string => {
    if (after === undefined) return 'Before step 1: ';
    const i = list.findIndex((s) => s.id === after);
    if (i < 0) return '';
    return i + 1 < list.length ? `Before step ${i + 2}: ` : `After step ${i + 1}: `;
  };
  const written = doc.gates.filter((g) => g.question.trim() !== '');
  return block('gates', written.map((g) => listItem('- ', where(g.afterStepId) + g.question.trim())).join('\n'));
}

function troubleshooting(doc: SopDocument): string {
  const written = doc.troubleshooting.filter((t) => t.text.trim() || t.symptom.trim());
  const list = written.map((t) => {
    const symptom = cell(t.symptom);
    const action = t.text.trim() || '_What to do is not written yet._';
    return listItem('- ', symptom ? `If ${symptom}: ${action}` : action);
  });
  return block('troubleshooting', list.join('\n'));
}

function revisions(doc: SopDocument): string {
  const list = listRevisions(doc);
  if (list.length === 0) return block('revisions', '');
  const rows = list.map((r) => `| ${cell(escapeMarkdownInline(r.version))} | ${isoDate(r.savedAt)} | ${cell(escapeMarkdownInline(r.summary)) || '—'} |`);
  return block('revisions', ['| Version | Date | Summary |', '| --- | --- | --- |', ...rows].join('\n'));
}

function diagram(doc: SopDocument): string {
  const source = doc.diagram.source.trimEnd();
  if (!source.trim()) return block('diagram', '');
  // The fence must be longer than any backtick run inside, or an edited source could close it early.
  const longest = Math.max(0, ...[...source.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return block('diagram', `${fence}mermaid\n${source}\n${fence}`);
}

/** The document's sections as GFM, split around where the numbered steps go. */
export function buildSectionsMarkdown(doc: SopDocument, steps: readonly Step[]): SectionsMarkdown {
  const before = [
    metadata(doc),
    block('purpose', prose(doc.purpose)),
    scope(doc),
    roles(doc),
    itemList('prerequisites', doc.prerequisites),
    variables(doc),
  ];
  const after = [
    gates(doc, steps),
    itemList('verification', doc.verification),
    troubleshooting(doc),
    itemList('rollback', doc.rollback, true),
    itemList('escalation', doc.escalation),
    itemList('monitoring', doc.monitoring),
    itemList('references', doc.references),
    revisions(doc),
    diagram(doc),
  ];
  return { before: `${before.join('\n\n')}\n`, after: `${after.join('\n\n')}\n` };
}

/**
 * What the document says under one step, as Markdown paragraphs (unindented; the exporter indents them into
 * the step's list item): expected result, warnings, notes. Empty annotations are left out.
 */
export function stepAnnotationsMarkdown(doc: SopDocument, stepId: StepId): string[] {
  const note = doc.stepNotes[stepId];
  if (!note) return [];
  const out: string[] = [];
  if (note.expectedResult.text.trim()) out.push(`**Expected result:** ${note.expectedResult.text.trim()}`);
  for (const w of note.warnings) if (w.text.trim()) out.push(`**Warning:** ${w.text.trim()}`);
  if (note.notes.text.trim()) out.push(`**Note:** ${note.notes.text.trim()}`);
  return out;
}
