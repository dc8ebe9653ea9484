/**
 * Video exports from the popup after a short recording, checked by real consumers: ffprobe (apt `ffmpeg`)
 * reads the MP4 — H.264 video, AAC audio, one chapter per step titled like the step — and decodes every GIF
 * of the step-clips zip. Cancel stops the job in the offscreen document (it reports 'cancelled') and no file
 * is downloaded.
 */
import { completedSince, downloadIds, downloads, exportButton, exportDownload, type Download } from './helpers/export-button';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { expect, test } from './fixtures';
import { recordChecks } from './helpers/record';
import { PopupPage } from './pages/popup-page';

const STEPS = 3;

/** Click an export and wait for its download (the wasm encode is slower than popup.export's 30 s allows). */
async function exportFile(page: Page, label: string, timeout = 120_000): Promise<string> {
  return (await exportDownload(page, label, { timeout })).path;
}

function ffprobe(path: string, ...args: string[]): unknown {
  return JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-of', 'json', ...args, path], { encoding: 'utf8' }));
}

test('Export video: MP4 with a chapter per step, step GIFs that decode, and Cancel stops the job', async ({ context, extensionId, servers, tabIdOf }) => {
  test.setTimeout(180_000);
  const popup = await recordChecks(context, extensionId, servers.mainOrigin, tabIdOf, STEPS);
  const page = popup.page;
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const stepTexts = await popup.stepTexts();
  expect(stepTexts).toHaveLength(STEPS);

  // --- MP4
  const mp4 = await exportFile(page, 'Export video (MP4)');
  await expect(page.getByRole('region', { name: 'SOP' }).getByRole('status')).toHaveText(/^Exported .+\.mp4$/);
  // VIDEO_DUMP=/tmp/x keeps copies (x.mp4, x.zip) to look at.
  if (process.env.VIDEO_DUMP) copyFileSync(mp4, `${process.env.VIDEO_DUMP}.mp4`);
  const info = ffprobe(mp4, '-show_chapters', '-show_streams', '-show_format') as {
    chapters: { start_time: string; end_time: string; tags: { title: string } }[];
    streams: { codec_type: string; codec_name: string; width?: number }[];
    format: { duration: string; format_name: string };
  };
  expect(info.format.format_name).toContain('mp4');
  expect(Number(info.format.duration)).toBeGreaterThan(0);
  expect(info.streams.filter((s) => s.codec_type === 'video').map((s) => s.codec_name)).toEqual(['h264']);
  expect(info.streams.filter((s) => s.codec_type === 'audio').map((s) => s.codec_name)).toEqual(['aac']);
  expect(info.chapters.map((c) => c.tags.title)).toEqual(stepTexts.map((t, i) => `${i + 1}. ${t}`));
  for (let i = 1; i < info.chapters.length; i++) expect(Number(info.chapters[i]!.start_time)).toBeGreaterThan(Number(info.chapters[i - 1]!.start_time));
  // The whole video decodes (not just a readable header).
  execFileSync('ffmpeg', ['-v', 'error', '-xerror', '-i', mp4, '-f', 'null', '-']);

  // --- GIF clips
  const zipPath = await exportFile(page, 'Export step clips (GIF)');
  if (process.env.VIDEO_DUMP) copyFileSync(zipPath, `${process.env.VIDEO_DUMP}.zip`);
  const entries = unzipSync(readFileSync(zipPath));
  const gifs = Object.keys(entries).filter((n) => n.endsWith('.gif')).sort();
  expect(gifs).toEqual(['step-01.gif', 'step-02.gif', 'step-03.gif']);
  const dir = mkdtempSync(join(tmpdir(), 'sop-gifs-'));
  for (const name of gifs) {
    const bytes = entries[name]!;
    expect(Buffer.from(bytes.subarray(0, 6)).toString('latin1')).toBe('GIF89a');
    writeFileSync(join(dir, name), bytes);
    const gif = ffprobe(join(dir, name), '-count_frames', '-show_streams') as { streams: { codec_name: string; width: number; nb_read_frames: string }[] };
    expect(gif.streams[0]!.codec_name).toBe('gif');
    expect(gif.streams[0]!.width).toBeLessThanOrEqual(640);
    expect(Number(gif.streams[0]!.nb_read_frames)).toBeGreaterThan(0);
  }

  // --- Cancel: the offscreen job itself reports 'cancelled' (its ffmpeg worker terminated) and nothing downloads.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { videoStates: string[] }).videoStates = seen;
    new BroadcastChannel('sop-recorder:video-export').onmessage = (e: MessageEvent<{ state: string; note: string }>) => seen.push(`${e.data.state}:${e.data.note}`);
  });
  const before = (await downloads(page)).length;
  await (await exportButton(page, 'Export video (MP4)')).click();
  // Cancel as soon as the job shows: loading the 32 MB core alone outlasts the click, so the job is always
  // still running when it is cancelled (waiting for "encoding" would race a short encode).
  await page.getByTestId('export-progress').getByRole('button', { name: 'Cancel export' }).click();
  await expect(page.getByRole('region', { name: 'SOP' }).getByRole('status')).toHaveText('Export cancelled.');
  await expect.poll(() => page.evaluate(() => (window as unknown as { videoStates: string[] }).videoStates.at(-1))).toBe('cancelled:cancelled');
  expect(await page.evaluate(() => (window as unknown as { videoStates: string[] }).videoStates.some((s) => s.startsWith('done')))).toBe(false);
  expect((await downloads(page)).length).toBe(before);
  expect(errors).toEqual([]);
});

