/**
 * A saved version as read-only text, section by section, for "View" in the revision history. Lines keep
 * the step-text markup (the view renders them inertly, through parseStepText); plain-text fields are
 * escaped so they read back as typed.
 */
import type { Step } from '../model';
import type { SopDocument } from '../sop/document';
import { section, type SectionKey } from '../sop/sections';
import { escapeMarkdownInline } from '../text/markdown';

export interface OutlineSection {
  readonly key: SectionKey;
  readonly heading: string;
  /** Step-text markup, one entry per line; empty when the section says nothing. */
  readonly lines: readonly string[];
}

const plain = (s: string) => escapeMarkdownInline(s);

export function documentOutline(doc: SopDocument, steps: readonly Step[]): OutlineSection[] {
  const m = doc.metadata;
  const items = (list: readonly { readonly text: string }[]) => list.map((i) => i.text).filter((t) => t.trim() !== '');
  const entry = (key: SectionKey, lines: readonly string[]): OutlineSection => ({ key, heading: section(key).heading, lines });
  const ordered = [...steps].sort((a, b) => a.order - b.order);
  const stepIndex = new Map(ordered.map((s, i) => [s.id, i + 1]));
  const field = (label: string, value: string) => (value.trim() ? [`${label}: ${plain(value)}`] : []);
  return [
    entry('metadata', [
      ...field('Title', m.title),
      ...field('Document ID', m.id),
      ...field('Version', m.version),
      ...field('Owner', m.owner),
      ...field('Approver', m.approver),
      ...field('Effective date', m.effectiveDate),
      ...field('Review date', m.reviewDate),
      ...field('Service', m.service),
      ...field('Environment', m.environment),
      ...field('Tags', m.tags.join(', ')),
    ]),
    entry('purpose', items([doc.purpose])),
    entry('scope', [...(doc.scope.in.text.trim() ? [`In scope: ${doc.scope.in.text}`] : []), ...(doc.scope.out.text.trim() ? [`Out of scope: ${doc.scope.out.text}`] : [])]),
    entry('roles', doc.roles.filter((r) => r.name.trim()).map((r) => `${plain(r.name)} (${r.kind})`)),
    entry('prerequisites', items(doc.prerequisites)),
    entry('variables', doc.variables.map((v) => plain(`{{${v.name}}}${v.description ? ` — ${v.description}` : ''}${v.example ? ` (e.g. ${v.example})` : ''}`))),
    entry(
      'procedure',
      ordered.map((s, i) => {
        const note = Object.prototype.hasOwnProperty.call(doc.stepNotes, s.id) ? doc.stepNotes[s.id] : undefined;
        const extra = [
          note?.expectedResult.text.trim() ? ` Expected: ${note.expectedResult.text}` : '',
          ...(note?.warnings ?? []).filter((w) => w.text.trim()).map((w) => ` Warning: ${w.text}`),
          note?.notes.text.trim() ? ` Note: ${note.notes.text}` : '',
        ].join('');
        return `${i + 1}. ${s.text}${extra}`;
      }),
    ),
    entry(
      'gates',
      doc.gates.filter((g) => g.question.trim()).map((g) => (g.afterStepId && stepIndex.has(g.afterStepId) ? `After step ${stepIndex.get(g.afterStepId)}: ${g.question}` : `Before the first step: ${g.question}`)),
    ),
    entry('verification', items(doc.verification)),
    entry('troubleshooting', doc.troubleshooting.filter((t) => t.symptom.trim() || t.text.trim()).map((t) => (t.symptom.trim() ? `${t.symptom} → ${t.text}` : t.text))),
    entry('rollback', items(doc.rollback)),
    entry('escalation', items(doc.escalation)),
    entry('monitoring', items(doc.monitoring)),
    entry('references', items(doc.references)),
  ];
}
