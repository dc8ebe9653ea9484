/**
 * Guide me in one frame of a page (the content script's side): finds the step's element when this frame fits
 * its frame path, highlights it here, watches for the person completing the step, and (top frame) shows the
 * panel. Knows nothing of chrome.*: the content script passes in how to reach the background.
 */
import type { FindOutcome } from '../../lib/guide/finder';
import { frameCouldBe, frameDepth } from '../../lib/guide/frames';
import type { GuideExpect } from '../../lib/guide/plan';
import { waitForTarget } from '../../lib/guide/wait';
import { watchCompletion } from '../../lib/guide/watch';
import type { GuidePanelView } from '../../lib/messaging/protocol';
import type { Box, TargetContext } from '../../lib/model';
import type { SnapMoment } from '../../lib/drift/passive-picture';
import { sensitiveBoxes } from '../../lib/privacy/sensitive-boxes';
import { createPanel, showHighlight, type GuidePanel, type PanelAction } from './overlay';
import { nextFrame } from '../../lib/dom/next-frame';

export interface PageGuideDeps {
  readonly win: Window;
  readonly acted: (runId: string, step: number) => void;
  readonly control: (runId: string, step: number, action: PanelAction) => void;
}

const rect = (el: Element): Box => {
  const r = el.getBoundingClientRect();
  return { x: r.x, y: r.y, width: r.width, height: r.height };
};

/** Our overlay's hosts (the ring and the panel): hidden for one capture, never the page's elements. */
const OVERLAY_HOSTS = 'sop-guide-highlight, sop-guide-panel';

/** A safety net: the overlay comes back by itself if the worker never says `show` (it may stop any time). */
const UNHIDE_AFTER_MS = 2_000;

export function createPageGuide({ win, acted, control }: PageGuideDeps) {
  let panel: GuidePanel | undefined;
  let panelRun: string | undefined;
  let finding: AbortController | undefined;
  let unhighlight: (() => void) | undefined;
  let unwatch: (() => void) | undefined;
  /** The element shown for a step, and the page's mutations since (our overlay's own excluded). */
  let shown: { runId: string; step: number; el: Element; version: number; observer: MutationObserver } | undefined;
  let unhideTimer: ReturnType<typeof setTimeout> | undefined;

  const overlayHosts = () => Array.from(win.document.querySelectorAll<HTMLElement>(OVERLAY_HOSTS));
  const ours = (n: Node) => n.nodeType === 1 && (n as Element).matches(OVERLAY_HOSTS);
  const setOverlayHidden = (hidden: boolean) => {
    // The hosts' own style is `all: initial !important`: only an important declaration overrides it.
    for (const host of overlayHosts()) host.style.setProperty('visibility', hidden ? 'hidden' : 'initial', 'important');
  };
  const moment = (): SnapMoment | null => {
    if (!shown || !shown.el.isConnected) return null;
    return {
      version: shown.version,
      box: rect(shown.el),
      viewport: { width: win.innerWidth, height: win.innerHeight },
      hidden: [...sensitiveBoxes(win.document), ...Array.from(win.document.querySelectorAll('iframe, frame, embed, object'), rect)],
    };
  };

  const clearStep = () => {
    shown?.observer.disconnect();
    shown = undefined;
    finding?.abort();
    finding = undefined;
    unhighlight?.();
    unhighlight = undefined;
    unwatch?.();
    unwatch = undefined;
  };

  return {
    async find(p: { runId: string; step: number; target: TargetContext; expect: GuideExpect; timeoutMs: number }): Promise<(FindOutcome & { frameDepth: number }) | null> {
      if (!frameCouldBe(win, p.target.framePath)) return null;
      clearStep();
      const ac = new AbortController();
      finding = ac;
      const r = await waitForTarget(win.document, p.target, { timeoutMs: p.timeoutMs, signal: ac.signal });
      if (ac.signal.aborted) return { found: false, reason: 'none', detail: 'Stopped.', frameDepth: frameDepth(win) };
      finding = undefined;
      if (r.element) {
        const el = r.element;
        unhighlight = showHighlight(win.document, el);
        unwatch = watchCompletion(win, el, p.expect, () => acted(p.runId, p.step));
        if (panel) panel.avoid(el.getBoundingClientRect());
        if (win === win.top) {
          const observer = new MutationObserver((records: MutationRecord[]) => {
            if (!shown) return;
            for (const r of records) {
              if (ours(r.target)) continue;
              if (r.type === 'childList' && [...Array.from(r.addedNodes), ...Array.from(r.removedNodes)].every(ours)) continue;
              shown.version++;
            }
          });
          observer.observe(win.document, { subtree: true, childList: true, attributes: true, characterData: true });
          shown = { runId: p.runId, step: p.step, el, version: 0, observer };
        }
      }
      return { ...r.outcome, frameDepth: frameDepth(win) };
    },

    /** The passive drift picture: hide our overlay for one capture (and say where the element is), then show it. */
    async snap(p: { runId: string; step: number; phase: 'hide' | 'show' }): Promise<SnapMoment | null> {
      if (win !== win.top) return null;
      clearTimeout(unhideTimer);
      if (p.phase === 'show') {
        const m = shown?.runId === p.runId && shown.step === p.step ? moment() : null;
        // A host drawn after `hide` (or shown again by something else) was in the picture: it is discarded.
        const overlayHidden = overlayHosts().every((h) => win.getComputedStyle(h).visibility === 'hidden');
        setOverlayHidden(false);
        return m && { ...m, overlayHidden };
      }
      if (!shown || shown.runId !== p.runId || shown.step !== p.step) return null;
      setOverlayHidden(true);
      unhideTimer = setTimeout(() => setOverlayHidden(false), UNHIDE_AFTER_MS);
      // A few frames: the hidden overlay is composited before the picture is taken (under load two were not
      // always enough; the worker also rejects a picture showing the ring).
      await nextFrame(win);
      await nextFrame(win);
      await nextFrame(win);
      return moment();
    },

    panel({ runId, view }: { runId: string; view: GuidePanelView }): void {
      if (win !== win.top) return;
      if (panel && panelRun !== runId) {
        panel.remove();
        panel = undefined;
      }
      panel ??= createPanel(win.document, (action, step) => control(runId, step, action));
      panelRun = runId;
      panel.render(view);
    },

    clear({ keepPanel }: { runId: string; keepPanel: boolean }): void {
      clearStep();
      if (!keepPanel) {
        panel?.remove();
        panel = undefined;
        panelRun = undefined;
      }
    },

    /** Whether an event happened in the guide's own panel (the recorder must not take it for the workflow). */
    owns(e: Event): boolean {
      return !!panel && e.composedPath().includes(panel.host);
    },

    detach(): void {
      clearStep();
      panel?.remove();
      panel = undefined;
    },
  };
}
