import { describe, expect, it } from 'vitest';
import { encodingFor } from '../../../lib/export/image-format';
import { renderRequestSchema, type RenderRequest } from '../../../lib/export/render-job';
import { createRenderPool, defaultPoolSize } from '../../../lib/exporting/render-pool';

/** A stand-in for a dedicated worker: records what it was sent and answers when the test says so. */
class FakeWorker {
  onmessage: ((e: MessageEvent<unknown>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  readonly received: RenderRequest[] = [];
  terminated = false;
  postMessage(m: RenderRequest) {
    this.received.push(m);
  }
  terminate() {
    this.terminated = true;
  }
  reply(data: unknown) {
    this.onmessage?.({ data } as MessageEvent<unknown>);
  }
  fail(message: string) {
    this.onerror?.({ message, preventDefault() {} } as ErrorEvent);
  }
}

const shot = { blob: new Blob([new Uint8Array([1])], { type: 'image/png' }) };
const enc = encodingFor('jpeg');
const tick = () => new Promise((r) => setTimeout(r, 0));

function pool(size: number) {
  const workers: FakeWorker[] = [];
  const renderer = createRenderPool(size, () => {
    const w = new FakeWorker();
    workers.push(w);
    return w as unknown as Worker;
  });
  return { renderer, workers };
}

describe('render pool', () => {
  it('gives each worker one job at a time and the next job when it answers', async () => {
    const { renderer, workers } = pool(2);
    const jobs = [0, 1, 2].map(() => renderer.render(shot, {}, enc));
    for (const j of jobs) j.catch(() => undefined);
    expect(workers.map((w) => w.received.length)).toEqual([1, 1]);
    for (const w of workers) expect(renderRequestSchema.safeParse(w.received[0]).success).toBe(true);
    const first = workers.find((w) => w.received[0]!.id === 1)!;
    first.reply({ id: 1, ok: true, bytes: new Uint8Array([9]) });
    expect(await jobs[0]).toEqual(new Uint8Array([9]));
    // The worker that answered took the third job.
    expect(first.received.map((r) => r.id)).toEqual([1, 3]);
    renderer.close();
  });

  it('asks one worker for several encodings of one drawing and gives them back in order', async () => {
    const { renderer, workers } = pool(1);
    const webp = encodingFor('webp');
    const job = renderer.renderEach(shot, {}, [enc, webp]);
    const sent = workers[0]!.received[0]!;
    expect(renderRequestSchema.safeParse(sent).success).toBe(true);
    expect([sent.encoding, ...(sent.alsoEncodings ?? [])]).toEqual([enc, webp]);
    workers[0]!.reply({ id: 1, ok: true, bytes: new Uint8Array([1]), alsoBytes: [new Uint8Array([2])] });
    expect(await job).toEqual([new Uint8Array([1]), new Uint8Array([2])]);
    // A reply short of an image is an error, not a silently missing screenshot.
    const short = renderer.renderEach(shot, {}, [enc, webp]);
    workers[0]!.reply({ id: 2, ok: true, bytes: new Uint8Array([1]) });
    await expect(short).rejects.toThrow(/wrong number of images/);
    renderer.close();
  });

  it('rejects a job the worker could not render, with its reason', async () => {
    const { renderer, workers } = pool(1);
    const job = renderer.render(shot, {}, enc);
    workers[0]!.reply({ id: 1, ok: false, error: 'The source image could not be decoded.' });
    await expect(job).rejects.toThrow(/could not be decoded/);
    renderer.close();
  });

  it('drops a malformed reply or one for another job, and keeps waiting for the right one', async () => {
    const { renderer, workers } = pool(1);
    const job = renderer.render(shot, {}, enc);
    let settled = false;
    void job.then(() => (settled = true));
    workers[0]!.reply({ id: 1, ok: true, bytes: 'not bytes' });
    workers[0]!.reply({ id: 99, ok: true, bytes: new Uint8Array([1]) });
    await tick();
    expect(settled).toBe(false);
    workers[0]!.reply({ id: 1, ok: true, bytes: new Uint8Array([5]) });
    expect(await job).toEqual(new Uint8Array([5]));
    renderer.close();
  });

  it('settles the job of a worker that fails (the page renders it instead) and stops using that worker', async () => {
    const { renderer, workers } = pool(2);
    const a = renderer.render(shot, {}, enc);
    renderer.render(shot, {}, enc).catch(() => undefined);
    const failing = workers.find((w) => w.received[0]!.id === 1)!;
    failing.fail('script failed to load');
    expect(failing.terminated).toBe(true);
    // In Node the page has no createImageBitmap: the fallback fails, but the job does not hang.
    await expect(a).rejects.toThrow();
    const c = renderer.render(shot, {}, enc);
    c.catch(() => undefined);
    expect(failing.received).toHaveLength(1);
    renderer.close();
  });

  it('rejects what is pending when closed, and every later request', async () => {
    const { renderer, workers } = pool(1);
    const a = renderer.render(shot, {}, enc);
    const b = renderer.render(shot, {}, enc);
    renderer.close();
    await expect(a).rejects.toThrow(/closed/);
    await expect(b).rejects.toThrow(/closed/);
    await expect(renderer.render(shot, {}, enc)).rejects.toThrow(/closed/);
    expect(workers[0]!.terminated).toBe(true);
  });

  it('renders on the page when no worker can be made', async () => {
    const renderer = createRenderPool(2, () => {
      throw new Error('refused by the content security policy');
    });
    // The page renderer: in Node it has no canvas, so the attempt itself fails rather than hanging.
    await expect(renderer.render(shot, {}, enc)).rejects.toThrow();
  });

  it.each([
    [1, 1],
    [2, 2],
    [8, 4],
  ])('uses %i cores as %i workers', (cores, n) => {
    expect(defaultPoolSize(cores)).toBe(n);
  });
});
