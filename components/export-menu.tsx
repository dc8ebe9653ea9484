/** The export buttons of one SOP (popup and editor), with progress and Cancel for slow exports. */
import { useRef, useState } from 'preact/hooks';
import { EXPORT_ACTIONS, type ExportAction } from '../lib/exporting/actions';
import { ExportCancelled, type ExportProgress } from '../lib/exporting/context';
import type { SopId } from '../lib/model';

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

  async function run(action: ExportAction) {
    const controller = new AbortController();
    abort.current = controller;
    setRunning({ action });
    try {
      const name = await action.run(sopId, {
        signal: controller.signal,
        progress: (progress) => setRunning((r) => (r && r.action === action ? { action, progress } : r)),
      });
      onResult(`Exported ${name}`, true);
    } catch (e) {
      onResult(e instanceof ExportCancelled ? 'Export cancelled.' : e instanceof Error ? e.message : String(e), e instanceof ExportCancelled);
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
    <div class="exports" role="group" aria-label="Export">
      {EXPORT_ACTIONS.filter((a) => a.featured).map(button)}
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
            {running.action.label.replace(/^Export /, 'Exporting ')}
            {running.progress ? ` — ${running.progress.note}` : '…'}
          </span>
          {running.progress?.fraction !== undefined && <progress max={1} value={running.progress.fraction} />}
          <button class={`btn${size}`} onClick={() => abort.current?.abort()}>
            Cancel export
          </button>
        </div>
      )}
    </div>
  );
}
