/** The toolbar badge: step count while recording, "❚❚" while paused. */
import type { RecordingState } from '../model';

export async function showBadge(state: RecordingState): Promise<void> {
  const live = state.phase === 'recording' || state.phase === 'paused' || state.phase === 'starting';
  const text = !live ? '' : state.phase === 'paused' ? '❚❚' : String(state.stepCount);
  await chrome.action.setBadgeText({ text });
  if (live) await chrome.action.setBadgeBackgroundColor({ color: state.phase === 'paused' ? '#6b7280' : '#dc2626' });
  await chrome.action.setTitle({ title: live ? `SOP Recorder — recording (${state.stepCount} steps)` : 'SOP Recorder' });
}
