/** "Transcribe narration again": the stored recording's audio through the model chosen in Options. */
import { useRef, useState } from 'preact/hooks';
import { finishRecording } from '../../lib/db/recording-store';
import type { SessionId } from '../../lib/model';
import type { Transcript } from '../../lib/narration/segments';
import { chosenNarrationModel } from '../../lib/platform/narration-settings';
import { transcribeRecording, type RetranscribeProgress } from '../../lib/media/retranscribe';

interface Props {
  sessionId: SessionId;
  /** Apply the new transcript to the steps (an undoable edit); returns the notice to show. */
  onTranscript(transcript: Transcript, modelLabel: string): void;
}

const PHASE: Record<RetranscribeProgress['phase'], string> = {
  decoding: 'Reading the recorded audio',
  'loading-model': 'Loading the speech model',
  transcribing: 'Transcribing',
};

export function Retranscribe({ sessionId, onTranscript }: Props) {
  const [progress, setProgress] = useState<RetranscribeProgress>();
  const [error, setError] = useState<string>();
  const abort = useRef<AbortController>();

  async function run() {
    const controller = new AbortController();
    abort.current = controller;
    setError(undefined);
    setProgress({ phase: 'decoding' });
    try {
      const { model, label } = await chosenNarrationModel();
      const transcript = await transcribeRecording(sessionId, model, setProgress, controller.signal);
      await finishRecording(sessionId, { transcript, narrationError: undefined });
      onTranscript(transcript, label);
    } catch (e) {
      if (!(e instanceof DOMException && e.name === 'AbortError')) setError(e instanceof Error ? e.message : String(e));
    } finally {
      abort.current = undefined;
      setProgress(undefined);
    }
  }

  return (
    <span class="retranscribe">
      {progress ? (
        <span role="status" data-testid="retranscribe-progress">
          {PHASE[progress.phase]}
          {progress.fraction !== undefined ? ` ${Math.round(progress.fraction * 100)} %` : '…'}{' '}
          <button class="btn btn--small" onClick={() => abort.current?.abort()}>
            Cancel transcription
          </button>
        </span>
      ) : (
        <button class="btn btn--small" title="Run the speech model chosen in Options over this recording's audio" onClick={() => void run()}>
          Transcribe narration again
        </button>
      )}
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
