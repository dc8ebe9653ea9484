/**
 * The BroadcastChannels (one sender, any number of extension pages listening) with a zod schema each, like
 * every runtime message: a receiver sees a message only once it has the shape its type promises; anything
 * else is dropped and reported. Kept out of the content script (zod); these receivers are extension pages.
 */
import { z } from 'zod';
import type { SopId } from '../model';
import type { Validator } from './protocol';
import { VIDEO_EXPORT_CHANNEL, VIDEO_EXPORT_KINDS, type VideoJobStatus } from './video-job';

export interface ChannelSpec<T> {
  readonly name: string;
  readonly schema: Validator<T>;
}

/** A schema admitting anything `T` does not is a compile error here. */
const spec = <T>(name: string, schema: Validator<T>): ChannelSpec<T> => ({ name, schema });

/** The microphone's level while recording, 0..1 (offscreen document → the popup's meter). */
export type MicLevel = { readonly level: number };
export const MIC_LEVEL = spec<MicLevel>('sop-recorder:mic-level', z.object({ level: z.number().finite() }));

/** Whisper's state during a recording (offscreen document → the popup). */
export type NarrationProgress =
  | { readonly phase: 'loading'; readonly fraction: number | null }
  | { readonly phase: 'ready' }
  | { readonly phase: 'error'; readonly message: string };
export const NARRATION = spec<NarrationProgress>(
  'sop-recorder:narration',
  z.discriminatedUnion('phase', [
    z.object({ phase: z.literal('loading'), fraction: z.number().finite().nullable() }),
    z.object({ phase: z.literal('ready') }),
    z.object({ phase: z.literal('error'), message: z.string().max(2000) }),
  ]),
);

/** Every video export job's status (offscreen document → the page waiting for it). */
export const VIDEO_EXPORT = spec<VideoJobStatus>(
  VIDEO_EXPORT_CHANNEL,
  z.object({
    jobId: z.string().min(1).max(200),
    sopId: z.string().min(1).max(200).transform((s) => s as SopId),
    kind: z.enum(VIDEO_EXPORT_KINDS),
    stepId: z.string().max(200).optional(),
    state: z.enum(['running', 'done', 'failed', 'cancelled']),
    fraction: z.number().finite().optional(),
    note: z.string().max(2000),
    url: z.string().startsWith('blob:').max(2000).optional(),
    fileName: z.string().max(500).optional(),
    mimeType: z.string().max(200).optional(),
    bytes: z.number().int().min(0).optional(),
    error: z.string().max(2000).optional(),
  }),
);

/** The subset of BroadcastChannel a listener needs (tests pass their own). */
export interface ChannelPort {
  onmessage: ((e: MessageEvent) => void) | null;
  close(): void;
}

/**
 * Listens on `channel`: `onMessage` gets each valid message, `onReject` the reason for each other one.
 * Returns the function that stops listening.
 */
export function listenChannel<T>(
  channel: ChannelSpec<T>,
  onMessage: (message: T) => void,
  onReject: (reason: string) => void = (reason) => console.warn(`[${channel.name}] dropped message: ${reason}`),
  open: (name: string) => ChannelPort = (name) => new BroadcastChannel(name),
): () => void {
  const port = open(channel.name);
  port.onmessage = (e) => {
    const parsed = channel.schema.safeParse(e.data);
    if (parsed.success) onMessage(parsed.data);
    else onReject(parsed.error.message.slice(0, 500));
  };
  return () => port.close();
}
