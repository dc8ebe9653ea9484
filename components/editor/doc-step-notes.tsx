/** What the document says about one step: expected result, notes, warnings, and the lane it is drawn in. */
import { useState } from 'preact/hooks';
import { addWarning, noteOf, removeWarning, updateStepNote, updateWarning } from '../../lib/editor/doc-ops';
import type { Step } from '../../lib/model';
import type { ItemId, Role, RoleId, SopDocument } from '../../lib/sop/document';
import { STEP_PROMPTS } from '../../lib/sop/sections';
import { focusSoon, newId, ProseField, SourceTag, type OnEdit } from './doc-fields';

const AUTO_LANE = '';

export function DocStepNotes({ step, n, doc, onDoc }: { step: Step; n: number; doc: SopDocument; onDoc: OnEdit<SopDocument> }) {
  const note = noteOf(doc, step.id);
  // Closed at first, so the steps stay compact; the summary says what is inside.
  const [open, setOpen] = useState(false);
  const id = (what: string) => `${what}-${step.id}`;
  const count = [note.expectedResult.text && 'expected result', note.warnings.length && `${note.warnings.length} warning(s)`, note.notes.text && 'notes'].filter(Boolean).join(', ');
  return (
    <details class="snotes" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        Expected result, notes and warnings<span class="sr-only"> of step {n}</span>
        {count && <span class="note"> · {count}</span>}
      </summary>
      <div class="snotes__body">
        <ProseField
          id={id('expected')}
          label={`Step ${n} expected result`}
          text={note.expectedResult.text}
          source={note.expectedResult.source}
          prompt={STEP_PROMPTS.expectedResult}
          rows={1}
          onText={(text) => onDoc((d) => updateStepNote(d, step.id, { expectedResult: text }), `expected:${step.id}`)}
        />
        <ProseField
          id={id('notes')}
          label={`Step ${n} notes`}
          text={note.notes.text}
          source={note.notes.source}
          prompt={STEP_PROMPTS.notes}
          rows={1}
          onText={(text) => onDoc((d) => updateStepNote(d, step.id, { notes: text }), `notes:${step.id}`)}
        />
        <div class="dfield">
          <span class="dfield__label" id={id('warnings-label')}>
            Step {n} warnings
          </span>
          {note.warnings.length > 0 && (
            <ul class="dlist__items" aria-labelledby={id('warnings-label')}>
              {note.warnings.map((w, i) => (
                <li key={w.id} class="dlist__item">
                  <label class="sr-only" for={id(`warning-${w.id}`)}>
                    Step {n} warning {i + 1}
                  </label>
                  <textarea id={id(`warning-${w.id}`)} class="snotes__warning" rows={1} value={w.text} onInput={(e) => {
                    const text = e.currentTarget.value;
                    onDoc((d) => updateWarning(d, step.id, w.id, text), `warning:${w.id}`);
                  }} />
                  <SourceTag source={w.source} />
                  <button class="btn btn--small btn--ghost" aria-label={`Remove warning ${i + 1} of step ${n}`} onClick={() => {
                    onDoc((d) => removeWarning(d, step.id, w.id));
                    focusSoon(`#${CSS.escape(id('warning-add'))}`);
                  }}>
                    Remove
                  </button>
                </li>
              ))}
            </ul>
          )}
          <button id={id('warning-add')} class="btn btn--small" aria-label={`Add a warning to step ${n}`} onClick={() => {
            const wid = newId<ItemId>();
            onDoc((d) => addWarning(d, step.id, wid));
            focusSoon(`#${CSS.escape(id(`warning-${wid}`))}`);
          }}>
            Add a warning
          </button>
        </div>
        <LaneSelect id={id('lane')} n={n} roles={doc.roles} roleId={note.roleId} onLane={(roleId) => onDoc((d) => updateStepNote(d, step.id, { roleId }))} />
      </div>
    </details>
  );
}

function LaneSelect({ id, n, roles, roleId, onLane }: { id: string; n: number; roles: readonly Role[]; roleId?: RoleId; onLane(roleId: RoleId | undefined): void }) {
  return (
    <div class="dfield dfield--inline">
      <label for={id}>Step {n} lane</label>
      <select id={id} value={roleId ?? AUTO_LANE} onChange={(e) => onLane(e.currentTarget.value === AUTO_LANE ? undefined : (e.currentTarget.value as RoleId))}>
        <option value={AUTO_LANE}>Automatic (from the page)</option>
        {roles.map((r) => (
          <option key={r.id} value={r.id}>
            {r.name || '(unnamed role)'} · {r.kind}
          </option>
        ))}
      </select>
    </div>
  );
}
