/**
 * What crosses to and from the PDF build worker (lib/exporting/pdf-build-worker.ts): the SOP, its steps and
 * document, each step's encoded screenshot, the fonts and the diagram; back come progress, the file, or why it
 * failed. Both ends parse what they receive (a worker channel is a context boundary like any other): the shapes
 * with zod here, the SOP, steps and document with the same restore-on-read rules the database uses.
 */
import { z } from 'zod';

// Any Uint8Array (zod's instanceof narrows to an ArrayBuffer-backed one, which the builders do not promise).
const bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected a Uint8Array');

export const pdfBuildRequestSchema = z.object({
  sop: z.unknown(),
  steps: z.array(z.unknown()).max(20_000),
  doc: z.unknown(),
  images: z.array(z.tuple([z.string().max(200), bytes])).max(20_000),
  fonts: z.object({ regular: bytes, bold: bytes }),
  diagram: z.object({ source: z.string().max(2_000_000), png: bytes.optional(), error: z.string().max(2_000).optional() }).optional(),
});

export type PdfBuildRequest = z.infer<typeof pdfBuildRequestSchema>;

export const pdfBuildReplySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('progress'), done: z.number().int().nonnegative(), total: z.number().int().nonnegative() }),
  z.object({ kind: z.literal('done'), bytes }),
  z.object({ kind: z.literal('failed'), error: z.string().max(2_000) }),
]);

export type PdfBuildReply = z.infer<typeof pdfBuildReplySchema>;
