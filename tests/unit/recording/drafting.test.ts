/** Drafting alone: a session's stored events in, the SOP saved and the session's row closed. */
import { describe, expect, it } from 'vitest';
import type { EventId, RawEvent, SessionId, ShotId, Sop, Step } from '../../../lib/model';
import { draftAndSave, type DraftingPorts } from '../../../lib/recording/drafting';
import type { StorePort } from '../../../lib/recording/ports';
import { click, page, target } from './fake-recorder-ports';

const SESSION = 'session-1' as SessionId;

function event(n: number, body: Pick<RawEvent, 'kind'> & Partial<RawEvent>): RawEvent {
  return { id: `e${n}` as EventId, sessionId: SESSION, tabId: 1, frameId: 0, at: 1_000 * n, t: 1_000 * n, page, ...body } as RawEvent;
}

const EVENTS: RawEvent[] = [
  event(0, { kind: 'navigate', cause: 'load' }),
  event(1, { ...click(), shotId: 'shot-deploy' as ShotId }),
  event(2, { ...click(target({ name: 'Approve', selectors: { css: '#approve' } })) }),
];

function drafting(events: RawEvent[] = EVENTS) {
  let ids = 0;
  const saved: { sop?: Sop; steps?: readonly Step[] } = {};
  const finished: Parameters<StorePort['finishRecording']>[] = [];
  const kept: ReadonlySet<string>[] = [];
  const ports: DraftingPorts = {
    now: () => 50_000,
    newId: () => `id-${++ids}`,
    log: () => {},
    store: {
      listEvents: async () => events,
      shotFacts: async () => [],
      listObservations: async () => [],
      deleteUnusedShots: async (_id, keep) => {
        kept.push(keep);
        return 0;
      },
      saveDraft: async (sop, steps) => {
        saved.sop = sop;
        saved.steps = steps;
      },
      finishRecording: async (...args) => void finished.push(args),
    },
  };
  return { ports, saved, finished, kept };
}

describe('drafting', () => {
  it('drafts the steps, keeps only the shots they cite, and closes the row', async () => {
    const d = drafting();
    const sopId = await draftAndSave(d.ports, SESSION, { durationMs: 2_000, media: { chunks: 2, bytes: 20 } });
    expect(d.saved.sop).toMatchObject({ id: sopId, sessionId: SESSION, sourceUrl: page.url, stepCount: 2, durationMs: 2_000 });
    expect(d.saved.steps?.map((s) => s.text)).toEqual(['Click **Deploy**.', 'Click **Approve**.']);
    expect([...d.kept[0]!]).toEqual(['shot-deploy']);
    expect(d.finished).toEqual([[SESSION, expect.objectContaining({ status: 'done', sopId, endedAt: 50_000 })]]);
  });

  it('marks the row failed when the video could not be finalised, and says so', async () => {
    const d = drafting();
    await draftAndSave(d.ports, SESSION, { durationMs: 2_000, media: null });
    expect(d.finished[0]?.[1]).toMatchObject({ status: 'failed', error: 'The video could not be finalised.' });
  });

  it('masks a secret said aloud before it is stored or placed under a step', async () => {
    const d = drafting();
    const transcript = { model: 'fake', createdAt: 0, segments: [{ startMs: 900, endMs: 1_100, text: 'My password is hunter2, then deploy.' }] };
    await draftAndSave(d.ports, SESSION, { durationMs: 2_000, media: { chunks: 1, bytes: 1, transcript } });
    expect(JSON.stringify(d.finished[0]?.[1].transcript)).not.toContain('hunter2');
    expect(JSON.stringify(d.saved.steps)).not.toContain('hunter2');
  });

  it('says a recovered recording was recovered', async () => {
    const d = drafting();
    await draftAndSave(d.ports, SESSION, { durationMs: 2_000, media: { chunks: 0, bytes: 0 }, recovered: true });
    expect(d.finished[0]?.[1]).toMatchObject({ status: 'done', error: 'Recovered after the browser closed mid-recording.' });
  });
});
