/**
 * Automatic pauses for privacy, on top of the author's own Pause: while the recorded tab shows a
 * never-record site, or while a password or other secret field has focus. The phase stays 'recording'
 * (the popup still says Recording and the author's Pause/Resume keep working); `hold` names the reason and
 * `pausedAt` stops the recording clock exactly as a pause does, so the video (paused with it) and the
 * steps stay on one clock.
 */
import type { RecordingState } from '../model';
import { isBlockedUrl } from './site-rules';

export type HoldReason = NonNullable<RecordingState['hold']>;

/** Why capture should be held now, if it should. */
export function holdReason(state: RecordingState): HoldReason | undefined {
  if (state.phase !== 'recording') return undefined;
  if (state.tabId !== undefined && state.blockedTabIds?.includes(state.tabId)) return 'blocked-site';
  if (state.sensitiveFocus && state.privacy?.pauseOnSensitiveFocus !== false) return 'sensitive-field';
  return undefined;
}

/** Ends a hold: its time joins the paused time. A no-op without a hold. */
export function releaseHold(state: RecordingState, now: number): RecordingState {
  if (!state.hold) return state;
  const held = state.pausedAt !== undefined ? Math.max(0, now - state.pausedAt) : 0;
  return { ...state, hold: undefined, pausedAt: undefined, pausedMs: state.pausedMs + held };
}

/** The state with its hold brought in line with `holdReason`. */
export function applyHold(state: RecordingState, now: number): RecordingState {
  const reason = holdReason(state);
  if (!reason) return releaseHold(state, now);
  if (state.hold) return state.hold === reason ? state : { ...state, hold: reason };
  return { ...state, hold: reason, pausedAt: now };
}

/** Whether what a tab sends is captured now (the author's pause and holds aside). */
export function tabBlocked(state: RecordingState, tabId: number | undefined): boolean {
  return tabId !== undefined && (state.blockedTabIds?.includes(tabId) ?? false);
}

/** Whether a page at `url` is on a never-record site under the rules taken at Start. */
export function urlBlocked(state: RecordingState, url: string): boolean {
  return isBlockedUrl(url, state.privacy?.blockedSites ?? []);
}

/** `state` knowing that `tabId` now shows `url`. */
export function withTabUrl(state: RecordingState, tabId: number, url: string): RecordingState {
  const blocked = urlBlocked(state, url);
  const list = state.blockedTabIds ?? [];
  const has = list.includes(tabId);
  if (blocked === has) return state;
  return { ...state, blockedTabIds: blocked ? [...list, tabId] : list.filter((id) => id !== tabId) };
}

/** `state` after a frame reports that a secret field gained (true) or lost (false) focus. */
export function withSensitiveFocus(state: RecordingState, tabId: number, frameId: number, focused: boolean): RecordingState {
  if (focused) return { ...state, sensitiveFocus: { tabId, frameId } };
  const f = state.sensitiveFocus;
  // Focus moved to another frame's field in between: that report stands.
  if (!f || f.tabId !== tabId || f.frameId !== frameId) return state;
  return { ...state, sensitiveFocus: undefined };
}

/** A tab's top document changed: any focus it held in any of its frames is gone. */
export function withoutTabFocus(state: RecordingState, tabId: number): RecordingState {
  return state.sensitiveFocus?.tabId === tabId ? { ...state, sensitiveFocus: undefined } : state;
}

/** What the popup says while a hold lasts. */
export function holdNotice(state: Pick<RecordingState, 'hold' | 'blockedTabIds' | 'phase'>): string | undefined {
  if (state.hold === 'sensitive-field') return 'Paused while you type a password or other secret: no video, narration or screenshot of the field until you leave it (its value is never read).';
  if (state.hold === 'blocked-site') return 'Paused: this site is on your never-record list (Options). Recording resumes when you leave it.';
  if (state.phase === 'recording' && (state.blockedTabIds?.length ?? 0) > 0) return 'A tab of this workflow shows a never-record site: nothing is captured there.';
  return undefined;
}
