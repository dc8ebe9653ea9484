/**
 * One SOP in the popup: rename, edit / reorder / delete steps (the editor's step operations, saved through the
 * same write path, with Undo), export.
 */
import { useEffect, useState } from 'preact/hooks';
import { deleteSop, editSteps, getSop, listSteps, renameSop } from '../lib/db/sop-store';
import { afterQuickEdit, applyQuickEdit, canQuickUndo, describeQuickEdit, quickUndo, type QuickEdit, type QuickHistory } from '../lib/editor/quick-edit';
import type { SopId, Step } from '../lib/model';
import { getRecording } from '../lib/db/recording-store';
import { lostAudioNote } from '../lib/narration/timings';
import { openEditor } from '../lib/platform/editor-nav';
import { ExportMenu } from './export-menu';
import { TeamStatus } from './team-status';
import { GuideButton } from './guide/guide-button';
import { useLiveQuery } from './hooks';
import { LazyVisible } from './lazy-visible';
import { ShotThumb } from './shot-thumb';
import { StepText } from './step-text';

/** The popup is the quick view: a 1,000-step SOP opens at once with its first steps; the editor has them all. */
const STEP_PAGE = 100;

interface Props {
  sopId: SopId;
  /** The tab the popup controls: Guide me runs there. */
  tabId?: number;
  onBack(): void;
  /** performance.now() when Stop was clicked, to report how long drafting took. */
  stopClickedAt?: number;
}

