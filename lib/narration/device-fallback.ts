/**
 * WebGPU when the browser has it, WebAssembly otherwise — and WebAssembly after all when the GPU path fails,
 * at load or on a window (a driver without an operator the graph needs, a lost device). A recording's
 * narration must never be lost to the faster path. Pure: the factory is injected (the worker passes
 * createTranscriber; tests pass fakes).
 */
import type { Transcriber } from './transcriber';

export type Device = 'webgpu' | 'wasm';

export interface FallbackEvents {
  /** The device now in use, after a failure on `from`. */
  onFallback?(from: Device, to: Device, error: unknown): void;
}

/**
 * A transcriber on the first device of `devices` that loads; a window that fails on a device other than the
 * last is transcribed again on the next one, which then stays in use.
 */
export async function createTranscriberOnBestDevice(
  devices: readonly Device[],
  create: (device: Device) => Promise<Transcriber>,
  events: FallbackEvents = {},
): Promise<Transcriber & { readonly device: Device }> {
  if (devices.length === 0) throw new Error('No device to run the speech model on.');
  let index = 0;
  let current: Transcriber | undefined;
  for (;;) {
    try {
      current = await create(devices[index]!);
      break;
    } catch (error) {
      if (index === devices.length - 1) throw error;
      events.onFallback?.(devices[index]!, devices[index + 1]!, error);
      index++;
    }
  }
  let active: Transcriber = current;

  async function fallBack(error: unknown): Promise<boolean> {
    if (index === devices.length - 1) return false;
    const from = devices[index]!;
    await active.dispose().catch(() => undefined);
    index++;
    events.onFallback?.(from, devices[index]!, error);
    active = await create(devices[index]!);
    return true;
  }

  let queue: Promise<unknown> = Promise.resolve();
  return {
    get device() {
      return devices[index]!;
    },
    get modelId() {
      return active.modelId;
    },
    get language() {
      return active.language;
    },
    /** The active transcriber's counters (they start again from zero after a fallback). */
    get decodeStats() {
      return active.decodeStats;
    },
    get fastDecodeOff() {
      return active.fastDecodeOff;
    },
    transcribeWindow(pcm, offsetMs) {
      const run = queue.then(async () => {
        for (;;) {
          try {
            return await active.transcribeWindow(pcm, offsetMs);
          } catch (error) {
            if (!(await fallBack(error))) throw error;
          }
        }
      });
      queue = run.catch(() => undefined);
      return run;
    },
    async dispose() {
      await queue;
      await active.dispose();
    },
  };
}
