/**
 * Revision history: "Save version" freezes the SOP under the next version number with a summary; each saved
 * version can be viewed read-only or restored (restoring is an edit like any other: Ctrl+Z undoes it).
 */
import { useState } from 'preact/hooks';
import { documentOutline } from '../../lib/editor/doc-outline';
import type { EditorState } from '../../lib/editor/doc-ops';
import type { Revision, SopDocument } from '../../lib/sop/document';
import { listRevisions, nextVersion, restoreRevision, saveVersion } from '../../lib/sop/revisions';
import { section } from '../../lib/sop/sections';
import { StepText } from '../step-text';
import { DocSection, focusSoon, Prompt, type OnEdit } from './doc-fields';

export function DocRevisions({ doc, onState }: { doc: SopDocument; onState: OnEdit<EditorState> }) {
  const [summary, setSummary] = useState('');
  const [major, setMajor] = useState(false);
  const [viewing, setViewing] = useState<Revision['id']>();
  const revisions = listRevisions(doc);
  const shown = revisions.find((r) => r.id === viewing);
  const upcoming = nextVersion(doc, { major });

  function save(e: Event) {
    e.preventDefault();
    const text = summary;
    onState((s) => ({ ...s, doc: saveVersion(s.doc, s.steps, text, Date.now(), { major }).doc }), undefined, `Saved version ${upcoming}.`);
    setSummary('');
    setMajor(false);
  }

  return (
    <DocSection sectionKey="revisions">
      <form class="drev__form" onSubmit={save}>
        <div class="dfield">
          <label for="rev-summary">Summary of changes</label>
          <input id="rev-summary" value={summary} maxLength={500} placeholder="e.g. First draft" onInput={(e) => setSummary(e.currentTarget.value)} />
        </div>
        <label class="check">
          <input type="checkbox" checked={major} onChange={(e) => setMajor(e.currentTarget.checked)} /> Major version
        </label>
        <button type="submit" class="btn btn--small">
          Save version
        </button>
        <span class="note" aria-live="polite">
          Saves as version {upcoming}
        </span>
      </form>
      {revisions.length === 0 ? (
        <Prompt>{section('revisions').prompt}</Prompt>
      ) : (
        <table class="drev__table">
          <caption class="sr-only">Saved versions, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Saved</th>
              <th scope="col">Summary</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {revisions.map((r) => (
              <tr key={r.id} data-version={r.version}>
                <th scope="row">{r.version}</th>
                <td>
                  <time dateTime={new Date(r.savedAt).toISOString()}>{new Date(r.savedAt).toLocaleString()}</time>
                </td>
                <td>{r.summary || <span class="note">(no summary)</span>}</td>
                <td class="drev__actions">
                  <button class="btn btn--small" aria-label={`View version ${r.version}`} aria-expanded={viewing === r.id} onClick={() => {
                    setViewing(viewing === r.id ? undefined : r.id);
                    focusSoon('#rev-view');
                  }}>
                    View
                  </button>
                  <button class="btn btn--small" aria-label={`Restore version ${r.version}`} onClick={() => {
                    onState((s) => ({ ...s, ...restoreRevision(s.doc, r) }), undefined, `Restored version ${r.version}. Undo with Ctrl+Z.`);
                  }}>
                    Restore
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {shown && <RevisionView revision={shown} onClose={() => setViewing(undefined)} />}
    </DocSection>
  );
}

function RevisionView({ revision, onClose }: { revision: Revision; onClose(): void }) {
  const outline = documentOutline(revision.doc, revision.steps).filter((s) => s.lines.length > 0);
  return (
    <div id="rev-view" class="drev__view" role="region" aria-label={`Version ${revision.version}, read-only`} tabIndex={-1}>
      <div class="dsec__head">
        <h3>
          Version {revision.version} <span class="note">(read-only)</span>
        </h3>
        <button class="btn btn--small" onClick={onClose} aria-label={`Close version ${revision.version}`}>
          Close
        </button>
      </div>
      {outline.map((s) => (
        <div key={s.key} class="drev__section">
          <h4>{s.heading}</h4>
          {s.key === 'procedure' ? (
            <ol class="drev__lines" aria-label={`Steps of version ${revision.version}`}>
              {revision.steps.length === 0
                ? null
                : s.lines.map((line, i) => (
                    <li key={i}>
                      <StepText text={line.replace(/^\d+\. /, '')} />
                    </li>
                  ))}
            </ol>
          ) : (
            <ul class="drev__lines">
              {s.lines.map((line, i) => (
                <li key={i}>
                  <StepText text={line} />
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </div>
  );
}
