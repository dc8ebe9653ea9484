/**
 * What crosses to and from an export render worker (lib/exporting/render-pool.ts →
 * lib/exporting/shot-render-worker.ts): one step's stored screenshot with the edits drawn into it and the
 * encoding asked for, and the encoded bytes or the reason it failed. Both ends parse what they receive: a
 * worker channel is a context boundary like any other.
 */
import { z } from 'zod';
import { EXPORT_IMAGE_FORMATS, type ImageEncoding } from './image-format';
import type { Shot, Step } from '../model';

const num = z.number().finite();
const box = z.object({ x: num, y: num, width: num.nonnegative(), height: num.nonnegative() });
const size = z.object({ width: num.nonnegative(), height: num.nonnegative() });

/** The parts of a shot the renderer reads: the image and its frame of reference. */
export type RenderShot = Pick<Shot, 'blob' | 'viewport' | 'content' | 'visual'>;
/** The parts of a step drawn into its screenshot. */
export type RenderEdits = Pick<Step, 'highlight' | 'blurBoxes' | 'crop'>;

export interface RenderRequest {
  readonly id: number;
  readonly shot: RenderShot;
  readonly edits: RenderEdits;
  readonly encoding: ImageEncoding;
  /** Further encodings of the same drawing (preparing the PDF's and the HTML's copies at once). */
  readonly alsoEncodings?: readonly ImageEncoding[];
}

export type RenderReply =
  | { readonly id: number; readonly ok: true; readonly bytes: Uint8Array; readonly alsoBytes?: readonly Uint8Array[] }
  | { readonly id: number; readonly ok: false; readonly error: string };

const encodingSchema = z.object({
  format: z.enum(EXPORT_IMAGE_FORMATS as [ImageEncoding['format'], ...ImageEncoding['format'][]]),
  quality: z.number().min(0).max(1).optional(),
  // Infinity is "no cap" (lossless, full size): it survives structured clone, and zod's number() refuses it.
  maxSide: z.union([z.number().positive(), z.custom<number>((v) => v === Number.POSITIVE_INFINITY)]),
});

export const renderRequestSchema = z.object({
  id: z.number().int().nonnegative(),
  shot: z.object({
    blob: z.instanceof(Blob),
    viewport: size.optional(),
    content: box.optional(),
    visual: z.object({ x: num, y: num, scale: num.positive() }).optional(),
  }),
  edits: z.object({
    highlight: z.object({ box, viewport: size }).optional(),
    blurBoxes: z.array(box).max(1_000).optional(),
    crop: box.optional(),
  }),
  encoding: encodingSchema,
  alsoEncodings: z.array(encodingSchema).max(3).optional(),
});

export const renderReplySchema = z.union([
  z.object({ id: z.number().int().nonnegative(), ok: z.literal(true), bytes: z.instanceof(Uint8Array), alsoBytes: z.array(z.instanceof(Uint8Array)).max(3).optional() }),
  z.object({ id: z.number().int().nonnegative(), ok: z.literal(false), error: z.string().max(2_000) }),
]);

/** Only what the renderer needs, so a request never carries a step's text or a shot's other fields. */
export function renderRequest(id: number, shot: RenderShot, edits: RenderEdits, encoding: ImageEncoding, alsoEncodings: readonly ImageEncoding[] = []): RenderRequest {
  const pick = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  return {
    id,
    shot: pick({ blob: shot.blob, viewport: shot.viewport, content: shot.content, visual: shot.visual }),
    edits: pick({ highlight: edits.highlight, blurBoxes: edits.blurBoxes, crop: edits.crop }),
    encoding,
    ...(alsoEncodings.length > 0 ? { alsoEncodings } : {}),
  };
}
