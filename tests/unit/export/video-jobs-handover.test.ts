/** The offscreen job system's hand-over of a finished file, with ffmpeg faked and IndexedDB in memory. */
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { appendChunk } from '../../../lib/db/recording-store';
import { saveDraft } from '../../../lib/db/sop-store';
import type { SessionId, Sop, SopId, Step, StepId } from '../../../lib/model';
import type { Ffmpeg } from '../../../lib/media/ffmpeg';
import { createVideoJobs } from '../../../lib/media/video-jobs';

const sopId = 'sop-h' as SopId;
const sessionId = 'sess-h' as SessionId;

const fakeFfmpeg = async (): Promise<Ffmpeg> => ({
  mountInput: async (name) => `/in/${name}`,
  writeText: async () => undefined,
  readBytes: async () => new Uint8Array([0x47, 0x49, 0x46]),
  remove: async () => undefined,
  run: async () => ({ code: 0, tail: [] }),
  terminate: () => undefined,
});

beforeAll(async () => {
  const sop: Sop = { id: sopId, title: 'Deploy', createdAt: 1, updatedAt: 1, sourceUrl: 'http://x', stepCount: 2, durationMs: 9_000, sessionId };
  const step = (i: number): Step => ({ id: `st-${i}` as StepId, sopId, order: i * 10, kind: 'click', text: `Step ${i}`, page: { url: 'u', title: 't' }, tabId: 1, t: i * 2_000, eventIds: [] });
  await saveDraft(sop, [step(1), step(2)]);
  await appendChunk({ sessionId, seq: 0, blob: new Blob([new Uint8Array(8)]), t: 9_000 });
});

async function finished(jobs: ReturnType<typeof createVideoJobs>, jobId: string) {
  await vi.waitFor(() => expect(jobs.status(jobId)?.state).toBe('done'), { interval: 2 });
  return jobs.status(jobId)!;
}

describe('video job hand-over', () => {
  it('downloads a file nobody came for by itself, then lets the document go', async () => {
    const deliver = vi.fn(async (_file: { url: string; fileName: string }) => undefined);
    const jobs = createVideoJobs({ load: fakeFfmpeg, deliver, graceMs: 200 });
    const { jobId } = jobs.start(sopId, 'mp4');
    expect(jobs.active()).toBe(1);
    const done = await finished(jobs, jobId);
    await vi.waitFor(() => expect(deliver).toHaveBeenCalledTimes(1));
    expect(deliver.mock.calls[0]![0]).toEqual({ url: done.url, fileName: 'deploy.mp4' });
    await vi.waitFor(() => expect(jobs.active()).toBe(0));
    expect(jobs.claim(jobId)).toBe(false);
  });

  it('leaves a file a page claimed to that page, and to one page only', async () => {
    const deliver = vi.fn(async () => undefined);
    const jobs = createVideoJobs({ load: fakeFfmpeg, deliver, graceMs: 200 });
    const { jobId } = jobs.start(sopId, 'gif-zip');
    await finished(jobs, jobId);
    expect(jobs.claim(jobId)).toBe(true);
    expect(jobs.claim(jobId)).toBe(false);
    await new Promise((r) => setTimeout(r, 300));
    expect(deliver).not.toHaveBeenCalled();
    expect(jobs.active()).toBe(1);
    jobs.collected(jobId);
    expect(jobs.active()).toBe(0);
  });

  it("keeps the file when the automatic download fails, so a page can still take it", async () => {
    const deliver = vi.fn(async () => Promise.reject(new Error('no downloads')));
    const jobs = createVideoJobs({ load: fakeFfmpeg, deliver, graceMs: 200 });
    const { jobId } = jobs.start(sopId, 'mp4');
    await finished(jobs, jobId);
    await vi.waitFor(() => expect(deliver).toHaveBeenCalledTimes(1));
    await vi.waitFor(() => expect(jobs.claim(jobId)).toBe(true));
  });

  it("makes one step's clip, named after the SOP and the step; a step not saved fails the job", async () => {
    const jobs = createVideoJobs({ load: fakeFfmpeg });
    const clip = await finished(jobs, jobs.start(sopId, 'gif-step', 'st-2').jobId);
    expect([clip.fileName, clip.mimeType]).toEqual(['deploy-step-02.gif', 'image/gif']);
    expect(jobs.start(sopId, 'gif-step', 'st-2').jobId).toBe(clip.jobId);
    const missing = jobs.start(sopId, 'gif-step', 'st-9');
    await vi.waitFor(() => expect(jobs.status(missing.jobId)?.state).toBe('failed'));
    expect(() => jobs.start(sopId, 'gif-step')).toThrow(/step/);
  });
});
