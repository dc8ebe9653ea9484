// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { cssEscape, cssPath, isStableId } from '../../../lib/capture/css-path';

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
});
