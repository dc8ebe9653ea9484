import { describe, expect, it } from 'vitest';
import { answerFromHistory, createScreenStates, type Measured } from '../../../lib/privacy/screen-states';
import type { Box } from '../../../lib/model';

const view = { width: 1280, height: 800, devicePixelRatio: 1 };
const secretOld: Box = { x: 10, y: 10, width: 100, height: 20 };
const secretNew: Box = { x: 300, y: 200, width: 400, height: 30 };

/** A page whose secret boxes the test sets, with a hand-driven clock. */
function page(start = 1_000) {
  let now = start;
  let boxes: Box[] = [];
  let v = view;
  let measures = 0;
  const states = createScreenStates({
    now: () => now,
    measure: (): Measured => {
      measures++;
      return { boxes: [...boxes], view: v };
    },
  });
  return {
    states,
    at: (t: number) => (now = t),
    show: (b: Box[]) => (boxes = b),
    resize: (w: number) => (v = { ...view, width: w }),
    measures: () => measures,
    /** A change at `t`, rendered (frame starts at t+5, committed by t+20), measured in idle time at t+30. */
    change(t: number, b: Box[], { measure = true } = {}) {
      now = t;
      boxes = b;
      states.changed(t);
      states.frameStarted(t + 5);
      states.painted(t + 20, t + 5);
      if (measure) {
        now = t + 30;
        states.measureCurrent();
      }
    },
  };
}

describe('screen states: the boxes of what a frame shows', () => {
  it('a frame captured before the click shows the old view: its boxes, and no change since the action', () => {
    const p = page();
    p.change(1_000, [secretOld]);
    p.change(2_000, [secretNew]); // the click at 1,990 rendered a view with a secret
    expect(p.states.boxesAt(1_500, 1_500, 1_990)).toEqual({ known: true, boxes: [secretOld], view, changedSince: false });
  });

  it('a frame captured after the new view was painted: the new view’s boxes, marked as changed since the action', () => {
    const p = page();
    p.change(1_000, [secretOld]);
    p.change(2_000, [secretNew]);
    expect(p.states.boxesAt(2_100, 2_100, 1_990)).toEqual({ known: true, boxes: [secretNew], view, changedSince: true });
  });

  it('a frame captured while the new view may or may not be on screen: both views’ boxes', () => {
    const p = page();
    p.change(1_000, [secretOld]);
    p.change(2_000, [secretNew]);
    const a = p.states.boxesAt(2_010, 2_010, 1_990);
    expect(a.known && a.boxes).toEqual([secretOld, secretNew]);
  });

  it('measures the current state on demand when idle time never came (busy page)', () => {
    const p = page();
    p.change(1_000, [secretOld]);
    p.change(2_000, [secretNew], { measure: false });
    p.at(2_500);
    const a = p.states.boxesAt(2_400, 2_400, 1_990);
    expect(a.known && a.boxes).toEqual([secretNew]);
  });

  it('fails closed for a past state that was never measured', () => {
    const p = page();
    p.change(1_000, [secretOld]);
    p.change(2_000, [secretNew], { measure: false }); // on screen from ~2,020, replaced at 3,000 before idle time
    p.change(3_000, []);
    const a = p.states.boxesAt(2_500, 2_500, 1_990);
    expect(a.known).toBe(false);
    expect(a.changedSince).toBe(true);
  });

  it('changes with no frame between them are one state', () => {
    const p = page();
    p.change(1_000, [secretOld]);
    p.at(2_000);
    p.states.changed(2_000);
    p.states.changed(2_001);
    p.states.changed(2_002);
    p.show([secretNew]);
    p.states.frameStarted(2_005);
    p.states.painted(2_020, 2_005);
    p.at(2_030);
    p.states.measureCurrent();
    const a = p.states.boxesAt(2_100, 2_100);
    expect(a.known && a.boxes).toEqual([secretNew]);
  });

  it('fails closed when the page was resized or zoomed around the frame', () => {
    const p = page();
    p.change(1_000, [secretOld]);
    p.resize(1024);
    p.change(2_000, [secretOld]);
    const a = p.states.boxesAt(2_010, 2_010);
    expect(a).toMatchObject({ known: false, reason: expect.stringMatching(/resized or zoomed/) });
  });

  it('cannot answer for a time before it began watching', () => {
    const p = page(5_000);
    p.change(5_000, []);
    expect(p.states.boxesAt(4_000, 4_000).known).toBe(false);
  });

  it('measures each state once', () => {
    const p = page();
    p.change(1_000, [secretOld]);
    p.states.boxesAt(1_500, 1_500);
    p.states.boxesAt(1_600, 1_600);
    expect(p.measures()).toBe(1);
  });
});

describe('answerFromHistory: a sent history stands in for a page that is gone', () => {
  it('answers for frames captured before it was taken, and only those', () => {
    const p = page();
    p.change(1_000, [secretOld]);
    p.at(1_990);
    const h = p.states.history();
    expect(h.takenAt).toBe(1_990);
    expect(answerFromHistory(h, 1_500, 1_500, 1_990)).toEqual({ known: true, boxes: [secretOld], view, changedSince: false });
    expect(answerFromHistory(h, 2_100, 2_100, 1_990).known).toBe(false);
  });

  it('measures the current state right after the click if nothing changed, so the history is complete', () => {
    const p = page();
    p.change(1_000, [secretOld], { measure: false });
    const seq = p.states.currentSeq();
    p.states.measureIfCurrent(seq);
    p.at(1_990);
    expect(answerFromHistory(p.states.history(), 1_500, 1_500).known).toBe(true);
    p.change(2_000, [secretNew], { measure: false });
    p.states.measureIfCurrent(seq);
    expect(p.states.needsMeasure()).toBe(true);
  });

  it('a trimmed history cannot answer for a frame older than its first state', () => {
    const p = page();
    for (let i = 0; i < 20; i++) p.change(1_000 + i * 100, [secretOld]);
    const h = p.states.history(4);
    expect(h.trimmed).toBe(true);
    expect(answerFromHistory(h, 1_100, 1_100).known).toBe(false);
  });
});

describe('typing', () => {
  it('a value change in a field that holds nothing secret keeps the measured boxes, known at once', () => {
    const p = page();
    p.change(1_000, [secretOld]);
    p.at(2_000);
    p.states.valueChanged(2_000, false);
    p.states.frameStarted(2_005);
    p.states.painted(2_020, 2_005);
    expect(p.states.needsMeasure()).toBe(false);
    const a = p.states.boxesAt(2_100, 2_100);
    expect(a.known && a.boxes).toEqual([secretOld]);
  });

  it('a field that now holds a secret makes the page be measured again', () => {
    const p = page();
    p.change(1_000, [secretOld]);
    p.at(2_000);
    p.states.valueChanged(2_000, true);
    expect(p.states.needsMeasure()).toBe(true);
  });
});

describe('before or after the action', () => {
  it('a change just after the action is not "after" for a frame captured just before it', () => {
    const p = page();
    p.change(1_000, []);
    // Clicked at 2,000; the page reacted at 2,002; the frame was captured at 1,997.
    p.change(2_002, [secretNew]);
    const a = p.states.boxesAt(1_997, 1_997, 2_000);
    expect(a.changedSince).toBe(false);
    // It is still blurred as if it might show it (the clocks of two processes are compared).
    expect(a.known && a.boxes).toEqual([secretNew]);
  });
});
