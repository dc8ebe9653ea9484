/** Start / Pause / Resume / Stop with the elapsed time and live step count. */
import { useState } from 'preact/hooks';
import { recordingClock, type RecordingState, type SopId } from '../lib/model';
import { isLive } from '../lib/recording/transitions';
import { useEffect } from 'preact/hooks';
import { microphoneState, openMicrophonePage } from '../lib/platform/microphone-permission';
import { send, useAction, useTicker } from './hooks';
import { MicMeter } from './mic-meter';
import { NarrationStatus } from './narration-status';
import { holdNotice } from '../lib/privacy/privacy-hold';

export function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  const mm = String(Math.floor(s / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mm.slice(-2)}:${ss}` : `${mm}:${ss}`;
}

interface Props {
  state: RecordingState;
  tabId: number | undefined;
  onStopped(sopId: SopId, stopClickedAt: number): void;
}

export function RecorderPanel({ state, tabId, onStopped }: Props) {
  const { busy, error, run } = useAction();
  const [mic, setMic] = useState<PermissionState | 'unknown'>('unknown');
  useEffect(() => {
    void microphoneState().then(setMic);
  }, [state.phase]);
  const live = isLive(state);
  const now = useTicker(state.phase === 'recording');
  const elapsed = recordingClock(state, now);

  const start = () =>
    run(async () => {
      if (tabId === undefined) throw new Error('No tab to record.');
      await send('background', 'recording.start', { tabId });
    });
  const stop = () =>
    run(async () => {
      const clickedAt = performance.now();
      const { sopId } = await send('background', 'recording.stop', {});
      if (sopId) onStopped(sopId, clickedAt);
    });

  return (
    <section class="recorder" aria-label="Recorder">
      <div class="recorder__status" role="status" aria-live="polite">
        <span class={`dot dot--${state.phase}`} aria-hidden="true" />
        <span data-testid="phase">
          {state.phase === 'recording' ? 'Recording' : state.phase === 'paused' ? 'Paused' : state.phase === 'starting' ? 'Starting…' : state.phase === 'stopping' ? 'Drafting your SOP…' : 'Ready'}
        </span>
        {live && (
          <>
            <time data-testid="elapsed">{formatElapsed(elapsed)}</time>
            <span data-testid="step-count">
              {state.stepCount} {state.stepCount === 1 ? 'step' : 'steps'}
            </span>
          </>
        )}
      </div>
      <div class="recorder__buttons">
        {!live && state.phase !== 'stopping' && (
          <button class="btn btn--primary" onClick={start} disabled={busy || tabId === undefined}>
            Start recording
          </button>
        )}
        {state.phase === 'recording' && (
          <button class="btn" onClick={() => run(() => send('background', 'recording.pause', {}))} disabled={busy}>
            Pause
          </button>
        )}
        {state.phase === 'paused' && (
          <button class="btn" onClick={() => run(() => send('background', 'recording.resume', {}))} disabled={busy}>
            Resume
          </button>
        )}
        {live && (
          <button class="btn btn--danger" onClick={stop} disabled={busy || state.phase === 'starting'}>
            Stop recording
          </button>
        )}
      </div>
      {live && state.narration === 'on' && <MicMeter />}
      {live && state.narration === 'on' && <NarrationStatus />}
      {live && state.narration === 'off' && (
        <p class="note" data-testid="narration-note">
          {state.narrationNote ?? 'No narration: the microphone is not recorded.'}
        </p>
      )}
      {!live && mic !== 'granted' && mic !== 'unknown' && (
        <p class="note">
          Narrate while you work?{' '}
          <button class="btn btn--small" onClick={() => void openMicrophonePage()}>
            Allow microphone
          </button>
        </p>
      )}
      {live && state.tabIds.length > 1 && <p class="note">Following {state.tabIds.length} tabs opened by this workflow.</p>}
      {live && !state.streaming && <p class="note">No tab video: screenshots come from the visible tab instead.</p>}
      {live && holdNotice(state) && (
        <p class="note note--privacy" data-testid="privacy-hold">
          {holdNotice(state)}
        </p>
      )}
      {(error ?? (live || state.phase === 'idle' ? state.error : undefined)) && (
        <p class="error" role="alert">
          {error ?? state.error}
        </p>
      )}
    </section>
  );
}
