import { describe, expect, it } from 'vitest';
import { createTranscriberOnBestDevice, type Device } from '../../../lib/narration/device-fallback';
import type { Transcriber } from '../../../lib/narration/transcriber';

function fakeFactory(behaviour: Partial<Record<Device, { load?: boolean; windowFails?: number }>>) {
  const created: Device[] = [];
  const disposed: Device[] = [];
  const create = async (device: Device): Promise<Transcriber> => {
    created.push(device);
    const b = behaviour[device] ?? {};
    if (b.load === false) throw new Error(`${device} cannot load`);
    let failures = b.windowFails ?? 0;
    return {
      modelId: `m@${device}`,
      language: undefined,
      async transcribeWindow(pcm, offsetMs) {
        if (failures-- > 0) throw new Error(`${device} failed a window`);
        return [{ startMs: offsetMs, endMs: offsetMs + pcm.length, text: `heard on ${device}` }];
      },
      async dispose() {
        disposed.push(device);
      },
    };
  };
  return { create, created, disposed };
}

const pcm = new Float32Array(10);

describe('createTranscriberOnBestDevice', () => {
  it('uses WebGPU when it loads and works', async () => {
    const f = fakeFactory({});
    const t = await createTranscriberOnBestDevice(['webgpu', 'wasm'], f.create);
    expect(t.device).toBe('webgpu');
    expect((await t.transcribeWindow(pcm, 0))[0]!.text).toBe('heard on webgpu');
    expect(f.created).toEqual(['webgpu']);
  });

  it('falls back to WebAssembly when the GPU path cannot load, and says so', async () => {
    const f = fakeFactory({ webgpu: { load: false } });
    const seen: string[] = [];
    const t = await createTranscriberOnBestDevice(['webgpu', 'wasm'], f.create, { onFallback: (from, to) => seen.push(`${from}→${to}`) });
    expect(t.device).toBe('wasm');
    expect(seen).toEqual(['webgpu→wasm']);
  });

  it('a window that fails on the GPU is transcribed again on WebAssembly, which stays in use', async () => {
    const f = fakeFactory({ webgpu: { windowFails: 1 } });
    const t = await createTranscriberOnBestDevice(['webgpu', 'wasm'], f.create);
    const [a, b] = await Promise.all([t.transcribeWindow(pcm, 0), t.transcribeWindow(pcm, 30_000)]);
    expect(a[0]!.text).toBe('heard on wasm');
    expect(b[0]).toMatchObject({ startMs: 30_000, text: 'heard on wasm' });
    expect(t.device).toBe('wasm');
    expect(f.disposed).toEqual(['webgpu']);
  });

  it('the last device failing is an error the caller sees', async () => {
    const f = fakeFactory({ wasm: { windowFails: 1 } });
    const t = await createTranscriberOnBestDevice(['wasm'], f.create);
    await expect(t.transcribeWindow(pcm, 0)).rejects.toThrow('wasm failed a window');
    await expect(createTranscriberOnBestDevice(['webgpu'], fakeFactory({ webgpu: { load: false } }).create)).rejects.toThrow('cannot load');
  });
});
