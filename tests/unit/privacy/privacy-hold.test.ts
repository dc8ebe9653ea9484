import { describe, expect, it } from 'vitest';
import { IDLE_STATE, recordingClock, type RecordingState } from '../../../lib/model';
import { applyHold, holdNotice, holdReason, releaseHold, withSensitiveFocus, withTabUrl, withoutTabFocus } from '../../../lib/privacy/privacy-hold';

function recording(extra: Partial<RecordingState> = {}): RecordingState {
  return { ...IDLE_STATE, phase: 'recording', tabId: 1, tabIds: [1, 2], startedAt: 0, privacy: { blockedSites: ['*.bank.com'], pauseOnSensitiveFocus: true }, ...extra };
}

describe('privacy holds', () => {
  it('a secret field with focus holds capture, and the clock stops like a pause', () => {
    const held = applyHold(withSensitiveFocus(recording(), 1, 0, true), 1_000);
    expect(held.hold).toBe('sensitive-field');
    expect(held.phase).toBe('recording');
    expect(recordingClock(held, 5_000)).toBe(1_000);
    const released = applyHold(withSensitiveFocus(held, 1, 0, false), 5_000);
    expect(released.hold).toBeUndefined();
    expect(released.pausedMs).toBe(4_000);
    expect(recordingClock(released, 6_000)).toBe(2_000);
    expect(holdNotice(held)).toMatch(/^Paused while you type a password/);
  });

  it('the option turns the focus hold off', () => {
    const state = withSensitiveFocus(recording({ privacy: { blockedSites: [], pauseOnSensitiveFocus: false } }), 1, 0, true);
    expect(holdReason(state)).toBeUndefined();
  });

  it('a focus lost in another frame does not lift the hold of the frame that has it now', () => {
    const state = withSensitiveFocus(withSensitiveFocus(recording(), 1, 0, true), 1, 3, true);
    expect(withSensitiveFocus(state, 1, 0, false).sensitiveFocus).toEqual({ tabId: 1, frameId: 3 });
    expect(withoutTabFocus(state, 1).sensitiveFocus).toBeUndefined();
  });

  it('the recorded tab on a never-record site holds; another followed tab there only stops its own capture', () => {
    const onBank = withTabUrl(recording(), 1, 'https://online.bank.com/');
    expect(onBank.blockedTabIds).toEqual([1]);
    expect(holdReason(onBank)).toBe('blocked-site');
    const back = withTabUrl(onBank, 1, 'https://console.example.com/');
    expect(back.blockedTabIds).toEqual([]);
    const other = withTabUrl(recording(), 2, 'https://bank.com/');
    expect(holdReason(other)).toBeUndefined();
    expect(holdNotice(other)).toMatch(/never-record/);
  });

  it('no hold while the author paused or before recording', () => {
    expect(holdReason(withSensitiveFocus(recording({ phase: 'paused', pausedAt: 0 }), 1, 0, true))).toBeUndefined();
    expect(holdReason(withSensitiveFocus({ ...IDLE_STATE }, 1, 0, true))).toBeUndefined();
  });

  it('releaseHold is a no-op without a hold', () => {
    const state = recording({ pausedMs: 10 });
    expect(releaseHold(state, 99)).toBe(state);
  });
});
