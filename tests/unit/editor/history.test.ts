import { describe, expect, it } from 'vitest';
import { canRedo, canUndo, commit, redo, startHistory, undo } from '../../../lib/editor/history';

describe('history', () => {
  it('undoes and redoes in order, and a new edit clears the redo stack', () => {
    let h = startHistory('a');
    h = commit(h, 'b', { now: 0 });
    h = commit(h, 'c', { now: 10_000 });
    h = undo(h);
    expect(h.present).toBe('b');
    h = undo(h);
    expect(h.present).toBe('a');
    expect(canUndo(h)).toBe(false);
    h = redo(h);
    expect(h.present).toBe('b');
    h = commit(h, 'x', { now: 20_000 });
    expect(canRedo(h)).toBe(false);
    expect(undo(h).present).toBe('b');
  });

  it('coalesces a burst of edits under one key into one undo step', () => {
    let h = startHistory('');
    h = commit(h, 'D', { key: 'text:s1', now: 0 });
    h = commit(h, 'De', { key: 'text:s1', now: 300 });
    h = commit(h, 'Dep', { key: 'text:s1', now: 600 });
    expect(undo(h).present).toBe('');
  });

  it('does not coalesce across keys or after a pause', () => {
    let h = startHistory('');
    h = commit(h, 'a', { key: 'k1', now: 0 });
    h = commit(h, 'ab', { key: 'k2', now: 100 });
    expect(undo(h).present).toBe('a');
    h = commit(h, 'abc', { key: 'k2', now: 5_000 });
    expect(undo(h).present).toBe('ab');
  });

  it('undo and redo at the ends are harmless', () => {
    const h = startHistory(1);
    expect(undo(h)).toBe(h);
    expect(redo(h)).toBe(h);
  });
});
