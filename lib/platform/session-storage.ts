/** Recording state and the frame tree, kept in storage.session so they outlive the service worker. */
import { IDLE_STATE, type RecordingState } from '../model';
import type { FrameLink } from '../recording/ports';

const STATE_KEY = 'recording';
const LINKS_KEY = 'frameLinks';

export async function getRecordingState(): Promise<RecordingState> {
  const got = await chrome.storage.session.get(STATE_KEY);
  const raw = got[STATE_KEY] as Partial<RecordingState> | undefined;
  return raw && typeof raw === 'object' ? { ...IDLE_STATE, ...raw } : IDLE_STATE;
}

export async function setRecordingState(next: RecordingState): Promise<void> {
  await chrome.storage.session.set({ [STATE_KEY]: next });
}

/** Calls back with every new state, from any context (popup, editor). Returns an unsubscribe. */
export function watchRecordingState(onChange: (state: RecordingState) => void): () => void {
  const listener = (changes: Record<string, chrome.storage.StorageChange>, area: string) => {
    if (area !== 'session' || !(STATE_KEY in changes)) return;
    const value = changes[STATE_KEY]?.newValue as Partial<RecordingState> | undefined;
    onChange({ ...IDLE_STATE, ...(value ?? {}) });
  };
  chrome.storage.onChanged.addListener(listener);
  return () => chrome.storage.onChanged.removeListener(listener);
}

type Links = Record<string, FrameLink>;

/** Writes to the links map, one at a time (all of them happen in the service worker). */
let linkWrites: Promise<unknown> = Promise.resolve();

async function readLinks(): Promise<Links> {
  const got = await chrome.storage.session.get(LINKS_KEY);
  return (got[LINKS_KEY] as Links | undefined) ?? {};
}

export const frameLinks = {
  async get(token: string): Promise<FrameLink | undefined> {
    return (await readLinks())[token];
  },
  merge(token: string, patch: FrameLink): Promise<void> {
    // A child's hello and its parent's link often arrive together: without the queue one read-modify-write
    // would overwrite the other.
    const run = linkWrites.then(async () => {
      const links = await readLinks();
      links[token] = { ...links[token], ...patch };
      await chrome.storage.session.set({ [LINKS_KEY]: links });
    });
    linkWrites = run.catch(() => undefined);
    return run;
  },
  async byFrame(tabId: number, frameId: number): Promise<(FrameLink & { token: string }) | undefined> {
    // A frame that navigated (an iframe's initial about:blank, then its page) announced several tokens:
    // the newest complete one names the document there now.
    let found: (FrameLink & { token: string }) | undefined;
    for (const [token, link] of Object.entries(await readLinks())) {
      if (link.tabId === tabId && link.frameId === frameId && link.selector !== undefined) found = { ...link, token };
    }
    return found;
  },
  clear(): Promise<void> {
    const run = linkWrites.then(() => chrome.storage.session.remove(LINKS_KEY));
    linkWrites = run.catch(() => undefined);
    return run;
  },
};
