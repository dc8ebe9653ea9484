/**
 * Forwarding module, to be deleted: the code moved to lib/media/audio-mix.ts (the offscreen media runtime), but
 * lib/platform/tab-recorder.ts, which others are changing right now, still imports this path. Point its
 * import at ../media/audio-mix and delete this file.
 */
export * from '../media/audio-mix';
