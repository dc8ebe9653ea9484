import { describe, expect, it } from 'vitest';
import { throttledSteps } from '../../../lib/export/step-progress';

describe('throttledSteps', () => {
  it('reports at most once per interval, and always the last step', async () => {
    let clock = 0;
    const seen: number[] = [];
    const onStep = throttledSteps((done) => void seen.push(done), 50, () => clock);
    for (let i = 1; i <= 100; i++) {
      clock += 10;
      await onStep(i, 100);
    }
    // 10 ms a step, a report each 50 ms: every fifth step, and the 100th.
    expect(seen.length).toBeGreaterThanOrEqual(19);
    expect(seen.length).toBeLessThanOrEqual(21);
    expect(seen.at(-1)).toBe(100);
  });

  it('passes every step through when steps are slower than the interval', async () => {
    let clock = 0;
    const seen: number[] = [];
    const onStep = throttledSteps((done) => void seen.push(done), 50, () => clock);
    for (let i = 1; i <= 5; i++) {
      clock += 60;
      await onStep(i, 5);
    }
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  it('lets a throw from the callback (Cancel) through', async () => {
    const onStep = throttledSteps(() => {
      throw new Error('cancelled');
    }, 0);
    await expect(onStep(1, 2)).rejects.toThrow('cancelled');
  });

  it('is a no-op without a callback', async () => {
    await expect(throttledSteps(undefined)(1, 1)).resolves.toBeUndefined();
  });
});
