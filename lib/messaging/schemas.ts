/**
 * Runtime shapes of what crosses a context boundary. A page can make a content script send anything, so
 * every payload is parsed here before it is trusted; limits keep a hostile page from flooding storage.
 */
import { z } from 'zod';

const shortText = z.string().max(2_000);
const url = z.string().max(8_192);

export const boxSchema = z.object({
  x: z.number().finite(),
  y: z.number().finite(),
  width: z.number().finite().nonnegative(),
  height: z.number().finite().nonnegative(),
});

export const viewportSchema = z.object({
  width: z.number().finite().nonnegative(),
  height: z.number().finite().nonnegative(),
  devicePixelRatio: z.number().finite().positive(),
});

export const modifiersSchema = z.object({
  alt: z.boolean(),
  ctrl: z.boolean(),
  meta: z.boolean(),
  shift: z.boolean(),
});

export const pageSchema = z.object({ url, title: shortText });

export const selectorSetSchema = z.object({
  testId: shortText.optional(),
  id: shortText.optional(),
  role: z.object({ role: shortText, name: shortText }).optional(),
  css: shortText,
  text: shortText.optional(),
});

export const targetSchema = z.object({
  tag: z.string().max(100),
  type: z.string().max(100).optional(),
  role: z.string().max(100),
  name: shortText,
  label: shortText.optional(),
  nearLabel: shortText.optional(),
  text: shortText.optional(),
  placeholder: shortText.optional(),
  group: shortText.optional(),
  href: url.optional(),
  selectors: selectorSetSchema,
  shadowPath: z.array(shortText).max(50),
  framePath: z.array(shortText).max(50),
  box: boxSchema,
  sensitive: z.boolean(),
});

export const capturedActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('click'), target: targetSchema, button: z.number().int(), modifiers: modifiersSchema, count: z.number().int().min(2).max(20).optional() }),
  z.object({ kind: z.literal('input'), target: targetSchema, value: z.string().max(10_000).optional() }),
  z.object({
    kind: z.literal('change'),
    target: targetSchema,
    value: z.string().max(10_000).optional(),
    optionValue: z.string().max(10_000).optional(),
    checked: z.boolean().optional(),
  }),
  z.object({ kind: z.literal('submit'), target: targetSchema }),
  z.object({ kind: z.literal('key'), target: targetSchema, key: z.string().max(40), modifiers: modifiersSchema }),
  z.object({ kind: z.literal('file'), target: targetSchema, fileNames: z.array(z.string().max(500)).max(100) }),
]);

const id = z.string().min(1).max(100);

/** One of our branded ids (SessionId, SopId): the brand exists only for the compiler, so the check is a plain id's. */
export const brandedId = <T extends string>() => id.transform((s) => s as T);

export const shotRequestSchema = z.object({
  shotId: id,
  at: z.number().finite(),
});
