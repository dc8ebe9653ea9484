/**
 * The full editor for one SOP: the document's sections around the steps, every step editable (reorder by
 * drag or Alt+Arrow, merge, split, insert, delete, expected result, notes, warnings, lane), saved versions
 * and the flow diagram; undo/redo for all of it (Ctrl+Z / Ctrl+Shift+Z); steps and document autosaved.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { getDocument, saveDocument } from '../../lib/db/document-store';
import { getSop, listSteps, replaceSteps } from '../../lib/db/sop-store';
import { setMetadata, type EditorState } from '../../lib/editor/doc-ops';
import { canRedo, canUndo, commit, redo, startHistory, undo, type History } from '../../lib/editor/history';
import { deleteSteps, insertManualStep, mergeWithPrevious, moveStepTo, splitStep, updateStep, type ShotPatch } from '../../lib/editor/step-ops';
import type { Sop, SopId, Step, StepId } from '../../lib/model';
import { ExportMenu } from '../export-menu';
import { GuideButton } from '../guide/guide-button';
import { GuideLog } from '../guide/guide-log';
import { DriftReport } from '../drift/drift-report';
import { TeamStatus } from '../team-status';
import type { SopDocument } from '../../lib/sop/document';
import { section } from '../../lib/sop/sections';
import { DocDiagram } from './doc-diagram';
import type { OnEdit } from './doc-fields';
import { DocRevisions } from './doc-revisions';
import { DocAfterSteps, DocBeforeSteps } from './doc-sections';
import { DocStepNotes } from './doc-step-notes';
import { HighlightEditor } from './highlight-editor';
import { LazyVisible } from '../lazy-visible';
import { useProgressiveCount } from './use-progressive';
import { RecordingPlayer } from './recording-player';
import { Retranscribe } from './retranscribe';
import { StepClip } from './step-clip';
import { narrateSteps } from '../../lib/narration/align';

const AUTOSAVE_MS = 500;

type SaveState = { readonly kind: 'saved' } | { readonly kind: 'saving' } | { readonly kind: 'error'; readonly message: string };

/** Writes what changed since the last save: the steps, then the document (whose diagram follows the steps). */
async function persist(sopId: SopId, present: EditorState, saved: EditorState | undefined): Promise<void> {
  if (present.steps !== saved?.steps) await replaceSteps(sopId, present.steps);
  if (present.doc !== saved?.doc || present.steps !== saved?.steps) await saveDocument(present.doc, present.steps);
}

