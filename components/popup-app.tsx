/** The popup: recorder controls on top, then the library or one SOP. */
import { useEffect, useState } from 'preact/hooks';
import type { SopId } from '../lib/model';
import { controlledTabId } from '../lib/platform/popup-env';
import { DISK_FULL_MESSAGE } from '../lib/recording/storage-full';
import { useRecordingState } from './hooks';
import { RecorderPanel } from './recorder-panel';
import { RecoveryBanner } from './recovery-banner';
import { SopLibrary } from './sop-library';
import { SopView } from './sop-view';

export function PopupApp() {
  const state = useRecordingState();
  const [tabId, setTabId] = useState<number>();
  const [open, setOpen] = useState<{ id: SopId; stopClickedAt?: number }>();

  useEffect(() => {
    void controlledTabId().then(setTabId);
  }, []);

  // The recorder stopped by itself (a full disk): show what it saved, as after a Stop.
  const stoppedBySelf = state.phase === 'idle' && state.error === DISK_FULL_MESSAGE ? state.lastSopId : undefined;
  useEffect(() => {
    if (stoppedBySelf) setOpen((o) => o ?? { id: stoppedBySelf });
  }, [stoppedBySelf]);

  return (
    <main class="popup">
      <header class="popup__header">
        <h1>SOP Recorder</h1>
        <span class="popup__tag">local only</span>
      </header>
      <RecorderPanel state={state} tabId={tabId} onStopped={(id, stopClickedAt) => setOpen({ id, stopClickedAt })} />
      <RecoveryBanner state={state} onRecovered={(id) => setOpen({ id })} />
      {open ? (
        <SopView key={open.id} sopId={open.id} tabId={tabId} stopClickedAt={open.stopClickedAt} onBack={() => setOpen(undefined)} />
      ) : (
        <SopLibrary tabId={tabId} onOpen={(id) => setOpen({ id })} />
      )}
    </main>
  );
}
