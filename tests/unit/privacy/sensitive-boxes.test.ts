// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTypingBoxRule, sensitiveBoxes } from '../../../lib/privacy/sensitive-boxes';
import { createSecretFocusWatch } from '../../../lib/privacy/secret-focus';
import { fakeLayout } from './fake-layout';


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

describe('createSecretFocusWatch: a field only its label names as secret', () => {
  function setup() {
    const reports: boolean[] = [];
    const later: Array<() => void> = [];
    const watch = createSecretFocusWatch({ win: window, report: (f) => reports.push(f), later: (w) => void later.push(w) });
    return { reports, watch, runLater: () => later.splice(0).forEach((w) => w()) };
  }

  it('counts as secret from the focus itself, its label read after the dispatch; reported once known', () => {
    document.body.innerHTML = '<label for="t">Registry token</label><input id="t"><label for="n">Notes</label><input id="n">';
    const { reports, watch, runLater } = setup();
    (document.getElementById('t') as HTMLInputElement).focus();
    expect(watch.focused()).toBe(true);
    expect(reports).toEqual([]);
    runLater();
    expect(watch.focused()).toBe(true);
    expect(reports).toEqual([true]);
    (document.getElementById('n') as HTMLInputElement).focus();
    // Held until the label says otherwise, then released.
    expect(watch.focused()).toBe(true);
    runLater();
    expect(watch.focused()).toBe(false);
    expect(reports).toEqual([true, false]);
    watch.detach();
  });

  it('a field whose label is harmless is never reported, and its own attributes decide without reading the label', () => {
    document.body.innerHTML = '<label for="n">Notes</label><input id="n"><label><input id="c" type="checkbox"> Remember the token</label>';
    const { reports, watch, runLater } = setup();
    const checkbox = document.getElementById('c') as HTMLInputElement;
    Object.defineProperty(checkbox, 'labels', { get: () => { throw new Error('labels read in the dispatch'); } });
    checkbox.focus();
    expect(watch.focused()).toBe(false);
    (document.getElementById('n') as HTMLInputElement).focus();
    runLater();
    expect(watch.focused()).toBe(false);
    expect(reports).toEqual([]);
    watch.detach();
  });
});

/** An open shadow root on `host` holding `html`. */
function shadow(host: Element, html: string): ShadowRoot {
  const root = host.attachShadow({ mode: 'open' });
  root.innerHTML = html;
  return root;
}

describe('sensitiveBoxes in shadow roots', () => {
  it('boxes secret fields and secret text inside open shadow roots, nested ones and top-level text included', () => {
    document.body.innerHTML = '<sy-panel id="outer"></sy-panel><p data-box="0,400,100,20">Plain page text</p>';
    const outer = shadow(
      document.getElementById('outer')!,
      `<style>p { color: red } /* AKIAFAKE0DEMO0KEY009 */</style>
       <label for="pw">Password</label><input id="pw" type="password" data-box="10,10,200,30">
       <label for="q">Search</label><input id="q" data-box="10,50,200,30">
       <p data-box="10,90,300,20">Key <code data-box="40,90,160,20">AKIAFAKE0DEMO0KEY000</code></p>
       <p data-box="10,120,300,20">All 3 instances are healthy</p>
       <sy-inner id="inner"></sy-inner>`,
    );
    (outer.getElementById('pw') as HTMLInputElement).value = 'hunter2';
    (outer.getElementById('q') as HTMLInputElement).value = 'payments-api';
    const inner = shadow(outer.getElementById('inner')!, `<label>Token <input name="token" data-box="10,200,200,30"></label><span data-box="10,240,160,20">ghp_FAKEtoken1234567890abcdefghijklmnopq</span>`);
    (inner.querySelector('input') as HTMLInputElement).value = 'anything';
    // Text directly under a shadow root has no parent element; its box comes from the host here.
    const top = document.createElement('sy-top');
    top.setAttribute('data-box', '10,300,200,20');
    document.body.append(top);
    top.attachShadow({ mode: 'open' }).append('AKIAFAKE0DEMO0KEY001');
    (Range.prototype as unknown as { getClientRects: () => DOMRect[] }).getClientRects = function (this: Range) {
      const n = this.startContainer;
      const el = n.parentElement ?? ((n.parentNode as ShadowRoot | null)?.host as Element | undefined);
      return [el!.getBoundingClientRect()];
    };
    const boxes = sensitiveBoxes(document).map((b) => [b.x, b.y, b.width, b.height]);
    expect(boxes).toEqual([
      [10, 10, 200, 30],
      [40, 90, 160, 20],
      [10, 300, 200, 20],
      [10, 200, 200, 30],
      [10, 240, 160, 20],
    ]);
  });

  it('text changed inside a shadow root between two calls is read again', () => {
    document.body.innerHTML = '<sy-panel id="host"></sy-panel>';
    const root = shadow(document.getElementById('host')!, '<p id="status" data-box="10,10,300,20">Not checked yet, no key</p>');
    const status = root.getElementById('status')!;
    expect(sensitiveBoxes(document)).toEqual([]);
    status.textContent = 'Key AKIAFAKE0DEMO0KEY000';
    expect(sensitiveBoxes(document)).toEqual([{ x: 10, y: 10, width: 300, height: 20 }]);
    status.textContent = 'Key rotated';
    expect(sensitiveBoxes(document)).toEqual([]);
  });
});

