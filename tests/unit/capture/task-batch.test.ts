import { describe, expect, it, vi } from 'vitest';
import { createTaskBatch } from '../../../lib/capture/task-batch';

describe('task batch', () => {
  it('registers one task for all the work added before it runs, and runs it in order', () => {
    const tasks: Array<() => void> = [];
    const batch = createTaskBatch((run) => void tasks.push(run));
    const ran: string[] = [];
    batch(() => ran.push('prepare'));
    batch(() => ran.push('shot'));
    batch(() => ran.push('drain'));
    expect(tasks).toHaveLength(1);
    tasks.shift()!();
    expect(ran).toEqual(['prepare', 'shot', 'drain']);
  });

  it('work added while the batch runs, or after it, goes to a new task', () => {
    const tasks: Array<() => void> = [];
    const batch = createTaskBatch((run) => void tasks.push(run));
    const ran: string[] = [];
    batch(() => {
      ran.push('a');
      batch(() => ran.push('b'));
    });
    tasks.shift()!();
    expect(ran).toEqual(['a']);
    expect(tasks).toHaveLength(1);
    tasks.shift()!();
    expect(ran).toEqual(['a', 'b']);
  });

  it('a piece of work that throws does not stop the rest, and is reported', () => {
    const tasks: Array<() => void> = [];
    const batch = createTaskBatch((run) => void tasks.push(run));
    const ran: string[] = [];
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      batch(() => {
        throw new Error('boom');
      });
      batch(() => ran.push('after'));
      tasks.shift()!();
      expect(ran).toEqual(['after']);
      expect(logged).toHaveBeenCalledWith(expect.any(String), expect.objectContaining({ message: 'boom' }));
    } finally {
      logged.mockRestore();
    }
  });
});
