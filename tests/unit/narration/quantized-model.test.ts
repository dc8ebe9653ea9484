/**
 * The q8 build of the random-weight Whisper (what the product downloads by default) is quantized the way the
 * Hub's `*_quantized.onnx` files are (ONNX Runtime's dynamic quantization, as transformers.js' quantize.py
 * runs it), so speed measured on it is the speed of the kernels users run. Checked here: the op mix, the
 * quantization parameters, that ONNX Runtime loads it, and that it computes nearly what the fp32 graph does.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTranscriber } from '../../../lib/narration/transcriber';
import { generateTinyWhisper, type GenerateResult } from '../../fixtures/whisper/generate-tiny-whisper.mjs';
import { quantParams, quantizeTensor } from '../../fixtures/whisper/quantize-dynamic.mjs';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const { onnx } = onnxProto;
const MODEL = 'sop-test/whisper-q8';
let root = '';
let generated: GenerateResult;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sop-whisper-q8-'));
  generated = await generateTinyWhisper({ outDir: join(root, MODEL), seed: 7, dtypes: ['fp32', 'q8'] });
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

interface Graph {
  node: { opType: string; input: string[]; attribute: { g?: Graph }[] }[];
  initializer: { name: string; dataType: number; dims: unknown[] }[];
}

async function graphOf(file: string): Promise<Graph> {
  return onnx.ModelProto.decode(await readFile(join(root, MODEL, 'onnx', file))).graph as unknown as Graph;
}

function opsOf(g: Graph, into = new Map<string, number>()): Map<string, number> {
  for (const n of g.node) {
    into.set(n.opType, (into.get(n.opType) ?? 0) + 1);
    for (const a of n.attribute) if (a.g) opsOf(a.g, into);
  }
  return into;
}

describe('quantization parameters (onnxruntime quant_utils)', () => {
  it('int8 weights are symmetric over [-127, 127] with zero point 0', () => {
    const p = quantParams(new Float32Array([-0.5, 0.25, 1.27]), 'int8');
    expect(p.zeroPoint).toBe(0);
    expect(p.scale).toBeCloseTo(1.27 / 127, 9);
    expect([...quantizeTensor(new Float32Array([-1.27, 0, 1.27, 0.015]), 'int8').data]).toEqual([-127, 0, 127, 2]);
  });

  it('uint8 covers [min(0, lo), max(0, hi)] over [0, 255] with a zero point', () => {
    const p = quantParams(new Float32Array([-1, 0.5, 3]), 'uint8');
    expect(p.scale).toBeCloseTo(4 / 255, 7);
    expect(p.zeroPoint).toBe(64); // round(0 − (−1) / (4/255)) = round(63.75)
    const positive = quantParams(new Float32Array([0.2, 0.8]), 'uint8');
    expect(positive.zeroPoint).toBe(0); // the range always holds 0
  });
});

describe('the q8 graphs', () => {
  it('are 2.5–4× smaller than fp32 (real shapes: 3.3× encoder, 4× decoder)', () => {
    const { fp32, q8 } = generated.bytesByDtype;
    // Small shape: the encoder's fp32 position table (not quantized, as in the real export) weighs more here.
    expect(fp32!.decoder / q8!.decoder).toBeGreaterThan(3);
    expect(fp32!.encoder / q8!.encoder).toBeGreaterThan(1.5);
  });

  it('the encoder: ConvInteger and MatMulInteger with uint8 weights (the graph has a Conv), no float MatMul on a weight', async () => {
    const g = await graphOf('encoder_model_quantized.onnx');
    const ops = opsOf(g);
    expect(ops.get('ConvInteger')).toBe(2);
    expect(ops.get('Conv')).toBeUndefined();
    expect(ops.get('MatMulInteger')).toBe(2 * 6); // q, k, v, out, fc1, fc2 per layer
    // One DynamicQuantizeLinear per quantized activation: q/k/v share the layer norm's.
    expect(ops.get('DynamicQuantizeLinear')).toBe(2 + 2 * 4);
    const weights = g.initializer.filter((i) => i.name.endsWith('.weight_quantized'));
    expect(weights.length).toBe(2 + 2 * 6);
    expect(new Set(weights.map((w) => w.dataType))).toEqual(new Set([onnx.TensorProto.DataType.UINT8]));
    // attention's q·kᵀ and p·v (no constant B) stay float
    expect(ops.get('MatMul')).toBe(2 * 2);
  });

  it('the decoder: int8 weights, uint8 embedding tables through DequantizeLinear, the tied head dequantized', async () => {
    const g = await graphOf('decoder_model_merged_quantized.onnx');
    const ops = opsOf(g);
    // per layer: self q, k, v, out; cross q, out; fc1, fc2 — plus cross k, v in the If's first-step branch
    expect(ops.get('MatMulInteger')).toBe(2 * 8 + 2 * 2);
    const byName = new Map(g.initializer.map((i) => [i.name, i]));
    expect(byName.get('decoder.layers.0.fc1.weight_quantized')?.dataType).toBe(onnx.TensorProto.DataType.INT8);
    expect(byName.get('decoder.embed_tokens.weight_quantized')?.dataType).toBe(onnx.TensorProto.DataType.UINT8);
    expect(byName.get('decoder.embed_positions.weight_quantized')?.dataType).toBe(onnx.TensorProto.DataType.UINT8);
    expect(byName.has('decoder.embed_tokens.weight')).toBe(false); // the fp32 table is gone
    // token embedding, position embedding, and the LM head's transposed table
    expect(ops.get('DequantizeLinear')).toBe(3);
    // the fixture's own decoding bias stays exact
    expect(byName.get('bias.text_suppress')?.dataType).toBe(onnx.TensorProto.DataType.FLOAT);
  });

  it('loads in ONNX Runtime and computes nearly what the fp32 graph of the same seed does', async () => {
    const ort = (await import('onnxruntime-node')).default;
    type Tensor = InstanceType<typeof ort.Tensor>;
    const dir = join(root, MODEL, 'onnx');
    const features = new ort.Tensor('float32', Float32Array.from({ length: 80 * 3000 }, (_, i) => Math.sin(i / 97)), [1, 80, 3000]);
    async function run(suffix: string): Promise<{ hidden: Float32Array; logits: Float32Array }> {
      const encoder = await ort.InferenceSession.create(join(dir, `encoder_model${suffix}.onnx`));
      const decoder = await ort.InferenceSession.create(join(dir, `decoder_model_merged${suffix}.onnx`));
      const hidden = (await encoder.run({ input_features: features })).last_hidden_state!;
      const feeds: Record<string, Tensor> = {
        input_ids: new ort.Tensor('int64', BigInt64Array.from([BigInt(generated.layout.sot), 300n, 301n]), [1, 3]),
        encoder_hidden_states: hidden,
        use_cache_branch: new ort.Tensor('bool', [false], [1]),
      };
      for (let l = 0; l < 2; l++) for (const k of ['decoder', 'encoder']) for (const kv of ['key', 'value']) feeds[`past_key_values.${l}.${k}.${kv}`] = new ort.Tensor('float32', new Float32Array(0), [1, 4, 0, 16]);
      const logits = (await decoder.run(feeds)).logits!;
      return { hidden: hidden.data as Float32Array, logits: logits.data as Float32Array };
    }
    const fp32 = await run('');
    const q8 = await run('_quantized');
    const error = (a: Float32Array, b: Float32Array) => {
      let worst = 0;
      let sum = 0;
      let energy = 0;
      for (let i = 0; i < a.length; i++) {
        const d = a[i]! - b[i]!;
        worst = Math.max(worst, Math.abs(d));
        sum += d * d;
        energy += b[i]! * b[i]!;
      }
      return { worst, relativeRms: Math.sqrt(sum / energy) };
    };
    const hidden = error(q8.hidden, fp32.hidden);
    const logits = error(q8.logits, fp32.logits);
    // Different graphs really ran (not the same fp32 bytes under two names)…
    expect(hidden.worst).toBeGreaterThan(1e-4);
    // …and 8-bit quantization error stays small: about 1 % of the signal (measured ~0.7 % / ~0.3 %).
    expect(hidden.relativeRms).toBeLessThan(0.03);
    expect(logits.relativeRms).toBeLessThan(0.03);
  });

  it('transcribes with the same timestamps and nearly the same words as fp32', async () => {
    const audio = Float32Array.from({ length: 20 * 16_000 }, (_, i) => 0.3 * Math.sin((2 * Math.PI * (150 + (i % 16_000) / 200) * i) / 16_000));
    const texts: Record<string, { startMs: number; endMs: number; text: string }[]> = {};
    for (const dtype of ['fp32', 'q8'] as const) {
      const t = await createTranscriber({ modelId: MODEL, localModelPath: root, allowRemote: false, device: 'cpu', dtype });
      try {
        texts[dtype] = await t.transcribeWindow(audio, 0);
      } finally {
        await t.dispose();
      }
    }
    const [a, b] = [texts.fp32!, texts.q8!];
    expect(b.map((s) => [s.startMs, s.endMs])).toEqual(a.map((s) => [s.startMs, s.endMs]));
    const wordsA = a.flatMap((s) => s.text.split(' '));
    const wordsB = b.flatMap((s) => s.text.split(' '));
    expect(wordsB.length).toBe(wordsA.length);
    const same = wordsA.filter((w, i) => w === wordsB[i]).length;
    // Random weights put many words within a hair of each other: a few flip (97 % agreed on the 65 s clip).
    expect(same / wordsA.length).toBeGreaterThan(0.85);
  });
});
