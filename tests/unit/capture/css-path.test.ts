// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { cssEscape, cssPath, cssPathSteps, isStableId } from '../../../lib/capture/css-path';
import { runToEnd } from '../../../lib/capture/work-steps';

describe('isStableId', () => {
  it.each([['email'], ['main-nav'], ['checkout_form'], ['section12'], ['address2'], ['field-12']])('stable: %s', (id) => {
    expect(isStableId(id)).toBe(true);
  });
  it.each([[':r3:'], ['«r5»'], ['ember482'], ['ext-gen1234'], ['mat-input-0'], ['headlessui-menu-button-1'], ['radix-:r1:'], ['react-select-2-input'], ['1234'], ['item-1699999999'], ['a1b2c3d4e5'], ['deadbeef99'], ['x_9f8e7d6c5b']])(
    'generated: %s',
    (id) => {
      expect(isStableId(id)).toBe(false);
    },
  );
});

describe('cssEscape', () => {
  it.each([
    ['plain', 'plain'],
    ['1st', '\\31 st'],
    ['-1', '-\\31 '],
    ['-', '\\-'],
    ['a.b:c', 'a\\.b\\:c'],
    ['é', 'é'],
  ])('%s → %s', (input, out) => {
    expect(cssEscape(input)).toBe(out);
  });
});

describe('cssPath', () => {
  it('is unique among many look-alike siblings and resolves back to the element', () => {
    document.body.innerHTML = '<table>' + '<tr><td><button>Edit</button></td><td><button>Delete</button></td></tr>'.repeat(20) + '</table>';
    const buttons = document.querySelectorAll('button');
    for (const b of [buttons[0]!, buttons[17]!, buttons[39]!]) {
      const css = cssPath(b);
      expect(document.querySelectorAll(css).length).toBe(1);
      expect(document.querySelector(css)).toBe(b);
    }
  });

  it('escapes odd ids', () => {
    document.body.innerHTML = '<div id="a.b"><span>x</span></div><div><span>y</span></div>';
    const span = document.querySelector('span')!;
    expect(document.querySelector(cssPath(span))).toBe(span);
    expect(cssPath(span)).toContain('#a\\.b');
  });

  it('does not use a duplicated test id', () => {
    document.body.innerHTML = '<button data-testid="row-action">A</button><button data-testid="row-action">B</button>';
    const second = document.querySelectorAll('button')[1]!;
    const css = cssPath(second);
    expect(css).not.toContain('data-testid');
    expect(document.querySelector(css)).toBe(second);
  });

  describe('positional (a big page)', () => {
    const table = '<main><table>' + '<tr><td><button>Edit</button></td><td><button>Delete</button></td></tr>'.repeat(30) + '</table></main>';

    it('takes the path from the root as it is, without reading the document, and it names the element alone', () => {
      document.body.innerHTML = table;
      const target = document.querySelectorAll('button')[33]!;
      const all = vi.spyOn(document, 'querySelectorAll');
      const first = vi.spyOn(document, 'querySelector');
      const css = runToEnd(cssPathSteps(target, { positional: true }));
      expect(all).not.toHaveBeenCalled();
      expect(first).not.toHaveBeenCalled();
      all.mockRestore();
      first.mockRestore();
      expect(css.startsWith('html > body > ')).toBe(true);
      expect(document.querySelectorAll(css).length).toBe(1);
      expect(document.querySelector(css)).toBe(target);
      // Without the option: the shortest unique suffix, found by reading the document.
      const suffix = cssPath(target);
      expect(suffix.length).toBeLessThan(css.length);
      expect(document.querySelector(suffix)).toBe(target);
    });

    it('starts at the nearest anchored ancestor', () => {
      document.body.innerHTML = `<div id="invoices">${table}</div><div>${table}</div>`;
      const target = document.querySelectorAll('#invoices button')[5]!;
      const css = runToEnd(cssPathSteps(target, { positional: true }));
      expect(css.startsWith('#invoices > ')).toBe(true);
      expect(document.querySelectorAll(css).length).toBe(1);
      expect(document.querySelector(css)).toBe(target);
    });

    it('inside a shadow root searches as without it: a path from the top of a shadow root is not unique by construction', () => {
      document.body.innerHTML = '<div id="host"></div>';
      const root = document.getElementById('host')!.attachShadow({ mode: 'open' });
      root.innerHTML = '<section><p><b>a</b></p></section><div><section><p><b>b</b></p></section></div>' + '<p><b>c</b></p>'.repeat(3);
      const target = root.querySelectorAll('b')[4]!; // in the third top-level <p>
      const all = vi.spyOn(root, 'querySelector');
      const css = runToEnd(cssPathSteps(target, { positional: true }));
      expect(all).toHaveBeenCalled();
      all.mockRestore();
      expect(css).toBe(cssPath(target));
      expect(root.querySelectorAll(css).length).toBe(1);
    });
  });
});
