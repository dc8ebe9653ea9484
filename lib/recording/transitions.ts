/**
 * Pure transitions of the recording state machine. Each returns the next state or throws a message a user
 * can read. Calling a transition twice is safe where a retried message could do so (pause while paused).
 */
import { IDLE_STATE, type RecordingState, type SessionId, type Size } from '../model';

export function begin(
  state: RecordingState,
  { sessionId, tabId, now }: { sessionId: SessionId; tabId: number; now: number },
): RecordingState {
  if (state.phase !== 'idle') throw new Error('A recording is already running. Stop it first.');
  return { ...IDLE_STATE, phase: 'starting', sessionId, tabId, tabIds: [tabId], startedAt: now, lastSopId: state.lastSopId };
}

export function started(state: RecordingState, { now, streaming, viewport, error }: { now: number; streaming: boolean; viewport?: Size; error?: string }): RecordingState {
  if (state.phase !== 'starting') return state;
  return { ...state, phase: 'recording', startedAt: now, streaming, viewport, error };
}

export function pause(state: RecordingState, now: number): RecordingState {
  if (state.phase === 'paused') return state;
  if (state.phase !== 'recording') throw new Error('Nothing is recording.');
  return { ...state, phase: 'paused', pausedAt: now };
}

export function resume(state: RecordingState, now: number): RecordingState {
  if (state.phase === 'recording') return state;
  if (state.phase !== 'paused' || state.pausedAt === undefined) throw new Error('The recording is not paused.');
  return { ...state, phase: 'recording', pausedMs: state.pausedMs + Math.max(0, now - state.pausedAt), pausedAt: undefined };
}

export function stopping(state: RecordingState, now: number): RecordingState {
  if (state.phase !== 'recording' && state.phase !== 'paused' && state.phase !== 'starting') {
    throw new Error('Nothing is recording.');
  }
  const resumed = state.phase === 'paused' ? resume(state, now) : state;
  return { ...resumed, phase: 'stopping', stoppedAt: now };
}

export function stopped(state: RecordingState, lastSopId: RecordingState['lastSopId']): RecordingState {
  return { ...IDLE_STATE, lastSopId };
}

export function followTab(state: RecordingState, tabId: number): RecordingState {
  return state.tabIds.includes(tabId) ? state : { ...state, tabIds: [...state.tabIds, tabId] };
}

export function dropTab(state: RecordingState, tabId: number): RecordingState {
  return { ...state, tabIds: state.tabIds.filter((id) => id !== tabId) };
}

/** Whether actions from this tab are captured now. */
export function capturing(state: RecordingState, tabId: number | undefined): boolean {
  return state.phase === 'recording' && tabId !== undefined && state.tabIds.includes(tabId);
}

export function isLive(state: RecordingState): boolean {
  return state.phase === 'recording' || state.phase === 'paused' || state.phase === 'starting';
}
