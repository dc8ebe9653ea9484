// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSecretIndex, type SecretIndex } from '../../../lib/privacy/secret-index';
import { sensitiveBoxes } from '../../../lib/privacy/sensitive-boxes';
import type { Box } from '../../../lib/model';
import { fakeLayout } from './fake-layout';


const settle = () => new Promise((r) => setTimeout(r, 0));
const key = (b: Box) => `${b.x},${b.y},${b.width},${b.height}`;
const sorted = (boxes: Box[]) => boxes.map(key).sort();

let index: SecretIndex;
beforeEach(() => {
  fakeLayout();
  document.body.innerHTML = '';
});
afterEach(() => {
  index?.stop();
  vi.restoreAllMocks();
});

/** The index must answer what a full walk answers, after the page's records were delivered. */
async function expectSameAsWalk(): Promise<void> {
  await settle();
  expect(sorted(index.boxes())).toEqual(sorted(sensitiveBoxes(document)));
}

const SECRET = 'AKIAFAKE0DEMO0KEY000';

describe('secret index: the boxes a full walk finds, without walking the page each time', () => {
  it('follows text added, changed, replaced and removed', async () => {
    document.body.innerHTML = `<p data-box="1,1,10,10">CI key <code data-box="2,2,10,10">${SECRET}</code></p><div id="slot" data-box="3,3,10,10"></div>`;
    index = createSecretIndex(document);
    await expectSameAsWalk();
    expect(index.boxes()).toHaveLength(1);
    const slot = document.getElementById('slot')!;
    slot.textContent = `token ${SECRET.replace('000', '111')}`;
    await expectSameAsWalk();
    expect(index.boxes()).toHaveLength(2);
    (slot.firstChild as Text).data = 'nothing here to hide';
    await expectSameAsWalk();
    expect(index.boxes()).toHaveLength(1);
    document.querySelector('code')!.remove();
    await expectSameAsWalk();
    expect(index.boxes()).toEqual([]);
  });

  it('reads every field at each call: a value set by a page script has no record and no event', async () => {
    document.body.innerHTML = '<label for="n">Notes</label><input id="n" data-box="5,5,50,10"><label for="pw">Password</label><input id="pw" type="password" data-box="6,6,50,10">';
    index = createSecretIndex(document);
    await expectSameAsWalk();
    expect(index.boxes()).toEqual([]);
    (document.getElementById('n') as HTMLInputElement).value = `key ${SECRET}`;
    (document.getElementById('pw') as HTMLInputElement).value = 'hunter2';
    expect(sorted(index.boxes())).toEqual(sorted(sensitiveBoxes(document)));
    expect(index.boxes()).toHaveLength(2);
  });

  it('follows shadow roots: added with a component, changed inside, attached after the element was added', async () => {
    document.body.innerHTML = '<x-card id="late" data-box="7,7,10,10"></x-card>';
    index = createSecretIndex(document);
    await expectSameAsWalk();
    const host = document.createElement('x-panel');
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = '<span data-box="8,8,10,10">fine</span>';
    document.body.append(host);
    await expectSameAsWalk();
    root.querySelector('span')!.textContent = `secret ${SECRET}`;
    await expectSameAsWalk();
    expect(index.boxes()).toHaveLength(1);
    // A definition arriving later gives the waiting element its shadow root: no record says so.
    const lateRoot = document.getElementById('late')!.attachShadow({ mode: 'open' });
    lateRoot.innerHTML = `<b data-box="9,9,10,10">${SECRET.replace('0KEY', '1KEY')}</b>`;
    await expectSameAsWalk();
    expect(index.boxes()).toHaveLength(2);
  });

  it('a contenteditable that appears is a field like any other', async () => {
    document.body.innerHTML = `<div id="ed" data-box="4,4,10,10">${SECRET}</div>`;
    index = createSecretIndex(document);
    await expectSameAsWalk();
    document.getElementById('ed')!.setAttribute('contenteditable', 'true');
    await expectSameAsWalk();
  });

  it('random edits: after each, the same boxes as a full walk', async () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const texts = ['plain words here', `key ${SECRET}`, 'ghp_FAKEtoken1234567890abcdefghijklmnopq', 'short'];
    document.body.innerHTML = '<main></main>';
    index = createSecretIndex(document);
    let box = 10;
    const all = () => Array.from(document.querySelectorAll('main *, main'));
    for (let step = 0; step < 150; step++) {
      const els = all();
      const el = els[rand(els.length)]!;
      switch (rand(6)) {
        case 0: {
          const child = document.createElement(['p', 'span', 'code', 'div'][rand(4)]!);
          child.setAttribute('data-box', `${box++},1,5,5`);
          child.textContent = texts[rand(texts.length)]!;
          el.append(child);
          break;
        }
        case 1:
          if (el.localName !== 'main') el.remove();
          break;
        case 2:
          if (el.firstChild?.nodeType === 3) (el.firstChild as Text).data = texts[rand(texts.length)]!;
          break;
        case 3:
          if (el.localName !== 'main') el.textContent = texts[rand(texts.length)]!;
          break;
        case 4: {
          const input = document.createElement('input');
          input.setAttribute('data-box', `${box++},2,5,5`);
          el.append(input);
          input.value = texts[rand(texts.length)]!;
          break;
        }
        default: {
          const other = els[rand(els.length)]!;
          if (!other.contains(el) && el.localName !== 'main') other.append(el);
        }
      }
      if (rand(3) === 0) await expectSameAsWalk();
    }
    await expectSameAsWalk();
  });
});

