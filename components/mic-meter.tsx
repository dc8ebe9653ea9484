/** The live microphone level while recording, so a silent or muted mic is noticed at once. */
import { useEffect, useState } from 'preact/hooks';
import { listenChannel, MIC_LEVEL } from '../lib/messaging/channels';

export function MicMeter() {
  const [level, setLevel] = useState(0);
  useEffect(() => {
    return listenChannel(MIC_LEVEL, ({ level }) => setLevel(level));
  }, []);
  const pct = Math.round(Math.min(1, Math.max(0, level)) * 100);
  return (
    <div class="mic" title="Microphone level">
      <span aria-hidden="true">🎙</span>
      <meter class="mic__meter" min={0} max={100} value={pct} aria-label="Microphone level" data-testid="mic-level" />
    </div>
  );
}
