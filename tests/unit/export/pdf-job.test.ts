/** The PDF build worker's messages: what the page may send and what may come back; anything else is refused. */
import { describe, expect, it } from 'vitest';
import { pdfBuildReplySchema, pdfBuildRequestSchema } from '../../../lib/export/pdf-job';

const fonts = { regular: new Uint8Array([1]), bold: new Uint8Array([2]) };

describe('PDF build messages', () => {
  it('accepts a request with images as step id / bytes pairs and an optional diagram', () => {
    const ok = { sop: { id: 's' }, steps: [{ id: 'a' }], doc: {}, images: [['a', new Uint8Array([0xff, 0xd8, 0xff])]], fonts, diagram: { source: 'flowchart TD', png: new Uint8Array([1]) } };
    expect(pdfBuildRequestSchema.safeParse(ok).success).toBe(true);
    expect(pdfBuildRequestSchema.safeParse({ ...ok, diagram: undefined }).success).toBe(true);
  });

  it.each([
    ['images as base64 text', { images: [['a', 'AAAA']] }],
    ['fonts missing', { fonts: undefined }],
    ['a diagram PNG that is not bytes', { diagram: { source: 'x', png: [1, 2] } }],
    ['steps that are not a list', { steps: {} }],
  ])('refuses a request with %s', (_why, change) => {
    expect(pdfBuildRequestSchema.safeParse({ sop: {}, steps: [], doc: {}, images: [], fonts, ...change }).success).toBe(false);
  });

  it('accepts progress, the file or a failure, and nothing else', () => {
    expect(pdfBuildReplySchema.safeParse({ kind: 'progress', done: 3, total: 10 }).success).toBe(true);
    expect(pdfBuildReplySchema.safeParse({ kind: 'done', bytes: new Uint8Array([0x25]) }).success).toBe(true);
    expect(pdfBuildReplySchema.safeParse({ kind: 'failed', error: 'out of memory' }).success).toBe(true);
    expect(pdfBuildReplySchema.safeParse({ kind: 'done', bytes: 'JVBERi0=' }).success).toBe(false);
    expect(pdfBuildReplySchema.safeParse({ kind: 'progress', done: -1, total: 10 }).success).toBe(false);
    expect(pdfBuildReplySchema.safeParse({ kind: 'eval', code: '1' }).success).toBe(false);
  });
});
