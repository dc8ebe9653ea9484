/**
 * Variables: values that change between environments or runs (name, description, example). "Apply to
 * steps" writes `{{name}}` for each example in the step texts; "Fill in values" previews the steps with
 * values typed here, without changing the SOP.
 */
import { useState } from 'preact/hooks';
import { addVariable, applyVariablesToSteps, removeVariable, updateVariable, type EditorState } from '../../lib/editor/doc-ops';
import type { Step } from '../../lib/model';
import type { SopDocument, Variable } from '../../lib/sop/document';
import { section } from '../../lib/sop/sections';
import { fillVariables, placeholdersIn } from '../../lib/sop/variables';
import { StepText } from '../step-text';
import { DocSection, focusSoon, Prompt, type OnEdit } from './doc-fields';

interface Props {
  variables: readonly Variable[];
  steps: readonly Step[];
  onDoc: OnEdit<SopDocument>;
  onState: OnEdit<EditorState>;
}

export function DocVariables({ variables, steps, onDoc, onState }: Props) {
  const [filling, setFilling] = useState(false);
  const [values, setValues] = useState<Record<string, string>>({});
  const used = [...new Set(steps.flatMap((s) => placeholdersIn(s.text)))];
  const applicable = variables.some((v) => v.example.trim() !== '');
  return (
    <DocSection sectionKey="variables">
      {variables.length === 0 ? (
        <Prompt>{section('variables').prompt}</Prompt>
      ) : (
        <ul class="dlist__items" aria-label="Variables">
          {variables.map((v, i) => (
            <li key={`${i}`} class="dlist__item dvar">
              <VariableName index={i} name={v.name} onName={(name) => onDoc((d) => updateVariable(d, i, { name }))} />
              <div class="dvar__field">
                <label for={`var-desc-${i}`}>Description</label>
                <input id={`var-desc-${i}`} aria-label={`Variable ${i + 1} description`} value={v.description} placeholder="e.g. Change ticket" onInput={(e) => {
                  const description = e.currentTarget.value;
                  onDoc((d) => updateVariable(d, i, { description }), `var-desc:${i}`);
                }} />
              </div>
              <div class="dvar__field">
                <label for={`var-example-${i}`}>Example</label>
                <input id={`var-example-${i}`} aria-label={`Variable ${i + 1} example`} value={v.example} placeholder="e.g. CHG-2291" onInput={(e) => {
                  const example = e.currentTarget.value;
                  onDoc((d) => updateVariable(d, i, { example }), `var-example:${i}`);
                }} />
              </div>
              {v.occurrences.length > 0 && <span class="note">seen in {new Set(v.occurrences.map((o) => o.stepId)).size} step(s)</span>}
              <button class="btn btn--small btn--ghost" aria-label={`Remove variable ${v.name}`} onClick={() => {
                onDoc((d) => removeVariable(d, i));
                focusSoon('#vars-add');
              }}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="dsec__tools">
        <button id="vars-add" class="btn btn--small" onClick={() => {
          const index = variables.length;
          onDoc((d) => addVariable(d));
          focusSoon(`#var-name-${index}`);
        }}>
          Add a variable
        </button>
        <button
          class="btn btn--small"
          disabled={!applicable}
          onClick={() => onState((s) => ({ ...s, steps: applyVariablesToSteps(s.steps, s.doc.variables) }), undefined, 'Wrote {{name}} for each example value in the steps. Undo with Ctrl+Z.')}
        >
          Apply to steps
        </button>
        {used.length > 0 && (
          <button class="btn btn--small" aria-expanded={filling} onClick={() => setFilling(!filling)}>
            Fill in values
          </button>
        )}
      </div>
      {used.length > 0 && <p class="note">The steps use {used.map((n) => `{{${n}}}`).join(', ')}.</p>}
      {filling && used.length > 0 && (
        <div class="dfill" role="region" aria-label="Filled-in preview">
          {used.map((name) => (
            <div class="dvar__field" key={name}>
              <label for={`fill-${name}`}>Value of {`{{${name}}}`}</label>
              <input id={`fill-${name}`} value={values[name] ?? ''} placeholder={variables.find((v) => v.name === name)?.example ?? ''} onInput={(e) => {
                const value = e.currentTarget.value;
                setValues((old) => ({ ...old, [name]: value }));
              }} />
            </div>
          ))}
          <ol class="dfill__steps">
            {steps.map((s) => (
              <li key={s.id}>
                <StepText text={fillVariables(s.text, Object.fromEntries(Object.entries(values).filter(([, v]) => v !== '')))} />
              </li>
            ))}
          </ol>
        </div>
      )}
    </DocSection>
  );
}

/** A name is committed when the field is left: half-typed names are not valid variable names yet. */
function VariableName({ index, name, onName }: { index: number; name: string; onName(name: string): void }) {
  const [draft, setDraft] = useState<string>();
  return (
    <div class="dvar__field">
      <label for={`var-name-${index}`}>Name</label>
      <input
        id={`var-name-${index}`}
        aria-label={`Variable ${index + 1} name`}
        value={draft ?? name}
        spellcheck={false}
        onInput={(e) => setDraft(e.currentTarget.value)}
        onChange={() => {
          if (draft !== undefined && draft !== name) onName(draft);
          setDraft(undefined);
        }}
        onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
      />
    </div>
  );
}