export function SopEditor({ sopId, onBack }: { sopId: SopId; onBack(): void }) {
  const [sop, setSop] = useState<Sop | null>();
  const [history, setHistory] = useState<History<EditorState>>();
  const [save, setSave] = useState<SaveState>({ kind: 'saved' });
  const [notice, setNotice] = useState<string>();
  const [loadError, setLoadError] = useState<string>();
  const [playing, setPlaying] = useState<number>();
  const saved = useRef<EditorState>();
  const shownSteps = useProgressiveCount(history?.present.steps.length ?? 0);

  useEffect(() => {
    let alive = true;
    void (async () => {
      const [s, steps] = await Promise.all([getSop(sopId), listSteps(sopId)]);
      if (!alive) return;
      if (!s) return setSop(null);
      let doc = await getDocument(sopId);
      // The SOP record's title is the one the library shows (the popup renames only the record).
      if (s.title !== doc.metadata.title) doc = setMetadata(doc, { title: s.title });
      if (!alive) return;
      const state: EditorState = { steps, doc };
      saved.current = state;
      setSop(s);
      setHistory(startHistory(state));
    })().catch((e: unknown) => alive && setLoadError(e instanceof Error ? e.message : String(e)));
    return () => {
      alive = false;
    };
  }, [sopId]);

  // Autosave the present state, debounced; undo and redo are saved like any edit.
  const present = history?.present;
  useEffect(() => {
    if (!present || present === saved.current) return;
    setSave({ kind: 'saving' });
    const timer = setTimeout(() => {
      persist(sopId, present, saved.current).then(
        () => {
          saved.current = present;
          setSave({ kind: 'saved' });
        },
        (e: unknown) => setSave({ kind: 'error', message: e instanceof Error ? e.message : String(e) }),
      );
    }, AUTOSAVE_MS);
    return () => clearTimeout(timer);
  }, [present, sopId]);

  // Derived in render, not only set by the autosave effect: effects run after paint, so an edit would otherwise
  // show "All changes saved" until its effect ran (a reload in that moment lost it; the editor E2E caught it
  // when the page was busy).
  const shownSave: SaveState = save.kind === 'saved' && present && present !== saved.current ? { kind: 'saving' } : save;

  // Undo/redo shortcuts on the whole page: after a merge or delete the focused button is gone and focus
  // falls back to <body>, outside any element of ours.
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (!mod || (key !== 'z' && key !== 'y')) return;
      e.preventDefault();
      setHistory((h) => (h ? (key === 'y' || e.shiftKey ? redo(h) : undo(h)) : h));
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  // Flush a pending save when the tab closes.
  useEffect(() => {
    const flush = () => {
      if (present && present !== saved.current) void persist(sopId, present, saved.current);
    };
    addEventListener('pagehide', flush);
    return () => removeEventListener('pagehide', flush);
  }, [present, sopId]);

  if (loadError) return <p class="error" role="alert">This procedure could not be opened: {loadError} <button class="btn btn--small" onClick={onBack}>Back to the library</button></p>;
  if (sop === null) return <p class="error">This procedure no longer exists. <button class="btn btn--small" onClick={onBack}>Back to the library</button></p>;
  if (!sop || !history) return <p class="note">Loading…</p>;
  const { steps, doc } = history.present;

  /** Any undoable edit of the editor state; errors from the edit (a step gone, a bad name) show as a notice. */
  const onState: OnEdit<EditorState> = (next, key, message) => {
    try {
      setHistory((h) => {
        if (!h) return h;
        const n = next(h.present);
        return n === h.present ? h : commit(h, n, { key });
      });
      setNotice(message);
    } catch (e) {
      setNotice(e instanceof Error ? e.message : String(e));
    }
  };
  const onDoc: OnEdit<SopDocument> = (next, key, message) =>
    onState((s) => {
      const d = next(s.doc);
      return d === s.doc ? s : { ...s, doc: d };
    }, key, message);
  const edit = (next: (steps: readonly Step[]) => readonly Step[], key?: string, message?: string) =>
    onState((s) => ({ ...s, steps: next(s.steps) }), key, message);

  const newId = () => crypto.randomUUID() as StepId;

  return (
    <section class="editor" aria-label="SOP editor">
      <div class="editor__bar">
        <button class="btn btn--ghost" onClick={onBack}>
          ← Library
        </button>
        <div class="editor__tools" role="toolbar" aria-label="Edit">
          <button class="btn btn--small" onClick={() => setHistory(undo(history))} disabled={!canUndo(history)}>
            Undo
          </button>
          <button class="btn btn--small" onClick={() => setHistory(redo(history))} disabled={!canRedo(history)}>
            Redo
          </button>
          <GuideButton sopId={sopId} small onResult={(message) => setNotice(message)} />
          <ExportMenu sopId={sopId} small onResult={(message) => setNotice(message)} />
          {sop.sessionId && (
            <Retranscribe
              sessionId={sop.sessionId}
              onTranscript={(transcript, label) => {
                const spoken = transcript.segments.filter((s) => s.text.trim()).length;
                edit(
                  (current) => narrateSteps(current, transcript.segments, { replace: true }),
                  undefined,
                  `Narration transcribed again with ${label}: ${spoken} ${spoken === 1 ? 'sentence' : 'sentences'}. Undo brings the previous narration back.`,
                );
              }}
            />
          )}
          <span class={`save save--${shownSave.kind}`} role="status" data-testid="save-state">
            {shownSave.kind === 'saved' ? 'All changes saved' : shownSave.kind === 'saving' ? 'Saving…' : `Not saved: ${shownSave.message}`}
          </span>
        </div>
      </div>
      <TitleField title={doc.metadata.title} onTitle={(title) => onDoc((d) => setMetadata(d, { title }), 'title')} />
      {notice && <p class="note" role="status">{notice}</p>}
      <TeamStatus sopId={sopId} />
      {playing !== undefined && sop.sessionId && <RecordingPlayer sessionId={sop.sessionId} atMs={playing} onClose={() => setPlaying(undefined)} />}
      <DocBeforeSteps doc={doc} steps={steps} onDoc={onDoc} onState={onState} />
      <section class="dsec" aria-labelledby="section-procedure" data-section="procedure">
        <div class="dsec__head">
          <h2 id="section-procedure">{section('procedure').heading}</h2>
        </div>
        {steps.length === 0 && <p class="prompt">{section('procedure').prompt}</p>}
        <ol class="editor__steps" aria-label="Steps">
          {steps.slice(0, shownSteps).map((step, i) => (
            <StepEditor
              key={step.id}
              step={step}
              index={i}
              count={steps.length}
              onText={(text) => edit((s) => updateStep(s, step.id, { text }), `text:${step.id}`)}
              onNarration={(narration) => edit((s) => updateStep(s, step.id, { narration }), `narration:${step.id}`)}
              onHighlight={(highlight) => edit((s) => updateStep(s, step.id, { highlight }), `highlight:${step.id}`)}
              onStepPatch={(patch) => edit((s) => updateStep(s, step.id, patch), `shot:${step.id}`)}
              onMove={(to) => edit((s) => moveStepTo(s, step.id, to), undefined, `Moved step ${i + 1} to position ${Math.max(1, Math.min(steps.length, to + 1))}.`)}
              onDropHere={(from) => edit((s) => moveStepTo(s, from, i), undefined, `Moved a step to position ${i + 1}.`)}
              onMerge={() => edit((s) => mergeWithPrevious(s, step.id), undefined, `Merged step ${i + 1} into step ${i}.`)}
              onSplit={(offset) => edit((s) => splitStep(s, step.id, offset, newId()), undefined, `Split step ${i + 1}.`)}
              onInsert={() => edit((s) => insertManualStep(s, i, sopId, newId()), undefined, `Inserted a step after step ${i + 1}.`)}
              onDelete={() => edit((s) => deleteSteps(s, [step.id]), undefined, `Deleted step ${i + 1}. Undo with Ctrl+Z.`)}
              onPlay={sop.sessionId ? () => setPlaying(step.t) : undefined}
              clip={sop.sessionId ? <StepClip sopId={sopId} stepId={step.id} n={i + 1} /> : undefined}
              notes={<DocStepNotes step={step} n={i + 1} doc={doc} onDoc={onDoc} />}
            />
          ))}
        </ol>
        <button class="btn" onClick={() => edit((s) => insertManualStep(s, s.length - 1, sopId, newId()), undefined, 'Added a step at the end.')}>
          Add a step
        </button>
      </section>
      <DocAfterSteps doc={doc} steps={steps} onDoc={onDoc} onState={onState} />
      <DocDiagram doc={doc} steps={steps} onDoc={onDoc} />
      <DocRevisions doc={doc} onState={onState} />
      <DriftReport sop={sop} steps={steps} onState={onState} />
      <GuideLog sopId={sopId} />
    </section>
  );
}

