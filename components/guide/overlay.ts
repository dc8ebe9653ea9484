/**
 * Guide me's in-page UI: the highlight (drawn in the frame that owns the element) and the panel (top frame).
 * Plain DOM, no framework: it runs in the content script of every page. Each lives in a host element of our
 * own with a shadow root, so the page's CSS cannot reach in and ours cannot leak out; the page's own elements
 * and attributes are never touched. The hosts are `popover="manual"` and shown with showPopover(), which puts
 * them in the top layer, above the page's modal dialogs and popovers (re-shown when the page opens one later);
 * while a modal dialog is open the panel's host sits inside it (else it would be inert).
 * The shadow roots are open so assistive technology and test tools reach the panel like any page UI; the
 * buttons act only on trusted events, so a page script cannot press them.
 */
import type { Box } from '../../lib/model';
import type { GuidePanelView } from '../../lib/messaging/protocol';

const HOST_STYLE =
  'all: initial !important; position: fixed !important; inset: 0 !important; width: 100vw !important; height: 100vh !important; ' +
  'margin: 0 !important; padding: 0 !important; border: 0 !important; background: transparent !important; overflow: visible !important; ' +
  'pointer-events: none !important; z-index: 2147483647 !important; display: block !important;';

/** Elements in the page's top layer now (modal dialogs, open popovers, fullscreen), not ours. */
function topLayerOf(doc: Document, own: Element): Element[] {
  const out: Element[] = [];
  for (const selector of [':modal', ':popover-open', ':fullscreen']) {
    try {
      for (const el of Array.from(doc.querySelectorAll(selector))) if (el !== own) out.push(el);
    } catch {
      // a selector this browser does not know
    }
  }
  return out;
}

interface LayerHost {
  readonly host: HTMLElement;
  readonly root: ShadowRoot;
  /** Keeps the host above anything the page puts in the top layer later. */
  keepOnTop(): void;
  remove(): void;
}

/** The page's topmost modal dialog, if one is open (everything outside it is inert meanwhile). */
function topModal(doc: Document): Element | null {
  try {
    const modals = doc.querySelectorAll(':modal');
    return modals[modals.length - 1] ?? null;
  } catch {
    return null;
  }
}

/**
 * `followModal`: while the page shows a modal dialog, everything outside it is inert (no clicks, no focus),
 * top layer or not; a host that must stay operable (the panel) is moved into that dialog meanwhile and back
 * when it closes. Only our own element moves; the page's elements and attributes are untouched.
 */
function createLayerHost(doc: Document, tag: string, css: string, followModal = false): LayerHost {
  const host = doc.createElement(tag);
  host.setAttribute('popover', 'manual');
  host.setAttribute('style', HOST_STYLE);
  const root = host.attachShadow({ mode: 'open' });
  const style = doc.createElement('style');
  style.textContent = css;
  root.append(style);
  doc.documentElement.append(host);
  const show = () => {
    try {
      if (host.matches(':popover-open')) host.hidePopover();
      host.showPopover();
    } catch {
      // no Popover API: a fixed host with the top z-index still covers the page's own layers
    }
  };
  show();
  let seen: Element[] = [];
  const keepOnTop = () => {
    if (followModal) {
      const parent = topModal(doc) ?? doc.documentElement;
      if (host.parentNode !== parent) {
        parent.append(host);
        show();
      }
    }
    const now = topLayerOf(doc, host);
    if (now.some((el) => !seen.includes(el))) show();
    seen = now;
  };
  // The top layer changes with a dialog or popover opening or closing (`toggle`, fired on both in current
  // Chromium) and with fullscreen: checked then, not on every frame (a document-wide query per frame would
  // cost big pages); a slow timer covers browsers whose dialogs fire no toggle.
  const win = doc.defaultView!;
  const onChange = () => keepOnTop();
  doc.addEventListener('toggle', onChange, true);
  doc.addEventListener('fullscreenchange', onChange, true);
  const timer = win.setInterval(onChange, 500);
  return {
    host,
    root,
    keepOnTop,
    remove() {
      doc.removeEventListener('toggle', onChange, true);
      doc.removeEventListener('fullscreenchange', onChange, true);
      win.clearInterval(timer);
      host.remove();
    },
  };
}

