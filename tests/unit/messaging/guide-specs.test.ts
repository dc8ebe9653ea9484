/** Guide me's verbs at the receiving edges: who may send them and what shape they must have. */
import { describe, expect, it, vi } from 'vitest';
import { BACKGROUND_SPECS } from '../../../lib/messaging/background-specs';
import { CONTENT_SPECS } from '../../../lib/messaging/content-specs';
import { createRouter, type Handlers, type SenderInfo } from '../../../lib/messaging/router';

const tab: SenderInfo = { kind: 'tab', tabId: 4, frameId: 0 };
const extension: SenderInfo = { kind: 'extension' };

function background() {
  const rejections: string[] = [];
  const handlers = { 'guide.start': vi.fn(() => ({ runId: 'r' })), 'guide.control': vi.fn(), 'guide.acted': vi.fn() } as unknown as Handlers<'background'>;
  return { router: createRouter(BACKGROUND_SPECS, handlers, (r) => rejections.push(r.reason)), rejections, handlers };
}

describe('background: guide verbs', () => {
  it.each([
    ['start from a page', 'guide.start', { sopId: 's1', values: {} }, tab, 'sender tab may not send'],
    ['start with a value named like a prototype key', 'guide.start', { sopId: 's1', values: { __proto__x: 'a' } }, extension, 'invalid payload'],
    ['control with an unknown action', 'guide.control', { runId: 'r', step: 0, action: 'click-for-me' }, tab, 'invalid payload'],
    ['acted from an extension page', 'guide.acted', { runId: 'r', step: 0 }, extension, 'sender extension may not send'],
    ['acted with a negative step', 'guide.acted', { runId: 'r', step: -1 }, tab, 'invalid payload'],
  ])('refuses %s', (_t, type, payload, sender, reason) => {
    const { router, rejections } = background();
    expect(router.dispatch({ to: 'background', type, payload }, sender)).toBeUndefined();
    expect(rejections[0]).toContain(reason);
  });

  it.each([
    ['start', 'guide.start', { sopId: 's1', values: { host: 'staging.acme.test' } }, extension],
    ['control from the panel', 'guide.control', { runId: 'r', step: 2, action: 'skip' }, tab],
    ['stop from an extension page', 'guide.control', { runId: 'r', step: 0, action: 'stop' }, extension],
    ['acted', 'guide.acted', { runId: 'r', step: 3 }, tab],
  ])('accepts %s', async (_t, type, payload, sender) => {
    const { router, rejections } = background();
    await router.dispatch({ to: 'background', type, payload }, sender);
    expect(rejections).toEqual([]);
  });
});

describe('content: guide verbs', () => {
  const handlers = {
    'content.state': vi.fn(),
    'content.frameRect': vi.fn(() => null),
    'content.boxesAt': vi.fn(() => ({ known: false as const, reason: '', changedSince: false })),
    'content.guideFind': vi.fn(() => null),
    'content.guidePanel': vi.fn(),
    'content.guideClear': vi.fn(),
    'content.guideSnap': vi.fn(() => null),
    'content.driftFind': vi.fn(() => null),
    'content.driftAct': vi.fn(() => ({ ok: true })),
  };
  const target = { tag: 'button', role: 'button', name: 'Deploy', selectors: { css: 'button' }, shadowPath: [], framePath: [], box: { x: 0, y: 0, width: 1, height: 1 }, sensitive: false };

  it.each([
    ['a find from a page', { runId: 'r', step: 0, target, expect: { kind: 'click' }, timeoutMs: 10 }, tab, 'sender tab may not send'],
    ['a find without selectors', { runId: 'r', step: 0, target: { ...target, selectors: {} }, expect: { kind: 'click' }, timeoutMs: 10 }, extension, 'invalid payload'],
    ['a find without what completes it', { runId: 'r', step: 0, target, timeoutMs: 10 }, extension, 'invalid payload'],
  ])('refuses %s', (_t, payload, sender, reason) => {
    const rejections: string[] = [];
    const router = createRouter(CONTENT_SPECS, handlers, (r) => rejections.push(r.reason));
    expect(router.dispatch({ to: 'content', type: 'content.guideFind', payload }, sender)).toBeUndefined();
    expect(rejections[0]).toContain(reason);
  });

  it('accepts a well-formed find from the extension', async () => {
    const router = createRouter(CONTENT_SPECS, handlers);
    await router.dispatch({ to: 'content', type: 'content.guideFind', payload: { runId: 'r', step: 0, target, expect: { kind: 'click' }, timeoutMs: 10 } }, extension);
    expect(handlers['content.guideFind']).toHaveBeenCalled();
  });
});
