/**
 * The real model code (transformers.js + ONNX Runtime, native in Node) on a tiny random-weight Whisper that
 * the repository generates at test time: no model hub anywhere. Its words are meaningless but deterministic
 * for a seed, so the exact transcript is pinned below.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { alignNarration } from '../../../lib/narration/align';
import { NarrationError } from '../../../lib/narration/errors';
import { resample } from '../../../lib/narration/resample';
import type { TranscriptSegment } from '../../../lib/narration/segments';
import { createNarrationSession } from '../../../lib/narration/session';
import { createTranscriber, modelFilePath, type LoadProgress, type Transcriber, type TranscriberOptions } from '../../../lib/narration/transcriber';
import { parseWav } from '../../../lib/narration/wav';
import { generateTinyWhisper } from '../../fixtures/whisper/generate-tiny-whisper.mjs';
import { toneSpeech } from './synthetic-audio';
import { stepId } from '../factories';

// Model runs take ~0.3–1 s per window here, several times that on busy shared cores: generous limits.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const run = promisify(execFile);
const SR = 16_000;
const MODEL = 'sop-test/whisper-tiny-random';
const MULTI = 'sop-test/whisper-tiny-random-multilingual';
const SEED = 7;

let root = '';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sop-whisper-'));
  await generateTinyWhisper({ outDir: join(root, MODEL), seed: SEED });
  await generateTinyWhisper({ outDir: join(root, MULTI), seed: SEED, multilingual: true });
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

function localOptions(overrides: Partial<TranscriberOptions> = {}): TranscriberOptions {
  return { modelId: MODEL, localModelPath: root, allowRemote: false, device: 'cpu', ...overrides };
}


/** Seeded "speech-like" audio with three harmonics: the audio the pinned transcript below was made from. */
const syntheticNarration = (seconds: number, seed: number) => toneSpeech(seconds, seed, [1, 0.5, 0.25]);

function pushInChunks(session: ReturnType<typeof createNarrationSession>, pcm: Float32Array, chunk = 4_096): void {
  for (let at = 0; at < pcm.length; at += chunk) session.push(pcm.subarray(at, Math.min(pcm.length, at + chunk)));
}

function expectWellFormed(segments: readonly TranscriptSegment[], durationMs: number): void {
  expect(segments.length).toBeGreaterThan(0);
  let previousEnd = 0;
  for (const s of segments) {
    expect(s.text.trim()).not.toBe('');
    expect(s.startMs).toBeGreaterThanOrEqual(previousEnd);
    expect(s.endMs).toBeGreaterThanOrEqual(s.startMs);
    expect(s.endMs).toBeLessThanOrEqual(durationMs);
    previousEnd = s.endMs;
  }
}

