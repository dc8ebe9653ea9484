// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sensitiveBoxes } from '../../../lib/privacy/sensitive-boxes';
import { createSecretFocusWatch } from '../../../lib/privacy/secret-focus';

/** jsdom has no layout: every element and text range gets a box from its data-box attribute (or none). */
function fakeLayout() {
  const rect = (b: number[] | undefined) => {
    const [x = 0, y = 0, width = 0, height = 0] = b ?? [];
    return { x, y, width, height, left: x, top: y, right: x + width, bottom: y + height, toJSON: () => ({}) } as DOMRect;
  };
  vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(function (this: Element) {
    return rect(this.getAttribute('data-box')?.split(',').map(Number));
  });
  (Range.prototype as unknown as { getClientRects: () => DOMRect[] }).getClientRects = function (this: Range) {
    const el = this.startContainer.parentElement;
    return [rect(el?.getAttribute('data-box')?.split(',').map(Number))];
  };
}

beforeEach(() => {
  fakeLayout();
  document.body.innerHTML = '';
});
afterEach(() => vi.restoreAllMocks());

describe('sensitiveBoxes', () => {
  it('boxes secret fields that hold something, fields holding a secret, and text showing one', () => {
    document.body.innerHTML = `
      <label for="pw">Password</label><input id="pw" type="password" data-box="10,10,200,30">
      <label for="k">API key</label><input id="k" name="api_key" data-box="10,50,200,30">
      <label for="empty">Registry token</label><input id="empty" type="password" data-box="10,90,200,30">
      <label for="notes">Notes</label><input id="notes" data-box="10,130,200,30">
      <label for="ticket">Change ticket</label><input id="ticket" data-box="10,170,200,30">
      <p data-box="10,210,300,20">CI key <code data-box="60,210,160,20">AKIAFAKE0DEMO0KEY000</code></p>
      <p data-box="10,240,300,20">Deploying payments-api v1.5.0</p>
      <code data-box="2000,0,100,20">AKIAFAKE0DEMO0KEY001</code>`;
    (document.getElementById('pw') as HTMLInputElement).value = 'hunter2';
    (document.getElementById('k') as HTMLInputElement).value = 'anything';
    (document.getElementById('notes') as HTMLInputElement).value = 'token ghp_FAKEtoken1234567890abcdefghijklmnopq';
    (document.getElementById('ticket') as HTMLInputElement).value = 'CHG-2291';
    const boxes = sensitiveBoxes(document).map((b) => [b.x, b.y, b.width, b.height]);
    expect(boxes).toEqual([
      [10, 10, 200, 30],
      [10, 50, 200, 30],
      [10, 130, 200, 30],
      [60, 210, 160, 20],
    ]);
  });
});

describe('createSecretFocusWatch', () => {
  it('reports focus entering and leaving a secret field; a pointerdown elsewhere leaves at once', async () => {
    document.body.innerHTML = '<input id="pw" type="password"><input id="name"><button id="b">Go</button>';
    const reports: boolean[] = [];
    const watch = createSecretFocusWatch({ win: window, report: (f) => reports.push(f) });
    const pw = document.getElementById('pw') as HTMLInputElement;
    pw.focus();
    expect(watch.focused()).toBe(true);
    document.getElementById('b')!.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    expect(reports).toEqual([true, false]);
    (document.getElementById('name') as HTMLInputElement).focus();
    await new Promise((r) => setTimeout(r, 0));
    expect(reports).toEqual([true, false]);
    expect(watch.focused()).toBe(false);
    watch.detach();
  });

  it('moving from one secret field to the next does not lift the hold in between', async () => {
    document.body.innerHTML = '<input id="a" type="password"><input id="b" autocomplete="one-time-code">';
    const reports: boolean[] = [];
    const watch = createSecretFocusWatch({ win: window, report: (f) => reports.push(f) });
    (document.getElementById('a') as HTMLInputElement).focus();
    (document.getElementById('b') as HTMLInputElement).focus();
    await new Promise((r) => setTimeout(r, 0));
    expect(reports).toEqual([true]);
    (document.getElementById('b') as HTMLInputElement).blur();
    await new Promise((r) => setTimeout(r, 0));
    expect(reports).toEqual([true, false]);
    watch.detach();
  });
});
