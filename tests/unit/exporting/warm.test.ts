/** Preparing an SOP's export screenshots ahead (lib/exporting/warm.ts), and the export reading them back: what is
 * rendered, when, and what an edit or an abort changes. Counts renders, never times them. */
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../../../lib/db/schema';
import { putShot } from '../../../lib/db/recording-store';
import { replaceSteps, saveDraft } from '../../../lib/db/sop-store';
import { encodingFor, pdfEncoding, type ImageEncoding } from '../../../lib/export/image-format';
import { renderImages, stepRenderKey } from '../../../lib/exporting/load';
import { putCachedRender } from '../../../lib/db/render-cache-store';
import type { ShotRenderer } from '../../../lib/exporting/render-pool';
import { warmEncodings, warmPasses, warmRenderCache } from '../../../lib/exporting/warm';
import { exportLockName, type Locks } from '../../../lib/exporting/export-locks';
import type { SessionId, Shot, ShotId, SopId, Step, StepId } from '../../../lib/model';
import { makeSop, makeStep } from '../factories';

const sopId = 'sop-warm' as SopId;
const sessionId = 'sess-warm' as SessionId;

/** A renderer that answers at once with bytes naming the shot and the encoding, and counts its calls. */
function countingRenderer() {
  const calls: string[] = [];
  let draws = 0;
  let closed = 0;
  const one = (shot: unknown, encoding: ImageEncoding) => {
    const name = `${(shot as Shot).id}@${encoding.format}/${encoding.maxSide}`;
    calls.push(name);
    return new TextEncoder().encode(name);
  };
  const renderer: ShotRenderer = {
    render: async (shot, _edits, encoding) => {
      draws++;
      return one(shot, encoding);
    },
    renderEach: async (shot, _edits, encodings) => {
      draws++;
      return encodings.map((e) => one(shot, e));
    },
    close: () => void closed++,
  };
  return { calls, renderer, closed: () => closed, draws: () => draws };
}

const shot = (i: number): Shot => ({ id: `shot-${i}` as ShotId, sessionId, blob: new Blob([new Uint8Array([i])]), mimeType: 'image/png', width: 4, height: 3, at: i, t: i, source: 'tab-stream' });
const step = (i: number, extra: Partial<Step> = {}): Step => makeStep({ id: `st-${i}` as StepId, sopId, order: i * 10, shotId: shot(i).id, ...extra });
const noDiagram = async () => undefined;

beforeEach(async () => {
  await Promise.all(db().tables.map((t) => t.clear()));
  await saveDraft(makeSop({ id: sopId, sessionId }), [step(1), step(2), step(3, { shotId: undefined })], undefined);
  for (const i of [1, 2]) await putShot(shot(i));
});

