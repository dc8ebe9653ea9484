/**
 * The microphone is recorded with the tab video: an espeak-ng narration WAV is fed as the microphone, the
 * popup shows its live level, and the stored video carries the speech in its audio track.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { EditorPage } from './pages/editor-page';
import { PopupPage } from './pages/popup-page';
import { blobBytes, readStores, readStoresWith, type BlobSummary } from './helpers/idb-dump';
import { storedChunks, waitForChunks } from './helpers/recording';
import { stallAudio } from './helpers/audio-stall';
import { generateTinyWhisper } from '../fixtures/whisper/generate-tiny-whisper.mjs';

const dir = mkdtempSync(join(tmpdir(), 'sop-narration-'));
const wav = join(dir, 'narration.wav');
execFileSync('espeak-ng', ['-s', '150', '-w', join(dir, 'raw.wav'), 'First make sure the build is green. If the health check fails, roll back. Now deploy the service and watch the dashboard.']);
execFileSync('sox', ['-G', join(dir, 'raw.wav'), '-r', '48000', '-c', '1', '-b', '16', wav, 'repeat', '3']);

test.use({ fakeAudioFile: wav });

test('records the narration with the video, shows the microphone level, and says plainly when it cannot be transcribed', async ({ context, extensionId, servers, tabIdOf, serviceWorker }) => {
  // The model host is a closed local port: the recording goes on, and the popup says why there is no text.
  await serviceWorker.evaluate(() => chrome.storage.local.set({ narrationSettings: { transcribe: true, model: 'tiny.en', modelHost: 'http://127.0.0.1:9/' } }));
  const page = await context.newPage();
  await page.goto(`${servers.mainOrigin}/burst.html`);
  const popup = await PopupPage.open(context, extensionId, await tabIdOf(page));
  await popup.start();
  await expect(popup.page.getByTestId('narration-status')).toContainText('will not be transcribed', { timeout: 30_000 });
  const meter = popup.page.getByTestId('mic-level');
  await expect(meter).toBeVisible();
  await expect.poll(() => meter.evaluate((m: HTMLMeterElement) => m.value), { timeout: 15_000 }).toBeGreaterThan(3);
  await page.bringToFront();
  for (const n of [1, 2, 3]) await page.getByRole('button', { name: `Check ${n}`, exact: true }).click();
  // More than two seconds of the narration recorded (asserted below): three 1 s chunks stored.
  await waitForChunks(popup.page, 3);
  await popup.page.bringToFront();
  await popup.stop();
  await expect(popup.page.getByTestId('narration-error')).toContainText('Narration was not transcribed');

  // Decode the stored video's audio track and measure it: speech, not silence.
  const { chunks } = await readStoresWith<{ chunks: { seq: number; blob: BlobSummary }[] }>(popup.page, { blobBytes: true }, 'chunks');
  chunks.sort((a, b) => a.seq - b.seq);
  const video = { b64: Buffer.concat(chunks.map((c) => blobBytes(c.blob))).toString('base64'), type: chunks[0]!.blob.$blob.type };
  const audio = await popup.page.evaluate(async ({ b64, type }) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const buffer = await new OfflineAudioContext(1, 1, 48_000).decodeAudioData(bytes.buffer);
    const data = buffer.getChannelData(0);
    let sum = 0;
    for (const v of data) sum += v * v;
    return { type, seconds: buffer.duration, rms: Math.sqrt(sum / data.length) };
  }, video);
  expect(audio.type).toContain('opus');
  expect(audio.seconds).toBeGreaterThan(2);
  expect(audio.rms).toBeGreaterThan(0.01);
});

/** A model host on 127.0.0.1 in the Hub's layout (`<model>/resolve/<revision>/<file>`), serving a tiny
 * random-weight Whisper generated now: the extension's real download code runs against it. */
/**
 * Start, wait until the model is loaded, click Check 1…n while the narration WAV plays as the mic, with
 * narration recorded before, between and after the clicks, Stop. Returns the popup, showing the new SOP.
 */
