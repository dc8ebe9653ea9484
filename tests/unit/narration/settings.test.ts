import { describe, expect, it } from 'vitest';
import { DEFAULT_NARRATION_SETTINGS, restoreNarrationSettings } from '../../../lib/narration/settings';

describe('restoreNarrationSettings', () => {
  it('keeps what is valid, including the folder source and the GPU opt-in', () => {
    expect(restoreNarrationSettings({ transcribe: false, model: 'base', language: 'fr', modelHost: 'https://m.internal', source: 'folder', useGpu: true })).toEqual({
      transcribe: false,
      model: 'base',
      language: 'fr',
      modelHost: 'https://m.internal/',
      source: 'folder',
      useGpu: true,
    });
  });

  it('falls back to the defaults for anything unknown: WebGPU stays off unless asked for', () => {
    expect(restoreNarrationSettings('junk')).toEqual(DEFAULT_NARRATION_SETTINGS);
    const restored = restoreNarrationSettings({ model: 'huge', language: 'french!', modelHost: 'javascript:alert(1)', source: 'cloud', useGpu: 'yes' });
    expect(restored).toEqual({ transcribe: true, model: 'tiny.en', language: undefined, modelHost: undefined });
    expect(restored.useGpu).toBeUndefined();
  });

  it('keeps a build (q8/fp32) and a thread count only when valid', () => {
    expect(restoreNarrationSettings({ model: 'tiny.en', dtype: 'fp32', threads: 2 })).toMatchObject({ dtype: 'fp32', threads: 2 });
    const bad = restoreNarrationSettings({ model: 'tiny.en', dtype: 'int3', threads: 0.5 });
    expect(bad).not.toHaveProperty('dtype');
    expect(bad).not.toHaveProperty('threads');
    expect(restoreNarrationSettings({ threads: 64 })).not.toHaveProperty('threads');
  });
});
