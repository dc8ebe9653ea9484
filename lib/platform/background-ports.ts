/** The real browser and database behind the recorder's ports. */
import { addEvent, addObservation, chunkSpan, createRecording, deleteSession, deleteUnusedShots, finishRecording, getRecording, listEvents, listObservations, putShot, recentEvents, shotFacts } from '../db/recording-store';
import { saveDraft } from '../db/sop-store';
import type { RecorderPorts } from '../recording/ports';
import { showBadge } from './badge';
import { narrationModel } from './narration-settings';
import { offscreenMedia } from './offscreen';
import { frameLinks, getRecordingState, setRecordingState } from './session-storage';
import { broadcastToTab, captureVisible, frameRect, getTab, injectContentScript } from './tabs';
import { getPrivacySettings } from './privacy-settings';
import { renderShotFromBlob } from './shot-blur';
import { boxesAt, frameIds } from './shot-blur-frames';

export function createBackgroundPorts(): RecorderPorts {
  return {
    now: () => Date.now(),
    newId: () => crypto.randomUUID(),
    state: { get: getRecordingState, set: setRecordingState },
    frameLinks,
    tabs: { get: getTab, broadcast: broadcastToTab, frameRect, captureVisible, injectContentScript, frameIds, boxesAt },
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
      shotFacts,
      saveDraft,
      deleteUnusedShots,
      getRecording,
      chunkSpan,
      deleteSession,
    },
    narrationModel,
    badge: showBadge,
    privacy: { settings: getPrivacySettings, renderShot: renderShotFromBlob },
    log: (message, detail) => console.warn(`[recorder] ${message}`, detail ?? ''),
  };
}
