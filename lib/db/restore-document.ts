/**
 * Restore on read for the SOP document (as restore.ts does for SOPs and steps): whatever comes out of storage
 * or an import is normalised here, field by field. Nothing throws; a malformed field falls back to its empty
 * value.
 */
import type { Sop, StepId } from '../model';
import {
  DOCUMENT_FORMAT,
  EMPTY_PROSE,
  emptyDocument,
  FIRST_VERSION,
  type GateId,
  type Gate,
  type Item,
  type ItemId,
  type ItemSource,
  type Metadata,
  type Prose,
  type Revision,
  type RevisionId,
  type Role,
  type RoleId,
  type SopDocument,
  type StepNote,
  type TroubleshootingItem,
  type Variable,
  type VariableOccurrence,
} from '../sop/document';
import { restoreSteps } from './restore';


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
