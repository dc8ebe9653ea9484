import { beforeEach, describe, expect, it } from 'vitest';
import type { RawEvent } from '../../../lib/model';
import { COUNT_WINDOW, stepDelta } from '../../../lib/recording/live-step-count';
import { countSteps } from '../../../lib/steps/synthesize';
import { events as ev, resetFactories, startPage, targets } from '../factories';

/** Deterministic pseudo-random numbers, so a failure replays. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const pages = [1, 2, 3].map((n) => ({ url: `https://shipyard.test/p${n}`, title: `Shipyard — page ${n}` }));

/** A long session of what people do: clicks, typing with settles, selects, label clicks, submits after a
 * click, navigations caused by clicks and typed ones, tabs opened and switched. Times in arrival order. */
function session(seed: number, actions: number): RawEvent[] {
  const rnd = prng(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  let ms = 0;
  let tab = 1;
  const tabs = [1];
  const out: RawEvent[] = [startPage()];
  const step = (gap: number) => (ms += gap);
  for (let i = 0; i < actions; i++) {
    const r = rnd();
    if (r < 0.3) out.push(ev.click(targets.button(pick(['Deploy', 'Save', 'Next', 'Refresh'])), step(900), { tabId: tab }));
    else if (r < 0.45) {
      const field = targets.field(pick(['Change ticket', 'Search', 'Owner']));
      out.push(ev.click(field, step(700), { tabId: tab }));
      out.push(ev.input(field, pick(['CHG-1', 'CHG-2', 'abc']), step(1500), { tabId: tab }));
      if (rnd() < 0.5) out.push(ev.key('Tab', field, step(100), { tabId: tab }));
      out.push(ev.change(field, step(rnd() < 0.5 ? 50 : 400), { tabId: tab }));
    } else if (r < 0.55) out.push(ev.change(targets.select('Version'), step(1200), { tabId: tab }));
    else if (r < 0.62) {
      out.push(ev.click(targets.label('I agree'), step(800), { tabId: tab }));
      out.push(ev.change(targets.checkbox('I agree'), step(20), { tabId: tab }));
    } else if (r < 0.7) {
      out.push(ev.click(targets.button('Submit'), step(800), { tabId: tab }));
      out.push(ev.submit(targets.form(), step(30), { tabId: tab }));
      out.push(ev.navigate('form', pick(pages), step(400), { tabId: tab }));
    } else if (r < 0.8) {
      out.push(ev.click(targets.link('Next page'), step(800), { tabId: tab }));
      out.push(ev.navigate('link', pick(pages), step(rnd() < 0.8 ? 300 : 4_000), { tabId: tab }));
    } else if (r < 0.86) out.push(ev.navigate(pick(['typed', 'reload', 'back-forward'] as const), pick(pages), step(2000), { tabId: tab }));
    else if (r < 0.92) {
      const opened = tabs.length + 1;
      tabs.push(opened);
      out.push(ev.tabOpen(opened, pages[0]!, step(600), { openerTabId: tab }));
      if (rnd() < 0.7) out.push(ev.tabSwitch(opened, pages[0]!, step(50)));
      out.push(ev.navigate('link', pages[1]!, step(900), { tabId: opened }));
      tab = opened;
    } else {
      const to = pick(tabs);
      if (to !== tab) out.push(ev.tabSwitch(to, pages[2]!, step(1000)));
      tab = to;
    }
  }
  return out;
}

/** What the recorder does: after each stored event, add its delta seen through the window. */
function liveCounts(all: readonly RawEvent[]): number[] {
  const stored: RawEvent[] = [];
  let count = 0;
  return all.map((e) => {
    stored.push(e);
    const recent = [...stored].sort((a, b) => a.at - b.at).slice(-COUNT_WINDOW);
    count += stepDelta(recent, e.id);
    return count;
  });
}

beforeEach(() => resetFactories());

describe('live step count', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('equals a full re-draft after every event of a long mixed session (seed %i)', (seed) => {
    const all = session(seed, 250);
    const live = liveCounts(all);
    const full = all.map((_, i) => countSteps(all.slice(0, i + 1)));
    expect(live).toEqual(full);
    expect(full.at(-1)).toBeGreaterThan(150);
  });

  it('takes back a step when a new event merges it (the click that led into typing)', () => {
    const field = targets.field('Change ticket');
    const events = [startPage(), ev.click(field, 1_000), ev.input(field, 'CHG-1', 3_000)];
    expect(stepDelta(events.slice(0, 2), events[1]!.id)).toBe(1);
    expect(stepDelta(events, events[2]!.id)).toBe(0);
  });

  it('counts an event it cannot find as no change', () => {
    const events = [startPage(), ev.click(targets.button('Deploy'), 1_000)];
    expect(stepDelta(events, 'missing' as RawEvent['id'])).toBe(0);
  });
});
