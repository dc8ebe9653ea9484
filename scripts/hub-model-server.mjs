/**
 * For benchmarks that narrate: random-weight Whispers of the real shapes (tests/fixtures/whisper), generated
 * into a folder and served from 127.0.0.1 in the Hugging Face Hub layout (`/<hub id>/resolve/main/<file>`), so
 * the product downloads them through its own code with `narrationSettings.modelHost` pointing here. The same
 * layout scripts/bench-whisper-chromium.mjs and scripts/bench-memory.mjs use.
 * No X-Repo-Commit header: the product then does not pin the model (a mirror that does not say).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join, normalize, sep } from 'node:path';
import { generateTinyWhisper } from '../tests/fixtures/whisper/generate-tiny-whisper.mjs';

/** Bench names → generator shape and the product's model key and Hub id (lib/narration/models.ts). */
export const WHISPER_KINDS = Object.freeze({
  tiny: { shape: 'whisper-tiny', model: 'tiny.en', hubId: 'onnx-community/whisper-tiny.en' },
  base: { shape: 'whisper-base', model: 'base.en', hubId: 'onnx-community/whisper-base.en' },
  'tiny-random': { shape: 'tiny-random', model: 'tiny.en', hubId: 'onnx-community/whisper-tiny.en' },
});

/**
 * One server. `models` maps a Hub id to the folder holding its files; `extra` may map other URL prefixes
 * (e.g. '/ort/') to folders; `pages` answers exact paths with fixed HTML and its own headers.
 * @param {{ extra?: Record<string, string>, pages?: Record<string, { headers?: Record<string, string>, body: string }> }} [options]
 */
export async function startHubModelServer(options = {}) {
  /** @type {Map<string, string>} Hub id → folder */
  const models = new Map();
  const requests = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    requests.push(path);
    const page = options.pages?.[path];
    if (page) return void res.writeHead(200, { 'content-type': 'text/html', ...page.headers }).end(page.body);
    let file = null;
    for (const [prefix, dir] of Object.entries(options.extra ?? {})) if (path.startsWith(prefix)) file = join(dir, normalize(path.slice(prefix.length)));
    for (const [id, dir] of models) {
      const prefix = `/${id}/resolve/main/`;
      if (path.startsWith(prefix)) file = join(dir, normalize(path.slice(prefix.length)));
    }
    if (!file || file.split(sep).includes('..')) return void res.writeHead(404).end();
    stat(file).then(
      (s) => {
        if (!s.isFile()) return void res.writeHead(404).end();
        const type = file.endsWith('.mjs') ? 'text/javascript' : file.endsWith('.wasm') ? 'application/wasm' : file.endsWith('.json') ? 'application/json' : 'application/octet-stream';
        res.writeHead(200, { 'content-length': s.size, 'content-type': type, 'access-control-allow-origin': '*', 'cross-origin-resource-policy': 'cross-origin' });
        if (req.method === 'HEAD') return void res.end();
        createReadStream(file).pipe(res);
      },
      () => res.writeHead(404).end(),
    );
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, host: `${origin}/`, models, requests, close: () => new Promise((r) => server.close(() => r())) };
}

/**
 * Generates the random Whisper of `kind` into `dir` and serves it. Returns the product's model key, the
 * host to put in `narrationSettings.modelHost`, and the bytes of each graph build.
 * @param {Awaited<ReturnType<typeof startHubModelServer>>} server
 * @param {keyof typeof WHISPER_KINDS} kind
 * @param {string} dir
 * @param {string[]} [dtypes] builds to write (default q8: what the product downloads by default)
 */
export async function serveRandomWhisper(server, kind, dir, dtypes = ['q8']) {
  const k = WHISPER_KINDS[kind];
  if (!k) throw new Error(`Unknown Whisper kind "${kind}" (one of ${Object.keys(WHISPER_KINDS).join(', ')})`);
  const t = Date.now();
  const generated = await generateTinyWhisper({ outDir: dir, shape: k.shape, seed: 1, dtypes });
  server.models.set(k.hubId, dir);
  return { ...k, modelHost: server.host, generateMs: Date.now() - t, bytesByDtype: generated.bytesByDtype };
}
