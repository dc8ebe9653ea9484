/** Per-event handler cost, kept in a fixed ring so measuring never grows memory on long recordings. */

export interface CostStats {
  /** Samples recorded since start (the percentiles cover at most the last `size`). */
  readonly count: number;
  readonly medianUs: number;
  readonly p99Us: number;
}

export interface CostMeter {
  record(us: number): void;
  stats(): CostStats;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[i] ?? 0;
}

export function createCostMeter(size = 2_048): CostMeter {
  // Allocated on first use: a tracker exists in every frame of every page, recording or not.
  let ring: Float64Array | undefined;
  let count = 0;
  return {
    record(us) {
      ring ??= new Float64Array(size);
      ring[count % size] = us;
      count++;
    },
    stats() {
      const sorted = (ring ?? new Float64Array(0)).slice(0, Math.min(count, size)).sort();
      const round = (x: number): number => Math.round(x * 10) / 10;
      return { count, medianUs: round(percentile(sorted, 0.5)), p99Us: round(percentile(sorted, 0.99)) };
    },
  };
}
