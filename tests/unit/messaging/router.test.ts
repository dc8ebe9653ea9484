import { describe, expect, it, vi } from 'vitest';
import { createRouter, type Handlers } from '../../../lib/messaging/router';
import { envelope } from '../../../lib/messaging/protocol';
import { BACKGROUND_SPECS } from '../../../lib/messaging/background-specs';
import { CONTENT_SPECS } from '../../../lib/messaging/content-specs';

function contentRouter() {
  const rejections: string[] = [];
  const handlers: Handlers<'content'> = {
    'content.state': vi.fn(),
    'content.frameRect': vi.fn(() => null),
    'content.boxesAt': vi.fn(() => ({ known: false as const, reason: 'test', changedSince: false })),
    'content.guideFind': vi.fn(() => null),
    'content.guidePanel': vi.fn(),
    'content.guideClear': vi.fn(),
    'content.guideSnap': vi.fn(() => null),
    'content.driftFind': vi.fn(() => null),
    'content.driftAct': vi.fn(() => ({ ok: true })),
  };
  const router = createRouter(CONTENT_SPECS, handlers, (r) => rejections.push(r.reason));
  return { router, handlers, rejections };
}

const extension = { kind: 'extension' as const };
const tab = { kind: 'tab' as const, tabId: 1, frameId: 0 };

describe('router', () => {
  it('dispatches a valid message to its handler with the parsed payload', async () => {
    const { router, handlers } = contentRouter();
    await router.dispatch(envelope('content', 'content.state', { recording: true, paused: false }), extension);
    expect(handlers['content.state']).toHaveBeenCalledWith({ recording: true, paused: false }, extension);
  });

  it('leaves messages addressed to another receiver alone, without complaint', () => {
    const { router, rejections } = contentRouter();
    expect(router.dispatch({ to: 'offscreen', type: 'offscreen.ping', payload: {} }, extension)).toBeUndefined();
    expect(rejections).toEqual([]);
  });

  it.each([
    ['not an object', 'hello', undefined],
    ['unknown verb', { to: 'content', type: 'content.rm-rf', payload: {} }, 'unknown verb'],
    ['wrong sender', envelope('content', 'content.state', { recording: true, paused: false }), 'sender tab may not send'],
    ['bad payload', { to: 'content', type: 'content.state', payload: { recording: 'yes' } }, 'invalid payload'],
    ['prototype key as verb', { to: 'content', type: '__proto__', payload: {} }, 'unknown verb'],
  ])('drops %s and never throws', (_label, message, reason) => {
    const { router, handlers, rejections } = contentRouter();
    const sender = _label === 'wrong sender' ? tab : extension;
    expect(router.dispatch(message, sender)).toBeUndefined();
    expect(handlers['content.state']).not.toHaveBeenCalled();
    if (reason) expect(rejections[0]).toContain(reason);
  });

  it('rejects a capture action from a page that carries an oversized value', () => {
    const rejections: string[] = [];
    const router = createRouter(BACKGROUND_SPECS, {} as Handlers<'background'>, (r) => rejections.push(r.reason));
    const target = { tag: 'input', role: 'textbox', name: 'x', selectors: { css: 'input' }, shadowPath: [], framePath: [], box: { x: 0, y: 0, width: 1, height: 1 }, sensitive: false };
    const huge = {
      action: { kind: 'input', target, value: 'x'.repeat(20_000) },
      page: { url: 'http://a', title: 'a' },
      viewport: { width: 1, height: 1, devicePixelRatio: 1 },
      at: 1,
    };
    expect(router.dispatch({ to: 'background', type: 'capture.action', payload: huge }, tab)).toBeUndefined();
    expect(rejections[0]).toContain('invalid payload');
  });

  it('turns a throwing handler into a rejected promise, not a crash', async () => {
    const router = createRouter(CONTENT_SPECS, {
      'content.state': () => {
        throw new Error('boom');
      },
      'content.frameRect': () => null,
      'content.boxesAt': () => ({ known: false as const, reason: 'test', changedSince: false }),
      'content.guideFind': () => null,
      'content.guidePanel': () => {},
      'content.guideClear': () => {},
      'content.guideSnap': () => null,
      'content.driftFind': () => null,
      'content.driftAct': () => ({ ok: true }),
    });
    await expect(router.dispatch(envelope('content', 'content.state', { recording: false, paused: false }), extension)).rejects.toThrow('boom');
  });
});
