/**
 * The fast decoding path (decoder steps fetch only logits + self-attention cache) must give exactly the token
 * ids, text and timestamps of transformers.js' own generate() through its pipeline: on the repository's
 * random-weight tiny Whisper, fp32 and q8 graphs, English-only and multilingual, for noise, synthetic
 * tone-speech and (when espeak-ng is there) a spoken narration.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { env, pipeline } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cachedStepFetches, installFastDecode, type WhisperModelLike } from '../../../lib/narration/fast-decode';
import { resample } from '../../../lib/narration/resample';
import { createTranscriber } from '../../../lib/narration/transcriber';
import { parseWav } from '../../../lib/narration/wav';
import { generateTinyWhisper } from '../../fixtures/whisper/generate-tiny-whisper.mjs';
import { noise, toneSpeech } from './synthetic-audio';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const SR = 16_000;
const EN = 'sop-test/whisper-fast-en';
const MULTI = 'sop-test/whisper-fast-multi';
let root = '';



const onPath = (cmd: string) => (process.env.PATH ?? '').split(':').some((d) => existsSync(join(d, cmd)));

async function espeak(): Promise<Float32Array | null> {
  if (!onPath('espeak-ng')) return null;
  const wavPath = join(root, 'speech.wav');
  await promisify(execFile)('espeak-ng', ['-s', '170', '-w', wavPath, '--', 'Open the dashboard, click deploy, then confirm the release in the dialog and wait for the green check mark.']);
  const wav = parseWav(await readFile(wavPath));
  return resample(wav.samples, wav.sampleRate, SR);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sop-whisper-fast-'));
  await generateTinyWhisper({ outDir: join(root, EN), seed: 11, dtypes: ['fp32', 'q8'] });
  await generateTinyWhisper({ outDir: join(root, MULTI), seed: 5, dtypes: ['fp32', 'q8'], multilingual: true });
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

interface Run {
  sequences: bigint[][];
  output: unknown;
}

type Asr = ((audio: Float32Array, options: Record<string, unknown>) => Promise<unknown>) & {
  model: WhisperModelLike & { generate: (...args: unknown[]) => Promise<unknown> };
  dispose(): Promise<void>;
};

async function loadPipeline(model: string, dtype: 'fp32' | 'q8'): Promise<Asr> {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = root;
  env.useCustomCache = false;
  env.customCache = null;
  return (await pipeline('automatic-speech-recognition', model, { dtype, device: 'cpu' })) as unknown as Asr;
}

/** The pipeline's output and the token ids its generate() returned. */
async function transcribe(asr: Asr, audio: Float32Array, options: Record<string, unknown>): Promise<Run> {
  const sequences: bigint[][] = [];
  const generate = asr.model.generate;
  asr.model.generate = async (...args: unknown[]) => {
    const result = await generate.apply(asr.model, args);
    const tensor = (result as { sequences?: { tolist(): bigint[][] } }).sequences ?? (result as { tolist(): bigint[][] });
    sequences.push(...tensor.tolist());
    return result;
  };
  try {
    return { output: await asr(audio, options), sequences };
  } finally {
    asr.model.generate = generate;
  }
}

describe('cachedStepFetches', () => {
  const layer = (i: number, kind: 'decoder' | 'encoder') => [`present.${i}.${kind}.key`, `present.${i}.${kind}.value`];
  const inputs = ['input_ids', 'encoder_hidden_states', 'use_cache_branch', ...[0, 1].flatMap((i) => [...layer(i, 'decoder'), ...layer(i, 'encoder')].map((n) => n.replace('present', 'past_key_values')))];
  const outputs = ['logits', ...[0, 1].flatMap((i) => [...layer(i, 'decoder'), ...layer(i, 'encoder')])];

  it('fetches logits and the self-attention cache, not the cross-attention keys/values', () => {
    expect(cachedStepFetches({ inputNames: inputs, outputNames: outputs })).toEqual({ fetches: ['logits', ...layer(0, 'decoder'), ...layer(1, 'decoder')] });
  });

  it('keeps any other output (attentions) and refuses other layouts', () => {
    expect(cachedStepFetches({ inputNames: inputs, outputNames: [...outputs, 'cross_attentions.0'] })).toEqual({
      fetches: ['logits', ...layer(0, 'decoder'), ...layer(1, 'decoder'), 'cross_attentions.0'],
    });
    expect(cachedStepFetches({ inputNames: inputs.filter((n) => n !== 'use_cache_branch'), outputNames: outputs })).toHaveProperty('reason');
    expect(cachedStepFetches({ inputNames: inputs, outputNames: outputs.filter((n) => !n.includes('encoder')) })).toHaveProperty('reason');
    expect(cachedStepFetches({ inputNames: inputs.filter((n) => n !== 'past_key_values.1.encoder.value'), outputNames: outputs })).toHaveProperty('reason');
  });

  it('leaves a model without a merged decoder on the library path, saying why', () => {
    const log = vi.fn();
    const handle = installFastDecode({ sessions: {} }, { log });
    expect(handle.disabledReason).toMatch(/no merged decoder/);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('library decoding path'));
  });
});

