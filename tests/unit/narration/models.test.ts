import { describe, expect, it } from 'vitest';
import { DEFAULT_THREADS, MODELS, buildCostLabel, modelDownloadMB, wasmThreads } from '../../../lib/narration/models';

describe('wasmThreads', () => {
  it.each([
    [undefined, 8, true, DEFAULT_THREADS],
    [2, 2, true, 2],
    [4, 2, true, 2], // never more than the cores
    [2, undefined, true, 1],
    [2, 8, false, 1], // no SharedArrayBuffer: ONNX Runtime cannot start threads
    [0, 8, true, 1],
  ])('asked %s, %s cores, SharedArrayBuffer %s → %s', (requested, cores, sab, expected) => {
    expect(wasmThreads(requested, { hardwareConcurrency: cores, sharedArrayBuffer: sab })).toBe(expected);
  });
});

describe('what a model choice costs', () => {
  it('every model says its download and measured speed for each build it offers, q8 the smaller', () => {
    for (const m of Object.values(MODELS)) {
      const q8 = m.builds.q8!;
      const fp32 = m.builds.fp32!;
      expect(q8.downloadMB).toBeLessThan(fp32.downloadMB / 3);
      expect(q8.rtf).toBeGreaterThan(0);
      expect(modelDownloadMB(m, m.dtype)).toBe(m.approxDownloadMB);
      expect(buildCostLabel(m)).toMatch(/^\d+ MB, ~\d+(\.\d+)?× real time$/);
    }
    expect(buildCostLabel(MODELS['tiny.en'], 'fp32')).toContain(`${MODELS['tiny.en'].builds.fp32!.downloadMB} MB`);
  });
});