describe('transcriber on a generated tiny Whisper', () => {
  let transcriber: Transcriber;
  const progress: LoadProgress[] = [];

  beforeAll(async () => {
    transcriber = await createTranscriber(localOptions({ onProgress: (p) => progress.push(p) }));
  });

  afterAll(async () => {
    await transcriber?.dispose();
  });

  it('loads from the local folder with remote models disabled, reporting progress to ready', () => {
    expect(transcriber.modelId).toBe(MODEL);
    expect(transcriber.language).toBeUndefined();
    expect(progress.at(-1)).toEqual({ phase: 'ready', loadedBytes: 0, totalBytes: 0, fraction: 1 });
    const downloads = progress.filter((p) => p.phase === 'download');
    expect(downloads.length).toBeGreaterThan(0);
    expect(downloads.at(-1)?.fraction).toBe(1);
  });

  it('streams 65 s in 3 windows while "recording", stitches them, and gives the exact text for the seed', async () => {
    const pcm = syntheticNarration(65, SEED);
    const session = createNarrationSession({ transcribe: (p, o) => transcriber.transcribeWindow(p, o), model: MODEL, now: () => 0 });
    pushInChunks(session, pcm);
    // The two full windows are transcribed before Stop; Stop only adds the 9 s tail.
    await vi.waitFor(() => expect(session.windowsDone).toBe(2), { timeout: 20_000 });
    expect(session.windowsQueued).toBe(2);
    const transcript = await session.stop();
    expect(session.windowsDone).toBe(3);

    expectWellFormed(transcript.segments, 65_000);
    expect(transcript.segments.at(-1)!.startMs).toBeGreaterThan(56_000); // the tail is in
    expect(transcript.segments.map((s) => [s.startMs, s.endMs, s.text])).toEqual(EXPECTED_65S);
    expect(transcript).toEqual({ segments: expect.any(Array), model: MODEL, createdAt: 0 });

    // Narration attaches to the steps of the same recording clock.
    const text = EXPECTED_65S.map(([, , t]) => t);
    const steps = [stepId('open'), stepId('deploy'), stepId('confirm'), stepId('verify')].map((id, i) => ({ id, t: [5_000, 30_000, 45_000, 61_000][i]! }));
    const { intro, byStep } = alignNarration(transcript.segments, steps);
    expect(intro).toBe(text[0]);
    expect([...byStep.values()]).toEqual([
      text[1], // contains 5 s
      text.slice(2, 8).join(' '), // before 30 s, then the one containing it
      text.slice(8, 11).join(' '), // before 45 s
      text.slice(11).join(' '), // before, containing and after 61 s (the last step)
    ]);
  });

  it('keeps a short window to its own audio: nothing in the padding Whisper adds up to 30 s', async () => {
    const segments = await transcriber.transcribeWindow(syntheticNarration(9, 3), 100_000);
    expectWellFormed(segments.map((s) => ({ ...s, startMs: s.startMs - 100_000, endMs: s.endMs - 100_000 })), 9_000);
    expect(segments[0]!.startMs).toBe(100_000);
    expect(segments.at(-1)!.endMs).toBe(109_000);
  });

  it('runs calls one at a time, in order, and gives nothing for no audio', async () => {
    const a = syntheticNarration(5, 1);
    const results = await Promise.all([transcriber.transcribeWindow(a, 0), transcriber.transcribeWindow(new Float32Array(0), 5_000), transcriber.transcribeWindow(a, 0)]);
    expect(results[1]).toEqual([]);
    expect(results[2]).toEqual(results[0]);
  });

  it.skipIf(!onPath('espeak-ng'))('transcribes an espeak-ng narration read from a WAV and resampled to 16 kHz', async () => {
    const wavPath = join(root, 'narration.wav');
    await run('espeak-ng', ['-s', '160', '-w', wavPath, '--', NARRATION]);
    const wav = parseWav(await readFile(wavPath));
    expect(wav.sampleRate).toBe(22_050); // espeak-ng's native rate: the resampler does real work
    const pcm = resample(wav.samples, wav.sampleRate, SR);
    const durationMs = (pcm.length / SR) * 1000;
    expect(durationMs).toBeGreaterThan(30_000);

    const session = createNarrationSession({ transcribe: (p, o) => transcriber.transcribeWindow(p, o), model: MODEL });
    pushInChunks(session, pcm, 1_600);
    const transcript = await session.stop();
    expect(session.windowsDone).toBe(2);
    expectWellFormed(transcript.segments, durationMs);
    expect(transcript.segments.at(-1)!.endMs).toBeGreaterThan(durationMs - 5_000);

    const steps = [10_000, 20_000, 30_000].map((t, n) => ({ id: stepId(`s${n}`), t }));
    const { intro, byStep } = alignNarration(transcript.segments, steps);
    expect(intro).not.toBe('');
    expect([...byStep.keys()]).toEqual(steps.map((s) => s.id));
    const words = (t: string) => t.split(' ').length;
    expect(words(intro) + [...byStep.values()].reduce((n, t) => n + words(t), 0)).toBe(
      transcript.segments.reduce((n, s) => n + words(s.text), 0),
    );
  });
});