const HIGHLIGHT_CSS = `
  .ring { position: fixed; box-sizing: border-box; border: 3px solid #ff2d7a; border-radius: 6px;
    box-shadow: 0 0 0 4px rgba(255, 45, 122, .25), 0 0 0 9999px rgba(10, 20, 40, .12); transition: none; }
`;

/** A ring around `el`, following it on every frame (scrolling, resizing, zoom, the page moving it). */
export function showHighlight(doc: Document, el: Element): () => void {
  const layer = createLayerHost(doc, 'sop-guide-highlight', HIGHLIGHT_CSS);
  const ring = doc.createElement('div');
  ring.className = 'ring';
  ring.setAttribute('data-guide-highlight', '');
  layer.root.append(ring);
  const win = doc.defaultView!;
  let frame = 0;
  const place = () => {
    const r = el.getBoundingClientRect();
    const pad = 4;
    ring.style.left = `${r.left - pad}px`;
    ring.style.top = `${r.top - pad}px`;
    ring.style.width = `${r.width + 2 * pad}px`;
    ring.style.height = `${r.height + 2 * pad}px`;
    ring.style.display = el.isConnected && (r.width > 0 || r.height > 0) ? 'block' : 'none';
    frame = win.requestAnimationFrame(place);
  };
  // Bring it into view once, without moving focus.
  el.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  place();
  return () => {
    win.cancelAnimationFrame(frame);
    layer.remove();
  };
}

const PANEL_CSS = `
  :host { color-scheme: light; }
  .panel { pointer-events: auto; position: fixed; right: 16px; bottom: 16px; width: min(360px, calc(100vw - 32px));
    max-height: calc(100vh - 32px); overflow: auto; box-sizing: border-box; background: #fff; color: #1b2233;
    font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; border: 1px solid #c9d1e3; border-radius: 10px;
    box-shadow: 0 8px 28px rgba(10, 20, 40, .25); padding: 12px 14px; }
  .panel.top { bottom: auto; top: 16px; }
  header { display: flex; align-items: baseline; gap: 8px; }
  h2 { font-size: 13px; margin: 0; flex: 1; color: #51607a; font-weight: 600; }
  .count { font-size: 12px; color: #51607a; }
  .text { font-size: 15px; font-weight: 600; margin: 8px 0 4px; }
  .narration { margin: 4px 0; padding-left: 8px; border-left: 3px solid #c9d1e3; color: #34405a; font-style: italic; }
  .expected { margin: 4px 0; color: #1f5f3a; }
  .status { margin: 6px 0; font-size: 13px; }
  .status.not-found { color: #9b1c1c; font-weight: 600; }
  figure { margin: 6px 0; position: relative; }
  figure img { display: block; width: 100%; border: 1px solid #d5dbe8; border-radius: 4px; }
  figure .box { position: absolute; border: 2px solid #ff2d7a; border-radius: 3px; }
  .buttons { display: flex; gap: 8px; margin-top: 8px; }
  button { font: inherit; padding: 5px 12px; border-radius: 6px; border: 1px solid #9aa6bf; background: #f4f6fb; color: #1b2233; cursor: pointer; }
  button.primary { background: #2f5bea; border-color: #2f5bea; color: #fff; }
  button:focus-visible { outline: 3px solid #ffb400; outline-offset: 1px; }
  button[disabled] { opacity: .5; cursor: default; }
  .close { margin-left: auto; }
`;

export type PanelAction = 'back' | 'skip' | 'done' | 'stop';

export interface GuidePanel {
  /** Our host element (events inside it are ours, not the page's). */
  readonly host: Element;
  render(view: GuidePanelView): void;
  /** Keep out of the way of the highlighted element (top frame coordinates). */
  avoid(box: Box | null): void;
  remove(): void;
}

