/**
 * What the recorder is doing, for tests to wait on instead of sleeping: its state as the extension keeps it
 * (chrome.storage.session, read in the service worker), and the media it has stored (video chunks of 1 s).
 */
import type { BrowserContext, Page } from '@playwright/test';
import type { RecordingState } from '../../../lib/model';
import { expect, findServiceWorker } from '../fixtures';
import { readStores } from './idb-dump';

/** The recorder's state (storage.session "recording"), or undefined before the first Start. Asks the current
 * service worker: MV3 may have stopped and replaced the one a test started with. */
export async function recorderState(context: BrowserContext): Promise<Partial<RecordingState> | undefined> {
  const worker = await findServiceWorker(context);
  return worker.evaluate(async () => ((await chrome.storage.session.get('recording')) as { recording?: Partial<RecordingState> }).recording);
}

/** Wait until the recorder's state satisfies `ok` (a worker being replaced meanwhile is asked again). */
export async function waitForRecorder(context: BrowserContext, ok: (state: Partial<RecordingState>) => boolean, what: string, timeout = 30_000): Promise<void> {
  await expect
    .poll(async () => {
      const state = await recorderState(context).catch(() => undefined);
      return state !== undefined && ok(state);
    }, { message: `the recorder: ${what}`, timeout })
    .toBe(true);
}

/**
 * Wait until the tab video can show `page`: the recorder says the offscreen document holds the live tab stream
 * (on a loaded machine it can start after "Recording" shows), and `page`, brought to the front, has painted
 * since — a tab in the background sends the stream no frames, and a screenshot is taken from those frames.
 */
export async function waitForStream(context: BrowserContext, page: Page): Promise<void> {
  await page.bringToFront();
  await waitForRecorder(context, (s) => s.phase === 'recording' && s.streaming === true, 'holds the live tab stream');
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}

export interface StoredRecording {
  readonly sessionId: string;
  readonly status: string;
  readonly sopId?: string;
  /** Video chunks stored (1 s of video and sound each, the last one maybe shorter). */
  readonly chunks: number;
}

/** Every recording with its stored video chunks, oldest first (read from an extension page). */
export async function storedChunks(extensionPage: Page): Promise<StoredRecording[]> {
  const { recordings, chunks } = await readStores<{ recordings: { id: string; status: string; sopId?: string; startedAt: number }[]; chunks: { sessionId: string }[] }>(
    extensionPage,
    'recordings',
    'chunks',
  );
  return recordings
    .sort((a, b) => a.startedAt - b.startedAt)
    .map((r) => ({ sessionId: r.id, status: r.status, sopId: r.sopId, chunks: chunks.filter((c) => c.sessionId === r.id).length }));
}

/**
 * Wait until the newest recording has stored at least `count` video chunks: that many seconds of what the tab
 * showed and the microphone heard are in IndexedDB, however slowly the machine got there. Returns the count.
 */
export async function waitForChunks(extensionPage: Page, count: number, timeout = 30_000): Promise<number> {
  let stored = 0;
  await expect
    .poll(async () => (stored = (await storedChunks(extensionPage)).at(-1)?.chunks ?? 0), { message: `${count} video chunks stored`, timeout })
    .toBeGreaterThanOrEqual(count);
  return stored;
}

/** A raw event as the recorder stored it (the subset tests read). */
export interface StoredEvent {
  readonly kind: string;
  /** A navigation's cause ('push-state', 'back-forward', 'link'…). */
  readonly cause?: string;
  /** Wall-clock ms: when it happened (a navigation: when the browser committed it). */
  readonly at: number;
  readonly tabId: number;
  readonly page: { readonly url: string; readonly title: string };
}

/** Every raw event stored so far, in time order. */
export async function storedEvents(extensionPage: Page): Promise<StoredEvent[]> {
  const { events } = await readStores<{ events: StoredEvent[] }>(extensionPage, 'events');
  return events.sort((a, b) => a.at - b.at);
}

/** Wait until the recorder has stored an event that satisfies `ok`; returns the first such. */
export async function waitForStoredEvent(extensionPage: Page, ok: (e: StoredEvent) => boolean, what: string, timeout = 30_000): Promise<StoredEvent> {
  let found: StoredEvent | undefined;
  await expect.poll(async () => (found = (await storedEvents(extensionPage)).find(ok)) !== undefined, { message: `the recorder stored ${what}`, timeout }).toBe(true);
  return found!;
}
