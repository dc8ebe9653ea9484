/**
 * The SOP document: the sections around the recorded steps, after ISO 10013-style SOPs and runbook practice
 * (metadata, purpose, scope, roles, prerequisites, variables, gates, verification, troubleshooting, rollback,
 * escalation, monitoring, references, revision history, flow diagram). Pure types and restore-on-read.
 *
 * Steps stay as lib/model.ts stores them; what the document says about a step (expected result, notes,
 * warnings, lane) lives in `stepNotes`, keyed by step id, so steps stored before documents existed stay valid.
 *
 * Text conventions: `Prose.text`, `Item.text`, `Gate.question` and `TroubleshootingItem.symptom` are in the
 * step-text mini markup (`**bold**` + backslash escapes, lib/text/markdown.ts); text drafted from a page or
 * a transcript was escaped with escapeMarkdownInline when drafted, the author's own text is kept as typed.
 * Metadata values, role names, variable fields and revision summaries are plain text, escaped on output.
 */
import { restoreSteps } from '../db/restore';
import type { SopId, Sop, Step, StepId } from '../model';

declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

export type ItemId = Brand<string, 'ItemId'>;
export type RoleId = Brand<string, 'RoleId'>;
export type GateId = Brand<string, 'GateId'>;
export type RevisionId = Brand<string, 'RevisionId'>;

/** Bumped when the stored shape changes incompatibly; restoreDocument migrates older formats. */
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

// ---------------------------------------------------------------------------------------------------------
// Restore on read (as lib/db/restore.ts does for SOPs and steps): whatever comes out of storage or an import
// is normalised here, field by field. Nothing throws; a malformed field falls back to its empty value.

type Loose = Record<string, unknown>;

const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const list = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
const SOURCES: ReadonlySet<string> = new Set<ItemSource>(['narration', 'page', 'author']);
const source = (v: unknown): ItemSource => (SOURCES.has(str(v)) ? (v as ItemSource) : 'author');
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const VERSION = /^\d+\.\d+$/;
const VARIABLE_NAME = /^[a-z][a-z0-9_]*$/;

function restoreProse(v: unknown): Prose {
  if (typeof v === 'string') return { text: v, source: 'author' };
  return isObject(v) ? { text: str(v.text), source: source(v.source) } : EMPTY_PROSE;
}

/** Ids must be unique within a list: a missing or repeated one is replaced by `${prefix}-${n}`. */
function uniqueIds<T extends { readonly id: string }>(items: readonly T[], prefix: string): T[] {
  const seen = new Set<string>();
  return items.map((item, i) => {
    let id = item.id;
    for (let n = i + 1; id === '' || seen.has(id); n++) id = `${prefix}-${n}`;
    seen.add(id);
    return id === item.id ? item : { ...item, id };
  });
}

function restoreItems(v: unknown, prefix: string): Item[] {
  const items = list(v).flatMap((raw): Item[] => {
    if (typeof raw === 'string') return [{ id: '' as ItemId, text: raw, source: 'author' }];
    if (!isObject(raw) || typeof raw.text !== 'string') return [];
    return [{ id: str(raw.id) as ItemId, text: raw.text, source: source(raw.source) }];
  });
  return uniqueIds(items, prefix);
}

function restoreTroubleshooting(v: unknown): TroubleshootingItem[] {
  const items = list(v).flatMap((raw): TroubleshootingItem[] => {
    if (!isObject(raw) || (typeof raw.text !== 'string' && typeof raw.symptom !== 'string')) return [];
    return [{ id: str(raw.id) as ItemId, text: str(raw.text), symptom: str(raw.symptom), source: source(raw.source) }];
  });
  return uniqueIds(items, 'trouble');
}

function restoreMetadata(v: unknown, sop: Sop): Metadata {
  const m = isObject(v) ? v : {};
  const date = (d: unknown) => (ISO_DATE.test(str(d)) ? str(d) : '');
  const version = str(m.version).trim();
  return {
    id: str(m.id),
    title: str(m.title).trim() || sop.title,
    version: VERSION.test(version) ? version : FIRST_VERSION,
    owner: str(m.owner),
    approver: str(m.approver),
    effectiveDate: date(m.effectiveDate),
    reviewDate: date(m.reviewDate),
    service: str(m.service),
    environment: str(m.environment),
    tags: list(m.tags).filter((t): t is string => typeof t === 'string' && t.trim() !== ''),
  };
}

function restoreRoles(v: unknown): Role[] {
  const roles = list(v).flatMap((raw): Role[] => {
    if (!isObject(raw) || typeof raw.name !== 'string') return [];
    const hosts = list(raw.hosts).filter((h): h is string => typeof h === 'string');
    return [{ id: str(raw.id) as RoleId, name: raw.name, kind: raw.kind === 'system' ? 'system' : 'person', ...(hosts.length ? { hosts } : {}) }];
  });
  return uniqueIds(roles, 'role');
}