/** The panel: the step, its narration, expected result and screenshot, Back / Skip / Done / Close. */
export function createPanel(doc: Document, onAction: (action: PanelAction, step: number) => void): GuidePanel {
  const layer = createLayerHost(doc, 'sop-guide-panel', PANEL_CSS, true);
  const h = <K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] => {
    const el = doc.createElement(tag);
    for (const [k, v] of Object.entries(props)) el.setAttribute(k, v);
    if (text !== undefined) el.textContent = text;
    return el;
  };
  const panel = h('section', { class: 'panel', role: 'region', 'aria-label': 'Guide me' });
  const title = h('h2');
  const count = h('span', { class: 'count' });
  const header = h('header');
  header.append(title, count);
  const text = h('p', { class: 'text' });
  const narration = h('p', { class: 'narration' });
  const expected = h('p', { class: 'expected' });
  // Announced to screen readers: the step and whether its element was found.
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const figure = h('figure');
  const img = h('img', { alt: 'The recorded screenshot of this step' });
  const box = h('div', { class: 'box', 'aria-hidden': 'true' });
  figure.append(img, box);
  const buttons = h('div', { class: 'buttons' });
  const mk = (label: string, action: PanelAction, cls = '') => {
    const b = h('button', { type: 'button', ...(cls ? { class: cls } : {}) }, label);
    b.addEventListener('click', (e) => {
      // Only the person: a page script's synthetic click is ignored.
      // Done on a finished run closes the guide.
      if (e.isTrusted) onAction(current?.status === 'finished' && action === 'done' ? 'stop' : action, current?.step ?? 0);
    });
    return b;
  };
  const backBtn = mk('Back', 'back');
  const skipBtn = mk('Skip', 'skip');
  const doneBtn = mk('Done', 'done', 'primary');
  const closeBtn = mk('Close guide', 'stop', 'close');
  buttons.append(backBtn, skipBtn, doneBtn, closeBtn);
  panel.append(header, text, narration, expected, status, figure, buttons);
  layer.root.append(panel);
  let current: GuidePanelView | undefined;
  let avoided: Box | null = null;
  const win = doc.defaultView!;

  return {
    host: layer.host,
    render(view) {
      const first = current === undefined;
      current = view;
      const finished = view.status === 'finished';
      title.textContent = `Guide: ${view.title}`;
      count.textContent = finished ? `${view.total} steps` : `Step ${view.step + 1} of ${view.total}`;
      text.textContent = finished ? 'All steps done.' : view.text;
      narration.textContent = view.narration ?? '';
      narration.hidden = !view.narration || finished;
      expected.textContent = view.expectedResult ? `Expected: ${view.expectedResult}` : '';
      expected.hidden = !view.expectedResult || finished;
      status.className = `status ${view.status}`;
      status.textContent = finished ? 'Guide finished.' : `Step ${view.step + 1}: ${view.detail ?? ''}`.trim();
      if (view.shot && !finished) {
        figure.hidden = false;
        if (img.getAttribute('src') !== view.shot.src) img.setAttribute('src', view.shot.src);
        const hl = view.shot.highlight;
        box.hidden = !hl;
        if (hl) Object.assign(box.style, { left: `${hl.x}%`, top: `${hl.y}%`, width: `${hl.width}%`, height: `${hl.height}%` });
      } else {
        figure.hidden = true;
        img.removeAttribute('src');
      }
      backBtn.disabled = view.step === 0 || finished;
      skipBtn.disabled = finished;
      doneBtn.textContent = finished ? 'Close' : 'Done';
      this.avoid(avoided);
      // Focus moves to the panel once, when the guide opens, so keyboard users land on it; later steps leave
      // focus where the person is working.
      if (first) doneBtn.focus({ preventScroll: true });
    },
    avoid(b) {
      avoided = b;
      const vh = win.innerHeight;
      panel.classList.toggle('top', !!b && b.y + b.height > vh / 2);
    },
    remove() {
      layer.remove();
    },
  };
}
