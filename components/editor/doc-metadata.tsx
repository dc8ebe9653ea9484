/** Document control: id, version, owner, approver, dates, service, environment, tags (the title sits above). */
import { useEffect, useState } from 'preact/hooks';
import { formatTags, parseTags, setMetadata } from '../../lib/editor/doc-ops';
import { isReviewOverdue, todayIso } from '../../lib/editor/library-info';
import type { Metadata, SopDocument } from '../../lib/sop/document';
import { DocSection, type OnEdit } from './doc-fields';

type TextKey = Exclude<keyof Metadata, 'tags' | 'title'>;

const FIELDS: readonly { key: TextKey; label: string; type?: 'date'; placeholder?: string }[] = [
  { key: 'id', label: 'Document ID', placeholder: 'e.g. SOP-042' },
  { key: 'version', label: 'Version', placeholder: '0.1' },
  { key: 'owner', label: 'Owner', placeholder: 'Who keeps this procedure up to date' },
  { key: 'approver', label: 'Approver', placeholder: 'Who signs it off' },
  { key: 'effectiveDate', label: 'Effective date', type: 'date' },
  { key: 'reviewDate', label: 'Review date', type: 'date' },
  { key: 'service', label: 'Service or app', placeholder: 'e.g. payments-api' },
  { key: 'environment', label: 'Environment', placeholder: 'e.g. Production' },
];

export function DocMetadata({ metadata, onDoc }: { metadata: Metadata; onDoc: OnEdit<SopDocument> }) {
  const overdue = isReviewOverdue(metadata.reviewDate, todayIso());
  return (
    <DocSection sectionKey="metadata">
      <div class="dmeta">
        {FIELDS.map((f) => (
          <div class="dmeta__field" key={f.key}>
            <label for={`meta-${f.key}`}>{f.label}</label>
            <input
              id={`meta-${f.key}`}
              type={f.type ?? 'text'}
              value={metadata[f.key]}
              placeholder={f.placeholder}
              aria-describedby={f.key === 'reviewDate' && overdue ? 'meta-review-overdue' : undefined}
              onInput={(e) => {
                const value = e.currentTarget.value;
                onDoc((d) => setMetadata(d, { [f.key]: value }), `meta:${f.key}`);
              }}
            />
            {f.key === 'reviewDate' && overdue && (
              <span id="meta-review-overdue" class="badge badge--warn">
                Review overdue
              </span>
            )}
            {f.key === 'version' && !/^\d+\.\d+$/.test(metadata.version.trim()) && <span class="field-hint">Use major.minor, e.g. 1.0; other text is not kept.</span>}
          </div>
        ))}
        <TagsField tags={metadata.tags} onTags={(tags) => onDoc((d) => setMetadata(d, { tags }), 'meta:tags')} />
      </div>
    </DocSection>
  );
}

function TagsField({ tags, onTags }: { tags: readonly string[]; onTags(tags: string[]): void }) {
  // The typed text is kept while it says the same tags ("ops, " must not lose its comma as you type).
  const [draft, setDraft] = useState(() => formatTags(tags));
  useEffect(() => {
    if (formatTags(parseTags(draft)) !== formatTags(tags)) setDraft(formatTags(tags));
    // Deliberately not on `draft`: only an outside change (undo) resets the draft.
  }, [tags]);
  return (
    <div class="dmeta__field dmeta__field--wide">
      <label for="meta-tags">Tags</label>
      <input
        id="meta-tags"
        value={draft}
        placeholder="Comma-separated, e.g. payments, release"
        aria-describedby="meta-tags-list"
        onInput={(e) => {
          const value = e.currentTarget.value;
          setDraft(value);
          const next = parseTags(value);
          if (formatTags(next) !== formatTags(tags)) onTags(next);
        }}
      />
      <ul id="meta-tags-list" class="tags" aria-label="Tags of this procedure">
        {tags.map((t) => (
          <li key={t} class="tag">
            {t}
          </li>
        ))}
      </ul>
    </div>
  );
}