const NARRATION =
  'This procedure deploys a new release of the payments service. ' +
  'First open the Shipyard dashboard and find payments api in the list of applications. ' +
  'Click the deploy button at the top right of the page. ' +
  'In the dialog, choose the production region, then type the change ticket number. ' +
  'Set the rollout to ten percent and press confirm. ' +
  'Wait until the status turns green, then check the error rate on the metrics tab. ' +
  'If the error rate stays below the threshold, raise the rollout to one hundred percent and close the dialog.';

/** A loopback port that was free a moment ago. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(join(dir, command)));
}

/**
 * The transcript of \`syntheticNarration(65, 7)\` by the seed-7 model as shipped (q8: dynamically quantized
 * graphs, as the Hub's): [startMs, endMs, text].
 */
const EXPECTED_65S: [number, number, string][] = [
  [0, 3600, 'payments user release not three ready pipeline toggle wait right if ready ready'],
  [4280, 7880, 'pipeline new below page wait list ready wait you ready then if then'],
  [8560, 12160, 'and list new right ready main list status press list form main wait'],
  [12840, 16440, 'percent top link new wait last row release click and status list report'],
  [17120, 20720, 'ready ready then new wait add right top list form add new hundred'],
  [21400, 25000, 'last next from check error ready wait open percent staging right paste error'],
  [25680, 29280, 'release ready ready you not sure window page last then and ready ready'],
  [29280, 31600, 'payments ready release not three ready error toggle wait at if ready ready'],
  [32280, 35880, 'pipeline new below page wait list ready wait wait ready then list then'],
  [36560, 40160, 'and list new right ready main list status press wait rate main wait'],
  [40840, 44440, 'percent top link new wait last row release click and status list report'],
  [45120, 48720, 'ready ready then new wait add right open list form add new hundred'],
  [49400, 53000, 'last next from check error ready wait open percent staging right paste error'],
  [53680, 57280, 'release ready ready press not page window team last then and ready ready'],
  [57280, 59600, 'payments all release not three ready pipeline toggle wait then if ready ready'],
  [60280, 63880, 'pipeline new below page ready list ready wait you ready open if then'],
  [64560, 65000, 'and list new right ready main list status press list form main never'],
];

describe('loading through a file reader (a folder picked in the browser)', () => {
  it.each([
    ['/models/sop-test/m/config.json', 'config.json'],
    ['/models/sop-test/m/onnx/encoder_model_quantized.onnx', 'onnx/encoder_model_quantized.onnx'],
    ['https://huggingface.co/sop-test/m/resolve/main/tokenizer.json', 'tokenizer.json'],
    ['https://mirror.test/sop-test/m/resolve/0123abc/onnx/decoder_model_merged.onnx', 'onnx/decoder_model_merged.onnx'],
    ['https://huggingface.co/other/model/resolve/main/config.json', null],
  ])('%s → %s', (key, expected) => {
    expect(modelFilePath(key, 'sop-test/m')).toBe(expected);
  });

  it('loads and transcribes with no folder and no download, exactly as from the folder', async () => {
    const asked: string[] = [];
    const fromReader = await createTranscriber({
      modelId: MODEL,
      allowRemote: false,
      device: 'cpu',
      modelFiles: async (path) => {
        asked.push(path);
        return readFile(join(root, MODEL, path)).catch(() => null);
      },
    });
    const fromFolder = await createTranscriber(localOptions());
    try {
      expect(asked).toEqual(expect.arrayContaining(['config.json', 'tokenizer.json', 'onnx/encoder_model_quantized.onnx', 'onnx/decoder_model_merged_quantized.onnx']));
      const audio = syntheticNarration(6, 2);
      expect(await fromReader.transcribeWindow(audio, 0)).toEqual(await fromFolder.transcribeWindow(audio, 0));
    } finally {
      await fromReader.dispose();
      await fromFolder.dispose();
    }
  });

  it('says which model is missing when the reader lacks a file', async () => {
    const error = await createTranscriber({ modelId: MODEL, allowRemote: false, device: 'cpu', modelFiles: async () => null }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NarrationError);
    expect((error as NarrationError).code).toBe('not-found');
  });
});

