/** Go/no-go gates: a yes/no question placed after a step (or before the first). */
import { addGate, removeGate, updateGate } from '../../lib/editor/doc-ops';
import type { Step, StepId } from '../../lib/model';
import type { Gate, GateId, SopDocument } from '../../lib/sop/document';
import { section } from '../../lib/sop/sections';
import { truncate } from '../../lib/steps/step-text';
import { stepTextToPlain } from '../../lib/text/markdown';
import { DocSection, focusSoon, newId, Prompt, SourceTag, type OnEdit } from './doc-fields';

const BEFORE_FIRST = '';

export function DocGates({ gates, steps, onDoc }: { gates: readonly Gate[]; steps: readonly Step[]; onDoc: OnEdit<SopDocument> }) {
  const known = new Set<string>(steps.map((s) => s.id));
  return (
    <DocSection sectionKey="gates">
      {gates.length === 0 ? (
        <Prompt>{section('gates').prompt}</Prompt>
      ) : (
        <ul class="dlist__items" aria-label="Gates">
          {gates.map((g, i) => (
            <li key={g.id} class="dlist__item dgate">
              <label class="sr-only" for={`gate-q-${g.id}`}>
                Gate {i + 1} question
              </label>
              <textarea id={`gate-q-${g.id}`} rows={1} value={g.question} placeholder="Go/no-go: is the change approved?" onInput={(e) => {
                const question = e.currentTarget.value;
                onDoc((d) => updateGate(d, g.id, { question }), `gate:${g.id}`);
              }} />
              <label class="sr-only" for={`gate-after-${g.id}`}>
                Gate {i + 1} placed
              </label>
              <select id={`gate-after-${g.id}`} value={g.afterStepId && known.has(g.afterStepId) ? g.afterStepId : BEFORE_FIRST} onChange={(e) => {
                const v = e.currentTarget.value;
                onDoc((d) => updateGate(d, g.id, { afterStepId: v === BEFORE_FIRST ? undefined : (v as StepId) }));
              }}>
                <option value={BEFORE_FIRST}>Before the first step</option>
                {steps.map((s, k) => (
                  <option key={s.id} value={s.id}>
                    After step {k + 1}: {truncate(stepTextToPlain(s.text), 40)}
                  </option>
                ))}
              </select>
              {g.afterStepId && !known.has(g.afterStepId) && <span class="field-hint">Its step was deleted: place it again.</span>}
              <SourceTag source={g.source} />
              <button class="btn btn--small btn--ghost" aria-label={`Remove gate ${i + 1}`} onClick={() => {
                onDoc((d) => removeGate(d, g.id));
                focusSoon('#gates-add');
              }}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <button id="gates-add" class="btn btn--small" onClick={() => {
        const id = newId<GateId>();
        onDoc((d) => addGate(d, id, steps.at(-1)?.id));
        focusSoon(`#${CSS.escape(`gate-q-${id}`)}`);
      }}>
        Add a gate
      </button>
    </DocSection>
  );
}
