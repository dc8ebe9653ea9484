/**
 * Benchmark, not a test: how long the HTML export's builder (lib/export/html.ts) takes in Node for 10, 100 and
 * 500 steps, each with a screenshot and annotations, and the JSON builder (lib/export/json.ts) on the same SOP
 * for comparison, and the Markdown zip and single-file builders (lib/export/markdown.ts). Screenshots are synthetic PNG-sized byte arrays (the builders base64 them, they never decode
 * them), by default 200 kB each like a 1280×800 capture. Prints JSON; asserts nothing.
 *
 *   node scripts/bench-export-html.mjs [--steps 10,100,500] [--shot-kb 200] [--runs 3]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    steps: { type: 'string', default: '10,100,500' },
    'shot-kb': { type: 'string', default: '200' },
    runs: { type: 'string', default: '3' },
  },
});
const SIZES = args.steps.split(',').map(Number);
const SHOT_BYTES = Number(args['shot-kb']) * 1024;
const RUNS = Number(args.runs);

async function loadBuilders() {
  const entry = `export { buildSopHtml } from ${JSON.stringify(join(root, 'lib/export/html.ts'))};
export { buildSopJson } from ${JSON.stringify(join(root, 'lib/export/json.ts'))};
export { buildMarkdownZip, buildSingleFileMarkdown } from ${JSON.stringify(join(root, 'lib/export/markdown.ts'))};
export { emptyDocument } from ${JSON.stringify(join(root, 'lib/sop/document.ts'))};`;
  const out = await build({ stdin: { contents: entry, resolveDir: root, loader: 'ts' }, bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'warning' });
  const dir = await mkdtemp(join(tmpdir(), 'bench-export-html-'));
  const file = join(dir, 'builders.mjs');
  await writeFile(file, out.outputFiles[0].text);
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function fakePng(seed) {
  const bytes = new Uint8Array(SHOT_BYTES);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let x = seed * 2654435761;
  for (let i = 8; i < bytes.length; i++) bytes[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  return bytes;
}

function sopOf(n, { emptyDocument }) {
  const sop = { id: 'sop-bench', title: 'Deploy payments-api <b>bench</b>', createdAt: Date.UTC(2026, 0, 5), updatedAt: Date.UTC(2026, 0, 5), sourceUrl: 'https://shipyard.test/apps', stepCount: n, durationMs: n * 4000 };
  const steps = [];
  const pngs = new Map();
  const shots = [];
  const stepNotes = {};
  for (let i = 0; i < n; i++) {
    const id = `step-${i}`;
    steps.push({ id, sopId: sop.id, order: i * 10, kind: 'click', text: `Click **Button ${i} \\<img src=x onerror=alert(1)\\>**.`, narration: `Now we press button ${i} & check the result.`, page: { url: 'https://shipyard.test/apps', title: 'Shipyard' }, tabId: 1, t: i * 4000, shotId: `shot-${i}`, eventIds: [] });
    const png = fakePng(i);
    pngs.set(id, png);
    shots.push({ shot: { id: `shot-${i}`, sessionId: 's', mimeType: 'image/png', width: 1280, height: 800, at: i, t: i, source: 'tab-stream' }, bytes: png });
    stepNotes[id] = { expectedResult: { text: `The **Build ${i}** badge turns green.`, source: 'page' }, notes: { text: '', source: 'author' }, warnings: i % 10 === 0 ? [{ id: `w-${i}`, text: 'Do not close the tab.', source: 'author' }] : [] };
  }
  const doc = { ...emptyDocument(sop), stepNotes, diagram: { source: `flowchart TD\n${steps.map((s, i) => `  s${i}["Step ${i + 1}"]`).join('\n')}`, edited: false } };
  return { sop, steps, pngs, shots, doc };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const builders = await loadBuilders();
const results = [];
for (const n of SIZES) {
  const { sop, steps, pngs, shots, doc } = sopOf(n, builders);
  const html = [];
  const json = [];
  const mdZip = [];
  const mdSingle = [];
  let zipBytes = 0;
  let htmlChars = 0;
  let jsonChars = 0;
  for (let r = 0; r < RUNS; r++) {
    let t = performance.now();
    htmlChars = builders.buildSopHtml(sop, steps, pngs, doc).length;
    html.push(performance.now() - t);
    t = performance.now();
    jsonChars = builders.buildSopJson({ sop, steps, doc, shots }, Date.now()).length;
    json.push(performance.now() - t);
    t = performance.now();
    zipBytes = builders.buildMarkdownZip(sop, steps, pngs, doc).length;
    mdZip.push(performance.now() - t);
    t = performance.now();
    builders.buildSingleFileMarkdown(sop, steps, pngs, doc);
    mdSingle.push(performance.now() - t);
  }
  results.push({
    steps: n,
    shotKb: SHOT_BYTES / 1024,
    htmlMsMedian: Math.round(median(html)),
    htmlMsPerStep: +(median(html) / n).toFixed(2),
    htmlMB: +(htmlChars / 1024 / 1024).toFixed(1),
    jsonMsMedian: Math.round(median(json)),
    jsonMB: +(jsonChars / 1024 / 1024).toFixed(1),
    markdownZipMsMedian: Math.round(median(mdZip)),
    markdownZipMB: +(zipBytes / 1024 / 1024).toFixed(1),
    markdownSingleFileMsMedian: Math.round(median(mdSingle)),
  });
}
console.log(JSON.stringify({ bench: 'export-html', node: process.version, runs: RUNS, results }, null, 2));
