import { describe, expect, it } from 'vitest';
import { IDLE_STATE, type RecordingState, type SessionId } from '../../../lib/model';
import { describeUnfinished, recoveredDurationMs, recoverLabel, unfinishedSessions, type StoredRecording } from '../../../lib/recording/recovery';
import { isStorageFull } from '../../../lib/recording/storage-full';
import { events as ev, resetFactories, startPage, targets } from '../factories';

const row = (id: string, o: Partial<StoredRecording> = {}): StoredRecording => ({ id: id as SessionId, status: 'recording', startedAt: 1_000, ...o });
const live = (sessionId: string, phase: RecordingState['phase'] = 'recording'): RecordingState => ({ ...IDLE_STATE, phase, sessionId: sessionId as SessionId });

describe('unfinished recordings', () => {
  it('offers rows still recording that no live recording owns, oldest first', () => {
    const rows = [row('b', { startedAt: 2_000 }), row('a'), row('done', { status: 'done' }), row('failed', { status: 'failed' }), row('drafted', { sopId: 'sop-1' })];
    expect(unfinishedSessions(rows, IDLE_STATE).map((r) => r.id)).toEqual(['a', 'b']);
  });

  it.each(['recording', 'paused', 'starting', 'stopping'] as const)('never offers the session that is %s now', (phase) => {
    expect(unfinishedSessions([row('a'), row('b')], live('b', phase)).map((r) => r.id)).toEqual(['a']);
  });

  it('describes steps and seconds of video kept', () => {
    const u = describeUnfinished(row('a'), 3, { count: 12, bytes: 1, lastT: 12_400 });
    expect(recoverLabel(u)).toBe('Recover unfinished recording (3 steps, 12 s of video)');
    expect(recoverLabel(describeUnfinished(row('a'), 1, { count: 0, bytes: 0 }))).toBe('Recover unfinished recording (1 step, no video)');
  });

  it('takes the duration from the last event or the last chunk, whichever is later', () => {
    resetFactories();
    const events = [startPage(), ev.click(targets.button('Deploy'), 7_000)];
    expect(recoveredDurationMs(events, { count: 3, bytes: 1, lastT: 3_000 })).toBe(7_000);
    expect(recoveredDurationMs(events, { count: 9, bytes: 1, lastT: 9_000 })).toBe(9_000);
    expect(recoveredDurationMs([], { count: 0, bytes: 0 })).toBe(0);
  });
});

describe('isStorageFull', () => {
  const named = (name: string, message = '') => Object.assign(new Error(message), { name });
  it.each([
    ['a QuotaExceededError DOMException', named('QuotaExceededError')],
    ['Dexie wrapping it', Object.assign(named('AbortError', 'Transaction aborted'), { inner: named('QuotaExceededError') })],
    ['an abort caused by it', new Error('aborted', { cause: named('QuotaExceededError') })],
    ['its text after a message hop', 'QuotaExceededError: The quota has been exceeded.'],
    ['a message naming it', new Error('Error: QuotaExceededError in chunks')],
    ['a full disk under unlimitedStorage (Chromium: the backing store fails)', named('UnknownError', 'Internal error opening backing store for indexedDB.open.')],
  ])('is true for %s', (_, e) => expect(isStorageFull(e)).toBe(true));
  it.each([
    ['a closed database', named('DatabaseClosedError', 'Database has been closed')],
    ['a constraint error', named('ConstraintError')],
    ['another unknown error', named('UnknownError', 'The operation failed for reasons unrelated to the database itself.')],
    ['nothing', undefined],
  ])('is false for %s', (_, e) => expect(isStorageFull(e)).toBe(false));
});
