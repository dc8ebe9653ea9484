// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { actOf as actOfEvent } from '../../../lib/guide/watch';
import type { PageAct } from '../../../lib/guide/advance';

/** composedPath() is only readable during dispatch: the act is read in a listener, as the watch does. */
function dispatch(target: Element, event: Event): (el: Element) => PageAct | undefined {
  return (el) => {
    let act: PageAct | undefined;
    const grab = (e: Event) => (act = actOfEvent(e, el));
    window.addEventListener(event.type, grab, { capture: true });
    target.dispatchEvent(event);
    window.removeEventListener(event.type, grab, { capture: true });
    return act;
  };
}
const actOf = (read: (el: Element) => PageAct | undefined, el: Element) => read(el);

describe('actOf', () => {
  it('a click on a child of the element is in it; elsewhere is not', () => {
    document.body.innerHTML = '<button id="b"><span>Deploy</span></button><p id="p">x</p>';
    const b = document.getElementById('b')!;
    expect(actOf(dispatch(b.querySelector('span')!, new MouseEvent('click', { bubbles: true, composed: true })), b)).toEqual({ kind: 'click', inTarget: true });
    expect(actOf(dispatch(document.getElementById('p')!, new MouseEvent('click', { bubbles: true })), b)).toEqual({ kind: 'click', inTarget: false });
  });

  it('reads a field\'s value but never a password\'s', () => {
    document.body.innerHTML = '<input id="v" value="v1.5.0"><input id="pw" type="password" value="hunter2">';
    const v = document.getElementById('v')!;
    const pw = document.getElementById('pw')!;
    expect(actOf(dispatch(v, new Event('input', { bubbles: true })), v)).toEqual({ kind: 'value', inTarget: true, committed: false, secret: false, value: 'v1.5.0' });
    const secret = actOf(dispatch(pw, new Event('change', { bubbles: true })), pw);
    expect(secret).toEqual({ kind: 'value', inTarget: true, committed: true, secret: true });
    expect(JSON.stringify(secret)).not.toContain('hunter2');
  });

  it('a select says its chosen option\'s label; a checkbox its state', () => {
    document.body.innerHTML = '<select id="s"><option value="s">Staging</option><option value="p" selected>Production</option></select><input id="c" type="checkbox" checked>';
    const s = document.getElementById('s')!;
    const c = document.getElementById('c')!;
    expect(actOf(dispatch(s, new Event('change', { bubbles: true })), s)).toMatchObject({ kind: 'value', value: 'Production' });
    expect(actOf(dispatch(c, new Event('change', { bubbles: true })), c)).toEqual({ kind: 'checked', inTarget: true, checked: true });
  });

  it('a submit of the element\'s form', () => {
    document.body.innerHTML = '<form id="f"><input id="q"><button>Go</button></form><form id="g"></form>';
    const q = document.getElementById('q')!;
    expect(actOf(dispatch(document.getElementById('f')!, new Event('submit', { bubbles: true })), q)).toEqual({ kind: 'submit', inTarget: true });
    expect(actOf(dispatch(document.getElementById('g')!, new Event('submit', { bubbles: true })), q)).toEqual({ kind: 'submit', inTarget: false });
  });
});
