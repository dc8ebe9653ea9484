/**
 * The microphone is recorded with the tab video: an espeak-ng narration WAV is fed as the microphone, the
 * popup shows its live level, and the stored video carries the speech in its audio track.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { PopupPage } from './pages/popup-page';

const dir = mkdtempSync(join(tmpdir(), 'sop-narration-'));
const wav = join(dir, 'narration.wav');
execFileSync('espeak-ng', ['-s', '150', '-w', join(dir, 'raw.wav'), 'First make sure the build is green. If the health check fails, roll back. Now deploy the service and watch the dashboard.']);
execFileSync('sox', ['-G', join(dir, 'raw.wav'), '-r', '48000', '-c', '1', '-b', '16', wav, 'repeat', '3']);

test.use({ fakeAudioFile: wav });

test('records the narration with the video and shows the microphone level while recording', async ({ context, extensionId, servers, tabIdOf }) => {
  const page = await context.newPage();
  await page.goto(`${servers.mainOrigin}/burst.html`);
  const popup = await PopupPage.open(context, extensionId, await tabIdOf(page));
  await popup.start();
  const meter = popup.page.getByTestId('mic-level');
  await expect(meter).toBeVisible();
  await expect.poll(() => meter.evaluate((m: HTMLMeterElement) => m.value), { timeout: 15_000 }).toBeGreaterThan(3);
  await page.bringToFront();
  for (const n of [1, 2, 3]) {
    await page.getByRole('button', { name: `Check ${n}`, exact: true }).click();
    await page.waitForTimeout(1_000);
  }
  await popup.page.bringToFront();
  await popup.stop();

  // Decode the stored video's audio track and measure it: speech, not silence.
  const audio = await popup.page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const r = indexedDB.open('sop-recorder');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const chunks = await new Promise<{ seq: number; blob: Blob }[]>((res) => {
      const r = db.transaction('chunks').objectStore('chunks').getAll();
      r.onsuccess = () => res(r.result as { seq: number; blob: Blob }[]);
    });
    chunks.sort((a, b) => a.seq - b.seq);
    const blob = new Blob(chunks.map((c) => c.blob), { type: chunks[0]!.blob.type });
    const buffer = await new OfflineAudioContext(1, 1, 48_000).decodeAudioData(await blob.arrayBuffer());
    const data = buffer.getChannelData(0);
    let sum = 0;
    for (const v of data) sum += v * v;
    return { type: blob.type, seconds: buffer.duration, rms: Math.sqrt(sum / data.length) };
  });
  expect(audio.type).toContain('opus');
  expect(audio.seconds).toBeGreaterThan(2);
  expect(audio.rms).toBeGreaterThan(0.01);
});
