/**
 * Benchmark, not a test: what privacy costs. (1) sensitiveBoxes(), run by the content script at every
 * screenshot request, on a normal page and a huge one (5,000-row table, ~90k nodes), in real Chromium;
 * (2) maskSecrets() on typical captured strings and on a long transcript, in Node. Figures as JSON.
 *
 *   node scripts/bench-privacy.mjs [--rows 24,5000] [--chromium /usr/bin/chromium]
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { chromium } from '@playwright/test';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: { rows: { type: 'string', default: '24,5000' }, chromium: { type: 'string', default: '/usr/bin/chromium' } },
});

async function bundle(entry, globalName) {
  const result = await build({ entryPoints: [join(root, entry)], bundle: true, format: 'iife', globalName, target: 'chrome120', write: false, logLevel: 'warning' });
  return result.outputFiles[0].text;
}

function page(rows) {
  const row = (i) =>
    `<tr><td><input type="checkbox" aria-label="Select ${i}"></td><td><a href="#r${i}">INV-${1000 + i}</a></td><td>Customer ${i} paid ${(i * 37.5).toFixed(2)} €</td>` +
    `<td>${i % 500 === 7 ? 'key AKIA' + 'FAKE0DEMO0KEY' + String(i).padStart(3, '0') : 'deploy ' + i.toString(16).padStart(8, '0')}</td><td><button>Edit</button></td></tr>`;
  return `<!doctype html><html><body><h1>Invoices</h1>
    <form><label>User <input name="user" value="dana"></label><label>Password <input type="password" value="hunter2"></label>
    <label>API key <input name="api_key" value="sk_live_x"></label><label>Notes <textarea>nothing here</textarea></label></form>
    <table>${Array.from({ length: rows }, (_, i) => row(i)).join('')}</table></body></html>`;
}

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, medianMs: +q(0.5).toFixed(3), p95Ms: +q(0.95).toFixed(3), maxMs: +s.at(-1).toFixed(3) };
}

const out = { sensitiveBoxes: {}, maskSecrets: {} };
const boxesCode = await bundle('lib/privacy/sensitive-boxes.ts', 'SopPrivacy');
const browser = await chromium.launch({ executablePath: args.chromium, headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
try {
  for (const rows of args.rows.split(',').map(Number)) {
    const p = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await p.setContent(page(rows));
    await p.addScriptTag({ content: boxesCode });
    const result = await p.evaluate(() => {
      const times = [];
      let boxes = 0;
      for (let i = 0; i < 60; i++) {
        const t0 = performance.now();
        boxes = SopPrivacy.sensitiveBoxes(document).length;
        times.push(performance.now() - t0);
      }
      return { first: times[0], times: times.slice(10), boxes, nodes: document.getElementsByTagName('*').length };
    });
    // The first call reads every text node; later ones re-read only text that changed (see sensitive-boxes.ts).
    out.sensitiveBoxes[`${rows} rows`] = { elements: result.nodes, boxesInView: result.boxes, firstCallMs: +result.first.toFixed(3), ...stats(result.times) };
    await p.close();
  }
} finally {
  await browser.close();
}

const secrets = await import(`data:text/javascript;base64,${Buffer.from((await build({ entryPoints: [join(root, 'lib/privacy/secrets.ts')], bundle: true, format: 'esm', write: false, logLevel: 'warning' })).outputFiles[0].text).toString('base64')}`);
const typical = [
  'Type "payments-api" into **Search**.',
  'http://127.0.0.1:4000/services/payments-api/deploy?tab=history',
  'Deploy payments-api — Shipyard',
  'All 3 instances of payments-api are healthy',
  'Use ghp_' + 'FAKEtoken1234567890abcdefghijklmnopq to log in',
];
const transcript = Array.from({ length: 200 }, (_, i) => `Step ${i}: now I open the deploy dialog, pick version 1.${i}.0 and check the change ticket CHG-${2000 + i}.`).join(' ');
function timeIt(fn, n) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return stats(times.slice(Math.floor(n / 10)));
}
out.maskSecrets['5 typical captured strings'] = timeIt(() => typical.forEach((s) => secrets.maskSecrets(s)), 2_000);
out.maskSecrets[`transcript of ${transcript.length} chars`] = timeIt(() => secrets.maskSecrets(transcript, { spoken: true }), 200);
console.log(JSON.stringify(out, null, 2));
