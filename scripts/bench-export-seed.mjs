/**
 * Seeds synthetic SOPs for the export and open-time benches: `n` steps (the first `distinctImages` drawn, the
 * rest repeating them) whose screenshots look like real UI
 * (1440×900 PNG as the recorder stores them: top bar, side navigation, a table of text rows, a button, a
 * step-specific heading), written straight into the extension's IndexedDB from an extension page.
 */
/* global OffscreenCanvas -- handed to page.evaluate: runs in the extension page */

/** Writes a SOP of `n` steps with UI-like PNG screenshots straight into the extension's IndexedDB. */
export async function seed(page, n, { distinctImages = n } = {}) {
  return page.evaluate(async ({ n, distinctImages }) => {
    const W = 1440;
    const H = 900;
    const words = 'deploy service payments api staging production rollback health latency owner review token registry build status queue worker region cluster release version ticket approve pending running failed passed'.split(' ');
    const pick = (i, k) => words[(i * 7 + k * 13) % words.length];
    async function shotPng(i) {
      const c = new OffscreenCanvas(W, H);
      const g = c.getContext('2d');
      g.fillStyle = '#f6f7fb';
      g.fillRect(0, 0, W, H);
      g.fillStyle = '#1f2a44';
      g.fillRect(0, 0, W, 56);
      g.fillStyle = '#fff';
      g.font = 'bold 18px sans-serif';
      g.fillText(`Shipyard · acme-prod · step ${i + 1}`, 24, 35);
      g.fillStyle = '#e9ecf5';
      g.fillRect(0, 56, 220, H - 56);
      g.font = '14px sans-serif';
      for (let k = 0; k < 14; k++) {
        g.fillStyle = k === i % 14 ? '#3d6bff' : '#334';
        g.fillText(`${pick(i, k)} ${pick(i + 3, k)}`, 24, 96 + k * 34);
      }
      g.fillStyle = '#111';
      g.font = 'bold 26px sans-serif';
      g.fillText(`${pick(i, 1)} ${pick(i, 2)} — ${pick(i, 3)} (${i + 1})`, 250, 100);
      g.font = '13px sans-serif';
      g.fillStyle = '#667';
      g.fillText(`Everything that changed during the last ${(i % 9) + 1} days in ${pick(i, 4)}/${pick(i, 5)}.`, 250, 128);
      g.fillStyle = '#fff';
      g.fillRect(250, 150, W - 280, 620);
      g.strokeStyle = '#d5d9e4';
      g.strokeRect(250.5, 150.5, W - 280, 620);
      for (let r = 0; r < 18; r++) {
        const y = 180 + r * 33;
        if (r % 2) {
          g.fillStyle = '#f9fafc';
          g.fillRect(251, y - 20, W - 282, 33);
        }
        g.fillStyle = r === 0 ? '#223' : '#333';
        g.font = r === 0 ? 'bold 13px sans-serif' : '13px monospace';
        for (let col = 0; col < 5; col++) g.fillText(r === 0 ? pick(col, 9).toUpperCase() : `${pick(i + r, col)}-${(i * 31 + r * 7 + col) % 1000}`, 270 + col * 225, y);
        if (r > 0) {
          g.fillStyle = ['#16a34a', '#dc2626', '#ca8a04'][(i + r) % 3];
          g.beginPath();
          g.arc(1380, y - 5, 6, 0, 7);
          g.fill();
        }
      }
      g.fillStyle = '#3d6bff';
      g.fillRect(250, 800, 160, 40);
      g.fillStyle = '#fff';
      g.font = 'bold 15px sans-serif';
      g.fillText(`${pick(i, 6)} ${i + 1}`, 270, 826);
      return c.convertToBlob({ type: 'image/png' });
    }
    const db = await new Promise((resolve, reject) => {
      const req = indexedDB.open('sop-recorder');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const put = (store, value) =>
      new Promise((resolve, reject) => {
        const tx = db.transaction(store, 'readwrite');
        tx.objectStore(store).put(value);
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
    const sopId = `bench-${n}-${Date.now()}`;
    const now = Date.now();
    let pngBytes = 0;
    await put('sops', { id: sopId, title: `Bench ${n} steps`, createdAt: now, updatedAt: now, sourceUrl: 'https://shipyard.test/', stepCount: n, durationMs: n * 4000 });
    const images = [];
    for (let i = 0; i < n; i++) {
      // Every step has its own shot record; with distinctImages < n the pixels repeat (seeding 1,000 PNGs is slow).
      const blob = i < distinctImages ? await shotPng(i) : images[i % distinctImages];
      if (i < distinctImages) images.push(blob);
      pngBytes += blob.size;
      const shotId = `${sopId}-shot-${i}`;
      await put('shots', { id: shotId, sessionId: `${sopId}-session`, blob, mimeType: 'image/png', width: W, height: H, viewport: { width: W, height: H }, at: now + i, t: i * 4000, source: 'tab-stream' });
      await put('steps', {
        id: `${sopId}-step-${i}`,
        sopId,
        order: i * 10,
        kind: 'click',
        text: `Click **${pick(i, 6)} ${i + 1}**.`,
        page: { url: 'https://shipyard.test/', title: 'Shipyard' },
        tabId: 1,
        t: i * 4000,
        shotId,
        highlight: { box: { x: 250, y: 800, width: 160, height: 40 }, viewport: { width: W, height: H } },
        eventIds: [],
      });
    }
    db.close();
    return { sopId, pngBytes };
  }, { n, distinctImages });
}


/**
 * The page's status lines that say an export failed. A CSS query, not Playwright's getByRole: the benches poll
 * it while the export runs, and a role query walks the accessibility of a 500-step editor each time, which cost
 * the measured export seconds of CPU.
 */
export function statusErrors(page) {
  return page.evaluate(() => [...document.querySelectorAll('[role="status"]')].map((e) => e.textContent ?? '').filter((t) => /failed|error|could not/i.test(t)));
}