describe('createSecretFocusWatch in shadow roots', () => {
  it('follows focus moving between fields inside one shadow root (those focus events never reach the window)', async () => {
    document.body.innerHTML = '<input id="outside"><sy-login id="host"></sy-login>';
    const root = shadow(document.getElementById('host')!, '<input id="user" name="username"><input id="pw" type="password"><button id="go">Sign in</button>');
    const reports: boolean[] = [];
    const watch = createSecretFocusWatch({ win: window, report: (f) => reports.push(f) });
    const field = (id: string) => root.getElementById(id) as HTMLInputElement;
    field('user').focus();
    field('pw').focus();
    expect(watch.focused()).toBe(true);
    field('user').focus();
    await new Promise((r) => setTimeout(r, 0));
    expect(reports).toEqual([true, false]);
    field('pw').focus();
    root.getElementById('go')!.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    expect(reports).toEqual([true, false, true, false]);
    watch.detach();
  });

  it('a secret field inside a shadow root that had focus before the watch began counts as focused', async () => {
    document.body.innerHTML = '<sy-login id="host"></sy-login>';
    const root = shadow(document.getElementById('host')!, '<input id="pw" type="password"><input id="user">');
    (root.getElementById('pw') as HTMLInputElement).focus();
    expect(document.activeElement?.id).toBe('host');
    const reports: boolean[] = [];
    const watch = createSecretFocusWatch({ win: window, report: (f) => reports.push(f) });
    expect(watch.focused()).toBe(true);
    (root.getElementById('user') as HTMLInputElement).focus();
    await new Promise((r) => setTimeout(r, 0));
    expect(watch.focused()).toBe(false);
    expect(reports).toEqual([false]);
    watch.detach();
  });
});

describe('createTypingBoxRule: whether a value change leaves the secret boxes as they were', () => {
  function field(html: string): HTMLInputElement | HTMLTextAreaElement {
    document.body.innerHTML = html;
    return document.body.firstElementChild as HTMLInputElement;
  }

  it('a password field: the first character adds its box; later keys do not; emptying it only removes one', () => {
    const rule = createTypingBoxRule();
    const pw = field('<input type="password">');
    pw.value = 'h';
    expect(rule(pw)).toBe(false);
    pw.value = 'hu';
    expect(rule(pw)).toBe(true);
    pw.value = 'hun';
    expect(rule(pw)).toBe(true);
    pw.value = '';
    expect(rule(pw)).toBe(true);
    pw.value = 'x';
    expect(rule(pw)).toBe(false);
  });

  it('a field never seen before that already shows a secret is measured again (its box may be new)', () => {
    const rule = createTypingBoxRule();
    const key = field('<input name="api_key">');
    key.value = 'prefilled-and-edited';
    expect(rule(key)).toBe(false);
    key.value = 'prefilled-and-edited!';
    expect(rule(key)).toBe(true);
  });

  it('a plain field: unchanged boxes until a secret is pasted into it, then unchanged while it stays', () => {
    const rule = createTypingBoxRule();
    const notes = field('<input id="notes">');
    notes.value = 'CHG-2291';
    expect(rule(notes)).toBe(true);
    notes.value = 'token ghp_FAKEtoken1234567890abcdefghijklmnopq';
    expect(rule(notes)).toBe(false);
    notes.value = 'token ghp_FAKEtoken1234567890abcdefghijklmnopqr';
    expect(rule(notes)).toBe(true);
  });

  it('a textarea holding a secret is measured at every change (it may grow)', () => {
    const rule = createTypingBoxRule();
    const area = field('<textarea name="private_key"></textarea>');
    area.value = 'a';
    expect(rule(area)).toBe(false);
    area.value = 'ab';
    expect(rule(area)).toBe(false);
  });
});
