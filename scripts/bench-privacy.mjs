/**
 * Benchmark, not a test: what privacy costs. (1) sensitiveBoxes() (a full walk) and the secret index the
 * content script measures with while recording (a walk once, then what mutation records name), on a normal page, a huge one (5,000-row table, ~90k nodes) and the huge one with
 * every tenth row's cell drawn by a web component (open shadow roots), in real Chromium; (2) maskSecrets()
 * on typical captured strings and on a long transcript, in Node. Figures as JSON. `--rev` also measures
 * sensitive-boxes.ts as it was at a git revision, alternating with the current one in the same page.
 *
 *   node scripts/bench-privacy.mjs [--rows 24,5000] [--shadow-rows 5000] [--rev HEAD~1] [--chromium /usr/bin/chromium]
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { chromium } from '@playwright/test';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '24,5000' },
    'shadow-rows': { type: 'string', default: '5000' },
    rev: { type: 'string' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
  },
});

async function bundle(entry, globalName, rev) {
  const common = { bundle: true, format: 'iife', globalName, target: 'chrome120', write: false, logLevel: 'warning' };
  const result = rev
    ? await build({ ...common, stdin: { contents: execFileSync('git', ['show', `${rev}:${entry}`], { cwd: root, encoding: 'utf8' }), resolveDir: dirname(join(root, entry)), loader: 'ts' } })
    : await build({ ...common, entryPoints: [join(root, entry)] });
  return result.outputFiles[0].text;
}

/** A cell drawn by a web component: its text (and, on some rows, a password field) lives in an open shadow root. */
const SHADOW_CELL = `<script>customElements.define('inv-cell', class extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: 'open' });
    root.innerHTML = '<style>span { color: #333 }</style><span></span>' + (this.hasAttribute('pw') ? '<input type="password" value="hunter2">' : '');
    root.querySelector('span').textContent = this.getAttribute('text');
  }
});</script>`;

function page(rows, shadow = false) {
  const key = (i) => (i % 500 === 7 ? 'key AKIA' + 'FAKE0DEMO0KEY' + String(i).padStart(3, '0') : 'deploy ' + i.toString(16).padStart(8, '0'));
  const cell = (i) => (shadow && i % 10 === 7 ? `<inv-cell text="${key(i)}"${i % 500 === 7 ? ' pw' : ''}></inv-cell>` : key(i));
  const row = (i) =>
    `<tr><td><input type="checkbox" aria-label="Select ${i}"></td><td><a href="#r${i}">INV-${1000 + i}</a></td><td>Customer ${i} paid ${(i * 37.5).toFixed(2)} €</td>` +
    `<td>${cell(i)}</td><td><button>Edit</button></td></tr>`;
  return `<!doctype html><html><head>${shadow ? SHADOW_CELL : ''}</head><body><h1>Invoices</h1>
    <form><label>User <input name="user" value="dana"></label><label>Password <input type="password" value="hunter2"></label>
    <label>API key <input name="api_key" value="sk_live_x"></label><label>Notes <textarea>nothing here</textarea></label></form>
    <table>${Array.from({ length: rows }, (_, i) => row(i)).join('')}</table></body></html>`;
}

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, medianMs: +q(0.5).toFixed(3), p95Ms: +q(0.95).toFixed(3), maxMs: +s.at(-1).toFixed(3) };
}

const out = { sensitiveBoxes: {}, secretIndex: {}, maskSecrets: {} };
// What the content script runs per measure while recording (lib/privacy/secret-index.ts): a walk once, then
// only what the page's mutation records name, plus every field.
const indexCode = await bundle('lib/privacy/secret-index.ts', 'SopSecretIndex');
const versions = [{ name: 'current', code: await bundle('lib/privacy/sensitive-boxes.ts', 'SopPrivacy') }];
// Both versions run in the same page, call after call: load on the machine hits them alike.
if (args.rev) versions.push({ name: args.rev, code: await bundle('lib/privacy/sensitive-boxes.ts', 'SopPrivacyAtRev', args.rev) });
const browser = await chromium.launch({ executablePath: args.chromium, headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
const pages = [
  ...args.rows.split(',').filter(Boolean).map((r) => ({ rows: Number(r), shadow: false, name: `${r} rows` })),
  ...args['shadow-rows'].split(',').filter(Boolean).map((r) => ({ rows: Number(r), shadow: true, name: `${r} rows, every 10th cell in a shadow root` })),
];
try {
  for (const { rows, shadow, name } of pages) {
    const p = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await p.setContent(page(rows, shadow));
    for (const v of versions) await p.addScriptTag({ content: v.code });
    const results = await p.evaluate((globals) => {
      const fns = globals.map((g) => window[g].sensitiveBoxes);
      const runs = fns.map(() => ({ times: [], boxes: 0 }));
      // Layout is done before timing: otherwise the first call measured pays for it.
      void document.body.offsetHeight;
      const order = fns.map((_, k) => k);
      for (let i = 0; i < 60; i++) {
        // Taking turns at going first. The revision's first call goes first and pays for warm-ups the
        // current version then finds done: firstCallMs flatters the current version; medians are fair.
        for (const k of i % 2 ? order : [...order].reverse()) {
          const t0 = performance.now();
          runs[k].boxes = fns[k](document).length;
          runs[k].times.push(performance.now() - t0);
        }
      }
      return runs.map((r) => ({ first: r.times[0], times: r.times.slice(10), boxes: r.boxes, nodes: document.getElementsByTagName('*').length }));
    }, versions.map((v, k) => (k === 0 ? 'SopPrivacy' : 'SopPrivacyAtRev')));
    // The first call reads every text node; later ones re-read only text that changed (see sensitive-boxes.ts).
    const figures = (r) => ({ elements: r.nodes, boxesInView: r.boxes, firstCallMs: +r.first.toFixed(3), ...stats(r.times) });
    out.sensitiveBoxes[name] = figures(results[0]);
    await p.addScriptTag({ content: indexCode });
    out.secretIndex[name] = await p.evaluate(async () => {
      const q = (t) => {
        const s = [...t].sort((a, b) => a - b);
        return { medianMs: +s[Math.floor(s.length / 2)].toFixed(3), maxMs: +s.at(-1).toFixed(3) };
      };
      const index = window.SopSecretIndex.createSecretIndex(document);
      let t0 = performance.now();
      index.boxes();
      const firstCallMs = +(performance.now() - t0).toFixed(3);
      const quiet = [];
      for (let i = 0; i < 40; i++) {
        t0 = performance.now();
        index.boxes();
        quiet.push(performance.now() - t0);
      }
      // As after a click on a console: a toast appears and one row changes.
      const changed = [];
      const rows = document.querySelectorAll('tr');
      for (let i = 0; i < 20; i++) {
        const toast = document.createElement('div');
        toast.setAttribute('role', 'status');
        toast.textContent = `Invoice ${i} saved`;
        document.body.append(toast);
        rows[(i * 37) % rows.length].cells[2].textContent = `Customer ${i} paid`;
        await new Promise((r) => setTimeout(r, 0));
        t0 = performance.now();
        index.boxes();
        changed.push(performance.now() - t0);
      }
      index.stop();
      return { firstCallMs, quiet: q(quiet), afterSmallChange: q(changed) };
    });
    if (results[1]) out.sensitiveBoxes[name][`at ${args.rev}`] = figures(results[1]);
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
