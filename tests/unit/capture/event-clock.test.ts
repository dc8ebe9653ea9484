import { describe, expect, it } from 'vitest';
import { createEventClock } from '../../../lib/capture/event-clock';

describe('event clock', () => {
  it('is strictly increasing even when the platform clock stands still or steps back', () => {
    const readings = [5, 5, 5, 4, 7];
    let i = 0;
    const clock = createEventClock({ timeOrigin: 1_000, now: () => readings[i++]! });
    const times = readings.map(() => clock());
    for (let k = 1; k < times.length; k++) expect(times[k]!).toBeGreaterThan(times[k - 1]!);
    expect(times[0]).toBe(1_005);
    expect(times[4]).toBe(1_007);
  });
});