function restoreVariables(v: unknown): Variable[] {
  const seen = new Set<string>();
  return list(v).flatMap((raw): Variable[] => {
    if (!isObject(raw) || !VARIABLE_NAME.test(str(raw.name)) || seen.has(str(raw.name))) return [];
    seen.add(str(raw.name));
    const occurrences = list(raw.occurrences).flatMap((o): VariableOccurrence[] => {
      if (!isObject(o) || typeof o.stepId !== 'string') return [];
      const field = o.field === 'value' || o.field === 'url' ? o.field : 'text';
      return [{ stepId: o.stepId as StepId, field }];
    });
    return [{ name: str(raw.name), description: str(raw.description), example: str(raw.example), occurrences }];
  });
}

function restoreGates(v: unknown): Gate[] {
  const gates = list(v).flatMap((raw): Gate[] => {
    if (!isObject(raw) || typeof raw.question !== 'string') return [];
    const after = str(raw.afterStepId);
    return [{ id: str(raw.id) as GateId, question: raw.question, ...(after ? { afterStepId: after as StepId } : {}), source: source(raw.source) }];
  });
  return uniqueIds(gates, 'gate');
}

function restoreStepNotes(v: unknown, roleIds: ReadonlySet<string>): Record<StepId, StepNote> {
  const notes: Record<StepId, StepNote> = {};
  if (!isObject(v)) return notes;
  for (const [id, raw] of Object.entries(v)) {
    // `__proto__` would set the record's prototype instead of adding a note.
    if (!isObject(raw) || id === '' || id === '__proto__') continue;
    const roleId = str(raw.roleId);
    notes[id as StepId] = {
      expectedResult: restoreProse(raw.expectedResult),
      notes: restoreProse(raw.notes),
      warnings: restoreItems(raw.warnings, `warning-${id}`),
      ...(roleIds.has(roleId) ? { roleId: roleId as RoleId } : {}),
    };
  }
  return notes;
}

function restoreRevisions(v: unknown, sop: Sop): Revision[] {
  const revisions = list(v).flatMap((raw): Revision[] => {
    if (!isObject(raw) || !isObject(raw.doc)) return [];
    const version = str(raw.version);
    const savedAt = typeof raw.savedAt === 'number' && Number.isFinite(raw.savedAt) ? raw.savedAt : 0;
    // A revision's own history is dropped: only the top-level document keeps the list.
    const doc = { ...restoreDocument({ ...raw.doc, revisions: [] }, sop), revisions: [] };
    return [
      {
        id: str(raw.id) as RevisionId,
        version: VERSION.test(version) ? version : doc.metadata.version,
        summary: str(raw.summary),
        savedAt,
        doc,
        steps: restoreSteps(list(raw.steps)),
      },
    ];
  });
  return uniqueIds(revisions, 'revision');
}

/**
 * The document stored for `sop`, normalised: missing sections are empty, malformed entries are dropped,
 * ids made unique, unknown step-note roles cleared. Never throws; anything unusable yields emptyDocument(sop).
 */
export function restoreDocument(raw: unknown, sop: Sop): SopDocument {
  if (!isObject(raw)) return emptyDocument(sop);
  const scope = isObject(raw.scope) ? raw.scope : {};
  const diagram = isObject(raw.diagram) ? raw.diagram : {};
  const roles = restoreRoles(raw.roles);
  const diagramSource = str(diagram.source);
  return {
    format: DOCUMENT_FORMAT,
    sopId: sop.id,
    metadata: restoreMetadata(raw.metadata, sop),
    purpose: restoreProse(raw.purpose),
    scope: { in: restoreProse(scope.in), out: restoreProse(scope.out) },
    roles,
    prerequisites: restoreItems(raw.prerequisites, 'prerequisite'),
    variables: restoreVariables(raw.variables),
    gates: restoreGates(raw.gates),
    verification: restoreItems(raw.verification, 'verification'),
    troubleshooting: restoreTroubleshooting(raw.troubleshooting),
    rollback: restoreItems(raw.rollback, 'rollback'),
    escalation: restoreItems(raw.escalation, 'escalation'),
    monitoring: restoreItems(raw.monitoring, 'monitoring'),
    references: restoreItems(raw.references, 'reference'),
    revisions: restoreRevisions(raw.revisions, sop),
    diagram: { source: diagramSource, edited: diagramSource !== '' && diagram.edited === true },
    stepNotes: restoreStepNotes(raw.stepNotes, new Set(roles.map((r) => r.id))),
  };
}