describe('preparing export screenshots ahead', () => {
  it('renders each step with a shot once per encoding, then nothing the second time', async () => {
    const encodings = warmEncodings('webp');
    expect(encodings).toEqual([pdfEncoding('webp'), encodingFor('webp')]);
    const first = countingRenderer();
    const out = await warmRenderCache(sopId, encodings, new AbortController().signal, { renderer: () => first.renderer, diagram: noDiagram });
    expect(out).toEqual({ rendered: 4, alreadyStored: 0, stopped: false });
    // The PDF's encoding for every step first: a PDF export is ready a third of the way in.
    expect(first.calls).toEqual(['shot-1@jpeg/1280', 'shot-2@jpeg/1280', 'shot-1@webp/2560', 'shot-2@webp/2560']);
    expect(first.draws()).toBe(4);
    expect(first.closed()).toBe(1);
    const again = countingRenderer();
    expect(await warmRenderCache(sopId, encodings, new AbortController().signal, { renderer: () => again.renderer, diagram: noDiagram })).toEqual({ rendered: 0, alreadyStored: 4, stopped: false });
    expect(again.calls).toEqual([]);
  });

  it('lets the export read what was prepared: nothing rendered, the same bytes', async () => {
    const prep = countingRenderer();
    await warmRenderCache(sopId, [pdfEncoding('jpeg')], new AbortController().signal, { renderer: () => prep.renderer, diagram: noDiagram });
    const exporting = countingRenderer();
    const images = await renderImages(await db().steps.where('sopId').equals(sopId).sortBy('order'), pdfEncoding('jpeg'), undefined, exporting.renderer);
    expect(exporting.calls).toEqual([]);
    expect(new TextDecoder().decode(images.get('st-2' as StepId))).toBe('shot-2@jpeg/1280');
    const detail = performance.getEntriesByName('export:screenshots').at(-1) as PerformanceMark;
    expect(detail.detail).toMatchObject({ rendered: 0, stored: 2, steps: 3 });
  });

  it('renders again only the step whose screenshot was edited, and drops its old render', async () => {
    const enc = [pdfEncoding('jpeg')];
    await warmRenderCache(sopId, enc, new AbortController().signal, { renderer: () => countingRenderer().renderer, diagram: noDiagram });
    await replaceSteps(sopId, [step(1), step(2, { blurBoxes: [{ x: 0, y: 0, width: 2, height: 2 }] }), step(3, { shotId: undefined })]);
    const after = countingRenderer();
    expect(await warmRenderCache(sopId, enc, new AbortController().signal, { renderer: () => after.renderer, diagram: noDiagram })).toMatchObject({ rendered: 1, alreadyStored: 1 });
    expect(after.calls).toEqual(['shot-2@jpeg/1280']);
    expect(await db().renderCache.where('shotId').equals('shot-2').count()).toBe(1);
  });

  it('stops when aborted, keeps what it finished, and the next run picks up from there', async () => {
    const controller = new AbortController();
    const first = countingRenderer();
    const stopping: ShotRenderer = {
      ...first.renderer,
      renderEach: async (...args) => {
        const bytes = await first.renderer.renderEach(...args);
        controller.abort();
        return bytes;
      },
    };
    const out = await warmRenderCache(sopId, [pdfEncoding('jpeg')], controller.signal, { renderer: () => stopping, diagram: noDiagram });
    expect(out).toMatchObject({ rendered: 1, stopped: true });
    const rest = countingRenderer();
    expect(await warmRenderCache(sopId, [pdfEncoding('jpeg')], new AbortController().signal, { renderer: () => rest.renderer, diagram: noDiagram })).toMatchObject({ rendered: 1, alreadyStored: 1 });
    expect(rest.calls).toEqual(['shot-2@jpeg/1280']);
  });

  it('plans the PDF encoding, then the diagram, then the other encodings', () => {
    expect(warmPasses(warmEncodings('webp'))).toEqual([
      { kind: 'screenshots', encoding: pdfEncoding('webp') },
      { kind: 'diagram' },
      { kind: 'screenshots', encoding: encodingFor('webp') },
    ]);
    expect(warmPasses([])).toEqual([{ kind: 'diagram' }]);
  });

  it('waits while an export of the SOP runs in another context, then finds what it rendered', async () => {
    const enc = [pdfEncoding('jpeg')];
    let release!: () => void;
    const exportDone = new Promise<void>((r) => (release = r));
    const asked: string[] = [];
    // A lock manager with one export held: the exclusive request is granted when that export ends.
    const locks = {
      query: async () => ({ held: asked.length === 0 ? [{ name: exportLockName(sopId), mode: 'shared' as const }] : [], pending: [] }),
      request: (async (name: string, _opts: unknown, fn: () => unknown) => {
        asked.push(name);
        await exportDone;
        return fn();
      }) as unknown as Locks['request'],
    } as Locks;
    const warm = countingRenderer();
    const job = warmRenderCache(sopId, enc, new AbortController().signal, { renderer: () => warm.renderer, diagram: noDiagram, locks });
    await vi.waitFor(() => expect(asked).toEqual([exportLockName(sopId)]));
    expect(warm.calls).toEqual([]);
    // The export rendered the first step meanwhile: preparing does not render it again.
    await putCachedRender({ key: stepRenderKey(step(1), shot(1), enc[0]!), shotId: shot(1).id, sessionId, bytes: new Uint8Array([1]) });
    release();
    expect(await job).toEqual({ rendered: 1, alreadyStored: 1, stopped: false });
    expect(warm.calls).toEqual(['shot-2@jpeg/1280']);
  });

  it('draws the diagram last, and not when stopped before', async () => {
    const drawn: SopId[] = [];
    await warmRenderCache(sopId, [pdfEncoding('jpeg')], new AbortController().signal, { renderer: () => countingRenderer().renderer, diagram: async (id) => void drawn.push(id) });
    expect(drawn).toEqual([sopId]);
    const aborted = new AbortController();
    aborted.abort();
    await warmRenderCache(sopId, [pdfEncoding('jpeg')], aborted.signal, { renderer: () => countingRenderer().renderer, diagram: async (id) => void drawn.push(id) });
    expect(drawn).toEqual([sopId]);
  });
});
