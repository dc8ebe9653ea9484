/**
 * Forwarding module, to be deleted: the code moved to lib/media/transcription-tap.ts (the offscreen media runtime), but
 * lib/platform/tab-recorder.ts, which others are changing right now, still imports this path. Point its
 * import at ../media/transcription-tap and delete this file.
 */
export * from '../media/transcription-tap';
