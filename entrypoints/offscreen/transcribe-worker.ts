/**
 * Dedicated worker of the offscreen document: Whisper through transformers.js on 16 kHz PCM pushed while the
 * recording goes on, so at Stop only the tail window is left. No model work on the document's thread.
 */
import { createNarrationSession, type NarrationSession } from '../../lib/narration/session';
import { createTranscriberOnBestDevice, type Device } from '../../lib/narration/device-fallback';
import { createTranscriber, type Transcriber } from '../../lib/narration/transcriber';
import type { FromWorker, ToWorker } from '../../lib/narration/worker-protocol';
import { wasmThreads } from '../../lib/narration/models';
import { computeCounters, type NarrationTimings } from '../../lib/narration/timings';
import { localModelReader } from '../../lib/model-files/local-models';
// ONNX Runtime's WebAssembly ships inside the extension (MV3 forbids remote code; transformers.js would use a
// CDN): Vite emits these files once and gives their extension URLs.
import ortMjs from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import ortWasm from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';

const post = (m: FromWorker) => (self as unknown as Worker).postMessage(m);

/** A hardware GPU adapter, asked once; a software (fallback) adapter does not count, and no answer means none. */
async function hasWebGpu(): Promise<boolean> {
  type Adapter = { isFallbackAdapter?: boolean; info?: { architecture?: string; description?: string } };
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<Adapter | null> } }).gpu;
  if (!gpu) return false;
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 1_000));
  const adapter = await Promise.race([gpu.requestAdapter().catch(() => null), timeout]);
  if (!adapter || adapter.isFallbackAdapter) return false;
  return !/swiftshader|software/i.test(`${adapter.info?.architecture ?? ''} ${adapter.info?.description ?? ''}`);
}

let transcriber: Promise<Transcriber & { readonly device: Device }> | undefined;
let session: NarrationSession | undefined;
let loadError: string | undefined;
/** How the model runs, once it is loaded: what the stored timings say besides the windows. */
let run: Omit<NarrationTimings, 'windows' | 'pendingAtStopS' | 'tailAfterStopMs' | 'lostAudioS'> | undefined;
let ready: (Transcriber & { readonly device: Device }) | undefined;
/** Resolves when the microphone tap has sent its last batch (Stop). */
let tapEnded: Promise<void> | undefined;
const TAP_END_WAIT_MS = 2_000;

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  if (m.kind === 'init') {
    const c = m.config;
    const initAt = performance.now();
    const threads = wasmThreads(c.numThreads, { hardwareConcurrency: navigator.hardwareConcurrency, sharedArrayBuffer: typeof SharedArrayBuffer !== 'undefined' });
    const create = (device: Device) =>
      createTranscriber({
        modelId: c.modelId,
        revision: c.revision,
        dtype: c.dtype,
        device,
        // An imported folder never touches the network; a download goes to the configured host (or the Hub).
        ...(c.localFolder ? { allowRemote: false, modelFiles: localModelReader(c.modelId), useBrowserCache: false } : { allowRemote: true, remoteHost: c.remoteHost }),
        language: c.multilingual ? c.language : undefined,
        wasmPaths: { mjs: new URL(ortMjs, self.location.href).href, wasm: new URL(ortWasm, self.location.href).href },
        // SharedArrayBuffer exists in extension workers without cross-origin isolation (COOP/COEP would break
        // tab capture), so ONNX Runtime's threads run; never more than the cores.
        numThreads: threads,
        approxDownloadMB: c.approxDownloadMB,
        onProgress: (p) => post({ kind: 'progress', fraction: p.fraction }),
      });
    transcriber = (c.useGpu ? hasWebGpu() : Promise.resolve(false)).then((gpu) =>
      createTranscriberOnBestDevice(gpu ? ['webgpu', 'wasm'] : ['wasm'], create, {
        onFallback: (from, to, error) => console.warn(`[narration] ${from} failed, using ${to}:`, error),
      }),
    );
    transcriber.then(
      (t) => {
        ready = t;
        run = { modelLoadMs: performance.now() - initAt, dtype: c.dtype, threads, device: t.device, ...(t.fastDecodeOff !== undefined ? { fastDecode: t.fastDecodeOff === null } : {}) };
        post({ kind: 'ready' });
      },
      (err: unknown) => {
        loadError = err instanceof Error ? err.message : String(err);
        post({ kind: 'error', message: loadError });
      },
    );
    const model = transcriber;
    session = createNarrationSession({
      model: c.modelId,
      language: c.language,
      startMs: c.startMs,
      // Silent windows never reach the model (lib/narration/voice-activity.ts).
      skipSilence: {},
      // While the model is idle, a window is cut at a pause once it holds 20 s (windowing.ts EarlyCutOptions):
      // Stop leaves the speech since the last pause, for one extra encoder pass per ~20 s cut early.
      earlyCut: { minSeconds: 20 },
      transcribe: async (pcm, offsetMs) => (await model).transcribeWindow(pcm, offsetMs),
      counters: () => computeCounters(ready?.decodeStats),
      describeRun: () => run,
      onUpdate: (segments, done) => {
        const timings = session?.timingsSoFar();
        post({ kind: 'windows', done, queued: session?.windowsQueued ?? done, segments, ...(timings ? { timings } : {}) });
      },
    });
  } else if (m.kind === 'pcm') {
    session?.push(m.samples, m.atMs);
  } else if (m.kind === 'pcm-port') {
    tapEnded = new Promise((resolve) => {
      m.port.onmessage = (e: MessageEvent<ToWorker>) => {
        if (e.data.kind === 'pcm') session?.push(e.data.samples, e.data.atMs);
        if (e.data.kind === 'pcm-end') resolve();
      };
    });
  } else if (m.kind === 'stop') {
    const s = session;
    // On this worker's clock; the document's time of Stop when it sent one (never later than now).
    const stoppedAt = Math.min(performance.now(), m.at !== undefined ? m.at - performance.timeOrigin : Infinity);
    if (!s) return post({ kind: 'transcript', transcript: null, error: 'Narration was not started.' });
    // The tap's last batches come on its own port and may arrive after this message: take them first (a tap
    // that never says it ended is not waited for long). Then let the model finish loading (or fail): a short
    // recording may hold no full window, and a load error must still be reported.
    Promise.race([tapEnded ?? Promise.resolve(), new Promise((resolve) => setTimeout(resolve, TAP_END_WAIT_MS))])
      .then(() => {
        if (session === s) session = undefined;
        return transcriber?.catch(() => undefined);
      })
      .then(() => s.stop(stoppedAt))
      .then(
        (transcript) => post({ kind: 'transcript', transcript, error: loadError }),
        (err: unknown) => post({ kind: 'transcript', transcript: null, error: loadError ?? (err instanceof Error ? err.message : String(err)) }),
      );
  }
};