/** The title, shared by the SOP record and the document (saveDocument writes both). */
function TitleField({ title, onTitle }: { title: string; onTitle(title: string): void }) {
  return (
    <div class="editor__title">
      <label for="sop-title">Title</label>
      <input id="sop-title" value={title} maxLength={300} aria-describedby={title.trim() ? undefined : 'sop-title-error'} onInput={(e) => onTitle(e.currentTarget.value)} />
      {!title.trim() && (
        <span id="sop-title-error" class="error" role="alert">
          A procedure needs a title; the library keeps the last one until you type one.
        </span>
      )}
    </div>
  );
}

interface StepEditorProps {
  step: Step;
  index: number;
  count: number;
  onText(text: string): void;
  onNarration(text: string): void;
  onHighlight(h: NonNullable<Step['highlight']>): void;
  onStepPatch(patch: ShotPatch): void;
  onMove(to: number): void;
  /** Another step was dropped here: it takes this step's place. */
  onDropHere(stepId: StepId): void;
  onMerge(): void;
  onSplit(offset: number): void;
  onInsert(): void;
  onDelete(): void;
  onPlay?: () => void;
  /** "Save clip (GIF)" when the SOP has a recording. */
  clip?: ComponentChildren;
  /** The step's expected result, notes, warnings and lane. */
  notes?: ComponentChildren;
}

