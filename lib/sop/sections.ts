/**
 * The document's sections in reading order, with the heading and the prompt an empty one shows. One list
 * for the editor (placeholders) and the Markdown export, so both ask the same question.
 */
import type { SopDocument } from './document';

export type SectionKey =
  | 'metadata'
  | 'purpose'
  | 'scope'
  | 'roles'
  | 'prerequisites'
  | 'variables'
  | 'procedure'
  | 'gates'
  | 'verification'
  | 'troubleshooting'
  | 'rollback'
  | 'escalation'
  | 'monitoring'
  | 'references'
  | 'revisions'
  | 'diagram';

export interface SectionInfo {
  readonly key: SectionKey;
  readonly heading: string;
  /** Asked when the section is empty; never replaced by invented text. */
  readonly prompt: string;
}

export const SECTIONS: readonly SectionInfo[] = [
  { key: 'metadata', heading: 'Document control', prompt: 'Not set' },
  { key: 'purpose', heading: 'Purpose', prompt: 'Not written yet: why does this procedure exist, and what does it achieve?' },
  { key: 'scope', heading: 'Scope', prompt: 'Not written yet: what does this procedure cover, and what not?' },
  { key: 'roles', heading: 'Roles', prompt: 'Not written yet: who takes part, and which systems are involved?' },
  { key: 'prerequisites', heading: 'Prerequisites and access', prompt: 'Not written yet: what must be true before you start?' },
  { key: 'variables', heading: 'Variables', prompt: 'Not written yet: which values change between environments or runs?' },
  { key: 'procedure', heading: 'Procedure', prompt: 'No steps yet.' },
  { key: 'gates', heading: 'Go/no-go gates', prompt: 'Not written yet: where must someone decide to go on or stop?' },
  { key: 'verification', heading: 'Verification', prompt: 'Not written yet: how do you know it worked?' },
  { key: 'troubleshooting', heading: 'Troubleshooting', prompt: 'Not written yet: what can go wrong, and what do you do then?' },
  { key: 'rollback', heading: 'Rollback', prompt: 'Not written yet: how do you undo the change?' },
  { key: 'escalation', heading: 'Escalation', prompt: 'Not written yet: whom do you contact when it goes wrong?' },
  { key: 'monitoring', heading: 'Post-change monitoring', prompt: 'Not written yet: what do you watch after the change, and for how long?' },
  { key: 'references', heading: 'References', prompt: 'Not written yet: which documents, tickets or dashboards relate to this?' },
  { key: 'revisions', heading: 'Revision history', prompt: 'No versions saved yet.' },
  { key: 'diagram', heading: 'Flow diagram', prompt: 'No diagram yet.' },
];

export function section(key: SectionKey): SectionInfo {
  return SECTIONS.find((s) => s.key === key)!;
}

/** Prompts for the step annotations the editor shows under each step. */
export const STEP_PROMPTS = {
  expectedResult: 'Not written yet: what should you see once this step is done?',
  notes: 'Notes',
  warnings: 'Warnings',
} as const;

/** The document-control table every export prints, as [field, value] rows ('' when not set). */
export function metadataRows(doc: Pick<SopDocument, 'metadata'>): [string, string][] {
  const m = doc.metadata;
  return [
    ['Document id', m.id],
    ['Version', m.version],
    ['Owner', m.owner],
    ['Approver', m.approver],
    ['Effective date', m.effectiveDate],
    ['Review date', m.reviewDate],
    ['Service', m.service],
    ['Environment', m.environment],
    ['Tags', m.tags.join(', ')],
  ];
}
