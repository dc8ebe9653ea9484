/** What the offscreen document accepts: only the extension itself talks to it. */
import { z } from 'zod';
import { VIDEO_EXPORT_KINDS } from './video-job';
import { boxSchema, brandedId } from './schemas';
import type { SessionId, SopId } from '../model';
import type { ReceiverSpecs } from './protocol';

const empty = z.object({}).strict();
const id = z.string().min(1).max(100);

export const OFFSCREEN_SPECS = {
  receiver: 'offscreen',
  verbs: {
    'offscreen.start': {
      from: ['extension'],
      schema: z.object({
        sessionId: brandedId<SessionId>(),
        streamId: z.string().min(1).max(1_000),
        width: z.number().int().positive(),
        height: z.number().int().positive(),
        narration: z
          .object({
            modelId: z.string().min(1).max(200),
            revision: z.string().min(1).max(100),
            dtype: z.enum(['q8', 'fp32', 'fp16', 'q4']),
            multilingual: z.boolean(),
            language: z.string().max(10).optional(),
            remoteHost: z.string().url().max(500).optional(),
            approxDownloadMB: z.number().nonnegative().optional(),
            localFolder: z.boolean().optional(),
            useGpu: z.boolean().optional(),
            numThreads: z.number().int().min(1).max(8).optional(),
          })
          .optional(),
      }),
    },
    'offscreen.pause': { from: ['extension'], schema: empty },
    'offscreen.resume': { from: ['extension'], schema: empty },
    'offscreen.stop': { from: ['extension'], schema: empty },
    'offscreen.pickFrame': {
      from: ['extension'],
      schema: z.object({ shotId: id, sessionId: brandedId<SessionId>(), before: z.number().finite(), newest: z.boolean().optional(), after: z.number().finite().optional() }).strict(),
    },
    'offscreen.keepFrame': {
      from: ['extension'],
      schema: z
        .object({
          shotId: id,
          sessionId: brandedId<SessionId>(),
          at: z.number().finite(),
          t: z.number().finite(),
          view: z.object({
            viewport: z.object({ width: z.number().finite().positive(), height: z.number().finite().positive() }),
            visual: z.object({ x: z.number().finite(), y: z.number().finite(), scale: z.number().finite().positive() }).optional(),
          }),
          // Past the geometry's own limit it blurs the whole page: accept what a page may report.
          blur: z.array(boxSchema).max(5_000),
          phase: z.enum(['before', 'after']),
          withhold: z.string().max(500).optional(),
        })
        .strict(),
    },
    'offscreen.ping': { from: ['extension'], schema: empty },
    'offscreen.prepareExports': { from: ['extension'], schema: z.object({ sopId: brandedId<SopId>(), format: z.enum(['jpeg', 'webp', 'png']) }).strict() },
    'offscreen.videoExport': { from: ['extension'], schema: z.object({ sopId: brandedId<SopId>(), kind: z.enum(VIDEO_EXPORT_KINDS), stepId: id.optional() }).strict() },
    'offscreen.videoStatus': { from: ['extension'], schema: z.object({ jobId: id }).strict() },
    'offscreen.videoCancel': { from: ['extension'], schema: z.object({ jobId: id }).strict() },
    'offscreen.videoClaim': { from: ['extension'], schema: z.object({ jobId: id }).strict() },
    'offscreen.videoCollected': { from: ['extension'], schema: z.object({ jobId: id }).strict() },
    'offscreen.teamRetry': { from: ['extension'], schema: z.object({ settings: z.unknown(), token: z.string().min(1).max(2_000) }).strict() },
  },
} satisfies ReceiverSpecs<'offscreen'>;