/** Steps whose screenshot editor renders at once; the rest wait until they come near the viewport. */
const EAGER_SHOTS = 12;

function StepEditor(p: StepEditorProps) {
  const { step, index } = p;
  const n = index + 1;
  const text = useRef<HTMLTextAreaElement>(null);
  const [dragOver, setDragOver] = useState(false);

  function onKeyDown(e: KeyboardEvent) {
    if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
    e.preventDefault();
    p.onMove(index + (e.key === 'ArrowUp' ? -1 : 1));
    // keep focus on the moved step once it re-renders at its new place
    const id = step.id;
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-step-id="${CSS.escape(id)}"] textarea`)?.focus());
  }

  return (
    <li
      class={`estep${dragOver ? ' estep--over' : ''}`}
      data-step-id={step.id}
      onKeyDown={onKeyDown}
      onDragOver={(e) => {
        if (!e.dataTransfer?.types.includes('application/x-sop-step')) return;
        e.preventDefault();
        setDragOver(true);
      }}
      onDragLeave={() => setDragOver(false)}
      onDrop={(e) => {
        setDragOver(false);
        const from = e.dataTransfer?.getData('application/x-sop-step');
        if (!from || from === step.id) return;
        e.preventDefault();
        p.onDropHere(from as StepId);
      }}
    >
      <div class="estep__head">
        <span
          class="estep__grip"
          draggable
          title="Drag to reorder"
          aria-hidden="true"
          onDragStart={(e) => {
            e.dataTransfer?.setData('application/x-sop-step', step.id);
            e.dataTransfer!.effectAllowed = 'move';
          }}
        >
          ⋮⋮
        </span>
        <span class="estep__num">{n}</span>
        <label class="sr-only" for={`text-${step.id}`}>
          Step {n} text
        </label>
        <textarea id={`text-${step.id}`} ref={text} class="estep__text" rows={2} value={step.text} onInput={(e) => p.onText(e.currentTarget.value)} />
      </div>
      {(step.narration !== undefined || step.kind !== 'manual') && (
        <div class="estep__narration">
          <label for={`narration-${step.id}`}>Narration</label>
          <textarea id={`narration-${step.id}`} rows={1} value={step.narration ?? ''} placeholder="What was said during this step" onInput={(e) => p.onNarration(e.currentTarget.value)} />
        </div>
      )}
      {/* Read and decoded only near the viewport (the first steps at once): a 1,000-step SOP would otherwise
          read and decode every screenshot before the page settles. */}
      <LazyVisible placeholderClass="shot shot--loading" eager={index < EAGER_SHOTS}>
        <HighlightEditor step={step} stepNumber={n} onChange={p.onHighlight} onStepPatch={p.onStepPatch} />
      </LazyVisible>
      {p.notes}
      <div class="estep__actions" role="group" aria-label={`Step ${n} actions`}>
        <button class="btn btn--small" onClick={() => p.onMove(index - 1)} disabled={index === 0} aria-label={`Move step ${n} up`}>
          ↑
        </button>
        <button class="btn btn--small" onClick={() => p.onMove(index + 1)} disabled={index === p.count - 1} aria-label={`Move step ${n} down`}>
          ↓
        </button>
        <button class="btn btn--small" onClick={p.onMerge} disabled={index === 0} aria-label={`Merge step ${n} into step ${n - 1}`}>
          Merge up
        </button>
        <button class="btn btn--small" onClick={() => p.onSplit(text.current?.selectionStart ?? 0)} aria-label={`Split step ${n} at the cursor`}>
          Split
        </button>
        <button class="btn btn--small" onClick={p.onInsert} aria-label={`Insert a step after step ${n}`}>
          Insert after
        </button>
        {p.onPlay && (
          <button class="btn btn--small" onClick={p.onPlay} aria-label={`Play the recording from step ${n}`}>
            ▶ Play
          </button>
        )}
        {p.clip}
        <button class="btn btn--small btn--danger" onClick={p.onDelete} aria-label={`Delete step ${n}`}>
          Delete
        </button>
      </div>
    </li>
  );
}
