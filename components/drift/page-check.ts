/**
 * The active drift check in one frame of the checked page (the content script's side): finds the step's
 * element with Guide me's finder, brings it into view and describes it as it is now (fresh locators, name,
 * label, box; where the page shows secrets), and then does the step on it with content-script actions
 * (element.click(), a value set with input/change events). Those events are untrusted: a page that insists on
 * trusted input will not react, and the check then stops at that step — chosen over chrome.debugger's Input
 * domain, which needs the `debugger` permission and shows every tab the "is debugging this browser" bar.
 * Never types a secret (the background stops before such a step). Knows nothing of chrome.*.
 */
import { rootFor } from '../../lib/guide/finder';
import { frameCouldBe, frameDepth } from '../../lib/guide/frames';
import type { GuideExpect } from '../../lib/guide/plan';
import { waitForTarget } from '../../lib/guide/wait';
import { describeTarget } from '../../lib/capture/describe-target';
import { sensitiveBoxes } from '../../lib/privacy/sensitive-boxes';
import type { Box, TargetContext } from '../../lib/model';
import type { DriftFindAnswer } from '../../lib/drift/page-answer';
import { nextFrame } from '../../lib/dom/next-frame';


const rect = (el: Element): Box => {
  const r = el.getBoundingClientRect();
  return { x: r.x, y: r.y, width: r.width, height: r.height };
};

type Win = Window & typeof globalThis;

export function createPageCheck(win: Win) {
  const found = new Map<string, Element>();
  const key = (checkId: string, step: number) => `${checkId}:${step}`;

  return {
    async find(p: { checkId: string; step: number; target: TargetContext; timeoutMs: number }): Promise<DriftFindAnswer | null> {
      if (!frameCouldBe(win, p.target.framePath)) return null;
      const r = await waitForTarget(win.document, p.target, { timeoutMs: p.timeoutMs });
      const depth = frameDepth(win);
      if (!r.element) return { outcome: r.outcome, frameDepth: depth };
      const el = r.element;
      found.clear();
      found.set(key(p.checkId, p.step), el);
      el.scrollIntoView({ block: 'center', inline: 'nearest' });
      await nextFrame(win);
      await nextFrame(win);
      const root = rootFor(win.document, p.target.shadowPath);
      let atRecordedPath: boolean;
      try {
        atRecordedPath = !!root && Array.from(root.querySelectorAll(p.target.selectors.css)).includes(el);
      } catch {
        atRecordedPath = false;
      }
      const hidden = [...sensitiveBoxes(win.document), ...Array.from(win.document.querySelectorAll('iframe, frame, embed, object'), rect)];
      return {
        outcome: r.outcome,
        frameDepth: depth,
        live: describeTarget(el),
        atRecordedPath,
        box: rect(el),
        viewport: { width: win.innerWidth, height: win.innerHeight },
        hidden,
      };
    },

    /** Does the step on the element found for it. */
    act(p: { checkId: string; step: number; expect: GuideExpect }): { ok: boolean; why?: string } {
      const el = found.get(key(p.checkId, p.step));
      if (!el || !el.isConnected) return { ok: false, why: 'the element is no longer on the page' };
      return perform(win, el, p.expect);
    },
  };
}

function fire(el: Element, type: string, win: Win): boolean {
  return el.dispatchEvent(new win.Event(type, { bubbles: true, cancelable: true }));
}

function setValue(el: HTMLInputElement | HTMLTextAreaElement, value: string, win: Win): void {
  // The prototype's setter: frameworks (React) track the value through it and ignore a plain assignment.
  const proto = el.localName === 'textarea' ? win.HTMLTextAreaElement.prototype : win.HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, value);
  el.dispatchEvent(new win.InputEvent('input', { bubbles: true, inputType: 'insertText', data: value }));
  fire(el, 'change', win);
}

function perform(win: Win, el: Element, expect: GuideExpect): { ok: boolean; why?: string } {
  const html = el as HTMLElement;
  switch (expect.kind) {
    case 'click':
      html.focus?.();
      if (typeof html.click === 'function') html.click();
      else el.dispatchEvent(new win.MouseEvent('click', { bubbles: true, cancelable: true }));
      return { ok: true };
    case 'type': {
      if (expect.value === undefined) return { ok: false, why: 'no value to type' };
      if (el.localName !== 'input' && el.localName !== 'textarea') return { ok: false, why: 'the element is not a text field any more' };
      html.focus();
      setValue(el as HTMLInputElement, expect.value, win);
      return { ok: true };
    }
    case 'select': {
      if (el.localName !== 'select') return { ok: false, why: 'the element is not a list any more' };
      const select = el as HTMLSelectElement;
      const option = Array.from(select.options).find((o) => o.label.trim() === expect.value || o.text.trim() === expect.value || o.value === expect.value);
      if (!option) return { ok: false, why: `the list has no option "${expect.value ?? ''}" any more` };
      select.value = option.value;
      fire(select, 'input', win);
      fire(select, 'change', win);
      return { ok: true };
    }
    case 'check':
    case 'uncheck': {
      const box = el as HTMLInputElement;
      if (box.checked !== (expect.kind === 'check')) box.click();
      return { ok: true };
    }
    case 'key': {
      const init = { key: expect.key, code: expect.key, bubbles: true, cancelable: true };
      const go = el.dispatchEvent(new win.KeyboardEvent('keydown', init));
      el.dispatchEvent(new win.KeyboardEvent('keyup', init));
      // An untrusted Enter does not submit by itself: do what the browser would.
      const form = (el as HTMLInputElement).form;
      if (go && expect.key === 'Enter' && el.localName === 'input' && form) form.requestSubmit();
      return { ok: true };
    }
    case 'submit': {
      const form = el.localName === 'form' ? (el as HTMLFormElement) : (el as HTMLInputElement).form ?? el.closest('form');
      if (!form) return { ok: false, why: 'no form to submit' };
      form.requestSubmit();
      return { ok: true };
    }
    default:
      return { ok: false, why: `a ${expect.kind} step is not replayed by the check` };
  }
}
