/**
 * Folding the q8 decoder's constant DequantizeLinear at load (transcriber.ts FOLD_DEQUANTIZE_SESSION_OPTIONS):
 * ONNX Runtime really folds the LM head's (the graph it runs has one DequantizeLinear fewer, none left on an
 * initializer), and transcripts are the same token ids, text and timestamps as ORT's default on the
 * repository's random-weight q8 Whispers (English-only and multilingual).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env, pipeline } from '@huggingface/transformers';
import * as ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTranscriber, FOLD_DEQUANTIZE_SESSION_OPTIONS } from '../../../lib/narration/transcriber';
import { generateTinyWhisper } from '../../fixtures/whisper/generate-tiny-whisper.mjs';
import { noise, toneSpeech } from './synthetic-audio';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const EN = 'sop-test/whisper-fold-en';
const MULTI = 'sop-test/whisper-fold-multi';
let root = '';



beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sop-whisper-fold-'));
  await generateTinyWhisper({ outDir: join(root, EN), seed: 11, dtypes: ['q8'] });
  await generateTinyWhisper({ outDir: join(root, MULTI), seed: 5, dtypes: ['q8'], multilingual: true });
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

interface DqCount {
  all: number;
  onInitializers: number;
}

/** DequantizeLinear nodes in the graph ORT runs after its optimisations (read back from optimizedModelFilePath). */
async function optimisedDequantize(model: string, sessionOptions: ort.InferenceSession.SessionOptions): Promise<DqCount> {
  const out = join(root, `optimised-${Math.random().toString(36).slice(2)}.onnx`);
  const session = await ort.InferenceSession.create(join(root, model, 'onnx', 'decoder_model_merged_quantized.onnx'), { ...sessionOptions, optimizedModelFilePath: out });
  await session.release();
  const graph = onnxProto.onnx.ModelProto.decode(await readFile(out)).graph!;
  const count: DqCount = { all: 0, onInitializers: 0 };
  const walk = (g: typeof graph, initializers: Set<string>) => {
    const own = new Set([...initializers, ...(g.initializer ?? []).map((t) => t.name!)]);
    for (const node of g.node ?? []) {
      if (node.opType === 'DequantizeLinear') {
        count.all++;
        if (own.has(node.input![0]!)) count.onInitializers++;
      }
      for (const attribute of node.attribute ?? []) if (attribute.g) walk(attribute.g as typeof graph, own);
    }
  };
  walk(graph, new Set());
  return count;
}

describe('ONNX Runtime folds the constant DequantizeLinear with the session option', () => {
  it('keeps the LM head dequantised per step by default, folds it with the option; lookups stay', async () => {
    const byDefault = await optimisedDequantize(EN, {});
    const folded = await optimisedDequantize(EN, FOLD_DEQUANTIZE_SESSION_OPTIONS as ort.InferenceSession.SessionOptions);
    expect(byDefault.onInitializers).toBeGreaterThan(0);
    expect(folded.onInitializers).toBe(0);
    // The embedding lookups (Gather on uint8 → DequantizeLinear of the gathered rows) depend on the input.
    expect(folded.all).toBe(byDefault.all - byDefault.onInitializers);
    expect(folded.all).toBeGreaterThan(0);
  });
});

type Asr = ((audio: Float32Array, options: Record<string, unknown>) => Promise<unknown>) & {
  model: { generate: (...args: unknown[]) => Promise<unknown> };
  dispose(): Promise<void>;
};

async function run(model: string, fold: boolean, inputs: Float32Array[], options: Record<string, unknown>) {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = root;
  env.useCustomCache = false;
  env.customCache = null;
  const asr = (await pipeline('automatic-speech-recognition', model, {
    dtype: 'q8',
    device: 'cpu',
    ...(fold ? { session_options: FOLD_DEQUANTIZE_SESSION_OPTIONS } : {}),
  })) as unknown as Asr;
  const generate = asr.model.generate;
  const sequences: number[][] = [];
  asr.model.generate = async (...args: unknown[]) => {
    const result = await generate.apply(asr.model, args);
    const tensor = (result as { sequences?: { tolist(): bigint[][] } }).sequences ?? (result as { tolist(): bigint[][] });
    sequences.push(...tensor.tolist().map((row) => row.map(Number)));
    return result;
  };
  const outputs: unknown[] = [];
  try {
    for (const audio of inputs) outputs.push(await asr(audio, { return_timestamps: true, ...options }));
  } finally {
    await asr.dispose();
  }
  return { sequences, outputs };
}

describe.each([
  { model: EN, options: {} },
  { model: MULTI, options: { language: 'fr', task: 'transcribe' } },
])('same transcript folded or not on $model q8', ({ model, options }) => {
  it('same token ids, text and timestamps', async () => {
    const inputs = [toneSpeech(30, 9), noise(12, 3), toneSpeech(8, 2)];
    const byDefault = await run(model, false, inputs, options);
    const folded = await run(model, true, inputs, options);
    expect(folded.sequences).toEqual(byDefault.sequences);
    expect(folded.outputs).toEqual(byDefault.outputs);
    // Real decodes, and different ones per input: equality can tell runs apart.
    for (const sequence of byDefault.sequences) expect(sequence.length).toBeGreaterThan(8);
    expect(new Set(byDefault.sequences.map((s) => s.join(','))).size).toBe(inputs.length);
  });
});

describe('the transcriber', () => {
  it('folds for q8 by default and gives the segments of the unfolded graph', async () => {
    const base = { modelId: EN, localModelPath: root, allowRemote: false, device: 'cpu' as const, dtype: 'q8' as const };
    const audio = toneSpeech(20, 21);
    const unfolded = await createTranscriber({ ...base, foldDequantize: false });
    const expected = await unfolded.transcribeWindow(audio, 5_000);
    await unfolded.dispose();
    const folded = await createTranscriber(base);
    expect(await folded.transcribeWindow(audio, 5_000)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(1);
    await folded.dispose();
  });
});
