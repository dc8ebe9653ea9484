/**
 * Benchmark, not a test: what the capture listeners cost the page per event, measured in real Chromium.
 * Bundles lib/capture/action-tracker.ts, injects it into a local page before the page's own scripts, drives
 * real clicks and keystrokes, and prints the tracker's own measurements as JSON. Nothing is asserted.
 *
 *   node scripts/bench-capture.mjs [--clicks 500] [--keys 1000] [--rows 24] [--chromium /usr/bin/chromium]
 *
 * `--rows 5000` makes a huge DOM (~90,000 nodes, a big console table): selector uniqueness checks and
 * accessible names scale with the document, so that is where the page could notice us.
 *
 * The page is served with COOP/COEP so it is cross-origin isolated: Chromium then gives performance.now()
 * 5 µs resolution instead of 100 µs, fine enough for per-event figures.
 */
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { chromium } from '@playwright/test';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    clicks: { type: 'string', default: '500' },
    keys: { type: 'string', default: '1000' },
    rows: { type: 'string', default: '24' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
  },
});
const CLICKS = Number(args.clicks);
const KEYS = Number(args.keys);
const ROWS = Number(args.rows);

async function bundleTracker() {
  const result = await build({
    entryPoints: [join(root, 'lib/capture/action-tracker.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'SopCapture',
    target: 'chrome120',
    write: false,
    logLevel: 'warning',
  });
  return result.outputFiles[0].text;
}

/** Emits are serialised as chrome.runtime.sendMessage would, so their cost is counted too. */
const INSTALL = `
  window.__sopBench = { bytes: 0, kinds: {} };
  window.__sopBench.tracker = SopCapture.createActionTracker({
    win: window,
    isActive: () => true,
    emit(out) {
      const b = window.__sopBench;
      b.bytes += JSON.stringify(out).length;
      const kind = out.type === 'shot' ? 'shot' : out.action.kind;
      b.kinds[kind] = (b.kinds[kind] ?? 0) + 1;
    },
  });
`;

function row(i) {
  const status = ['Open', 'Paid', 'Overdue'][i % 3];
  return `<tr data-row="${i}"><td><input type="checkbox" aria-label="Select invoice ${1000 + i}"></td>
    <td><a href="#inv-${i}">INV-${1000 + i}</a></td><td>Customer ${i}</td><td><span class="badge">${status}</span></td>
    <td>${(i * 37.5).toFixed(2)} €</td><td><button class="icon" aria-label="Edit invoice ${1000 + i}"><svg width="12" height="12"><path d="M0 0h12v12H0z"/></svg></button>
    <button class="icon" data-testid="delete-${i}">Delete</button></td></tr>`;
}

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Invoices — Bench</title>
<style>
  body { font: 13px system-ui, sans-serif; margin: 0; } header, main, aside { padding: 6px 12px; }
  nav a { margin-right: 8px; } table { border-collapse: collapse; } td { padding: 1px 6px; border-bottom: 1px solid #ddd; }
  .layout { display: grid; grid-template-columns: 1fr 360px; } label { display: block; margin: 4px 0; }
  .card { cursor: pointer; border: 1px solid #ccc; padding: 4px; margin: 4px 0; }
</style></head><body>
<header><nav>${Array.from({ length: 12 }, (_, i) => `<a href="#section-${i}">Section ${i}</a>`).join('')}</nav>
  <search-box id="global-search"></search-box></header>
<div class="layout"><main><h1>Invoices</h1>
  <table><thead><tr><th></th><th>No.</th><th>Customer</th><th>Status</th><th>Amount</th><th></th></tr></thead>
  <tbody>${Array.from({ length: ROWS }, (_, i) => row(i)).join('')}</tbody></table>
  ${Array.from({ length: 4 }, (_, i) => `<div class="card" onclick="this.dataset.open = 1"><b>Reminder ${i}</b> <span>Follow up with customer</span></div>`).join('')}
</main>
<aside><form id="new-invoice" aria-label="New invoice">
  <label>Customer name <input name="customer" autocomplete="organization"></label>
  <label for="email">Billing email</label><input id="email" type="email">
  <label>Notes <textarea name="notes" rows="3"></textarea></label>
  <label>Currency <select name="currency"><option>EUR</option><option>USD</option><option>GBP</option></select></label>
  <label><input type="checkbox" name="send"> Send by email</label>
  <label>API token <input name="api_token" type="password"></label>
  <button type="submit">Create invoice</button> <button type="button" id="cancel">Cancel</button>
</form></aside></div>
<script>
  document.getElementById('new-invoice').addEventListener('submit', (e) => e.preventDefault());
  customElements.define('search-box', class extends HTMLElement {
    connectedCallback() {
      const root = this.attachShadow({ mode: 'open' });
      root.innerHTML = '<input placeholder="Search invoices"> <button>Search</button> <button>Clear</button>';
    }
  });
</script></body></html>`;

function serve() {
  const server = createServer((req, res) => {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    });
    res.end(PAGE);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Centres of the elements to click, shadow-root ones included. */
async function clickTargets(page) {
  return page.evaluate(() => {
    const shadow = document.getElementById('global-search').shadowRoot;
    const els = [
      ...document.querySelectorAll('nav a, tbody a, tbody button, tbody input[type=checkbox], .card span, #cancel, form input[type=checkbox]'),
      ...shadow.querySelectorAll('button'),
    ];
    return els
      .map((el) => el.getBoundingClientRect())
      .filter((r) => r.width > 0 && r.bottom < innerHeight && r.right < innerWidth)
      .map((r) => ({ x: r.x + r.width / 2, y: r.y + r.height / 2 }));
  });
}

const fieldSelectors = [
  'input[name=customer]',
  '#email',
  'textarea[name=notes]',
  'input[name=api_token]',
  'search-box >> input', // Playwright's CSS engine pierces open shadow roots
];

async function main() {
  const code = await bundleTracker();
  const server = await serve();
  const browser = await chromium.launch({
    executablePath: args.chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.addInitScript({ content: `${code}\n${INSTALL}` });
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    const env = await page.evaluate(() => ({ crossOriginIsolated, nodes: document.querySelectorAll('*').length }));

    const targets = await clickTargets(page);
    const started = Date.now();
    for (let i = 0; i < CLICKS; i++) {
      const t = targets[(i * 7) % targets.length];
      await page.mouse.click(t.x, t.y);
    }
    const text = 'Acme Trading Ltd, invoice for March services ';
    let typed = 0;
    for (let f = 0; typed < KEYS; f++) {
      await page.click(fieldSelectors[f % fieldSelectors.length]);
      const chunk = text.repeat(3).slice(0, Math.min(60, KEYS - typed));
      for (const ch of chunk) await page.keyboard.press(ch === ' ' ? 'Space' : ch);
      typed += chunk.length;
      if (f % 4 === 0 && typed < KEYS) {
        await page.keyboard.press('Enter');
        typed++;
      }
    }
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+a');
    await page.selectOption('select[name=currency]', 'USD');
    await page.click('button[type=submit]');

    const result = await page.evaluate(() => {
      const b = window.__sopBench;
      b.tracker.flush();
      return { stats: b.tracker.stats(), emitted: b.kinds, emittedBytes: b.bytes };
    });
    console.log(
      JSON.stringify(
        {
          browser: `chromium ${browser.version()}`,
          crossOriginIsolated: env.crossOriginIsolated,
          domNodes: env.nodes,
          driven: { clicks: CLICKS, keystrokes: KEYS, seconds: Math.round((Date.now() - started) / 100) / 10 },
          handlerCalls: result.stats.count,
          medianUs: result.stats.medianUs,
          p99Us: result.stats.p99Us,
          byEvent: result.stats.byEvent,
          emitted: result.emitted,
          emittedBytes: result.emittedBytes,
        },
        null,
        2,
      ),
    );
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
