/**
 * The live step count, kept incrementally: re-drafting every event of the session after each action made a
 * 1,000-step recording re-read and re-draft 1,000 events per click. A new event changes the count by what it
 * changes on the recent events alone; Stop still drafts the whole session (the SOP never depends on this).
 */
import type { EventId, RawEvent } from '../model';
import { countSteps } from '../steps/synthesize';

/**
 * How many recent events are re-drafted per action. Drafting merges an event only into the last few steps
 * (a label's click, a settle within 300 ms, a submit after its click, the editing chords typed into a field),
 * so the window's first events give the same context to both counts; 40 leaves a wide margin.
 */
export const COUNT_WINDOW = 40;

/**
 * Steps added (or, when it merges earlier steps, removed) by the event `added`, judged on `recent`: the
 * session's last COUNT_WINDOW events in time order, `added` among them. Both counts start at the same first
 * event, so what the window cannot see (the recording's first page, older tabs) cancels out.
 */
export function stepDelta(recent: readonly RawEvent[], added: EventId): number {
  if (!recent.some((e) => e.id === added)) return 0;
  return countSteps(recent) - countSteps(recent.filter((e) => e.id !== added));
}
