/**
 * Building blocks of the document sections: a titled section, a prose field with its prompt, a list of
 * entries (add, edit, remove), and the "from narration" / "from the page" tag on drafted text.
 * Every field has a visible or screen-reader label; text is only ever set as input values.
 */
import type { ComponentChildren } from 'preact';
import type { ItemSource } from '../../lib/sop/document';
import { section, type SectionKey } from '../../lib/sop/sections';

/** Undoable document edit: `key` coalesces a burst of typing in one field into one undo step. */
export type OnEdit<T> = (next: (value: T) => T, key?: string, message?: string) => void;

export const newId = <T extends string>(): T => crypto.randomUUID() as T;

/** Focus an element once the next render is on screen (after adding or removing an entry). */
export function focusSoon(selector: string): void {
  requestAnimationFrame(() => document.querySelector<HTMLElement>(selector)?.focus());
}

export function DocSection({ sectionKey, children, actions }: { sectionKey: SectionKey; children: ComponentChildren; actions?: ComponentChildren }) {
  const id = `section-${sectionKey}`;
  return (
    <section class="dsec" aria-labelledby={id} data-section={sectionKey}>
      <div class="dsec__head">
        <h2 id={id}>{section(sectionKey).heading}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

export function SourceTag({ source }: { source: ItemSource }) {
  if (source === 'author') return null;
  return <span class="source-tag">{source === 'narration' ? 'from narration' : 'from the page'}</span>;
}

export function Prompt({ children }: { children: ComponentChildren }) {
  return <p class="prompt">{children}</p>;
}

interface ProseFieldProps {
  id: string;
  label: string;
  /** Hide the label visually (it still names the field). */
  hiddenLabel?: boolean;
  text: string;
  source: ItemSource;
  prompt: string;
  rows?: number;
  onText(text: string): void;
}

export function ProseField(p: ProseFieldProps) {
  return (
    <div class="dfield">
      <div class="dfield__label">
        <label for={p.id} class={p.hiddenLabel ? 'sr-only' : undefined}>
          {p.label}
        </label>
        <SourceTag source={p.source} />
      </div>
      <textarea id={p.id} rows={p.rows ?? 2} value={p.text} placeholder={p.prompt} onInput={(e) => p.onText(e.currentTarget.value)} />
    </div>
  );
}

interface ListEntry {
  readonly id: string;
  readonly text: string;
  readonly source: ItemSource;
}

interface ItemListProps<T extends ListEntry> {
  /** Prefix of element ids, unique on the page. */
  idPrefix: string;
  /** What the list is called ("Prerequisites"). */
  listLabel: string;
  /** One entry, capitalised for labels ("Prerequisite"). */
  noun: string;
  /** "a prerequisite", for the add button. */
  addLabel: string;
  items: readonly T[];
  prompt: string;
  /** Add an entry with this id (the list focuses it once shown). */
  onAdd(id: T['id']): void;
  onText(id: T['id'], text: string): void;
  onRemove(id: T['id']): void;
}

/** A list section: one text field per entry, with Remove; an empty list shows its prompt. */
export function ItemList<T extends ListEntry>(p: ItemListProps<T>) {
  const lower = p.noun.toLowerCase();
  return (
    <div class="dlist">
      {p.items.length === 0 ? (
        <Prompt>{p.prompt}</Prompt>
      ) : (
        <ul class="dlist__items" aria-label={p.listLabel}>
          {p.items.map((item, i) => (
            <li key={item.id} class="dlist__item">
              <label class="sr-only" for={`${p.idPrefix}-${item.id}`}>
                {p.noun} {i + 1}
              </label>
              <textarea id={`${p.idPrefix}-${item.id}`} rows={1} value={item.text} onInput={(e) => p.onText(item.id, e.currentTarget.value)} />
              <SourceTag source={item.source} />
              <button
                class="btn btn--small btn--ghost"
                aria-label={`Remove ${lower} ${i + 1}`}
                onClick={() => {
                  p.onRemove(item.id);
                  focusSoon(`#${CSS.escape(`${p.idPrefix}-add`)}`);
                }}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <button
        id={`${p.idPrefix}-add`}
        class="btn btn--small"
        onClick={() => {
          const id = newId<T['id']>();
          p.onAdd(id);
          focusSoon(`#${CSS.escape(`${p.idPrefix}-${id}`)}`);
        }}
      >
        Add {p.addLabel}
      </button>
    </div>
  );
}
