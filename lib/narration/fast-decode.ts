/**
 * Whisper decoding speed: keep the cross-attention keys/values inside ONNX Runtime.
 *
 * The merged decoder (`decoder_model_merged.onnx`) returns `present.i.encoder.key|value` on every step,
 * although after the first step they are the past ones passed through an `If(use_cache_branch)`. transformers.js
 * fetches them anyway (a copy out of WebAssembly: ~18 MB per token for whisper-base) and then throws them away
 * (getPastKeyValues keeps the previous ones, "Optimization introduced by optimum"). Measured in Chromium: a
 * token 4–7× faster when only `logits` and `present.i.decoder.*` are fetched.
 *
 * So, rather than re-implementing generate() (forced ids, suppress tokens, the timestamp rules…), the
 * library's own decoding loop is kept and only its decoder session's `run` is wrapped: on cached steps it asks
 * ORT for the outputs the loop actually uses (`run(feeds, fetches)`). The loop's cache update
 * (DynamicCache.update sets only the keys it is given) then keeps the first step's cross K/V as they are.
 * Every token id, hence text and timestamps, is the library's: only fewer bytes move. Any other model layout
 * leaves the session untouched (the library's path), with the reason logged.
 */

/** The part of an ONNX Runtime InferenceSession (web or node, onnxruntime-common API) used here. */
export interface DecoderSessionLike {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, unknown>, ...rest: unknown[]): Promise<Record<string, unknown>>;
}

/** Timings the benchmarks read: the encoder per window, the decoder's first (uncached) and later steps. */
export interface DecodeStats {
  encoderRuns: number;
  encoderMs: number;
  firstSteps: number;
  firstStepMs: number;
  cachedSteps: number;
  cachedStepMs: number;
}

export function emptyStats(): DecodeStats {
  return { encoderRuns: 0, encoderMs: 0, firstSteps: 0, firstStepMs: 0, cachedSteps: 0, cachedStepMs: 0 };
}

const CROSS = /^present\.\d+\.encoder\.(key|value)$/;
const SELF = /^present\.\d+\.decoder\.(key|value)$/;

/**
 * The outputs to fetch on a cached step, or a reason why this session is not the layout this applies to
 * (then the library's path runs unchanged).
 */
export function cachedStepFetches(session: Pick<DecoderSessionLike, 'inputNames' | 'outputNames'>): { fetches: string[] } | { reason: string } {
  const outputs = session.outputNames;
  if (!session.inputNames.includes('use_cache_branch')) return { reason: 'the decoder has no use_cache_branch input (not a merged decoder)' };
  if (!outputs.includes('logits')) return { reason: 'the decoder has no logits output' };
  const cross = outputs.filter((n) => CROSS.test(n));
  const self = outputs.filter((n) => SELF.test(n));
  if (cross.length === 0) return { reason: 'the decoder returns no cross-attention keys/values' };
  if (self.length !== cross.length) return { reason: `unexpected cache layout (${self.length} self vs ${cross.length} cross outputs)` };
  // Every cross output must come back in as a past input, or the loop would lose it.
  const missing = cross.find((n) => !session.inputNames.includes(n.replace('present', 'past_key_values')));
  if (missing) return { reason: `no past input for ${missing}` };
  const other = outputs.filter((n) => n !== 'logits' && !CROSS.test(n) && !SELF.test(n));
  // Other outputs (attentions for word timestamps) are still fetched: the loop may use them.
  return { fetches: ['logits', ...self, ...other] };
}

/** use_cache_branch as fed: an ORT bool tensor of one element (data a Uint8Array or boolean[]). */
function isCachedStep(feeds: Record<string, unknown>): boolean {
  const flag = feeds['use_cache_branch'] as { data?: ArrayLike<unknown> } | undefined;
  return Boolean(flag?.data && flag.data.length > 0 && flag.data[0]);
}

export interface WhisperModelLike {
  sessions?: Record<string, DecoderSessionLike | undefined>;
}

export interface FastDecodeHandle {
  /** Null when active; else why the library's path is used. */
  readonly disabledReason: string | null;
  readonly stats: DecodeStats;
  /** Puts the library's own `run` back. */
  restore(): void;
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * Wraps the model's decoder (and, for timing only, encoder) session. `enabled: false` keeps the library's
 * fetches and only times them (the benchmarks' "before").
 */
export function installFastDecode(
  model: WhisperModelLike,
  options: { enabled?: boolean; log?: (message: string) => void } = {},
): FastDecodeHandle {
  const log = options.log ?? ((m: string) => console.info(m));
  const stats = emptyStats();
  const restores: (() => void)[] = [];
  const decoder = model.sessions?.['decoder_model_merged'];
  const encoder = model.sessions?.['model'];

  if (encoder && typeof encoder.run === 'function') {
    const original = encoder.run;
    const timed = async (feeds: Record<string, unknown>, ...rest: unknown[]) => {
      const t0 = now();
      const out = await original.call(encoder, feeds, ...rest);
      stats.encoderRuns++;
      stats.encoderMs += now() - t0;
      return out;
    };
    (encoder as { run: DecoderSessionLike['run'] }).run = timed;
    restores.push(() => ((encoder as { run: DecoderSessionLike['run'] }).run = original));
  }

  let disabledReason: string | null = null;
  let fetches: string[] | null = null;
  if (!decoder || typeof decoder.run !== 'function') disabledReason = 'the model has no merged decoder session';
  else {
    const plan = cachedStepFetches(decoder);
    if ('reason' in plan) disabledReason = plan.reason;
    else fetches = plan.fetches;
  }
  if (options.enabled === false) {
    disabledReason = 'turned off';
    fetches = null;
  }
  if (disabledReason && options.enabled !== false) log(`Whisper: library decoding path (${disabledReason})`);

  if (decoder && typeof decoder.run === 'function') {
    const original = decoder.run;
    const wrapped = async (feeds: Record<string, unknown>, ...rest: unknown[]) => {
      const cached = isCachedStep(feeds);
      const t0 = now();
      let out: Record<string, unknown>;
      // Only the library's one-argument call is rewritten; anything else is passed through as is.
      if (cached && fetches && rest.length === 0) {
        try {
          out = await original.call(decoder, feeds, fetches);
        } catch (error) {
          // Unexpected (a runtime refusing a fetch list): back to the library's path for good.
          log(`Whisper: library decoding path (fetching a subset failed: ${String(error)})`);
          fetches = null;
          disabledReason = `fetching a subset failed: ${String(error)}`;
          out = await original.call(decoder, feeds);
        }
      } else out = await original.call(decoder, feeds, ...rest);
      const ms = now() - t0;
      if (cached) {
        stats.cachedSteps++;
        stats.cachedStepMs += ms;
      } else {
        stats.firstSteps++;
        stats.firstStepMs += ms;
      }
      return out;
    };
    (decoder as { run: DecoderSessionLike['run'] }).run = wrapped;
    restores.push(() => ((decoder as { run: DecoderSessionLike['run'] }).run = original));
  }

  return {
    get disabledReason() {
      return disabledReason;
    },
    stats,
    restore() {
      for (const r of restores.splice(0)) r();
    },
  };
}