async function recordNarratedChecks(context: BrowserContext, extensionId: string, origin: string, tabIdOf: (p: Page) => Promise<number>, n: number): Promise<PopupPage> {
  const page = await context.newPage();
  await page.goto(`${origin}/burst.html`);
  const popup = await PopupPage.open(context, extensionId, await tabIdOf(page));
  await popup.start();
  await expect(popup.page.getByTestId('narration-status')).toContainText('Transcribing your narration on this device', { timeout: 60_000 });
  await page.bringToFront();
  // Speech is placed under the step it comes before, overlaps or (after the last) follows (lib/narration/align.ts):
  // before each click and after the last, at least a whole second more of the narration is recorded — two more
  // 1 s chunks stored (the first may have been mostly over already).
  let chunks = (await storedChunks(popup.page)).at(-1)?.chunks ?? 0;
  for (let i = 1; i <= n; i++) {
    chunks = await waitForChunks(popup.page, chunks + 2);
    await page.getByRole('button', { name: `Check ${i}`, exact: true }).click();
  }
  await waitForChunks(popup.page, chunks + 2);
  await popup.page.bringToFront();
  await popup.stop();
  return popup;
}

/** The id of the most recently created SOP, read from the extension's IndexedDB. */
async function latestSopId(page: Page): Promise<string> {
  const { sops } = await readStores<{ sops: { id: string; createdAt: number }[] }>(page, 'sops');
  return sops.sort((a, b) => b.createdAt - a.createdAt)[0]!.id;
}

/** The commit the fake Hub says `main` is. */
const MODEL_COMMIT = '5f1e0c2d9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d';

async function serveTinyWhisper(modelId: string): Promise<{ host: string; requests: string[]; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'sop-whisper-'));
  await generateTinyWhisper({ outDir: dir, seed: 7 });
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method}${req.headers.range ? ' range' : ''} ${req.url ?? ''}`);
    // Like the Hub: `main` and the commit it resolves to both serve the files, and say which commit that is.
    const path = decodeURIComponent((req.url ?? '').split('?')[0] ?? '');
    const prefix = [`/${modelId}/resolve/main/`, `/${modelId}/resolve/${MODEL_COMMIT}/`].find((p) => path.startsWith(p));
    if (!prefix || path.includes('..')) return void res.writeHead(404).end();
    try {
      const body = readFileSync(join(dir, path.slice(prefix.length)));
      res.writeHead(200, { 'content-length': body.length, 'access-control-allow-origin': '*', 'access-control-expose-headers': 'x-repo-commit', 'x-repo-commit': MODEL_COMMIT });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { host: `http://127.0.0.1:${port}/`, requests, close: () => new Promise((r) => server.close(() => r())) };
}