describe('secret index: a changing page is walked again in idle time, not in the measure after a click', () => {
  let now = 0;
  let steps: Array<(d: { timeRemaining(): number }) => void> = [];
  /** One idle step; each look at the clock finds the step's time spent, so a walk takes a step per 512 nodes. */
  const runStep = () => steps.shift()?.({ timeRemaining: () => 0 });
  beforeEach(() => {
    now = 0;
    steps = [];
    vi.spyOn(Date, 'now').mockImplementation(() => now);
    let perf = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => (perf += 10));
  });

  function page(rows: number): void {
    document.body.innerHTML = `<main>${Array.from({ length: rows }, (_, i) => `<p data-box="${i},0,5,5">row ${i} <span>plain</span></p>`).join('')}</main><code data-box="0,100,50,10">${SECRET}</code>`;
  }

  it('the walk is spread over idle steps; a measure after it reads no page walk and answers as a full walk does', async () => {
    page(400);
    index = createSecretIndex(document, { idle: (s) => void steps.push(s) });
    expect(index.boxes()).toHaveLength(1);
    now = 2_000;
    document.querySelector('main')!.append(Object.assign(document.createElement('p'), { textContent: `new key ${SECRET.replace('000', '222')}` }));
    await settle();
    let taken = 0;
    while (steps.length) {
      runStep();
      taken++;
    }
    expect(taken).toBeGreaterThan(1);
    // Past REWALK_MS since the first walk, but not since the idle one: the measure only follows records.
    now = 3_500;
    const walks = vi.spyOn(document, 'createTreeWalker');
    const boxes = index.boxes();
    expect(walks.mock.calls.filter(([root]) => root === document.documentElement)).toEqual([]);
    expect(sorted(boxes)).toEqual(sorted(sensitiveBoxes(document)));
  });

  it('text that turns secret where the idle walk already passed, measured meanwhile, is still in the index the walk leaves', async () => {
    page(400);
    index = createSecretIndex(document, { idle: (s) => void steps.push(s) });
    index.boxes();
    now = 2_000;
    document.querySelector('main')!.append(document.createElement('p'));
    await settle();
    runStep();
    expect(steps).toHaveLength(1);
    (document.querySelector('main p')!.firstChild as Text).data = `key ${SECRET.replace('000', '333')}`;
    await settle();
    expect(sorted(index.boxes())).toEqual(sorted(sensitiveBoxes(document)));
    while (steps.length) runStep();
    now = 3_500;
    expect(index.boxes()).toHaveLength(2);
    expect(sorted(index.boxes())).toEqual(sorted(sensitiveBoxes(document)));
  });

  it('with no idle time given, the measure still walks once REWALK_MS has passed (never an older index)', async () => {
    page(50);
    index = createSecretIndex(document, { idle: (s) => void steps.push(s) });
    index.boxes();
    now = 2_000;
    document.querySelector('main')!.append(document.createElement('p'));
    await settle();
    now = 3_500;
    const walks = vi.spyOn(document, 'createTreeWalker');
    index.boxes();
    expect(walks.mock.calls.filter(([root]) => root === document.documentElement)).toHaveLength(1);
  });

  it('random edits and measures between the idle steps: every answer is a full walk’s', async () => {
    page(300);
    index = createSecretIndex(document, { idle: (s) => void steps.push(s) });
    let seed = 11;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const texts = ['plain words here', `key ${SECRET}`, 'ghp_FAKEtoken1234567890abcdefghijklmnopq', 'short'];
    let box = 1_000;
    for (let round = 0; round < 120; round++) {
      now += 400;
      const els = Array.from(document.querySelectorAll('main *'));
      const el = els[rand(els.length)]!;
      switch (rand(4)) {
        case 0:
          el.append(Object.assign(document.createElement('code'), { textContent: texts[rand(texts.length)]! }));
          el.lastElementChild!.setAttribute('data-box', `${box++ % 500},1,5,5`);
          break;
        case 1:
          el.remove();
          break;
        case 2:
          if (el.firstChild?.nodeType === 3) (el.firstChild as Text).data = texts[rand(texts.length)]!;
          break;
        default:
          runStep();
      }
      await settle();
      if (rand(2) === 0) runStep();
      if (rand(3) === 0) expect(sorted(index.boxes())).toEqual(sorted(sensitiveBoxes(document)));
    }
    while (steps.length) runStep();
    expect(sorted(index.boxes())).toEqual(sorted(sensitiveBoxes(document)));
  });
});
