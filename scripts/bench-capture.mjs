/**
 * Benchmark, not a test: what the capture listeners cost the page per event, measured in real Chromium.
 * Bundles lib/capture/action-tracker.ts with the page observer it starts in the dispatch (as the content
 * script does), injects it into a local page before the page's own scripts, drives
 * real clicks and keystrokes, and prints the tracker's own measurements as JSON. Nothing is asserted.
 *
 *   node scripts/bench-capture.mjs [--clicks 500] [--keys 1000] [--rows 24] [--press-ms 60] [--chromium /usr/bin/chromium]
 *
 * `--press-ms` is how long each click holds the button (a person: ~60–120 ms). The click then finds what the
 * task after its pointerdown prepared; `--press-ms 0` (a script's instant press) measures the fallback that
 * reads the target inside the click.
 *
 * `--rows 5000` makes a huge DOM (~90,000 nodes, a big console table): selector uniqueness checks and
 * accessible names scale with the document, so that is where the page could notice us.
 *
 * The page is served with COOP/COEP so it is cross-origin isolated: Chromium then gives performance.now()
 * 5 µs resolution instead of 100 µs, fine enough for per-event figures.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { chromium } from '@playwright/test';
import { clickTargets, fieldSelectors, invoicePage, serveIsolated } from './bench-pages.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    clicks: { type: 'string', default: '500' },
    // How long the button is held: a person's click lasts ~60–120 ms; 0 is a script's instant press.
    'press-ms': { type: 'string', default: '60' },
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
    // What the content script runs in the page's event dispatch: the tracker and, from it, the page observer.
    stdin: {
      contents: "export { createActionTracker } from './lib/capture/action-tracker'; export { createPageObserver } from './lib/capture/page-observer'; export { createTaskBatch } from './lib/capture/task-batch';",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    globalName: 'SopCapture',
    target: 'chrome120',
    write: false,
    logLevel: 'warning',
  });
  return result.outputFiles[0].text;
}

/**
 * Emits are serialised as chrome.runtime.sendMessage would, in the task after the dispatch that the content
 * script sends them from (one task per dispatch, shared with the tracker, as in entrypoints/content.ts).
 */
const INSTALL = `
  window.__sopBench = { bytes: 0, kinds: {} };
  const observer = SopCapture.createPageObserver({ doc: document, emit() {} });
  addEventListener('DOMContentLoaded', () => observer.start());
  const soon = SopCapture.createTaskBatch();
  window.__sopBench.tracker = SopCapture.createActionTracker({
    win: window,
    isActive: () => true,
    soon,
    onAction: () => observer.afterAction(),
    emit: (out) => soon(() => {
      const b = window.__sopBench;
      b.bytes += JSON.stringify(out).length;
      const kind = out.type === 'shot' ? 'shot' : out.action.kind;
      b.kinds[kind] = (b.kinds[kind] ?? 0) + 1;
    }),
  });
`;

async function main() {
  const code = await bundleTracker();
  const server = await serveIsolated(invoicePage(ROWS));
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
      await page.mouse.click(t.x, t.y, { delay: Number(args['press-ms']) });
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
          driven: { clicks: CLICKS, pressMs: Number(args['press-ms']), keystrokes: KEYS, seconds: Math.round((Date.now() - started) / 100) / 10 },
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
