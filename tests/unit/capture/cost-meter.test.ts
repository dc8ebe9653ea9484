// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { createCostMeter } from '../../../lib/capture/cost-meter';

describe('createCostMeter', () => {
  it('reports zeros before any sample', () => {
    expect(createCostMeter(8).stats()).toEqual({ count: 0, medianUs: 0, p99Us: 0 });
  });

  it.each([
    [[5], 5, 5],
    [[1, 2, 3, 4, 100], 3, 100],
    [Array.from({ length: 100 }, (_, i) => i + 1), 50, 99],
  ])('%j → median %d, p99 %d', (samples, median, p99) => {
    const meter = createCostMeter(1_000);
    samples.forEach((s) => meter.record(s));
    expect(meter.stats()).toEqual({ count: samples.length, medianUs: median, p99Us: p99 });
  });

  it('keeps only the last `size` samples for percentiles but counts all', () => {
    const meter = createCostMeter(4);
    [1000, 1000, 1000, 1, 2, 3, 4].forEach((s) => meter.record(s));
    expect(meter.stats()).toEqual({ count: 7, medianUs: 2, p99Us: 4 });
  });
});
