import { describe, expect, it } from 'vitest';
import { encodingFor, pdfEncoding } from '../../../lib/export/image-format';
import { renderReplySchema, renderRequest, renderRequestSchema } from '../../../lib/export/render-job';

const blob = new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' });
const shot = { blob, viewport: { width: 1440, height: 900 }, content: { x: 0, y: 10, width: 1440, height: 880 } };
const edits = { highlight: { box: { x: 10, y: 20, width: 30, height: 40 }, viewport: { width: 1440, height: 900 } }, blurBoxes: [{ x: 1, y: 2, width: 3, height: 4 }] };

describe('render worker requests', () => {
  it('carries only what the renderer draws, and passes the worker’s check', () => {
    const step = { ...edits, text: 'Type the token', narration: 'secret words', id: 'step-1' };
    const req = renderRequest(7, { ...shot, id: 'shot-1', width: 1440, height: 900 } as never, step as never, pdfEncoding('jpeg'));
    expect(Object.keys(req.shot).sort()).toEqual(['blob', 'content', 'viewport']);
    expect(Object.keys(req.edits).sort()).toEqual(['blurBoxes', 'highlight']);
    expect(JSON.stringify(req)).not.toContain('secret words');
    expect(renderRequestSchema.safeParse(req).success).toBe(true);
  });

  it('accepts the uncapped lossless encoding (Infinity survives structured clone)', () => {
    expect(renderRequestSchema.safeParse(renderRequest(1, shot, {}, { format: 'png', maxSide: Number.POSITIVE_INFINITY })).success).toBe(true);
  });

  it.each([
    ['no image', { id: 1, shot: { viewport: shot.viewport }, edits: {}, encoding: encodingFor('jpeg') }],
    ['bytes instead of a Blob', { id: 1, shot: { blob: new Uint8Array(3) }, edits: {}, encoding: encodingFor('jpeg') }],
    ['a blur box that is not a number', { id: 1, shot: { blob }, edits: { blurBoxes: [{ x: Number.NaN, y: 0, width: 1, height: 1 }] }, encoding: encodingFor('jpeg') }],
    ['an unknown format', { id: 1, shot: { blob }, edits: {}, encoding: { format: 'gif', maxSide: 10 } }],
    ['a quality above 1', { id: 1, shot: { blob }, edits: {}, encoding: { format: 'jpeg', quality: 90, maxSide: 10 } }],
    ['a negative id', { id: -1, shot: { blob }, edits: {}, encoding: encodingFor('jpeg') }],
  ])('refuses %s', (_, msg) => {
    expect(renderRequestSchema.safeParse(msg).success).toBe(false);
  });

  it('checks replies: bytes as a Uint8Array, or an error text', () => {
    expect(renderReplySchema.safeParse({ id: 1, ok: true, bytes: new Uint8Array(2) }).success).toBe(true);
    expect(renderReplySchema.safeParse({ id: 1, ok: false, error: 'decode failed' }).success).toBe(true);
    expect(renderReplySchema.safeParse({ id: 1, ok: true, bytes: [1, 2] }).success).toBe(false);
    expect(renderReplySchema.safeParse({ id: 1, ok: false }).success).toBe(false);
  });
});
