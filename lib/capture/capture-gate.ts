/**
 * What a frame does with what it captures before it knows whether it is being recorded. A content script
 * starts in every new document, asks the background (`capture.hello`) and waits for the answer; a person can
 * click in that gap (a tab the workflow just opened, a service worker still waking up). Until the answer the
 * captured messages are held here, in order and with their own event times, then sent if the answer says
 * recording and dropped if not. Pure: no DOM, no chrome.*.
 */

/** unknown: no answer yet (hold); on: recording (send now); off: not recording or paused (drop). */
export type GatePhase = 'unknown' | 'on' | 'off';

export interface CaptureGate<T> {
  phase(): GatePhase;
  /** Whether capturing is worth it now: recording, or maybe recording (the answer is pending). */
  capturing(): boolean;
  /** What to do with one captured message: send it now, or it was held, or it is dropped. */
  offer(item: T): 'send' | 'held' | 'dropped';
  /**
   * The answer (or any later state change): returns what was held, in capture order, to send now when
   * `recording`; drops it otherwise. A later settle returns nothing more (held items are sent once).
   */
  settle(recording: boolean): readonly T[];
  /** How many held items were pushed out because the buffer was full (oldest first) or dropped by an answer
   * saying not recording, since the gate was made. */
  dropped(): { overflow: number; notRecording: number };
}

/** Enough for a burst of clicks and typing in a page whose hello answer is slow; bounded so a page that never
 * gets an answer (extension gone) does not grow without limit. */
export const DEFAULT_HOLD_LIMIT = 200;

export function createCaptureGate<T>({ limit = DEFAULT_HOLD_LIMIT }: { limit?: number } = {}): CaptureGate<T> {
  if (!(limit >= 1)) throw new Error('limit must be at least 1');
  let phase: GatePhase = 'unknown';
  let held: T[] = [];
  let overflow = 0;
  let notRecording = 0;
  return {
    phase: () => phase,
    capturing: () => phase !== 'off',
    offer(item) {
      if (phase === 'on') return 'send';
      if (phase === 'off') return 'dropped';
      held.push(item);
      if (held.length > limit) {
        held.shift();
        overflow++;
      }
      return 'held';
    },
    settle(recording) {
      phase = recording ? 'on' : 'off';
      const out = held;
      held = [];
      if (recording) return out;
      notRecording += out.length;
      return [];
    },
    dropped: () => ({ overflow, notRecording }),
  };
}
