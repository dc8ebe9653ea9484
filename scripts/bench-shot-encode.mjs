#!/usr/bin/env node
/**
 * Benchmark, not a test: what one export screenshot costs, step by step, in an extension page of real Chromium
 * (the render worker does the same canvas work): decoding a stored 1440×900 PNG (whole, or resized while decoding),
 * drawing it, scaling it to the PDF's 1280 px (high / low smoothing), encoding JPEG at 0.80–0.90 and WebP at 0.80,
 * on a CPU canvas (willReadFrequently, as the renderer uses) and a default one. Median ms of 24 (8 shots × 3).
 * The choices in lib/platform/shot-renderer.ts and lib/export/image-format.ts rest on these.
 *   npm run build && node scripts/bench-shot-encode.mjs
 */
/* global OffscreenCanvas, createImageBitmap -- handed to page.evaluate: runs in the extension page */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_PATH, EXTENSION_ID, chromiumArgs } from '../tests/e2e/chromium-launch.mjs';
import { extensionDir } from './bench-session.mjs';
import { seed } from './bench-export-seed.mjs';

const profile = await mkdtemp(join(tmpdir(), 'bench-shot-encode-'));
const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args: chromiumArgs(extensionDir) });
const page = await context.newPage();
await page.goto(`chrome-extension://${EXTENSION_ID}/editor.html#/`);
await page.waitForLoadState('load');
const { sopId } = await seed(page, 8);
const out = await page.evaluate(async (sopId) => {
  const db = await new Promise((r) => { const q = indexedDB.open('sop-recorder'); q.onsuccess = () => r(q.result); });
  const shots = await new Promise((r) => { const q = db.transaction('shots').objectStore('shots').getAll(); q.onsuccess = () => r(q.result); });
  const blobs = shots.filter((s) => s.id.startsWith(sopId)).map((s) => s.blob);
  const res = {};
  const time = async (name, fn) => {
    const ts = [];
    for (let rep = 0; rep < 3; rep++) for (const b of blobs) { const t = performance.now(); await fn(b); ts.push(performance.now() - t); }
    ts.sort((a, b) => a - b);
    res[name] = +ts[Math.floor(ts.length / 2)].toFixed(1);
  };
  await time('decode full', async (b) => (await createImageBitmap(b)).close());
  await time('decode resize1280 high', async (b) => (await createImageBitmap(b, { resizeWidth: 1280, resizeHeight: 800, resizeQuality: 'high' })).close());
  await time('decode resize1280 medium', async (b) => (await createImageBitmap(b, { resizeWidth: 1280, resizeHeight: 800, resizeQuality: 'medium' })).close());
  await time('decode resize1280 low', async (b) => (await createImageBitmap(b, { resizeWidth: 1280, resizeHeight: 800, resizeQuality: 'low' })).close());
  const cw = new OffscreenCanvas(1440, 900); const cwx = cw.getContext('2d', { willReadFrequently: true });
  const cg = new OffscreenCanvas(1440, 900); const cgx = cg.getContext('2d');
  const s1 = new OffscreenCanvas(1280, 800); const s1x = s1.getContext('2d', { willReadFrequently: true });
  const s2 = new OffscreenCanvas(1280, 800); const s2x = s2.getContext('2d');
  const bm = await createImageBitmap(blobs[0]);
  const bms = await createImageBitmap(blobs[0], { resizeWidth: 1280, resizeHeight: 800, resizeQuality: 'high' });
  await time('draw 1440 cpu', async () => { cwx.reset(); cwx.fillStyle = '#fff'; cwx.fillRect(0,0,1440,900); cwx.drawImage(bm, 0, 0); cwx.getImageData(0,0,1,1); });
  await time('draw 1440 gpu', async () => { cgx.reset(); cgx.fillStyle = '#fff'; cgx.fillRect(0,0,1440,900); cgx.drawImage(bm, 0, 0); cgx.getImageData(0,0,1,1); });
  await time('scale high cpu', async () => { s1x.reset(); s1x.imageSmoothingQuality = 'high'; s1x.drawImage(cw, 0, 0, 1280, 800); s1x.getImageData(0,0,1,1); });
  await time('scale high gpu', async () => { s2x.reset(); s2x.imageSmoothingQuality = 'high'; s2x.drawImage(cg, 0, 0, 1280, 800); s2x.getImageData(0,0,1,1); });
  await time('scale low cpu', async () => { s1x.reset(); s1x.imageSmoothingQuality = 'low'; s1x.drawImage(cw, 0, 0, 1280, 800); s1x.getImageData(0,0,1,1); });
  await time('draw 1280 bitmap cpu', async () => { s1x.reset(); s1x.drawImage(bms, 0, 0); s1x.getImageData(0,0,1,1); });
  const enc = async (c, type, quality) => new Uint8Array(await (await c.convertToBlob({ type, quality })).arrayBuffer());
  s1x.drawImage(cw, 0, 0, 1280, 800);
  for (const q of [0.9, 0.85, 0.8]) await time(`jpeg${q} 1280 cpu`, () => enc(s1, 'image/jpeg', q));
  s2x.drawImage(cg, 0, 0, 1280, 800);
  await time('jpeg0.9 1280 gpu', () => enc(s2, 'image/jpeg', 0.9));
  await time('webp0.8 1440 cpu', () => enc(cw, 'image/webp', 0.8));
  await time('jpeg0.9 1440 cpu', () => enc(cw, 'image/jpeg', 0.9));
  await time('png 1280', () => enc(s1, 'image/png'));
  res.jpegBytes = (await enc(s1, 'image/jpeg', 0.9)).length;
  res.webpBytes = (await enc(cw, 'image/webp', 0.8)).length;
  res.pngBytes = blobs[0].size;
  return res;
}, sopId);
console.log(JSON.stringify({ bench: 'shot-encode', load: +loadavg()[0].toFixed(2), ms: out }, null, 1));
await context.close();
await rm(profile, { recursive: true, force: true });
