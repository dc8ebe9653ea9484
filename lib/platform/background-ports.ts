/** The real browser and database behind the recorder's ports. */
import { addEvent, addObservation, chunkSpan, createRecording, deleteSession, deleteUnusedShots, finishRecording, getRecording, listEvents, listObservations, putShot, recentEvents } from '../db/recording-store';
import { saveDraft } from '../db/sop-store';
import type { RecorderPorts } from '../recording/recorder';
import { showBadge } from './badge';
import { narrationModel } from './narration-settings';
import { offscreenMedia } from './offscreen';
import { frameLinks, getRecordingState, setRecordingState } from './session-storage';
import { broadcastToTab, captureVisible, frameRect, getTab, injectContentScript } from './tabs';

export function createBackgroundPorts(): RecorderPorts {
  return {
    now: () => Date.now(),
    newId: () => crypto.randomUUID(),
    state: { get: getRecordingState, set: setRecordingState },
    frameLinks,
    tabs: { get: getTab, broadcast: broadcastToTab, frameRect, captureVisible, injectContentScript },
    media: offscreenMedia,
    store: {
      createRecording: (p) => createRecording({ ...p, status: 'recording', chunkCount: 0, bytes: 0 }),
      finishRecording,
      addEvent,
      addObservation,
      listObservations,
      listEvents,
      recentEvents,
      putShot,
      saveDraft,
      deleteUnusedShots,
      getRecording,
      chunkSpan,
      deleteSession,
    },
    narrationModel,
    badge: showBadge,
    log: (message, detail) => console.warn(`[recorder] ${message}`, detail ?? ''),
  };
}
