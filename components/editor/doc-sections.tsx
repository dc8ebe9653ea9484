/**
 * The document's sections around the steps, in the order of lib/sop/sections.ts: document control, purpose,
 * scope, roles, prerequisites, variables before the procedure; gates, verification, troubleshooting,
 * rollback, escalation, monitoring and references after it. Empty sections show their prompt.
 */
import { addItem, removeItem, setProse, updateItem, type EditorState } from '../../lib/editor/doc-ops';
import type { Step } from '../../lib/model';
import type { ItemSection, SopDocument } from '../../lib/sop/document';
import { section } from '../../lib/sop/sections';
import { DocSection, ItemList, ProseField, type OnEdit } from './doc-fields';
import { DocGates } from './doc-gates';
import { DocMetadata } from './doc-metadata';
import { DocRoles } from './doc-roles';
import { DocTroubleshooting } from './doc-troubleshooting';
import { DocVariables } from './doc-variables';

interface Props {
  doc: SopDocument;
  steps: readonly Step[];
  onDoc: OnEdit<SopDocument>;
  onState: OnEdit<EditorState>;
}

const LISTS: Readonly<Record<ItemSection, { noun: string; add: string; label: string }>> = {
  prerequisites: { noun: 'Prerequisite', add: 'a prerequisite', label: 'Prerequisites' },
  verification: { noun: 'Verification check', add: 'a verification check', label: 'Verification checks' },
  rollback: { noun: 'Rollback step', add: 'a rollback step', label: 'Rollback steps' },
  escalation: { noun: 'Escalation contact', add: 'an escalation contact', label: 'Escalation contacts' },
  monitoring: { noun: 'Monitoring item', add: 'a monitoring item', label: 'Monitoring items' },
  references: { noun: 'Reference', add: 'a reference', label: 'References' },
};

function ListSection({ name, doc, onDoc }: { name: ItemSection; doc: SopDocument; onDoc: OnEdit<SopDocument> }) {
  const l = LISTS[name];
  return (
    <DocSection sectionKey={name}>
      <ItemList
        idPrefix={name}
        listLabel={l.label}
        noun={l.noun}
        addLabel={l.add}
        items={doc[name]}
        prompt={section(name).prompt}
        onAdd={(id) => onDoc((d) => addItem(d, name, id))}
        onText={(id, text) => onDoc((d) => updateItem(d, name, id, text), `${name}:${id}`)}
        onRemove={(id) => onDoc((d) => removeItem(d, name, id), undefined, `Removed a ${l.noun.toLowerCase()}. Undo with Ctrl+Z.`)}
      />
    </DocSection>
  );
}

export function DocBeforeSteps({ doc, steps, onDoc, onState }: Props) {
  return (
    <>
      <DocMetadata metadata={doc.metadata} onDoc={onDoc} />
      <DocSection sectionKey="purpose">
        <ProseField id="doc-purpose" label="Purpose" hiddenLabel text={doc.purpose.text} source={doc.purpose.source} prompt={section('purpose').prompt} rows={3} onText={(text) => onDoc((d) => setProse(d, 'purpose', text), 'purpose')} />
      </DocSection>
      <DocSection sectionKey="scope">
        <div class="dscope">
          <ProseField id="doc-scope-in" label="In scope" text={doc.scope.in.text} source={doc.scope.in.source} prompt="Not written yet: what does this procedure cover?" onText={(text) => onDoc((d) => setProse(d, 'scopeIn', text), 'scope-in')} />
          <ProseField id="doc-scope-out" label="Out of scope" text={doc.scope.out.text} source={doc.scope.out.source} prompt="Not written yet: what does it not cover?" onText={(text) => onDoc((d) => setProse(d, 'scopeOut', text), 'scope-out')} />
        </div>
      </DocSection>
      <DocRoles roles={doc.roles} onDoc={onDoc} />
      <ListSection name="prerequisites" doc={doc} onDoc={onDoc} />
      <DocVariables variables={doc.variables} steps={steps} onDoc={onDoc} onState={onState} />
    </>
  );
}

export function DocAfterSteps({ doc, steps, onDoc }: Props) {
  return (
    <>
      <DocGates gates={doc.gates} steps={steps} onDoc={onDoc} />
      <ListSection name="verification" doc={doc} onDoc={onDoc} />
      <DocTroubleshooting items={doc.troubleshooting} onDoc={onDoc} />
      <ListSection name="rollback" doc={doc} onDoc={onDoc} />
      <ListSection name="escalation" doc={doc} onDoc={onDoc} />
      <ListSection name="monitoring" doc={doc} onDoc={onDoc} />
      <ListSection name="references" doc={doc} onDoc={onDoc} />
    </>
  );
}
