/**
 * Session control: Start, Pause, Resume, Stop (and the stop a full disk forces), the offscreen document's
 * media status, and recordings the browser never finished (recover, discard). All but getState run inside
 * the serial queue: what pages send during Start waits behind it and finds the state already recording.
 */
import { recordingClock, type SessionId, type Size, type SopId } from '../model';
import { applyHold, releaseHold } from '../privacy/privacy-hold';
import { blockingPattern, DEFAULT_PRIVACY_SETTINGS } from '../privacy/site-rules';
import { withTimeout, type RecorderContext } from './context';
import { draftAndSave, type DraftingPorts } from './drafting';
import type { FrameLinksPort, MediaPort, PrivacyPort, RecorderPorts, StorePort, TabsPort } from './ports';
import { recoveredDurationMs } from './recovery';
import type { Shots } from './shots';
import { DISK_FULL_MESSAGE, DISK_FULL_UNSAVED_MESSAGE, isStorageFull } from './storage-full';
import * as tr from './transitions';
import type { Payload, Result } from './verbs';

export type SessionPorts = DraftingPorts &
  Pick<RecorderPorts, 'now' | 'newId' | 'log' | 'state' | 'narrationModel'> & {
    readonly tabs: Pick<TabsPort, 'get' | 'injectContentScript'>;
    readonly media: Pick<MediaPort, 'streamId' | 'start' | 'pause' | 'resume' | 'stop' | 'prepareExports' | 'close'>;
    readonly store: Pick<StorePort, 'createRecording' | 'getRecording' | 'listEvents' | 'chunkSpan' | 'deleteSession'>;
    readonly frameLinks: Pick<FrameLinksPort, 'clear'>;
    readonly privacy: Pick<PrivacyPort, 'settings'>;
  };

/** Start and Stop must never hang on media: past these, recording goes on (or ends) without video. */
const MEDIA_TIMEOUT_MS = 8_000;
/** Stop waits for the video and the narration's last window (the offscreen document caps that at 60 s). */
const STOP_TIMEOUT_MS = 75_000;
/** Stop waits this long at most for screenshots still being taken. */
const SHOTS_DRAIN_MS = 15_000;

