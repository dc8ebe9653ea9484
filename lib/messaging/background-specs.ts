/** What the background accepts, from whom, in what shape. Pages are hostile: limits are tight. */
import { z } from 'zod';
import { OBSERVATION_KINDS, type SessionId, type SopId } from '../model';
import type { ReceiverSpecs } from './protocol';
import { boxSchema, brandedId, capturedActionSchema, pageSchema, viewportSchema } from './schemas';

const empty = z.object({}).strict();
const id = z.string().min(1).max(100);
/** Regions to blur in a screenshot; a page reporting more gets the first ones (see blur-geometry). */
const blur = z.array(boxSchema).max(500).optional();

const finite = z.number().finite();
/** A frame's recent states (lib/privacy/screen-states.ts), sent with a shot request. Past its own box limit a
 * page's boxes are replaced by its whole viewport downstream, so the limit here is generous, not a cut. */
const stateHistory = z.object({
  trimmed: z.boolean(),
  takenAt: finite.optional(),
  states: z
    .array(
      z.object({
        changedAt: finite,
        paintedAt: finite.optional(),
        measured: z
          .object({
            boxes: z.array(boxSchema).max(2_000),
            view: z.object({
              width: finite.positive(),
              height: finite.positive(),
              devicePixelRatio: finite.positive(),
              visual: z.object({ x: finite, y: finite, scale: finite.positive() }).optional(),
            }),
            frames: z.array(z.object({ token: z.string().min(1).max(100), box: boxSchema })).max(500).optional(),
          })
          .optional(),
      }),
    )
    .max(64),
});

export const BACKGROUND_SPECS = {
  receiver: 'background',
  verbs: {
    'capture.hello': {
      from: ['tab'],
      schema: z.object({ isTop: z.boolean(), frameToken: id.optional(), page: pageSchema, at: z.number().finite().optional() }),
    },
    'capture.action': {
      from: ['tab'],
      schema: z.object({
        action: capturedActionSchema,
        page: pageSchema,
        viewport: viewportSchema,
        at: z.number().finite(),
        shotId: id.optional(),
        blur,
      }),
    },
    'capture.shot': { from: ['tab'], schema: z.object({ shotId: id, at: z.number().finite(), blur, states: stateHistory.optional() }) },
    'capture.sensitiveFocus': { from: ['tab'], schema: z.object({ focused: z.boolean(), at: z.number().finite().optional() }) },
    'capture.observation': {
      from: ['tab'],
      schema: z.object({ kind: z.enum(OBSERVATION_KINDS), text: z.string().min(1).max(300), at: z.number().finite() }),
    },
    'capture.frameLink': {
      from: ['tab'],
      schema: z.object({ token: id, selector: z.string().max(2_000), index: z.number().int().nonnegative().max(10_000).optional() }),
    },
    'recording.start': { from: ['extension'], schema: z.object({ tabId: z.number().int().nonnegative() }) },
    'recording.pause': { from: ['extension'], schema: empty },
    'recording.resume': { from: ['extension'], schema: empty },
    'recording.stop': { from: ['extension'], schema: empty },
    'recording.getState': { from: ['extension'], schema: empty },
    'recording.recover': { from: ['extension'], schema: z.object({ sessionId: brandedId<SessionId>() }).strict() },
    'recording.discard': { from: ['extension'], schema: z.object({ sessionId: brandedId<SessionId>() }).strict() },
    'offscreen.status': {
      from: ['extension'],
      schema: z.object({
        streaming: z.boolean(),
        error: z.string().max(2_000).optional(),
        narration: z.object({ on: z.boolean(), note: z.string().max(500).optional() }).optional(),
        storageFull: z.boolean().optional(),
      }),
    },
    'offscreen.exportsPrepared': { from: ['extension'], schema: z.object({}).strict() },
    'video.download': {
      from: ['extension'],
      schema: z
        .object({ url: z.string().startsWith('blob:chrome-extension://').max(200), fileName: z.string().min(1).max(200) })
        .strict(),
    },
    'guide.start': {
      from: ['extension'],
      schema: z
        .object({
          sopId: brandedId<SopId>(),
          values: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/).max(100), z.string().max(2_000)).refine((r) => Object.keys(r).length <= 100, 'too many values'),
          tabId: z.number().int().nonnegative().optional(),
        })
        .strict(),
    },
    // The panel lives in the page (a tab sends it); extension pages may stop a run too.
    'guide.control': {
      from: ['tab', 'extension'],
      schema: z.object({ runId: id, step: z.number().int().nonnegative().max(100_000), action: z.enum(['back', 'skip', 'done', 'stop']) }).strict(),
    },
    'guide.acted': { from: ['tab'], schema: z.object({ runId: id, step: z.number().int().nonnegative().max(100_000) }).strict() },
    // Only the extension's pages start a check (it clicks and types in a window of its own).
    'drift.check': {
      from: ['extension'],
      schema: z
        .object({
          sopId: brandedId<SopId>(),
          values: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/).max(100), z.string().max(2_000)).refine((r) => Object.keys(r).length <= 100, 'too many values'),
          confirmed: z.boolean(),
        })
        .strict(),
    },
  },
} satisfies ReceiverSpecs<'background'>;
