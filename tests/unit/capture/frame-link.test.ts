// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { announceFrame, createFrameRegistry, frameIndex, parseFrameMessage } from '../../../lib/capture/frame-link';

/** jsdom's own window. Vitest's global `window` is a stand-in for it, but frames report the real one as
 * their parent, as a browser would. */
const win = (globalThis as unknown as { jsdom: { window: Window } }).jsdom.window;

afterEach(() => {
  document.body.innerHTML = '';
});

function messageFrom(source: Window | null, data: unknown): MessageEvent {
  return new MessageEvent('message', { data, source });
}

/** MessageEvent only accepts real windows as source; the registry reads no more than `source`/`data`. */
function messageFromStub(source: Window, data: unknown): MessageEvent {
  return { source, data } as MessageEvent;
}

describe('parseFrameMessage', () => {
  it.each([
    [{ __sopRecorder: 'frame-announce', token: 'abcdef0123456789' }, { kind: 'announce', token: 'abcdef0123456789' }],
    [{ __sopRecorder: 'frame-query' }, { kind: 'query' }],
    [{ __sopRecorder: 'frame-announce', token: 'short' }, null],
    [{ __sopRecorder: 'frame-announce', token: '<img src=x>' }, null],
    [{ __sopRecorder: 'frame-announce', token: 42 }, null],
    ['frame-announce', null],
    [null, null],
    [{ type: 'webpackOk' }, null],
  ])('%j → %j', (data, expected) => {
    expect(parseFrameMessage(data)).toEqual(expected);
  });
});

describe('frame registry', () => {
  it('links an announced token to the iframe whose window sent it', () => {
    document.body.innerHTML = '<iframe title="ads"></iframe><div><iframe id="editor" title="editor"></iframe></div>';
    const registry = createFrameRegistry(win, () => {});
    const editor = document.getElementById('editor') as HTMLIFrameElement;

    const link = registry.receive(messageFrom(editor.contentWindow, { __sopRecorder: 'frame-announce', token: 'tok-0123456789' }));
    // The second child frame of the document: window.frames[1].
    expect(link).toEqual({ token: 'tok-0123456789', selector: '#editor', index: 1 });
    expect(registry.links()).toEqual([link]);
    expect(registry.frameRect('tok-0123456789')).toEqual({
      box: { x: 0, y: 0, width: 0, height: 0 },
      viewport: { width: win.innerWidth, height: win.innerHeight, devicePixelRatio: 1 },
      index: 1,
    });
  });

  it('finds iframes inside open shadow roots', () => {
    document.body.innerHTML = '<x-widget></x-widget>';
    const root = document.querySelector('x-widget')!.attachShadow({ mode: 'open' });
    root.innerHTML = '<iframe></iframe>';
    const frame = root.querySelector('iframe')!;
    // jsdom gives iframes in shadow trees no window; a stand-in with the one property the check reads.
    const child = { parent: win } as Window;
    Object.defineProperty(frame, 'contentWindow', { value: child });
    const registry = createFrameRegistry(win, () => {});
    expect(registry.receive(new MessageEvent('message', { data: { __sopRecorder: 'frame-announce', token: 'tok-shadowroot' }, source: null }))).toBeNull();
    expect(registry.receive(messageFromStub(child, { __sopRecorder: 'frame-announce', token: 'tok-shadowroot' }))).toEqual({
      token: 'tok-shadowroot',
      selector: 'iframe',
    });
  });

  it('ignores announces from windows that are not its child frames, and repeated tokens', () => {
    document.body.innerHTML = '<iframe id="a"></iframe><iframe id="b"></iframe>';
    const registry = createFrameRegistry(win, () => {});
    const [a, b] = Array.from(document.querySelectorAll('iframe'));
    expect(registry.receive(messageFrom(win, { __sopRecorder: 'frame-announce', token: 'tok-0123456789' }))).toBeNull();
    expect(registry.receive(messageFrom(a!.contentWindow, { __sopRecorder: 'frame-announce', token: 'tok-0123456789' }))).not.toBeNull();
    expect(registry.receive(messageFrom(b!.contentWindow, { __sopRecorder: 'frame-announce', token: 'tok-0123456789' }))).toBeNull();
    expect(registry.links()).toEqual([{ token: 'tok-0123456789', selector: '#a', index: 0 }]);
  });

  it("gives each frame its index in the parent's window.frames, and the current one after frames are removed", () => {
    document.body.innerHTML = '<iframe id="a"></iframe><object></object><section><iframe id="b"></iframe></section><iframe id="c"></iframe>';
    const registry = createFrameRegistry(win, () => {});
    const [a, b, c] = ['a', 'b', 'c'].map((id) => document.getElementById(id) as HTMLIFrameElement);
    registry.receive(messageFrom(c!.contentWindow, { __sopRecorder: 'frame-announce', token: 'tok-c-0123456' }));
    registry.receive(messageFrom(b!.contentWindow, { __sopRecorder: 'frame-announce', token: 'tok-b-0123456' }));
    // The handshake's order is not the frames' order: each index is the frame's own place in window.frames.
    expect(registry.links().map((l) => [l.selector, l.index])).toEqual([
      ['#c', 2],
      ['#b', 1],
    ]);
    a!.remove();
    expect(registry.frameRect('tok-c-0123456')?.index).toBe(1);
    expect(registry.frameRect('tok-b-0123456')?.index).toBe(0);
  });

  it('leaves the index out when the frame is not among the window.frames', () => {
    document.body.innerHTML = '<iframe id="a"></iframe>';
    const a = document.getElementById('a') as HTMLIFrameElement;
    expect(frameIndex(win, a)).toBe(0);
    const detachedLike = { contentWindow: { parent: win } } as unknown as HTMLIFrameElement;
    expect(frameIndex(win, detachedLike)).toBeUndefined();
    expect(frameIndex(win, { contentWindow: null } as unknown as HTMLIFrameElement)).toBeUndefined();
  });

  it('returns null for unknown tokens and removed frames', () => {
    document.body.innerHTML = '<iframe></iframe>';
    const registry = createFrameRegistry(win, () => {});
    const frame = document.querySelector('iframe')!;
    registry.receive(messageFrom(frame.contentWindow, { __sopRecorder: 'frame-announce', token: 'tok-0123456789' }));
    expect(registry.frameRect('nope-nope-nope')).toBeNull();
    frame.remove();
    expect(registry.frameRect('tok-0123456789')).toBeNull();
    expect(registry.links()).toEqual([]);
  });

  it('answers a query only when it comes from its parent', () => {
    document.body.innerHTML = '<iframe></iframe>';
    const child = document.querySelector('iframe')!.contentWindow!;
    const onQuery = vi.fn();
    const registry = createFrameRegistry(child, onQuery);
    registry.receive(messageFrom(child, { __sopRecorder: 'frame-query' }));
    expect(onQuery).not.toHaveBeenCalled();
    registry.receive(messageFrom(win, { __sopRecorder: 'frame-query' }));
    expect(onQuery).toHaveBeenCalledOnce();
  });

  it('announces to the parent window', () => {
    document.body.innerHTML = '<iframe></iframe>';
    const child = document.querySelector('iframe')!.contentWindow!;
    const post = vi.spyOn(win, 'postMessage').mockImplementation(() => {});
    announceFrame(child, 'tok-0123456789');
    expect(post).toHaveBeenCalledWith({ __sopRecorder: 'frame-announce', token: 'tok-0123456789' }, '*');
    post.mockRestore();
  });
});