export function SopView({ sopId, tabId, onBack, stopClickedAt }: Props) {
  const sop = useLiveQuery(() => getSop(sopId), [sopId]);
  const steps = useLiveQuery(() => listSteps(sopId), [sopId]);
  const recording = useLiveQuery(async () => (sop?.sessionId ? ((await getRecording(sop.sessionId)) ?? null) : null), [sop?.sessionId]);
  const [status, setStatus] = useState<string>();
  const [error, setError] = useState<string>();
  const [draftMs, setDraftMs] = useState<number>();
  const [shown, setShown] = useState(STEP_PAGE);
  /** The step lists this popup saved, for Undo. Its present is the list as stored after the last edit here. */
  const [history, setHistory] = useState<QuickHistory>();

  useEffect(() => {
    if (steps && stopClickedAt !== undefined && draftMs === undefined) setDraftMs(Math.round(performance.now() - stopClickedAt));
  }, [steps, stopClickedAt, draftMs]);

  async function guard(action: () => Promise<unknown>, done?: string) {
    setError(undefined);
    try {
      await action();
      if (done) setStatus(done);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  /** A quick edit: the editor's step operation, applied to the stored list and saved in one transaction. */
  const edit = (change: QuickEdit) =>
    guard(async () => {
      let message = '';
      const { before, after } = await editSteps(sopId, (current) => {
        message = describeQuickEdit(current, change);
        return applyQuickEdit(current, change);
      });
      setHistory((h) => afterQuickEdit(h, before, after));
      setStatus(message);
    });

  const onUndo = () =>
    guard(async () => {
      let back: QuickHistory | undefined;
      // Checked against the stored list inside the write's transaction: an edit made elsewhere is never undone.
      await editSteps(sopId, (current) => (back = quickUndo(history, current)).present);
      setHistory(back);
      setStatus('Undone.');
    });

  if (sop === null) {
    return (
      <section>
        <p class="error">This SOP no longer exists.</p>
        <button class="btn" onClick={onBack}>Back</button>
      </section>
    );
  }
  if (!sop || !steps) return <p class="note">Loading…</p>;

  return (
    <section class="sop" aria-label="SOP" data-draft-ms={draftMs}>
      <div class="sop__bar">
        <button class="btn btn--ghost" onClick={onBack}>
          ← All SOPs
        </button>
        <span>
          <button class="btn btn--small" onClick={() => void onUndo()} disabled={!canQuickUndo(history, steps)}>
            Undo
          </button>{' '}
          <button class="btn btn--small" onClick={() => void guard(() => openEditor(sopId))}>
            Open in editor
          </button>{' '}
          <GuideButton sopId={sopId} tabId={tabId} small onResult={(message, ok) => (ok ? setStatus(message) : setError(message))} />
        </span>
      </div>
      <TitleEditor title={sop.title} onSave={(t) => guard(() => renameSop(sopId, t), 'Renamed.')} />
      <p class="note">
        {steps.length} steps · recorded {new Date(sop.createdAt).toLocaleString()}
        {sop.sourceUrl && <> · from {safeHost(sop.sourceUrl)}</>}
      </p>
      <div class="sop__exports">
        <ExportMenu sopId={sopId} onResult={(message, ok) => (ok ? setStatus(message) : setError(message))} />
      </div>
      <TeamStatus sopId={sopId} />
      {recording?.narrationError && (
        <p class="note" data-testid="narration-error">
          {recording.transcript ? 'Narration is incomplete: ' : 'Narration was not transcribed: '}
          {recording.narrationError}
          {/audio is kept/.test(recording.narrationError) ? '' : ' The audio is kept in the recording.'}
        </p>
      )}
      {lostAudioNote(recording?.transcript?.timings) && (
        <p class="note" data-testid="narration-lost">
          {lostAudioNote(recording?.transcript?.timings)}
        </p>
      )}
      {status && <p class="note" role="status">{status}</p>}
      {error && <p class="error" role="alert">{error}</p>}
      <ol class="steps" aria-label="Steps">
        {steps.slice(0, shown).map((step, i) => (
          <StepItem
            key={step.id}
            step={step}
            index={i}
            last={i === steps.length - 1}
            onSave={(text, narration) => void edit({ kind: 'content', id: step.id, text, narration })}
            onMove={(by) => void edit({ kind: 'move', id: step.id, by })}
            onDelete={() => void edit({ kind: 'delete', id: step.id })}
          />
        ))}
      </ol>
      {steps.length > shown && (
        <button class="btn btn--small" onClick={() => setShown((n) => n + STEP_PAGE)}>
          Show {Math.min(STEP_PAGE, steps.length - shown)} more steps ({steps.length - shown} not shown)
        </button>
      )}
      <button
        class="btn btn--danger btn--small"
        onClick={() => {
          if (confirm(`Delete "${sop.title}" with its screenshots and video?`)) void guard(async () => { await deleteSop(sopId); onBack(); });
        }}
      >
        Delete SOP
      </button>
    </section>
  );
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function TitleEditor({ title, onSave }: { title: string; onSave(t: string): void }) {
  const [value, setValue] = useState(title);
  useEffect(() => setValue(title), [title]);
  return (
    <form
      class="sop__title"
      onSubmit={(e) => {
        e.preventDefault();
        onSave(value);
      }}
    >
      <label for="sop-title">Title</label>
      <input id="sop-title" value={value} onInput={(e) => setValue(e.currentTarget.value)} maxLength={300} />
      <button class="btn btn--small" type="submit" disabled={value.trim() === '' || value === title}>
        Rename
      </button>
    </form>
  );
}

interface StepItemProps {
  step: Step;
  index: number;
  last: boolean;
  onSave(text: string, narration: string): void;
  onMove(dir: -1 | 1): void;
  onDelete(): void;
}

function StepItem({ step, index, last, onSave, onMove, onDelete }: StepItemProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(step.text);
  const [spoken, setSpoken] = useState(step.narration ?? '');
  const n = index + 1;
  useEffect(() => setDraft(step.text), [step.text]);
  useEffect(() => setSpoken(step.narration ?? ''), [step.narration]);
  const save = () => {
    onSave(draft, spoken);
    setEditing(false);
  };

  return (
    <li class="step" data-step-id={step.id}>
      <div class="step__head">
        <span class="step__num" aria-hidden="true">{n}</span>
        {editing ? (
          <form
            class="step__edit"
            onSubmit={(e) => {
              e.preventDefault();
              save();
            }}
          >
            <label class="sr-only" for={`step-text-${step.id}`}>
              Step {n} text
            </label>
            <textarea
              id={`step-text-${step.id}`}
              value={draft}
              rows={2}
              onInput={(e) => setDraft(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') {
                  setDraft(step.text);
                  setEditing(false);
                } else if (e.key === 'Enter' && !e.shiftKey) {
                  e.preventDefault();
                  save();
                }
              }}
              autoFocus
            />
            <label class="sr-only" for={`step-narration-${step.id}`}>
              Step {n} narration
            </label>
            <textarea
              id={`step-narration-${step.id}`}
              class="step__narration-edit"
              value={spoken}
              rows={2}
              placeholder="Narration (what was said during this step)"
              onInput={(e) => setSpoken(e.currentTarget.value)}
            />
            <button class="btn btn--small" type="submit">Save</button>
          </form>
        ) : (
          <p class="step__text" data-testid="step-text">
            <StepText text={step.text} />
          </p>
        )}
      </div>
      {step.narration && <blockquote class="step__narration">{step.narration}</blockquote>}
      <LazyVisible placeholderClass="thumb thumb--loading">
        <ShotThumb step={step} stepNumber={n} />
      </LazyVisible>
      {step.shotNote && (
        <p class="note" data-testid="shot-note">
          {step.shotNote}
        </p>
      )}
      <div class="step__actions" role="group" aria-label={`Step ${n} actions`}>
        {!editing && (
          <button class="btn btn--small" onClick={() => setEditing(true)} aria-label={`Edit step ${n}`}>
            Edit
          </button>
        )}
        <button class="btn btn--small" onClick={() => onMove(-1)} disabled={index === 0} aria-label={`Move step ${n} up`}>
          ↑
        </button>
        <button class="btn btn--small" onClick={() => onMove(1)} disabled={last} aria-label={`Move step ${n} down`}>
          ↓
        </button>
        <button class="btn btn--small btn--danger" onClick={onDelete} aria-label={`Delete step ${n}`}>
          Delete
        </button>
      </div>
    </li>
  );
}
