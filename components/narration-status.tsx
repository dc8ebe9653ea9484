/** While recording: the Whisper model's download progress, or why the narration will not be transcribed. */
import { useEffect, useState } from 'preact/hooks';
import { listenChannel, NARRATION, type NarrationProgress } from '../lib/messaging/channels';

export function NarrationStatus() {
  const [progress, setProgress] = useState<NarrationProgress>();
  useEffect(() => {
    return listenChannel(NARRATION, setProgress);
  }, []);
  if (!progress) return null;
  if (progress.phase === 'ready') return <p class="note" data-testid="narration-status">Transcribing your narration on this device.</p>;
  if (progress.phase === 'error')
    return (
      <p class="error" role="alert" data-testid="narration-status">
        Narration is recorded in the video but will not be transcribed: {progress.message}
      </p>
    );
  const pct = progress.fraction === null ? undefined : Math.round(progress.fraction * 100);
  return (
    <div class="note" data-testid="narration-status">
      Loading the speech model{pct === undefined ? '…' : ` ${pct}%`}
      <progress max={100} value={pct} aria-label="Speech model download" />
    </div>
  );
}
