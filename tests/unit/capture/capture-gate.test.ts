import { describe, expect, it } from 'vitest';
import { createCaptureGate, DEFAULT_HOLD_LIMIT } from '../../../lib/capture/capture-gate';

type Item = { verb: 'shot' | 'action'; at: number };
const shot = (at: number): Item => ({ verb: 'shot', at });
const action = (at: number): Item => ({ verb: 'action', at });

describe('capture gate', () => {
  it('holds what is captured before the answer and hands it back in capture order, times untouched, when recording', () => {
    const gate = createCaptureGate<Item>();
    expect(gate.phase()).toBe('unknown');
    expect(gate.capturing()).toBe(true);
    const items = [shot(10), action(11), action(12.5), shot(20), action(21)];
    for (const i of items) expect(gate.offer(i)).toBe('held');
    expect(gate.settle(true)).toEqual(items);
    expect(gate.phase()).toBe('on');
    // From now on every item is sent as it comes; nothing is held twice.
    expect(gate.offer(action(30))).toBe('send');
    expect(gate.settle(true)).toEqual([]);
  });

  it('drops what it held when the answer says not recording (or paused), and captures nothing after', () => {
    const gate = createCaptureGate<Item>();
    gate.offer(shot(1));
    gate.offer(action(2));
    expect(gate.settle(false)).toEqual([]);
    expect(gate.dropped()).toEqual({ overflow: 0, notRecording: 2 });
    expect(gate.capturing()).toBe(false);
    expect(gate.offer(action(3))).toBe('dropped');
  });

  it('follows later state changes: off then on sends new items at once, held nothing in between', () => {
    const gate = createCaptureGate<Item>();
    gate.settle(false);
    expect(gate.offer(action(1))).toBe('dropped');
    expect(gate.settle(true)).toEqual([]);
    expect(gate.offer(action(2))).toBe('send');
    gate.settle(false);
    expect(gate.offer(action(3))).toBe('dropped');
  });

  it('is bounded: past the limit the oldest held item goes, and the count says how many', () => {
    const gate = createCaptureGate<Item>({ limit: 3 });
    for (let i = 1; i <= 5; i++) gate.offer(action(i));
    expect(gate.dropped().overflow).toBe(2);
    expect(gate.settle(true).map((i) => i.at)).toEqual([3, 4, 5]);
  });

  it('holds a realistic burst under the default limit', () => {
    const gate = createCaptureGate<Item>();
    for (let i = 0; i < DEFAULT_HOLD_LIMIT; i++) gate.offer(action(i));
    expect(gate.settle(true)).toHaveLength(DEFAULT_HOLD_LIMIT);
    expect(gate.dropped().overflow).toBe(0);
  });

  it.each([0, -1, Number.NaN])('refuses a limit of %s', (limit) => {
    expect(() => createCaptureGate<Item>({ limit })).toThrow();
  });
});
