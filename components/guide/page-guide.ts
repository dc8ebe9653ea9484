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
import type { TargetContext } from '../../lib/model';
import { createPanel, showHighlight, type GuidePanel, type PanelAction } from './overlay';

export interface PageGuideDeps {
  readonly win: Window;
  readonly acted: (runId: string, step: number) => void;
  readonly control: (runId: string, step: number, action: PanelAction) => void;
}

export function createPageGuide({ win, acted, control }: PageGuideDeps) {
  let panel: GuidePanel | undefined;
  let panelRun: string | undefined;
  let finding: AbortController | undefined;
  let unhighlight: (() => void) | undefined;
  let unwatch: (() => void) | undefined;

  const clearStep = () => {
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
      }
      return { ...r.outcome, frameDepth: frameDepth(win) };
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
