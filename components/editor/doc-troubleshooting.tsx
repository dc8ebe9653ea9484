/** Troubleshooting: symptom → action pairs. */
import { addTroubleshooting, removeTroubleshooting, updateTroubleshooting } from '../../lib/editor/doc-ops';
import type { ItemId, SopDocument, TroubleshootingItem } from '../../lib/sop/document';
import { section } from '../../lib/sop/sections';
import { DocSection, focusSoon, newId, Prompt, SourceTag, type OnEdit } from './doc-fields';

export function DocTroubleshooting({ items, onDoc }: { items: readonly TroubleshootingItem[]; onDoc: OnEdit<SopDocument> }) {
  return (
    <DocSection sectionKey="troubleshooting">
      {items.length === 0 ? (
        <Prompt>{section('troubleshooting').prompt}</Prompt>
      ) : (
        <ul class="dlist__items" aria-label="Troubleshooting entries">
          {items.map((t, i) => (
            <li key={t.id} class="dlist__item dtrouble">
              <div class="dtrouble__pair">
                <label for={`trouble-symptom-${t.id}`}>Symptom {i + 1}</label>
                <textarea id={`trouble-symptom-${t.id}`} rows={1} value={t.symptom} placeholder="What you see" onInput={(e) => {
                  const symptom = e.currentTarget.value;
                  onDoc((d) => updateTroubleshooting(d, t.id, { symptom }), `trouble-symptom:${t.id}`);
                }} />
                <span aria-hidden="true">→</span>
                <label for={`trouble-action-${t.id}`}>Action {i + 1}</label>
                <textarea id={`trouble-action-${t.id}`} rows={1} value={t.text} placeholder="What you do" onInput={(e) => {
                  const text = e.currentTarget.value;
                  onDoc((d) => updateTroubleshooting(d, t.id, { text }), `trouble-action:${t.id}`);
                }} />
              </div>
              <SourceTag source={t.source} />
              <button class="btn btn--small btn--ghost" aria-label={`Remove troubleshooting entry ${i + 1}`} onClick={() => {
                onDoc((d) => removeTroubleshooting(d, t.id));
                focusSoon('#trouble-add');
              }}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <button id="trouble-add" class="btn btn--small" onClick={() => {
        const id = newId<ItemId>();
        onDoc((d) => addTroubleshooting(d, id));
        focusSoon(`#${CSS.escape(`trouble-symptom-${id}`)}`);
      }}>
        Add a troubleshooting entry
      </button>
    </DocSection>
  );
}