test('transcribes the narration on the device and puts it under the steps', async ({ context, extensionId, servers, tabIdOf, serviceWorker }) => {
  // Whisper runs twice on the device (while recording, then again from the editor): on a busy 2-core machine
  // that alone can take most of the default 90 s.
  test.setTimeout(180_000);
  const model = await serveTinyWhisper('onnx-community/whisper-tiny.en');
  try {
    await serviceWorker.evaluate((host) => chrome.storage.local.set({ narrationSettings: { transcribe: true, model: 'tiny.en', modelHost: host } }), model.host);
    const popup = await recordNarratedChecks(context, extensionId, servers.mainOrigin, tabIdOf, 3);
    // the model came from the configured host, through the real loading code, at the commit pinned first:
    // a HEAD of `main` to learn the commit, then the graphs at that commit (transformers.js also probes
    // sizes at `main` with one-byte Range requests, and reads config.json there to pick the files)
    expect(model.requests[0]).toBe(`HEAD /onnx-community/whisper-tiny.en/resolve/main/config.json`);
    const graphs = model.requests.filter((r) => r.startsWith('GET ') && r.endsWith('.onnx'));
    expect(graphs.filter((r) => r.includes(`/resolve/${MODEL_COMMIT}/onnx/encoder_model`)).length).toBeGreaterThan(0);
    expect(graphs.filter((r) => r.includes('/resolve/main/') && !r.startsWith('GET range'))).toEqual([]);

    type Timings = { modelLoadMs: number; dtype: string; threads: number; device: string; windows: { audioS: number; encoderMs: number; decodeMs: number; tokens: number; skippedSilent: boolean }[]; tailAfterStopMs: number };
    const db = await readStores<{ recordings: { transcript: { segments: { startMs: number; endMs: number; text: string }[]; timings?: Timings }; narrationError?: string }[]; steps: { order: number; narration?: string }[] }>(popup.page, 'recordings', 'steps');
    const stored = {
      transcript: db.recordings[0]!.transcript,
      error: db.recordings[0]!.narrationError,
      narration: db.steps.sort((a, b) => a.order - b.order).map((s) => s.narration ?? ''),
    };
    expect(stored.error).toBeUndefined();
    const segments = stored.transcript.segments as { startMs: number; endMs: number; text: string }[];
    expect(segments.length).toBeGreaterThan(0);
    // the worker's own measurements came with the transcript (lib/narration/timings.ts): the windows the model
    // ran on, timed; numbers only, none of the words
    const timings = stored.transcript.timings;
    expect(timings).toMatchObject({ dtype: 'q8', threads: 1, device: 'wasm' });
    expect(timings!.modelLoadMs).toBeGreaterThan(0);
    const ran = timings!.windows.filter((w) => !w.skippedSilent);
    expect(ran.length).toBeGreaterThan(0);
    expect(ran.every((w) => w.encoderMs > 0 && w.decodeMs > 0 && w.tokens > 0 && w.audioS > 0)).toBe(true);
    expect(segments.some((s) => JSON.stringify(timings).includes(s.text))).toBe(false);
    for (let i = 1; i < segments.length; i++) expect(segments[i]!.startMs).toBeGreaterThanOrEqual(segments[i - 1]!.startMs);
    expect(segments.every((s) => s.text.trim().length > 0)).toBe(true);
    // every sentence went somewhere: under a step (or the introduction)
    expect(stored.narration.filter((n) => n.length > 0).length).toBeGreaterThan(0);
    await expect(popup.sop().locator('.step__narration').first()).toBeVisible();

    // later, in the editor: transcribe the stored recording's audio again; Undo brings the old narration back
    const editor = await EditorPage.open(context, extensionId, await latestSopId(popup.page));
    const narrationFields = editor.page.locator('.estep__narration textarea');
    await expect(narrationFields.first()).toBeVisible();
    const before = await narrationFields.evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value));
    await editor.page.getByLabel('Narration', { exact: true }).first().fill('Typed by the author.');
    await editor.button('Transcribe narration again').click();
    await expect(editor.page.getByRole('status').filter({ hasText: 'Narration transcribed again with Whisper tiny (English)' })).toBeVisible({ timeout: 60_000 });
    const after = await narrationFields.evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value));
    expect(after.some((n) => n.trim().length > 0)).toBe(true);
    expect(after[0]).not.toBe('Typed by the author.');
    await editor.button('Undo').click();
    await expect(narrationFields.first()).toHaveValue('Typed by the author.');
    await editor.button('Undo').click();
    expect(await narrationFields.evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value))).toEqual(before);
    await editor.page.close();

    // the model is cached in the browser: the options page lists it and can delete it
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await expect(options.getByTestId('model-cache')).toContainText('onnx-community/whisper-tiny.en');
    await expect(options.getByTestId('model-pin')).toContainText(`pinned to commit ${MODEL_COMMIT.slice(0, 12)}`);
    await options.getByRole('button', { name: 'Delete downloaded models' }).click();
    await expect(options.getByTestId('model-cache')).toHaveText('None yet.');
  } finally {
    await model.close();
  }
});

test('audio the machine was too busy to render leaves the narration on the recording clock', async ({ context, profile, extensionId, servers, tabIdOf, serviceWorker }) => {
  // A starved audio system delivers less audio than time passes (an AudioContext tap lost 0.5–2 s a minute on
  // a loaded 2-core machine, a quarter of it at load 10): counted in samples, everything said after would land
  // that much earlier, on earlier steps. Here the browser's audio service stops for 6 s, deterministically,
  // between two steps.
  test.setTimeout(240_000);
  const model = await serveTinyWhisper('onnx-community/whisper-tiny.en');
  try {
    await serviceWorker.evaluate((host) => chrome.storage.local.set({ narrationSettings: { transcribe: true, model: 'tiny.en', modelHost: host } }), model.host);
    const page = await context.newPage();
    await page.goto(`${servers.mainOrigin}/burst.html`);
    const popup = await PopupPage.open(context, extensionId, await tabIdOf(page));
    await popup.start();
    await expect(popup.page.getByTestId('narration-status')).toContainText('Transcribing your narration on this device', { timeout: 120_000 });
    await page.bringToFront();
    let chunks = await waitForChunks(popup.page, ((await storedChunks(popup.page)).at(-1)?.chunks ?? 0) + 2);
    await page.getByRole('button', { name: 'Check 1', exact: true }).click();
    await stallAudio(profile, 6_000);
    chunks = await waitForChunks(popup.page, chunks + 3);
    await page.getByRole('button', { name: 'Check 2', exact: true }).click();
    await waitForChunks(popup.page, chunks + 2);
    await popup.page.bringToFront();
    await popup.stop();

    type Timings = { windows: { startS: number; audioS: number }[]; lostAudioS?: number };
    const db = await readStores<{ recordings: { transcript?: { timings?: Timings } }[]; sops: { durationMs: number }[] }>(popup.page, 'recordings', 'sops');
    const timings = db.recordings[0]!.transcript!.timings!;
    const durationS = db.sops[0]!.durationMs / 1000;
    // the 6 s the microphone was not heard were noticed (its frames' capture timestamps jump) and filled
    // with silence in their place…
    expect(timings.lostAudioS).toBeGreaterThanOrEqual(5);
    expect(timings.lostAudioS).toBeLessThan(9);
    // …so the narration's audio spans the recording on its clock, not 6 s less
    const heardToS = Math.max(...timings.windows.map((w) => w.startS + w.audioS));
    expect(heardToS).toBeGreaterThan(durationS - 2);
    expect(heardToS).toBeLessThan(durationS + 2);
    // and the author is told that words said during those seconds may be missing
    const lost = Math.round(timings.lostAudioS!);
    if (timings.lostAudioS! >= 2) await expect(popup.page.getByTestId('narration-lost')).toContainText(`too busy to hear about ${lost} s of your narration`);
    else await expect(popup.page.getByTestId('narration-lost')).toHaveCount(0);
  } finally {
    await model.close();
  }
});

