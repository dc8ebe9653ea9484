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
    p.states.valueChanged(2_000, true);
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
    p.states.valueChanged(2_000, false);
    expect(p.states.needsMeasure()).toBe(true);
  });

  /** Keystrokes every 30 ms, each rendered before the next; none measured in between (a busy page). */
  function typeFast(p: ReturnType<typeof page>, from: number, keys: number, sameBoxes: (k: number) => boolean): void {
    for (let k = 0; k < keys; k++) {
      const t = from + k * 30;
      p.at(t);
      p.states.valueChanged(t, sameBoxes(k));
      p.states.frameStarted(t + 5);
      p.states.painted(t + 20, t + 5);
    }
  }

  it('fast typing into a password field: one measure after the last key answers for every keystroke since the first', () => {
    const p = page();
    const field: Box = { x: 50, y: 50, width: 200, height: 24 };
    p.change(1_000, [secretOld]);
    p.show([secretOld, field]);
    // The first key makes the field show a secret (a new box); every later key leaves the boxes as they were.
    typeFast(p, 2_000, 20, (k) => k > 0);
    // A frame from the middle of the typing: its states were never measured on their own.
    expect(p.states.history(64).states.filter((s) => s.changedAt >= 2_000 && !s.measured)).toHaveLength(20);
    // Idle time after the last key measures the current state once…
    p.at(2_700);
    p.states.measureCurrent();
    expect(p.measures()).toBe(2);
    // …and that answers for every keystroke's state back to the first.
    const mid = p.states.boxesAt(2_300, 2_300, 2_300);
    expect(mid.known && mid.boxes).toEqual([secretOld, field, secretOld, field]);
    // Before the first key: the page as it was, without the field.
    const before = p.states.boxesAt(1_900, 1_900);
    expect(before.known && before.boxes).toEqual([secretOld]);
  });

  it('a page change right after a keystroke breaks the chain: what follows is measured on its own', () => {
    const p = page();
    p.change(1_000, [secretOld]);
    typeFast(p, 2_000, 3, () => true);
    // Key 4, and the page's reaction to it (a hint under the field) before a frame was rendered.
    p.at(2_090);
    p.states.valueChanged(2_090, true);
    p.states.changed(2_092);
    p.states.frameStarted(2_095);
    p.states.painted(2_110, 2_095);
    p.show([secretNew]);
    typeFast(p, 2_120, 2, () => true);
    p.at(2_300);
    p.states.measureCurrent();
    const states = p.states.history().states;
    const boxesOf = (t: number) => states.find((s) => s.changedAt === t)?.measured?.boxes;
    // Keys 1–4 kept the boxes measured before the typing; the hint's state and the keys after it share the new measure.
    expect([2_000, 2_030, 2_060, 2_090].map(boxesOf)).toEqual([[secretOld], [secretOld], [secretOld], [secretOld]]);
    expect([2_092, 2_120, 2_150].map(boxesOf)).toEqual([[secretNew], [secretNew], [secretNew]]);
    expect(p.measures()).toBe(2);
  });

  it('without a measure anywhere in the chain, a frame from the typing is unknown (no pixels kept)', () => {
    const p = page();
    p.change(1_000, [secretOld], { measure: false });
    typeFast(p, 2_000, 5, () => false);
    const h = p.states.history();
    expect(answerFromHistory(h, 2_050, 2_050).known).toBe(false);
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