/** Job states heard on the export channel by `page`, in order ("running", "done", …). */
async function listenToJobs(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { jobStates: string[] }).jobStates = seen;
    new BroadcastChannel('sop-recorder:video-export').onmessage = (e: MessageEvent<{ state: string }>) => seen.push(e.data.state);
  });
  return () => page.evaluate(() => (window as unknown as { jobStates: string[] }).jobStates);
}

test('Video export outlives Stop and its page: a recording starts and stops meanwhile, the file downloads by itself; the editor saves one step as a GIF', async ({
  context,
  extensionId,
  servers,
  tabIdOf,
}) => {
  test.setTimeout(180_000);
  const popup = await recordChecks(context, extensionId, servers.mainOrigin, tabIdOf, 2);
  const [editor] = await Promise.all([context.waitForEvent('page'), popup.button('Open in editor').click()]);
  const editorUrl = editor.url();
  await popup.page.close();

  // A second recording runs in the shared offscreen document while the export runs.
  const tab = await context.newPage();
  await tab.goto(`${servers.mainOrigin}/burst.html`);
  const second = await PopupPage.open(context, extensionId, await tabIdOf(tab));
  const jobStates = await listenToJobs(second.page);
  const known = await downloadIds(second.page);
  await second.start();

  // The MP4 export starts from the editor, which is closed at once: nobody will be there to take the file.
  await editor.bringToFront();
  await (await exportButton(editor, 'Export video (MP4)')).click();
  await expect(editor.getByTestId('export-progress')).toBeVisible();
  await editor.close();

  await tab.bringToFront();
  await tab.getByRole('button', { name: 'Check 1', exact: true }).click();
  await second.page.bringToFront();
  await expect.poll(() => second.stepCount()).toBe(1);
  // Stop closes the offscreen document only when no job needs it: this one still does (running, or its file
  // waiting out the few seconds a page has to take it).
  expect(await completedSince(second.page, known, 'video/mp4'), 'the export still needs the document at Stop').toBeUndefined();
  await second.stop();
  test.info().annotations.push({ type: 'job at Stop', description: (await jobStates()).includes('done') ? 'done, file waiting' : 'running' });
  await expect(second.sop().getByRole('list', { name: 'Steps' }).getByRole('listitem')).toHaveCount(1);
  await tab.close();

  // The finished MP4 lands in the downloads with no page taking it (the service worker downloads it).
  let mp4: Download | undefined;
  await expect.poll(async () => (mp4 = await completedSince(second.page, known, 'video/mp4')) !== undefined, { timeout: 120_000, intervals: [1_000] }).toBe(true);
  const info = ffprobe(mp4!.path, '-show_chapters') as { chapters: unknown[] };
  expect(info.chapters).toHaveLength(2);

  // --- One step's clip from the editor, saved by the page that asked (and only by it).
  const page = await context.newPage();
  await page.goto(editorUrl);
  const seen = await downloadIds(page);
  await page.getByRole('button', { name: 'Save a GIF clip of step 2', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Saved .+-step-02\.gif$/ })).toBeVisible({ timeout: 120_000 });
  const gif = await completedSince(page, seen, 'image/gif');
  expect(gif).toBeDefined();
  const clip = ffprobe(gif!.path, '-count_frames', '-show_streams') as { streams: { codec_name: string; nb_read_frames: string }[] };
  expect(clip.streams[0]!.codec_name).toBe('gif');
  expect(Number(clip.streams[0]!.nb_read_frames)).toBeGreaterThan(0);
  expect((await downloads(page)).filter((d) => !seen.has(d.id))).toHaveLength(1);
});