test('an imported model folder transcribes with no network at all', async ({ context, extensionId, servers, tabIdOf, serviceWorker }) => {
  // Whisper on the device again: see the test above.
  test.setTimeout(180_000);
  // The model lives in a folder on disk (plain layout, as `git clone`d from the Hub); the host is a closed port.
  const parent = mkdtempSync(join(tmpdir(), 'sop-model-folder-'));
  await generateTinyWhisper({ outDir: join(parent, 'whisper-tiny.en'), seed: 7 });
  await serviceWorker.evaluate(() => chrome.storage.local.set({ narrationSettings: { transcribe: true, model: 'tiny.en', modelHost: 'http://127.0.0.1:9/' } }));
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByLabel('A folder on this computer (no network)').check();
  await expect(options.getByTestId('local-model')).toContainText('not imported yet');
  // an incomplete folder is refused with the missing files named, and nothing is kept
  const partial = mkdtempSync(join(tmpdir(), 'sop-model-partial-'));
  await generateTinyWhisper({ outDir: join(partial, 'whisper-tiny.en'), seed: 7, dtypes: ['fp32'] });
  await options.getByLabel('Import model folder').setInputFiles(join(partial, 'whisper-tiny.en'));
  await expect(options.getByRole('alert')).toContainText('onnx/encoder_model_quantized.onnx');
  await expect(options.getByTestId('local-model')).toContainText('not imported yet');

  await options.getByLabel('Import model folder').setInputFiles(join(parent, 'whisper-tiny.en'));
  await expect(options.getByRole('status').filter({ hasText: 'Imported Whisper tiny (English) from the folder' })).toBeVisible({ timeout: 30_000 });
  await expect(options.getByTestId('local-model')).toContainText('onnx-community/whisper-tiny.en: ');
  expect(await serviceWorker.evaluate(() => chrome.storage.local.get('narrationSettings'))).toMatchObject({ narrationSettings: { source: 'folder' } });

  const popup = await recordNarratedChecks(context, extensionId, servers.mainOrigin, tabIdOf, 2);
  await expect(popup.sop().locator('.step__narration').first()).toBeVisible();
  await expect(popup.page.getByTestId('narration-error')).toHaveCount(0);

  // deleting the imported model leaves the download cache alone and says so
  await options.reload();
  await options.getByRole('button', { name: 'Delete onnx-community/whisper-tiny.en' }).click();
  await expect(options.getByTestId('local-model')).toContainText('not imported yet');
});

test('the options page picks the model and its host, and the choice persists', async ({ context, extensionId, serviceWorker }) => {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await page.getByLabel('Transcribe my narration').check();
  await page.getByLabel('Model', { exact: true }).selectOption('base');
  await page.getByLabel('Spoken language (ISO code)').fill('fr');
  await page.getByLabel('Spoken language (ISO code)').blur();
  await page.getByLabel('Model host').fill('https://models.internal.example/');
  await page.getByLabel('Model host').blur();
  await expect(page.getByRole('status')).toHaveText('Saved. It applies to the next recording.');
  expect(await serviceWorker.evaluate(() => chrome.storage.local.get('narrationSettings'))).toEqual({
    narrationSettings: { transcribe: true, model: 'base', language: 'fr', modelHost: 'https://models.internal.example/' },
  });
  await page.reload();
  await expect(page.getByLabel('Model', { exact: true })).toHaveValue('base');
});
