#!/usr/bin/env node
/**
 * Benchmark, not a test: does a Web Audio clock keep wall time in this Chromium when the renderer is busy?
 * The narration's timestamps count the samples the offscreen document's AudioContext hands the worker, so
 * every second that clock loses is a second of narration lost and every later segment lands that much earlier
 * on the steps' clock (scripts/bench-memory.mjs with BENCH_MEMORY_NARRATION prints the product's own lag).
 * Here, with nothing of the product: a plain page, two 16 kHz AudioContexts (an oscillator; the fake
 * microphone, a tone WAV), optionally BENCH_AUDIO_CLOCK_BUSY web workers spinning in the same renderer (the
 * transcription worker's share of the CPU), for BENCH_AUDIO_CLOCK_SECONDS (default 60). Prints JSON: wall
 * seconds, how far each context's currentTime fell behind, the load average.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_PATH } from '../tests/e2e/chromium-launch.mjs';

const SECONDS = Number(process.env.BENCH_AUDIO_CLOCK_SECONDS ?? 60);
const BUSY = Number(process.env.BENCH_AUDIO_CLOCK_BUSY ?? 2);
const dir = await mkdtemp(join(tmpdir(), 'sop-bench-audio-clock-'));
const wav = join(dir, 'tone.wav');
await promisify(execFile)('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', wav, 'synth', '10', 'sine', '440', 'gain', '-10']);
const server = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>audio clock</title>'));
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const args = ['--use-fake-device-for-media-stream', '--auto-accept-camera-and-microphone-capture', '--autoplay-policy=no-user-gesture-required', `--use-file-for-fake-audio-capture=${wav}`];
if (process.getuid?.() === 0) args.unshift('--no-sandbox');
const context = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM_PATH, headless: true, args });
try {
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  const loadBefore = loadavg()[0];
  const result = await page.evaluate(
    async ({ seconds, busy }) => {
      const silent = (ctx, node) => {
        const g = ctx.createGain();
        g.gain.value = 0;
        node.connect(g);
        g.connect(ctx.destination);
      };
      const osc = new globalThis.AudioContext({ sampleRate: 16000 });
      const o = osc.createOscillator();
      silent(osc, o);
      o.start();
      const mic = new globalThis.AudioContext({ sampleRate: 16000 });
      silent(mic, mic.createMediaStreamSource(await navigator.mediaDevices.getUserMedia({ audio: true })));
      const spin = URL.createObjectURL(new Blob(['let x = 0; for (;;) x += Math.sqrt(x + 1);'], { type: 'text/javascript' }));
      const workers = Array.from({ length: busy }, () => new globalThis.Worker(spin));
      const t0 = performance.now();
      const [o0, m0] = [osc.currentTime, mic.currentTime];
      await new Promise((r) => setTimeout(r, seconds * 1000));
      const wall = (performance.now() - t0) / 1000;
      const lag = { oscillatorBehindS: wall - (osc.currentTime - o0), microphoneBehindS: wall - (mic.currentTime - m0) };
      workers.forEach((w) => w.terminate());
      return { wallS: wall, ...lag };
    },
    { seconds: SECONDS, busy: BUSY },
  );
  const r3 = (x) => Math.round(x * 1000) / 1000;
  console.log(JSON.stringify({ busyWorkers: BUSY, wallS: r3(result.wallS), oscillatorBehindS: r3(result.oscillatorBehindS), microphoneBehindS: r3(result.microphoneBehindS), behindPerMinuteS: r3((result.microphoneBehindS / result.wallS) * 60), loadAvg1m: [r3(loadBefore), r3(loadavg()[0])] }));
} finally {
  await context.close();
  server.close();
  await rm(dir, { recursive: true, force: true });
}
