/** Session control alone: the shared context on the fake ports, and a stand-in for the screenshots. */
import { beforeEach, describe, expect, it } from 'vitest';
import { createContext } from '../../../lib/recording/context';
import { createSession } from '../../../lib/recording/session';
import { fakeRecorderPorts } from './fake-recorder-ports';

let f: ReturnType<typeof fakeRecorderPorts>;
let order: string[];
let session: ReturnType<typeof createSession>;
beforeEach(() => {
  f = fakeRecorderPorts();
  order = [];
  const stopMedia = f.ports.media.stop;
  f.ports.media.stop = async () => {
    order.push('media stopped');
    return stopMedia();
  };
  const broadcast = f.ports.tabs.broadcast;
  f.ports.tabs.broadcast = async (tabId, s) => {
    if (!s.recording) order.push('pages told to stop');
    return broadcast(tabId, s);
  };
  session = createSession(createContext(f.ports), { drain: async () => void order.push('shots drained') });
});

describe('session', () => {
  it('starts on the tab’s page and stops with a draft, the screenshots drained before the pages stop capturing and the video stops', async () => {
    const started = await session.start({ tabId: 1 });
    expect(started).toMatchObject({ phase: 'recording', tabIds: [1], streaming: true });
    expect(f.events).toEqual([expect.objectContaining({ kind: 'navigate', cause: 'load', page: { url: 'http://console.test/', title: 'Shipyard' } })]);
    const { sopId } = await session.stop();
    // A shot still in flight asks its page what the frame showed: the page must still be following that.
    expect(order).toEqual(['shots drained', 'pages told to stop', 'media stopped']);
    expect(f.state()).toMatchObject({ phase: 'idle', lastSopId: sopId });
  });

  it('stops on a full disk and leaves any other failure to the caller', async () => {
    await session.start({ tabId: 1 });
    await expect(session.stopIfDiskFull(new Error('Database closed'))).rejects.toThrow('Database closed');
    expect(f.state().phase).toBe('recording');
    await session.stopIfDiskFull(Object.assign(new Error('full'), { name: 'QuotaExceededError' }));
    expect(f.state()).toMatchObject({ phase: 'idle', error: expect.stringMatching(/^Your disk is full/) });
  });

  it('after Stop, with the recorder idle and the draft saved, asks for its export images before closing the media document', async () => {
    await session.start({ tabId: 1 });
    const prepare = f.ports.media.prepareExports;
    const phaseAtPrepare: string[] = [];
    f.ports.media.prepareExports = async (id) => {
      phaseAtPrepare.push(f.state().phase);
      return prepare(id);
    };
    const { sopId } = await session.stop();
    expect(sopId).not.toBeNull();
    expect(phaseAtPrepare).toEqual(['idle']);
    expect(f.saved.sop?.id).toBe(sopId);
    // Queued first, so the close that follows finds the document busy and keeps it.
    expect(f.mediaCalls).toEqual([`prepareExports ${sopId}`, 'close']);
  });

  it('asks for nothing when the draft could not be saved', async () => {
    await session.start({ tabId: 1 });
    f.ports.store.saveDraft = async () => {
      throw new Error('Database closed');
    };
    expect(await session.stop()).toEqual({ sopId: null });
    expect(f.mediaCalls).toEqual(['close']);
  });

  it('pauses and resumes the video with the recording', async () => {
    await session.start({ tabId: 1 });
    await session.pause();
    await session.resume();
    expect(f.mediaCalls).toEqual(['pause', 'resume']);
    expect(f.broadcasts.slice(-2)).toEqual([
      { tabId: 1, recording: true, paused: true },
      { tabId: 1, recording: true, paused: false },
    ]);
  });
});
