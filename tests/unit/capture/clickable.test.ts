// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { findClickTarget, resolveClickTarget } from '../../../lib/capture/clickable';

/** The path an event dispatched on `el` would report, built by really dispatching one. */
function pathOf(el: Element): EventTarget[] {
  let path: EventTarget[] = [];
  el.addEventListener(
    'click',
    (e) => {
      path = e.composedPath();
      e.preventDefault(); // jsdom cannot follow links
    },
    { once: true },
  );
  el.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true }));
  return path;
}

describe('findClickTarget', () => {
  it.each([
    ['icon inside a button', '<button id="want"><svg><path id="hit"></path></svg></button>'],
    ['span inside a link', '<a id="want" href="/x"><span id="hit">Orders</span></a>'],
    ['text inside role=menuitem', '<ul><li id="want" role="menuitem"><b id="hit">Rename</b></li></ul>'],
    ['summary of details', '<details><summary id="want"><i id="hit">More</i></summary></details>'],
    ['nearest wins: link inside a tab', '<div role="tab"><a id="want" href="#"><span id="hit">x</span></a></div>'],
    ['cursor:pointer card', '<div id="want" style="cursor:pointer"><div style="cursor:pointer"><span id="hit" style="cursor:pointer">Card</span></div></div>'],
    ['fallback to the element itself', '<p><span id="hit">Plain</span></p>'],
  ])('%s', (_title, html) => {
    document.body.innerHTML = html;
    const hit = document.getElementById('hit')!;
    const want = document.getElementById('want') ?? hit;
    expect(findClickTarget(pathOf(hit), hit)).toBe(want);
  });

  describe('a drawing on a focusable canvas (a flow editor: <div tabindex> around an <svg>)', () => {
    const canvas = (node: string) =>
      `<div id="canvas" tabindex="1"><svg id="drawing"><g id="layer"><rect id="background"></rect>${node}<g id="other"><rect></rect><text>Report log</text></g></g></svg></div>`;
    /** jsdom lays nothing out: give the drawing and its groups sizes. */
    function sized(sizes: Record<string, [number, number]>): void {
      for (const [id, [width, height]] of Object.entries(sizes)) {
        document.getElementById(id)!.getBoundingClientRect = () => ({ x: 0, y: 0, width, height, top: 0, left: 0, right: width, bottom: height, toJSON: () => ({}) }) as DOMRect;
      }
    }

    it('a click on a node is a click on the node: its group with its label, not the whole canvas', () => {
      document.body.innerHTML = canvas('<g id="want"><rect id="hit"></rect><g><path></path></g><text><tspan>Nightly report</tspan></text></g>');
      sized({ drawing: [800, 600], layer: [800, 600], want: [160, 30] });
      const hit = document.getElementById('hit')!;
      expect(findClickTarget(pathOf(hit), hit)).toBe(document.getElementById('want'));
    });

    it('a click on the background stays on the canvas (the group with text around it is a whole layer)', () => {
      document.body.innerHTML = canvas('<g><rect></rect><text>Nightly report</text></g>');
      sized({ drawing: [800, 600], layer: [5000, 5000] });
      const hit = document.getElementById('background')!;
      expect(findClickTarget(pathOf(hit), hit)).toBe(document.getElementById('canvas'));
    });

    it('a shape without text of its own (a wire) stays on the canvas', () => {
      document.body.innerHTML = canvas('<g><path id="hit"></path></g>');
      sized({ drawing: [800, 600], layer: [700, 500] });
      const hit = document.getElementById('hit')!;
      expect(findClickTarget(pathOf(hit), hit)).toBe(document.getElementById('canvas'));
    });

    it('a real control still wins: an icon inside a button, a role=button group', () => {
      document.body.innerHTML = '<div tabindex="0"><svg><g role="button" id="want"><rect id="hit"></rect><text>Zoom in</text></g></svg></div>';
      const hit = document.getElementById('hit')!;
      expect(findClickTarget(pathOf(hit), hit)).toBe(document.getElementById('want'));
    });
  });

  it('looks into open shadow roots', () => {
    document.body.innerHTML = '<x-toolbar></x-toolbar>';
    const root = document.querySelector('x-toolbar')!.attachShadow({ mode: 'open' });
    root.innerHTML = '<button><span>Bold</span></button>';
    const span = root.querySelector('span')!;
    expect(findClickTarget(pathOf(span), span)).toBe(root.querySelector('button'));
  });

  it('never returns body or html', () => {
    document.body.innerHTML = '';
    document.body.style.cursor = 'pointer';
    expect(findClickTarget(pathOf(document.body), document.body)).toBe(document.body);
    document.body.style.cursor = '';
  });
});

describe('resolveClickTarget', () => {
  it('maps a label to its control', () => {
    document.body.innerHTML = '<label for="c"><span id="hit">Remember me</span></label><input type="checkbox" id="c">';
    const hit = document.getElementById('hit')!;
    expect(resolveClickTarget(pathOf(hit), hit)).toEqual({ el: document.getElementById('c'), viaLabel: true });
  });
});
