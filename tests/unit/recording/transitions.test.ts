import { describe, expect, it } from 'vitest';
import { IDLE_STATE, recordingClock, type SessionId } from '../../../lib/model';
import * as tr from '../../../lib/recording/transitions';

const sessionId = 's1' as SessionId;

function recordingAt(start: number) {
  return tr.started(tr.begin(IDLE_STATE, { sessionId, tabId: 7, now: start }), { now: start, streaming: true });
}

describe('recording transitions', () => {
  it('runs start → pause → resume → stop and keeps the clock without the pause', () => {
    let s = recordingAt(1_000);
    expect(s.phase).toBe('recording');
    s = tr.pause(s, 3_000);
    expect(recordingClock(s, 10_000)).toBe(2_000);
    s = tr.resume(s, 5_000);
    expect(s.pausedMs).toBe(2_000);
    expect(recordingClock(s, 6_000)).toBe(3_000);
    s = tr.stopping(s, 7_000);
    expect(s.phase).toBe('stopping');
    expect(recordingClock(s, 60_000)).toBe(4_000);
  });

  it('stopping while paused counts the pause as paused', () => {
    const s = tr.stopping(tr.pause(recordingAt(0), 1_000), 5_000);
    expect(recordingClock(s, 5_000)).toBe(1_000);
  });

  it.each([
    ['pause while paused', () => tr.pause(tr.pause(recordingAt(0), 1), 2), 'paused'],
    ['resume while recording', () => tr.resume(recordingAt(0), 5), 'recording'],
  ])('%s is harmless (a retried message)', (_l, run, phase) => {
    expect(run().phase).toBe(phase);
  });

  it.each([
    ['start twice', () => tr.begin(recordingAt(0), { sessionId, tabId: 1, now: 1 }), /already/],
    ['pause when idle', () => tr.pause(IDLE_STATE, 1), /Nothing is recording/],
    ['stop when idle', () => tr.stopping(IDLE_STATE, 1), /Nothing is recording/],
  ])('%s is refused with a readable message', (_l, run, message) => {
    expect(run).toThrow(message);
  });

  it('follows new tabs once and captures only from followed tabs while recording', () => {
    let s = tr.followTab(tr.followTab(recordingAt(0), 9), 9);
    expect(s.tabIds).toEqual([7, 9]);
    expect(tr.capturing(s, 9)).toBe(true);
    expect(tr.capturing(s, 8)).toBe(false);
    s = tr.pause(s, 1);
    expect(tr.capturing(s, 7)).toBe(false);
    expect(tr.dropTab(s, 9).tabIds).toEqual([7]);
  });

  it('stopped keeps only the new SOP id', () => {
    const s = tr.stopped(recordingAt(0), 'sop' as never);
    expect(s).toEqual({ ...IDLE_STATE, lastSopId: 'sop' });
  });
});