describe.each([
  { model: EN, dtype: 'fp32' as const, options: {} },
  { model: EN, dtype: 'q8' as const, options: {} },
  { model: MULTI, dtype: 'q8' as const, options: { language: 'fr', task: 'transcribe' } },
  { model: MULTI, dtype: 'fp32' as const, options: { language: 'en', task: 'transcribe' } },
])('identical to the library on $model $dtype', ({ model, dtype, options }) => {
  let asr: Asr;
  beforeAll(async () => {
    asr = await loadPipeline(model, dtype);
  });
  afterAll(async () => {
    await asr?.dispose();
  });

  it('same token ids, text and timestamps; cross K/V never fetched after the first step', async () => {
    const inputs: [string, Float32Array][] = [
      ['noise 12 s', noise(12, 3)],
      ['tone speech 30 s', toneSpeech(30, 9)],
      ['quiet noise 7 s', noise(7, 4, 0.01)],
    ];
    const speech = await espeak();
    if (speech) inputs.push(['espeak narration', speech]);
    const asrOptions = { return_timestamps: true, ...options };

    const before: Run[] = [];
    for (const [, audio] of inputs) before.push(await transcribe(asr, audio, asrOptions));

    const fetched: string[][] = [];
    const decoder = asr.model.sessions!['decoder_model_merged']!;
    const handle = installFastDecode(asr.model, { log: () => undefined });
    const fast = decoder.run;
    decoder.run = async (feeds, ...rest) => {
      const out = await fast.call(decoder, feeds, ...rest);
      fetched.push(Object.keys(out));
      return out;
    };
    const after: Run[] = [];
    try {
      expect(handle.disabledReason).toBeNull();
      for (const [, audio] of inputs) after.push(await transcribe(asr, audio, asrOptions));
    } finally {
      decoder.run = fast;
      handle.restore();
    }

    for (let i = 0; i < inputs.length; i++) {
      expect(after[i]!.sequences, inputs[i]![0]).toEqual(before[i]!.sequences);
      expect(after[i]!.output, inputs[i]![0]).toEqual(before[i]!.output);
      // A real decode, not an immediate end of text (else equality proves little).
      expect(before[i]!.sequences[0]!.length, inputs[i]![0]).toBeGreaterThan(8);
    }
    // The inputs give different transcripts: the comparison can tell runs apart.
    expect(new Set(before.map((r) => JSON.stringify(r.sequences, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)))).size).toBe(inputs.length);

    expect(handle.stats.firstSteps).toBeGreaterThanOrEqual(inputs.length);
    expect(handle.stats.cachedSteps).toBeGreaterThan(inputs.length * 8);
    expect(handle.stats.encoderRuns).toBe(handle.stats.firstSteps);
    const firsts = fetched.filter((names) => names.some((n) => n.includes('.encoder.')));
    expect(firsts.length).toBe(handle.stats.firstSteps);
    expect(fetched.length - firsts.length).toBe(handle.stats.cachedSteps);
    for (const names of fetched) expect(names).toContain('logits');
  });
});

describe('the transcriber', () => {
  it('uses the fast path by default and gives the same segments as the library path', async () => {
    const base = { modelId: EN, localModelPath: root, allowRemote: false, device: 'cpu' as const, dtype: 'q8' as const };
    const audio = toneSpeech(20, 21);
    const library = await createTranscriber({ ...base, fastDecode: false });
    const expected = await library.transcribeWindow(audio, 5_000);
    expect(library.fastDecodeOff).toBe('turned off');
    expect(library.decodeStats!.cachedSteps).toBeGreaterThan(0);
    await library.dispose();

    const fast = await createTranscriber(base);
    expect(fast.fastDecodeOff).toBeNull();
    expect(await fast.transcribeWindow(audio, 5_000)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
    await fast.dispose();
  });
});
