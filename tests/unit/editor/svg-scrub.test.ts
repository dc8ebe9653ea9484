// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { scrubSvg } from '../../../lib/editor/svg-scrub';

function svg(markup: string): Element {
  const host = document.createElement('div');
  host.innerHTML = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">${markup}</svg>`;
  return host.firstElementChild!;
}

describe('scrubSvg', () => {
  it('keeps a plain diagram as it is', () => {
    const root = svg('<defs><marker id="arrow"><path d="M0,0"/></marker></defs><g class="node"><rect/><text><tspan>1. Click Deploy</tspan></text></g><path marker-end="url(#arrow)"/><a href="#s1"><text>x</text></a><style>.node{fill:#fff}</style>');
    const before = root.outerHTML;
    expect(scrubSvg(root)).toBe(0);
    expect(root.outerHTML).toBe(before);
  });

  it('removes script, images and embedded documents', () => {
    const root = svg('<script>alert(1)</script><image href="https://evil.test/x.png"/><foreignObject><div><img src="x"><iframe src="https://evil.test"></iframe></div></foreignObject><text>ok</text>');
    scrubSvg(root);
    expect(root.querySelectorAll('script, image, img, iframe')).toHaveLength(0);
    expect(root.textContent).toContain('ok');
  });

  it('removes event handlers, javascript: and outside links, and outside url() styles', () => {
    const root = svg('<a href="javascript:alert(1)" xlink:href="javascript:alert(1)"><text onclick="alert(1)" onmouseover="alert(2)">t</text></a><rect style="fill:url(https://evil.test/a)"/><path marker-end="url(#m)"/><style>@import url(https://evil.test/x.css); .a{background:url(https://evil.test/b)}</style>');
    scrubSvg(root);
    const a = root.querySelector('a')!;
    expect(a.getAttribute('href')).toBeNull();
    expect(a.getAttribute('xlink:href')).toBeNull();
    expect(root.querySelector('text')!.getAttributeNames()).toEqual([]);
    expect(root.querySelector('rect')!.getAttribute('style')).toBeNull();
    expect(root.querySelector('path')!.getAttribute('marker-end')).toBe('url(#m)');
    expect(root.querySelector('style')!.textContent).not.toMatch(/evil|@import/);
  });
});
