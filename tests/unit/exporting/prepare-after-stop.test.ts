/** Preparing after Stop in the offscreen document (lib/exporting/prepare-after-stop.ts): the queue, a recording
 * stopping it at once, and picking the interrupted SOP up after the next Stop. The work itself is a fake. */
import { describe, expect, it } from 'vitest';
import { createExportPreparer, enqueuePrepare, type PrepareFn, type PrepareRequest } from '../../../lib/exporting/prepare-after-stop';
import type { SopId } from '../../../lib/model';

const req = (id: string, format: PrepareRequest['format'] = 'webp'): PrepareRequest => ({ sopId: id as SopId, format });

/** A prepare that runs until the test finishes it (or its signal aborts), recording what it was asked. */
function controlledPrepare() {
  const started: string[] = [];
  const finishers: Array<() => void> = [];
  const prepare: PrepareFn = (r, signal) =>
    new Promise((resolve) => {
      started.push(r.sopId);
      const done = (stopped: boolean) => resolve({ rendered: stopped ? 0 : 1, alreadyStored: 0, stopped });
      finishers.push(() => done(false));
      signal.addEventListener('abort', () => done(true), { once: true });
    });
  return { prepare, started, finish: () => finishers.at(-1)!() };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('the queue of SOPs to prepare', () => {
  it.each([
    { queue: [], add: req('a'), want: ['a'] },
    { queue: [req('a'), req('b')], add: req('c'), want: ['c', 'a', 'b'] },
    { queue: [req('a'), req('b')], add: req('b', 'jpeg'), want: ['b', 'a'] },
  ])('newest first, one entry per SOP: $want', ({ queue, add, want }) => {
    expect(enqueuePrepare(queue, add).map((q) => q.sopId)).toEqual(want);
  });

  it('keeps the latest format asked for, and a bounded number of SOPs', () => {
    expect(enqueuePrepare([req('a', 'png')], req('a', 'jpeg'))).toEqual([req('a', 'jpeg')]);
    expect(enqueuePrepare(['a', 'b', 'c'].map((i) => req(i)), req('d'), 3).map((q) => q.sopId)).toEqual(['d', 'a', 'b']);
  });
});

describe('preparing after Stop', () => {
  it('works through the queue one SOP at a time, then says it is idle', async () => {
    const p = controlledPrepare();
    let idle = 0;
    const preparer = createExportPreparer({ prepare: p.prepare, onIdle: () => void idle++ });
    preparer.request(req('a'));
    preparer.request(req('b'));
    expect(p.started).toEqual(['a']);
    expect(preparer.current()).toBe('a');
    p.finish();
    await tick();
    expect(p.started).toEqual(['a', 'b']);
    expect(idle).toBe(0);
    p.finish();
    await tick();
    expect(preparer.current()).toBeUndefined();
    expect(idle).toBe(1);
  });

  it('stops at once when a recording starts, starts nothing more, and resumes the interrupted SOP after the next Stop', async () => {
    const p = controlledPrepare();
    let idle = 0;
    const preparer = createExportPreparer({ prepare: p.prepare, onIdle: () => void idle++ });
    preparer.request(req('a'));
    preparer.stop();
    await tick();
    expect(preparer.current()).toBeUndefined();
    expect(p.started).toEqual(['a']);
    // Not idle: 'a' is still to do, and the document stays for the recording anyway.
    expect(idle).toBe(0);
    // The next Stop: the new SOP first, then the one left unfinished.
    preparer.request(req('b'));
    expect(p.started).toEqual(['a', 'b']);
    p.finish();
    await tick();
    expect(p.started).toEqual(['a', 'b', 'a']);
    p.finish();
    await tick();
    expect(idle).toBe(1);
  });

  it('a request while the stopped job is still ending starts once it has ended', async () => {
    const ended: Array<() => void> = [];
    const started: string[] = [];
    // A job that takes a moment to notice its abort (a render in flight).
    const prepare: PrepareFn = (r, signal) =>
      new Promise((resolve) => {
        started.push(r.sopId);
        signal.addEventListener('abort', () => ended.push(() => resolve({ rendered: 0, alreadyStored: 0, stopped: true })), { once: true });
      });
    const preparer = createExportPreparer({ prepare });
    preparer.request(req('a'));
    preparer.stop();
    preparer.request(req('b'));
    expect(started).toEqual(['a']);
    ended[0]!();
    await tick();
    expect(started).toEqual(['a', 'b']);
  });

  it('drops an SOP whose preparing failed, and goes on', async () => {
    const started: string[] = [];
    const prepare: PrepareFn = async (r) => {
      started.push(r.sopId);
      if (r.sopId === 'b') throw new Error('gone');
      return { rendered: 1, alreadyStored: 0, stopped: false };
    };
    const preparer = createExportPreparer({ prepare });
    preparer.request(req('a'));
    preparer.request(req('b'));
    await tick();
    await tick();
    expect(started).toEqual(['a', 'b']);
    expect(preparer.current()).toBeUndefined();
  });
});
