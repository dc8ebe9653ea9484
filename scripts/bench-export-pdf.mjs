#!/usr/bin/env node
// PDF export build time in Node (lib/export/pdf.ts, jsPDF) for synthetic SOPs of 10, 100 and 500 steps, each
// step with its own real-size screenshot (1280×800 RGBA PNG, as the exporter renders them), and what the PDF
// export adds to the package (fonts, and the built chunks when a build is present). Figures, not tests.
//   node scripts/bench-export-pdf.mjs [--steps 10,100,500] [--formats png,jpeg] [--build-dir .output/chrome-mv3]
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '10,100,500' },
    // png = the screenshots as the exporter rendered them before; jpeg = the default now (lib/export/image-format.ts)
    formats: { type: 'string', default: 'png,jpeg' },
    'build-dir': { type: 'string', default: process.env.SOP_OUT_DIR ? join(process.env.SOP_OUT_DIR, 'chrome-mv3') : join(root, '.output/chrome-mv3') },
  },
});
const sizes = values.steps.split(',').map(Number).filter((n) => n > 0);
const formats = values.formats.split(',');

// The builder and the test fixtures (PNG encoder, fonts from node_modules) bundled for Node.
// Inside the repository so the bundle resolves jspdf and the fonts from node_modules.
mkdirSync(join(root, 'node_modules/.cache'), { recursive: true });
const work = mkdtempSync(join(root, 'node_modules/.cache/bench-pdf-'));
const entry = join(work, 'entry.mjs');
await build({
  stdin: {
    contents: `export { buildSopPdf } from './lib/export/pdf';
export { fakeScreenshot, loadFonts } from './tests/unit/export/pdf-fixtures';
export { emptyDocument } from './lib/sop/document';
export { EXPORT_IMAGE_QUALITY } from './lib/export/image-format';`,
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: entry,
  packages: 'external',
  logLevel: 'warning',
});
const { buildSopPdf, fakeScreenshot, loadFonts, emptyDocument, EXPORT_IMAGE_QUALITY } = await import(pathToFileURL(entry).href);

const fonts = loadFonts();
// 20 distinct screenshots, cycled: every step still gets its own image object (aliases are per step).
const pngShots = Array.from({ length: 20 }, (_, i) => fakeScreenshot(i + 1));
/**
 * The same screenshots as JPEG at the export quality. Node has no canvas: sharp (libjpeg-turbo, installed with
 * @huggingface/transformers) stands in for Chromium's encoder, which the in-page bench (bench-export-page.mjs) uses.
 */
async function shotsAs(format) {
  if (format === 'png') return pngShots;
  const { default: sharp } = await import('sharp');
  return Promise.all(pngShots.map(async (png) => new Uint8Array(await sharp(png).jpeg({ quality: Math.round(EXPORT_IMAGE_QUALITY.jpeg * 100) }).toBuffer())));
}
let shots = pngShots;

function syntheticSop(n) {
  const sop = { id: 'sop-bench', title: 'Bench — Развернуть payments-api (Σύνδεση)', createdAt: Date.UTC(2026, 0, 5), updatedAt: Date.UTC(2026, 0, 5), sourceUrl: 'https://shipyard.test/', stepCount: n, durationMs: n * 4000 };
  const steps = Array.from({ length: n }, (_, i) => ({
    id: `s${i}`,
    sopId: sop.id,
    order: i,
    kind: 'click',
    text: `Click **Deploy ${i + 1}** in **Déployer** (${i % 3 ? 'Развернуть' : 'Σύνδεση'}).`,
    narration: i % 4 === 0 ? 'Now the rollout starts; wait for the toast before you go on.' : undefined,
    page: { url: 'https://shipyard.test/', title: 'Shipyard' },
    tabId: 1,
    t: i * 1000,
    eventIds: [],
  }));
  const pngs = new Map(steps.map((s, i) => [s.id, shots[i % shots.length]]));
  return { sop, steps, pngs, doc: emptyDocument(sop) };
}

const results = [];
for (const format of formats) {
shots = await shotsAs(format);
for (const n of sizes) {
  const { sop, steps, pngs, doc } = syntheticSop(n);
  const pngBytes = [...pngs.values()].reduce((s, p) => s + p.length, 0);
  const rss0 = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const pdf = await buildSopPdf(sop, steps, pngs, doc, { fonts, diagram: { source: 'flowchart TD\n  a --> b', error: 'not rendered in Node' } });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  // CPU time beside wall time: on a shared machine the wall clock also counts other people's work.
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const out = join(work, `bench-${n}.pdf`);
  writeFileSync(out, pdf);
  results.push({ format, steps: n, buildMs: Math.round(ms), cpuMs: Math.round(cpuMs), cpuMsPerStep: +(cpuMs / n).toFixed(1), pdfMB: +(pdf.length / 1e6).toFixed(2), screenshotsMB: +(pngBytes / 1e6).toFixed(2), rssGrowthMB: Math.round((process.memoryUsage().rss - rss0) / 1e6) });
}
}

const fontBytes = fonts.regular.length + fonts.bold.length;
const pkg = { fontsKB: Math.round(fontBytes / 1024) };
const chunks = join(values['build-dir'], 'chunks');
if (existsSync(chunks)) {
  const size = (re) => readdirSync(chunks).filter((f) => re.test(f)).reduce((s, f) => s + statSync(join(chunks, f)).size, 0);
  // pdf-*.js holds jsPDF and the builder; jsPDF's html()/svg() helpers (html2canvas, canvg) are lazy chunks
  // this export never loads but the package carries.
  Object.assign(pkg, { pdfChunkKB: Math.round(size(/^pdf-.*\.js$/) / 1024), jspdfLazyUnusedKB: Math.round(size(/^(html2canvas|index\.es)-.*\.js$/) / 1024), buildDir: values['build-dir'] });
}
console.log(JSON.stringify({ bench: 'export-pdf', screenshot: '1280x800, RGBA PNG or JPEG', results, package: pkg }, null, 2));
rmSync(work, { recursive: true, force: true });