describe('model choice', () => {
  it('asks a multilingual model for the chosen language', async () => {
    const transcriber = await createTranscriber(localOptions({ modelId: MULTI, language: 'fr' }));
    try {
      expect(transcriber.language).toBe('fr');
      expectWellFormed(await transcriber.transcribeWindow(syntheticNarration(8, 5), 0), 8_000);
    } finally {
      await transcriber.dispose();
    }
  });

  it('ignores a language for an English-only model', async () => {
    const transcriber = await createTranscriber(localOptions({ language: 'fr', dtype: 'fp32' }));
    try {
      expect(transcriber.language).toBeUndefined();
      expectWellFormed(await transcriber.transcribeWindow(syntheticNarration(4, 5), 0), 4_000);
    } finally {
      await transcriber.dispose();
    }
  });
});

describe('load errors, in plain words', () => {
  async function loadError(options: TranscriberOptions): Promise<NarrationError> {
    const error = await createTranscriber(options).then(
      async (t) => {
        await t.dispose();
        throw new Error('expected the load to fail');
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NarrationError);
    return error as NarrationError;
  }

  /** A copy of the generated model under another id, for breaking. */
  async function copyModel(id: string): Promise<string> {
    const dir = join(root, id);
    await generateTinyWhisper({ outDir: dir, seed: SEED, dtypes: ['q8'] });
    return dir;
  }

  it('a model missing from the local folder', async () => {
    const error = await loadError(localOptions({ modelId: 'sop-test/not-there' }));
    expect(error.code).toBe('not-found');
    expect(error.message).toMatch(/^Couldn't find the speech model \(sop-test\/not-there\) in the local model folder/);
  });

  it('a truncated ONNX file', async () => {
    const dir = await copyModel('sop-test/truncated');
    await truncate(join(dir, 'onnx', 'encoder_model_quantized.onnx'), 1_000);
    const error = await loadError(localOptions({ modelId: 'sop-test/truncated' }));
    expect(error.code).toBe('corrupt');
    expect(error.message).toBe('The files of the speech model (sop-test/truncated) are damaged or incomplete. Copy the model folder again.');
  });

  it('a broken config file', async () => {
    const dir = await copyModel('sop-test/bad-json');
    await writeFile(join(dir, 'config.json'), '{"model_type": "whisper",');
    expect((await loadError(localOptions({ modelId: 'sop-test/bad-json' }))).code).toBe('corrupt');
  });

  it('no connection to the Hub', async () => {
    // A loopback port nobody listens on: the connection is refused at once, no traffic leaves the machine.
    const port = await closedPort();
    const error = await loadError({ modelId: 'onnx-community/whisper-tiny.en', allowRemote: true, remoteHost: `http://127.0.0.1:${port}/`, device: 'cpu' });
    expect(error.code).toBe('offline');
    expect(String((error.cause as Error).cause)).toMatch(/ECONNREFUSED/);
    expect(error.message).toMatch(/no connection to Hugging Face/);
  });

  it('neither downloads nor a local folder allowed', async () => {
    const error = await loadError({ modelId: MODEL, allowRemote: false });
    expect(error.code).toBe('not-found');
    expect(error.message).toMatch(/No speech model source/);
  });
});

describe('the generator', () => {
  it('writes the same bytes for the same seed and different ones for another seed', async () => {
    const a = await generateTinyWhisper({ outDir: join(root, 'det/a'), seed: 11, dtypes: ['fp32'] });
    const b = await generateTinyWhisper({ outDir: join(root, 'det/b'), seed: 11, dtypes: ['fp32'] });
    const c = await generateTinyWhisper({ outDir: join(root, 'det/c'), seed: 12, dtypes: ['fp32'] });
    for (const file of a.files) {
      const bytes = await readFile(join(a.dir, file));
      expect(bytes.equals(await readFile(join(b.dir, file))), file).toBe(true);
    }
    const decoder = 'onnx/decoder_model_merged.onnx';
    expect((await readFile(join(a.dir, decoder))).equals(await readFile(join(c.dir, decoder)))).toBe(false);
  });

  it("writes Whisper's real token layout, timestamps not special", async () => {
    const tokenizer = JSON.parse(await readFile(join(root, MODEL, 'tokenizer.json'), 'utf8')) as {
      added_tokens: { id: number; content: string; special: boolean }[];
    };
    const generation = JSON.parse(await readFile(join(root, MODEL, 'generation_config.json'), 'utf8')) as Record<string, number>;
    const byContent = new Map(tokenizer.added_tokens.map((t) => [t.content, t]));
    const eot = byContent.get('<|endoftext|>')!;
    expect(byContent.get('<|startoftranscript|>')!.id).toBe(eot.id + 1);
    expect(byContent.get('<|en|>')!.id).toBe(eot.id + 2);
    expect(byContent.get('<|notimestamps|>')!.id).toBe(generation.no_timestamps_token_id);
    expect(byContent.get('<|0.00|>')).toMatchObject({ id: generation.no_timestamps_token_id! + 1, special: false });
    expect(byContent.get('<|30.00|>')).toMatchObject({ id: generation.no_timestamps_token_id! + 1501, special: false });
  });

  it('gives the same logits with and without the cache (merged decoder, use_cache_branch)', async () => {
    const ort = (await import('onnxruntime-node')).default;
    const dir = join(root, MODEL, 'onnx');
    const encoder = await ort.InferenceSession.create(join(dir, 'encoder_model.onnx'));
    const decoder = await ort.InferenceSession.create(join(dir, 'decoder_model_merged.onnx'));
    const features = new ort.Tensor('float32', Float32Array.from({ length: 80 * 3000 }, (_, i) => Math.sin(i / 97)), [1, 80, 3000]);
    const hidden = (await encoder.run({ input_features: features })).last_hidden_state!;
    expect(hidden.dims).toEqual([1, 1500, 64]);

    type Feeds = Record<string, InstanceType<typeof ort.Tensor>>;
    const feeds = (ids: number[], past: Feeds | null): Feeds => {
      const f: Feeds = {
        input_ids: new ort.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, ids.length]),
        encoder_hidden_states: hidden,
        use_cache_branch: new ort.Tensor('bool', [past !== null], [1]),
      };
      for (let l = 0; l < 2; l++) {
        for (const kind of ['decoder', 'encoder']) {
          for (const kv of ['key', 'value']) {
            f[`past_key_values.${l}.${kind}.${kv}`] = past ? past[`present.${l}.${kind}.${kv}`]! : new ort.Tensor('float32', new Float32Array(0), [1, 4, 0, 16]);
          }
        }
      }
      return f;
    };
    const ids = [513, 300, 301, 302, 303];
    const full = (await decoder.run(feeds(ids, null))) as Feeds;
    let past = (await decoder.run(feeds(ids.slice(0, 2), null))) as Feeds;
    for (let i = 2; i < ids.length; i++) {
      const step = (await decoder.run(feeds([ids[i]!], past))) as Feeds;
      const vocab = step.logits!.dims[2]!;
      const expected = (full.logits!.data as Float32Array).subarray(i * vocab, (i + 1) * vocab);
      const actual = step.logits!.data as Float32Array;
      let maxDiff = 0;
      for (let v = 0; v < vocab; v++) maxDiff = Math.max(maxDiff, Math.abs(actual[v]! - expected[v]!));
      expect(maxDiff, `position ${i}`).toBeLessThan(1e-3);
      past = step;
    }
  });
});
