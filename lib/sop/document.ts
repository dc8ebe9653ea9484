/**
 * The SOP document: the sections around the recorded steps, after ISO 10013-style SOPs and runbook practice
 * (metadata, purpose, scope, roles, prerequisites, variables, gates, verification, troubleshooting, rollback,
 * escalation, monitoring, references, revision history, flow diagram). Pure types; restore-on-read is in
 * lib/db/restore-document.ts, beside the other storage reads.
 *
 * Steps stay as lib/model.ts stores them; what the document says about a step (expected result, notes,
 * warnings, lane) lives in `stepNotes`, keyed by step id, so steps stored before documents existed stay valid.
 *
 * Text conventions: `Prose.text`, `Item.text`, `Gate.question` and `TroubleshootingItem.symptom` are in the
 * step-text mini markup (`**bold**` + backslash escapes, lib/text/markdown.ts); text drafted from a page or
 * a transcript was escaped with escapeMarkdownInline when drafted, the author's own text is kept as typed.
 * Metadata values, role names, variable fields and revision summaries are plain text, escaped on output.
 */
import type { SopId, Sop, Step, StepId } from '../model';

declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

export type ItemId = Brand<string, 'ItemId'>;
export type RoleId = Brand<string, 'RoleId'>;
export type GateId = Brand<string, 'GateId'>;
export type RevisionId = Brand<string, 'RevisionId'>;

/** Bumped when the stored shape changes incompatibly; restoreDocument (lib/db/restore-document.ts) migrates older formats. */
export const DOCUMENT_FORMAT = 1;
/** The version a new draft starts at. */
export const FIRST_VERSION = '0.1';

/** Where drafted text came from, so the editor can show it ("from narration", "from the page"). */
export type ItemSource = 'narration' | 'page' | 'author';

/** A free-text field. */
export interface Prose {
  /** Step-text markup; '' when nothing is written yet (the editor shows a prompt). */
  readonly text: string;
  readonly source: ItemSource;
}

/** One entry of a list section (prerequisites, verification, rollback…). */
export interface Item {
  readonly id: ItemId;
  /** Step-text markup. */
  readonly text: string;
  readonly source: ItemSource;
}

/** Troubleshooting reads "symptom → action": `text` is the action. */
export interface TroubleshootingItem extends Item {
  /** What the operator sees ("the health check fails"), step-text markup; '' when only the action is known. */
  readonly symptom: string;
}

export interface Metadata {
  /** The organisation's document number ("SOP-042"); '' until the author sets one. */
  readonly id: string;
  /** Mirrors Sop.title (plain text); the editor writes both. */
  readonly title: string;
  /** "major.minor", e.g. "0.1"; see lib/sop/revisions.ts for how saving bumps it. */
  readonly version: string;
  readonly owner: string;
  readonly approver: string;
  /** ISO date (YYYY-MM-DD) or ''. */
  readonly effectiveDate: string;
  /** ISO date (YYYY-MM-DD) or '': when the procedure must be reviewed again. */
  readonly reviewDate: string;
  /** The service or application the procedure changes ("payments-api"). */
  readonly service: string;
  /** The environment it runs against ("Production"). */
  readonly environment: string;
  readonly tags: readonly string[];
}

/** A swimlane of the flow diagram: a person who acts or a system (app, host) acted on. */
export interface Role {
  readonly id: RoleId;
  /** Plain text. */
  readonly name: string;
  readonly kind: 'person' | 'system';
  /** For systems: the hosts (with port) whose pages belong to this lane, so steps the author adds later
   * land in the right lane without a `roleId`. */
  readonly hosts?: readonly string[];
}

/** Where a variable's example value was found. */
export interface VariableOccurrence {
  readonly stepId: StepId;
  readonly field: 'text' | 'value' | 'url';
}

/** An environment-specific value, written `{{name}}` in text once applied (lib/sop/variables.ts). */
export interface Variable {
  /** snake_case, unique in the document: `version`, `change_ticket`. */
  readonly name: string;
  /** Plain text ("Change ticket"). */
  readonly description: string;
  /** The value seen in the recording ("CHG-2291"), plain text. */
  readonly example: string;
  readonly occurrences: readonly VariableOccurrence[];
}

/** A go/no-go decision point. */
export interface Gate {
  readonly id: GateId;
  /** Step-text markup, phrased as a yes/no question. */
  readonly question: string;
  /** The gate sits after this step (before the next); absent: before the first step. */
  readonly afterStepId?: StepId;
  readonly source: ItemSource;
}

/** What the document says about one step. */
export interface StepNote {
  /** What the page shows once the step is done. */
  readonly expectedResult: Prose;
  readonly notes: Prose;
  readonly warnings: readonly Item[];
  /** The lane the step is drawn in; absent: the system role whose `hosts` has the step's page host. */
  readonly roleId?: RoleId;
}

/** Mermaid source, kept in the document so the author can edit it. */
export interface Diagram {
  readonly source: string;
  /** True once the author edited `source`: the editor then stops regenerating it from the document. */
  readonly edited: boolean;
}

/** A saved version: a frozen copy of the document and its steps. */
export interface Revision {
  readonly id: RevisionId;
  readonly version: string;
  /** Plain text: what changed. */
  readonly summary: string;
  /** ms epoch. */
  readonly savedAt: number;
  /** The document as saved, with `revisions` emptied (history is not nested). */
  readonly doc: SopDocument;
  readonly steps: readonly Step[];
}

export interface SopDocument {
  readonly format: typeof DOCUMENT_FORMAT;
  readonly sopId: SopId;
  readonly metadata: Metadata;
  readonly purpose: Prose;
  readonly scope: { readonly in: Prose; readonly out: Prose };
  readonly roles: readonly Role[];
  readonly prerequisites: readonly Item[];
  readonly variables: readonly Variable[];
  readonly gates: readonly Gate[];
  readonly verification: readonly Item[];
  readonly troubleshooting: readonly TroubleshootingItem[];
  readonly rollback: readonly Item[];
  readonly escalation: readonly Item[];
  readonly monitoring: readonly Item[];
  readonly references: readonly Item[];
  readonly revisions: readonly Revision[];
  readonly diagram: Diagram;
  readonly stepNotes: Readonly<Record<StepId, StepNote>>;
}

/** The list sections that hold plain `Item`s. */
export const ITEM_SECTIONS = ['prerequisites', 'verification', 'rollback', 'escalation', 'monitoring', 'references'] as const;
export type ItemSection = (typeof ITEM_SECTIONS)[number];

export const EMPTY_PROSE: Prose = { text: '', source: 'author' };

export function emptyStepNote(): StepNote {
  return { expectedResult: EMPTY_PROSE, notes: EMPTY_PROSE, warnings: [] };
}

/** A document with every section empty: the editor shows each as a prompt. */
export function emptyDocument(sop: Sop): SopDocument {
  return {
    format: DOCUMENT_FORMAT,
    sopId: sop.id,
    metadata: {
      id: '',
      title: sop.title,
      version: FIRST_VERSION,
      owner: '',
      approver: '',
      effectiveDate: '',
      reviewDate: '',
      service: '',
      environment: '',
      tags: [],
    },
    purpose: EMPTY_PROSE,
    scope: { in: EMPTY_PROSE, out: EMPTY_PROSE },
    roles: [],
    prerequisites: [],
    variables: [],
    gates: [],
    verification: [],
    troubleshooting: [],
    rollback: [],
    escalation: [],
    monitoring: [],
    references: [],
    revisions: [],
    diagram: { source: '', edited: false },
    stepNotes: {},
  };
}
