#!/usr/bin/env node
/**
 * Benchmark, not a test: how fast recording recovers when Chrome stops the extension's service worker
 * mid-recording. The worker is stopped through the DevTools protocol (Target.closeTarget on its target, as in
 * tests/e2e/helpers/relaunch.ts); the next click on the page wakes a fresh one. Measures click → event stored
 * in IndexedDB after a stop, against the same with the worker running. Prints JSON.
 * SOP_EXTENSION_DIR picks the build (default .output/chrome-mv3; `npm run build` first).
 */

import { EXTENSION_ID, startRecordingSession } from './bench-session.mjs';

const ROUNDS = Number(process.env.BENCH_RECOVERY_ROUNDS ?? 5);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const { context, page, popup, close } = await startRecordingSession('sop-bench-recovery');
try {
  await page.waitForTimeout(1_000);

  const cdp = await context.newCDPSession(page);
  const swTargets = async () => (await cdp.send('Target.getTargets')).targetInfos.filter((t) => t.type === 'service_worker' && t.url.includes(EXTENSION_ID));
  const clickEvents = () =>
    popup.evaluate(async () => {
      const db = await new Promise((res) => { const r = indexedDB.open('sop-recorder'); r.onsuccess = () => res(r.result); });
      const n = await new Promise((res) => { const r = db.transaction('events').objectStore('events').getAll(); r.onsuccess = () => res(r.result.filter((e) => e.kind === 'click').length); });
      db.close();
      return n;
    });
  /** Click a button; ms until its event is in IndexedDB. */
  async function clickToStored(n) {
    const before = await clickEvents();
    const started = performance.now();
    await page.getByRole('button', { name: `Check ${n}`, exact: true }).click();
    while ((await clickEvents()) <= before) await new Promise((r) => setTimeout(r, 5));
    return performance.now() - started;
  }

  const warm = [];
  const afterStop = [];
  for (let i = 0; i < ROUNDS; i++) {
    warm.push(await clickToStored(1 + ((2 * i) % 10)));
    const [target] = await swTargets();
    await cdp.send('Target.closeTarget', { targetId: target.targetId });
    while ((await swTargets()).length > 0) await new Promise((r) => setTimeout(r, 20));
    afterStop.push(await clickToStored(2 + ((2 * i) % 10)));
    await page.waitForTimeout(300);
  }
  await popup.bringToFront();
  await popup.getByRole('button', { name: 'Stop recording' }).click();
  await popup.getByRole('region', { name: 'SOP', exact: true }).getByRole('list', { name: 'Steps' }).waitFor({ timeout: 60_000 });
  const steps = await popup.getByRole('region', { name: 'SOP', exact: true }).getByRole('list', { name: 'Steps' }).getByRole('listitem').count();
  console.log(
    JSON.stringify(
      {
        rounds: ROUNDS,
        clickToStoredWarmMs: { median: Math.round(median(warm)), all: warm.map(Math.round) },
        clickToStoredAfterWorkerStopMs: { median: Math.round(median(afterStop)), all: afterStop.map(Math.round) },
        recoveryOverheadMs: Math.round(median(afterStop) - median(warm)),
        stepsInSop: steps,
        expectedSteps: 2 * ROUNDS,
      },
      null,
      2,
    ),
  );
} finally {
  await close();
}
