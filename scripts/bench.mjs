#!/usr/bin/env node
// `npm run bench`: every benchmark, figures printed as JSON. Benchmarks measure; they assert nothing.
import { execSync } from 'node:child_process';

const run = (cmd) => execSync(cmd, { stdio: 'inherit' });
console.log('# capture cost per event inside the page (lib/capture in Chromium)');
run('node scripts/bench-capture.mjs');
console.log('\n# the same on a huge DOM (5,000-row table, ~90k nodes)');
run('node scripts/bench-capture.mjs --rows 5000 --clicks 200 --keys 300');
console.log('\n# capture cost as the page feels it: event timeStamp → the page\'s own listeners, recording vs no extension');
run('npm run build --silent');
run('node scripts/bench-page-feel.mjs');
console.log('\n# privacy: secret boxes per screenshot request (normal and huge DOM), secret masking per string');
run('node scripts/bench-privacy.mjs');
console.log('\n# recorder in the built extension: burst screenshots, Stop → draft');
run('npm run build --silent');
run('node scripts/bench-recording.mjs');
console.log('\n# service worker stopped mid-recording: click → stored with a fresh worker vs a running one');
run('node scripts/bench-recovery.mjs');
console.log('\n# memory and storage over a long recording (compressed run, extrapolated to 30 min)');
run('node scripts/bench-memory.mjs');
console.log('\n# on-device Whisper (random weights, real tiny/base shapes) in Node: real-time factor');
run('node scripts/bench-whisper.mjs');
console.log('\n# on-device Whisper in Chromium (offscreen worker, WASM): q8 / fp32 × 1 / 2 threads: real-time factor, Stop → draft, load, memory; raw ONNX Runtime per token / per window; side-by-side table on stderr');
run('node scripts/bench-whisper-chromium.mjs');
console.log('\n# HTML export builder in Node: 10, 100, 500 steps with 200 kB screenshots inline (JSON builder beside it)');
run('node scripts/bench-export-html.mjs');
console.log('\n# PDF export in Node (jsPDF): build time for 10, 100, 500 steps with a 1280×800 screenshot each, PNG vs JPEG; package cost');
run('node scripts/bench-export-pdf.mjs');
console.log('\n# Exports in the editor page (real Chromium): PDF 100/500 steps, HTML and single-file Markdown 500 steps, PNG vs JPEG vs WebP screenshots; sizes, wall time, progress, peak memory');
run('node scripts/bench-export-page.mjs');
console.log('\n# Video export: MP4 (chapters, narration) and step GIF clips by the shipped ffmpeg.wasm core, 30 s and 2 min recordings; package cost');
run('node scripts/bench-export-video.mjs');
console.log('\n# Team library: publish and pull against the real Git server (git http-backend), 1 and 50 SOPs of 20 steps, with and without screenshots');
run('node scripts/bench-team-library.mjs');