export function createSession(ctx: RecorderContext<SessionPorts>, shots: Pick<Shots, 'drain'>) {
  const { ports, exclusive, setState, record, broadcastAll } = ctx;

  /**
   * Stop the live recording and draft its SOP. Run inside `exclusive`. `reason` is shown after stopping (a
   * full disk). A draft that cannot be saved leaves the recorder idle with the error, the session's row
   * unfinished, so the popup offers it for recovery.
   */
  async function stopNow(reason?: string): Promise<{ sopId: SopId | null }> {
    const before = releaseHold(await ports.state.get(), ports.now());
    if (!tr.isLive(before)) return { sopId: before.lastSopId ?? null };
    const state = await setState(tr.stopping(before, ports.now()));
    const sessionId = state.sessionId!;
    // Screenshots of the last actions may still be on their way (asking frames what to blur, encoding):
    // they need the live stream, and the pages to still follow what they show (a page told to stop capturing
    // can no longer say what a frame showed, and the shot would be withheld), so they finish before either
    // stops. Meanwhile nothing new is recorded: intake takes nothing once the phase is 'stopping'.
    await withTimeout(shots.drain(), SHOTS_DRAIN_MS, 'screenshots did not finish').catch((e: unknown) => ports.log('stop', e));
    await broadcastAll(state);
    const media = await withTimeout(ports.media.stop(), STOP_TIMEOUT_MS, 'the video did not finish in time').catch((e: unknown) => {
      ports.log('media stop failed', e);
      return null;
    });
    let sopId: SopId | null = null;
    let error = reason;
    try {
      sopId = await draftAndSave(ports, sessionId, { durationMs: recordingClock(state, state.stoppedAt ?? ports.now()), media });
    } catch (e) {
      ports.log('draft failed', e);
      error = isStorageFull(e) ? DISK_FULL_UNSAVED_MESSAGE : `The SOP could not be saved (${e instanceof Error ? e.message : String(e)}); recover the recording from this popup.`;
    }
    await ports.frameLinks.clear().catch(() => undefined);
    await setState({ ...tr.stopped(state, sopId ?? before.lastSopId), ...(error ? { error } : {}) });
    // Idle now: the draft's export images are prepared in the background while the person reads it, so the
    // first export reads them ready. Queued before the close below, which then keeps the document for it.
    if (sopId) await ports.media.prepareExports(sopId).catch((e: unknown) => ports.log('preparing exports failed', e));
    await ports.media.close().catch(() => undefined);
    return { sopId };
  }

  /** A write failed: on a full disk stop now, keeping what was saved; anything else is the caller's. Run
   * inside `exclusive`. */
  async function stopIfDiskFull(e: unknown): Promise<void> {
    if (!isStorageFull(e)) throw e;
    ports.log('disk full: stopping', e);
    await stopNow(DISK_FULL_MESSAGE);
  }

  return {
    stopIfDiskFull,

    getState: (): Promise<Result<'recording.getState'>> => ports.state.get(),

    start: ({ tabId }: Payload<'recording.start'>): Promise<Result<'recording.start'>> =>
      exclusive(async () => {
        const before = await ports.state.get();
        if (tr.isLive(before) && before.tabId === tabId) return before;
        const tab = await ports.tabs.get(tabId);
        if (!tab) throw new Error('That tab is gone.');
        if (!/^(https?|file):/.test(tab.url)) throw new Error('This page cannot be recorded. Open the web page you want to document, then press Start.');
        // Settings that cannot be read fall back to the defaults rather than refusing to record.
        const privacy = (await ports.privacy.settings().catch(() => undefined)) ?? DEFAULT_PRIVACY_SETTINGS;
        const blocking = blockingPattern(tab.url, privacy.blockedSites);
        if (blocking) throw new Error(`Recording is turned off on this site (“${blocking}” is on your never-record list in Options).`);
        const sessionId = ports.newId() as SessionId;
        const state = await setState({ ...tr.begin(before, { sessionId, tabId, now: ports.now() }), privacy: { blockedSites: privacy.blockedSites, pauseOnSensitiveFocus: privacy.pauseOnSensitiveFocus } });
        try {
          await ports.frameLinks.clear();
          // Tabs opened before the extension was installed (or updated) have no content script yet.
          await ports.tabs.injectContentScript(tabId).catch((e: unknown) => ports.log('content script injection failed', e));
          let streaming = false;
          let error: string | undefined;
          const viewport: Size = { width: tab.width, height: tab.height };
          try {
            const streamId = await withTimeout(ports.media.streamId(tabId), MEDIA_TIMEOUT_MS, 'tab capture did not answer');
            const narration = await ports.narrationModel().catch(() => undefined);
            const result = await withTimeout(
              ports.media.start({ sessionId, streamId, width: tab.width, height: tab.height, narration }),
              MEDIA_TIMEOUT_MS,
              'the recorder did not start in time',
            );
            streaming = result.ok;
            error = result.error;
          } catch (e) {
            error = `Video could not start (${e instanceof Error ? e.message : String(e)}); steps and screenshots are still recorded.`;
          }
          if (error) ports.log('media start failed', error);
          const now = ports.now();
          await ports.store.createRecording({ id: sessionId, tabId, startedAt: now });
          const running = tr.started(state, { now, streaming, viewport, error });
          await record(running, tabId, 0, now, { url: tab.url, title: tab.title }, { kind: 'navigate', cause: 'load' });
          // Pages start capturing before the popup shows "Recording": whatever they send queues behind this
          // handler and finds the state already recording.
          await broadcastAll(running);
          return await setState(running);
        } catch (e) {
          // Never leave the recorder stuck in "starting" (a full disk, a closed database).
          await ports.media.stop().catch(() => undefined);
          const idle = await setState({ ...tr.stopped(state, before.lastSopId), error: `Recording could not start: ${e instanceof Error ? e.message : String(e)}` });
          await broadcastAll(idle, [tabId]).catch(() => undefined);
          throw e;
        }
      }),

    pause: (): Promise<Result<'recording.pause'>> =>
      exclusive(async () => {
        // An automatic hold ends where the author's own pause begins (its time joins the paused time).
        const state = await setState(tr.pause(releaseHold(await ports.state.get(), ports.now()), ports.now()));
        await ports.media.pause().catch((e: unknown) => ports.log('pause failed', e));
        await broadcastAll(state);
        return state;
      }),

    resume: (): Promise<Result<'recording.resume'>> =>
      exclusive(async () => {
        const now = ports.now();
        // Resuming while a secret field still has focus (or on a never-record site) goes straight into a hold.
        const state = await setState(applyHold(tr.resume(await ports.state.get(), now), now));
        if (!state.hold) await ports.media.resume().catch((e: unknown) => ports.log('resume failed', e));
        await broadcastAll(state);
        return state;
      }),

    stop: (): Promise<Result<'recording.stop'>> => exclusive(() => stopNow()),

    /** Draft an SOP from a recording the browser never finished (closed or crashed mid-recording). */
    recover: ({ sessionId }: Payload<'recording.recover'>): Promise<Result<'recording.recover'>> =>
      exclusive(async () => {
        const row = await ports.store.getRecording(sessionId);
        if (!row) throw new Error('That recording is gone.');
        if (row.sopId) return { sopId: row.sopId as SopId };
        const live = await ports.state.get();
        if (tr.isLive(live) && live.sessionId === sessionId) throw new Error('That recording is still running.');
        const events = await ports.store.listEvents(sessionId);
        const durationMs = recoveredDurationMs(events, await ports.store.chunkSpan(sessionId).catch(() => ({ count: 0, bytes: 0 })));
        // The video chunks stay as written: the recovered SOP plays them like any other.
        const sopId = await draftAndSave(ports, sessionId, { durationMs, media: { chunks: 0, bytes: 0 }, recovered: true });
        return { sopId };
      }),

    /** Forget a recording the browser never finished: its events, video and screenshots. */
    discard: ({ sessionId }: Payload<'recording.discard'>): Promise<Result<'recording.discard'>> =>
      exclusive(async () => {
        const live = await ports.state.get();
        if ((tr.isLive(live) || live.phase === 'stopping') && live.sessionId === sessionId) throw new Error('That recording is still running.');
        const row = await ports.store.getRecording(sessionId);
        if (!row || row.sopId) return;
        await ports.store.deleteSession(sessionId);
      }),

    mediaStatus: (p: Payload<'offscreen.status'>): Promise<Result<'offscreen.status'>> =>
      exclusive(async () => {
        const state = await ports.state.get();
        if (!tr.isLive(state)) return;
        // The offscreen document could not write a video chunk: the disk is full.
        if (p.storageFull) {
          await stopNow(DISK_FULL_MESSAGE);
          return;
        }
        // A late start clears the "no video" error it caused.
        const error = p.error ?? (p.streaming && !state.streaming ? undefined : state.error);
        const narration = p.narration ? { narration: p.narration.on ? ('on' as const) : ('off' as const), narrationNote: p.narration.note } : {};
        await setState({ ...state, streaming: p.streaming, error, ...narration });
      }),
  };
}

export type Session = ReturnType<typeof createSession>;
