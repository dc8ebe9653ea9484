/**
 * Lets a parent frame tell the background which <iframe> element holds which child frame. A child's content
 * script cannot see its own <iframe> element across origins, but the parent can match `event.source`
 * against its iframes' contentWindow, which works across origins. The page sees these messages too, so
 * nothing secret travels in them: the token only pairs a frame's hello with its iframe.
 */
import type { Box, ViewportInfo } from '../model';
import { cssPath } from './css-path';

const TAG = '__sopRecorder';
const TOKEN = /^[A-Za-z0-9-]{8,100}$/;
/** A hostile page could announce endless tokens; a real page has far fewer frames. */
const MAX_FRAMES = 500;

export type FrameMessage = { readonly kind: 'announce'; readonly token: string } | { readonly kind: 'query' };

export function parseFrameMessage(data: unknown): FrameMessage | null {
  if (typeof data !== 'object' || data === null) return null;
  const m = data as Record<string, unknown>;
  if (m[TAG] === 'frame-query') return { kind: 'query' };
  if (m[TAG] === 'frame-announce' && typeof m.token === 'string' && TOKEN.test(m.token)) return { kind: 'announce', token: m.token };
  return null;
}

/** Tells the parent frame "the frame you are about to find by event.source is `token`". */
export function announceFrame(win: Window, token: string): void {
  win.parent.postMessage({ [TAG]: 'frame-announce', token }, '*');
}

/** Asks child frames that were already running when this script started to announce themselves again. */
export function queryChildFrames(win: Window): void {
  for (let i = 0; i < win.frames.length; i++) win.frames[i]?.postMessage({ [TAG]: 'frame-query' }, '*');
}

type FrameElement = HTMLIFrameElement | HTMLFrameElement;

/** The iframe (or frame) element whose window is `source`, looking into open shadow roots too. */
export function findFrameElement(root: Document | ShadowRoot, source: unknown): FrameElement | null {
  for (const el of Array.from(root.querySelectorAll<FrameElement>('iframe, frame'))) {
    if (el.contentWindow === source) return el;
  }
  for (const el of Array.from(root.querySelectorAll('*'))) {
    const found = el.shadowRoot ? findFrameElement(el.shadowRoot, source) : null;
    if (found) return found;
  }
  return null;
}

/**
 * The index of `el`'s frame in `win.frames`: what Puppeteer's `childFrames()[i]` and the DevTools Recorder's
 * `frame: [i]` count, as both follow Chrome's frame tree (frame-creation order, which `window.frames` also
 * follows; it can differ from document order when an iframe is inserted before an older one). Comparing
 * WindowProxies works across origins. undefined when the frame is not one of `win`'s children.
 */
export function frameIndex(win: Window, el: FrameElement): number | undefined {
  const child = el.contentWindow;
  if (!child) return undefined;
  for (let i = 0; i < win.frames.length; i++) if (win.frames[i] === child) return i;
  return undefined;
}

/** The frame's content box (inside border and padding) in this frame's viewport. */
export function frameContentBox(el: Element): Box {
  const r = el.getBoundingClientRect();
  const style = el.ownerDocument.defaultView?.getComputedStyle(el);
  const padLeft = parseFloat(style?.paddingLeft ?? '') || 0;
  const padTop = parseFloat(style?.paddingTop ?? '') || 0;
  const padRight = parseFloat(style?.paddingRight ?? '') || 0;
  const padBottom = parseFloat(style?.paddingBottom ?? '') || 0;
  return {
    x: r.x + el.clientLeft + padLeft,
    y: r.y + el.clientTop + padTop,
    width: Math.max(0, el.clientWidth - padLeft - padRight),
    height: Math.max(0, el.clientHeight - padTop - padBottom),
  };
}

/** Cheap guard before searching the DOM: only our direct child frames can be in it. `parent` is one of the
 * few properties readable on a cross-origin window. */
function isChildWindow(win: Window, source: unknown): boolean {
  return !!source && source !== win && (source as Window).parent === win;
}

/** `index`: the frame's place in the parent's `window.frames`, when found (see frameIndex). */
export interface FrameLinkInfo {
  token: string;
  selector: string;
  index?: number;
}

export interface FrameRegistry {
  /** Handles one window 'message' event; returns the link when it was an announce from one of our frames. */
  receive(event: MessageEvent): FrameLinkInfo | null;
  links(): FrameLinkInfo[];
  /** Where the frame is now, and its index now: frames added or removed since the handshake shift it. */
  frameRect(token: string): { box: Box; viewport: ViewportInfo; index?: number } | null;
  /**
   * The boxes of visible frames in this document whose content script never announced itself (a sandboxed
   * or extension frame, a script not injected yet): nothing tells what they show, so screenshots blur them.
   */
  silentFrames(): Box[];
  /** Where each announced child frame's viewport lies now (its content box), by token. */
  places(): { token: string; box: Box }[];
}

export function createFrameRegistry(win: Window, onQuery: () => void): FrameRegistry {
  const frames = new Map<string, WeakRef<FrameElement>>();
  const iframes = win.document.getElementsByTagName('iframe');
  const frameSets = win.document.getElementsByTagName('frame');

  function live(token: string): FrameElement | null {
    const el = frames.get(token)?.deref();
    return el && el.isConnected ? el : null;
  }

  function linkOf(token: string, el: FrameElement): FrameLinkInfo {
    const index = frameIndex(win, el);
    return index === undefined ? { token, selector: cssPath(el) } : { token, selector: cssPath(el), index };
  }

  function prune(): void {
    for (const token of [...frames.keys()]) if (!live(token)) frames.delete(token);
  }

  return {
    receive(event) {
      const msg = parseFrameMessage(event.data);
      if (!msg) return null;
      if (msg.kind === 'query') {
        if (event.source === win.parent && win.parent !== win) onQuery();
        return null;
      }
      if (frames.has(msg.token) || !isChildWindow(win, event.source)) return null;
      if (frames.size >= MAX_FRAMES) prune();
      if (frames.size >= MAX_FRAMES) return null;
      const el = findFrameElement(win.document, event.source);
      if (!el) return null;
      frames.set(msg.token, new WeakRef(el));
      return linkOf(msg.token, el);
    },
    links() {
      return [...frames.keys()].flatMap((token) => {
        const el = live(token);
        return el ? [linkOf(token, el)] : [];
      });
    },
    places() {
      return [...frames.keys()].flatMap((token) => {
        const el = live(token);
        return el ? [{ token, box: frameContentBox(el) }] : [];
      });
    },

    silentFrames() {
      const known = new Set<Element>();
      for (const token of frames.keys()) {
        const el = live(token);
        if (el) known.add(el);
      }
      const out: Box[] = [];
      // Live collections: the document keeps them between mutations, where querySelectorAll walks it each time.
      for (const el of [...Array.from(iframes), ...Array.from(frameSets)]) {
        if (known.has(el)) continue;
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < win.innerWidth && r.top < win.innerHeight) {
          out.push({ x: r.x, y: r.y, width: r.width, height: r.height });
        }
      }
      return out;
    },

    frameRect(token) {
      const el = live(token);
      if (!el) return null;
      const index = frameIndex(win, el);
      const viewport = { width: win.innerWidth, height: win.innerHeight, devicePixelRatio: win.devicePixelRatio || 1 };
      return { box: frameContentBox(el), viewport, ...(index === undefined ? {} : { index }) };
    },
  };
}
