/** The export buttons of one SOP (popup and editor), with progress and Cancel for slow exports. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { EXPORT_ACTIONS, type ActionOutcome, type ExportAction } from '../lib/exporting/actions';
import { PUBLISH_ACTION } from '../lib/team-sync/publish-action';
import { ExportCancelled, type ExportProgress } from '../lib/exporting/context';
import type { SopId } from '../lib/model';
import { warmEncodings, warmRenderCache } from '../lib/exporting/warm';
import { withExportRunning, withPrepareLock } from '../lib/exporting/export-locks';
import { getExportImageSettings } from '../lib/platform/export-settings';
import { useRecordingState } from './hooks';

/** How long the SOP is shown before its screenshots are prepared: the page's own first paint comes first. */
const WARM_AFTER_MS = 1_500;

interface Props {
  sopId: SopId;
  /** Called with "Exported <file>" or the error's message. */
  onResult(message: string, ok: boolean): void;
  small?: boolean;
}

export function ExportMenu({ sopId, onResult, small }: Props) {
  const [running, setRunning] = useState<{ action: ExportAction; progress?: ExportProgress }>();
  const abort = useRef<AbortController>();
  const [moreOpen, setMoreOpen] = useState(false);
  const [link, setLink] = useState<ActionOutcome['link']>();
  const [warm, setWarm] = useState<'waiting' | 'running' | 'done' | 'stopped'>('waiting');

  // Prepare the export screenshots while the SOP is on screen; an export running pauses it (the export renders
  // what is missing itself), and it picks up where it stopped afterwards.
  // Not while a recording runs or is being drafted: that work comes first (issue 13: CPU where clicks land).
  const recorderIdle = useRecordingState().phase === 'idle';
  useEffect(() => {
    if (running || !recorderIdle) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setWarm('running');
      const prepare = () => getExportImageSettings().then(({ format }) => warmRenderCache(sopId, warmEncodings(format), controller.signal));
      // One context prepares an SOP at a time (the popup, the editor, the offscreen document right after Stop); the
      // other waits its turn, then finds everything stored.
      withPrepareLock(sopId, controller.signal, prepare)
        .then((out) => setWarm(out.stopped ? 'stopped' : 'done'))
        .catch((e: unknown) => {
          // Aborted while waiting for the other page's turn: nothing went wrong.
          if (!controller.signal.aborted) console.warn('[export] preparing screenshots failed', e);
          setWarm('stopped');
        });
    }, WARM_AFTER_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [sopId, running !== undefined, recorderIdle]);

  async function run(action: ExportAction) {
    const controller = new AbortController();
    abort.current = controller;
    setRunning({ action });
    setLink(undefined);
    try {
      // Marked as running for every context: preparing this SOP elsewhere (the offscreen document) waits meanwhile.
      const result = await withExportRunning(sopId, () =>
        action.run(sopId, {
          signal: controller.signal,
          progress: (progress) => setRunning((r) => (r && r.action === action ? { action, progress } : r)),
        }),
      );
      if (typeof result === 'string') onResult(`Exported ${result}`, true);
      else {
        onResult(result.message, true);
        setLink(result.link);
      }
    } catch (e) {
      onResult(e instanceof ExportCancelled ? (action.cancelledText ?? 'Export cancelled.') : e instanceof Error ? e.message : String(e), e instanceof ExportCancelled);
    } finally {
      abort.current = undefined;
      setRunning(undefined);
    }
  }

  const size = small ? ' btn--small' : '';
  const button = (action: ExportAction) => (
    <button
      key={action.id}
      class={`btn${action.primary ? ' btn--primary' : ''}${size}`}
      title={action.hint}
      disabled={running !== undefined}
      onClick={() => void run(action)}
    >
      {action.label}
    </button>
  );
  const more = EXPORT_ACTIONS.filter((a) => !a.featured);
  return (
    <div class="exports" role="group" aria-label="Export" data-screenshots-prepared={warm}>
      {EXPORT_ACTIONS.filter((a) => a.featured).map(button)}
      {button(PUBLISH_ACTION)}
      {more.length > 0 && (
        <details class="exports__more" open={moreOpen} onToggle={(e) => setMoreOpen(e.currentTarget.open)}>
          <summary class={`btn${size}`}>More formats</summary>
          <ul class="exports__list">
            {more.map((action) => (
              <li key={action.id}>
                {button(action)} <span class="exports__hint">{action.hint}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
      {running && (
        <div class="exports__progress" role="status" aria-live="polite" data-testid="export-progress">
          <span>
            {running.action.runningLabel ?? running.action.label.replace(/^Export /, 'Exporting ')}
            {running.progress ? ` — ${running.progress.note}` : '…'}
          </span>
          {running.progress?.fraction !== undefined && <progress max={1} value={running.progress.fraction} />}
          <button class={`btn${size}`} onClick={() => abort.current?.abort()}>
            {running.action.cancelLabel ?? 'Cancel export'}
          </button>
        </div>
      )}
      {link && (
        <p class="note" data-testid="review-link">
          <a href={link.href} target="_blank" rel="noopener noreferrer">
            {link.label}
          </a>
        </p>
      )}
    </div>
  );
}
