/** "Save clip (GIF)" on one step: that step's moment of the recording as a GIF, made by the offscreen
 * document's video job (lib/media/video-jobs.ts, kind 'gif-step'), with progress and Cancel. */
import { useRef, useState } from 'preact/hooks';
import type { SopId, StepId } from '../../lib/model';
import type { ExportProgress } from '../../lib/exporting/context';

interface Props {
  sopId: SopId;
  stepId: StepId;
  n: number;
}

type ClipState = { readonly kind: 'idle' } | { readonly kind: 'saving'; readonly progress: ExportProgress } | { readonly kind: 'saved' | 'error'; readonly text: string };

export function StepClip({ sopId, stepId, n }: Props) {
  const [state, setState] = useState<ClipState>({ kind: 'idle' });
  const abort = useRef<AbortController>();

  async function run() {
    const controller = new AbortController();
    abort.current = controller;
    setState({ kind: 'saving', progress: { note: 'starting' } });
    try {
      // Imported on use, like the export menu's video exports: ffmpeg's client stays out of the editor's chunk.
      const { exportVideo } = await import('../../lib/exporting/video');
      const fileName = await exportVideo(sopId, 'gif-step', { signal: controller.signal, progress: (progress) => setState({ kind: 'saving', progress }) }, stepId);
      setState({ kind: 'saved', text: `Saved ${fileName}` });
    } catch (e) {
      if (controller.signal.aborted) setState({ kind: 'idle' });
      else setState({ kind: 'error', text: e instanceof Error ? e.message : String(e) });
    } finally {
      abort.current = undefined;
    }
  }

  if (state.kind === 'saving') {
    const { fraction, note } = state.progress;
    return (
      <span class="step-clip" role="status" data-testid={`step-clip-progress-${n}`}>
        Clip of step {n}: {note}
        {fraction !== undefined ? ` ${Math.round(fraction * 100)} %` : '…'}{' '}
        <button class="btn btn--small" onClick={() => abort.current?.abort()} aria-label={`Cancel the clip of step ${n}`}>
          Cancel
        </button>
      </span>
    );
  }
  return (
    <>
      <button class="btn btn--small" onClick={() => void run()} aria-label={`Save a GIF clip of step ${n}`} title="This step's moment of the recording, 1 s before to 3 s after, as a GIF">
        Save clip (GIF)
      </button>
      {state.kind === 'saved' && (
        <span class="step-clip" role="status">
          {state.text}
        </span>
      )}
      {state.kind === 'error' && (
        <span class="error" role="alert">
          {state.text}
        </span>
      )}
    </>
  );
}
