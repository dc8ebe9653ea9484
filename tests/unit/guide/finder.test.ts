// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { describeTarget } from '../../../lib/capture/describe-target';
import { findTarget, rootFor } from '../../../lib/guide/finder';
import { waitForTarget } from '../../../lib/guide/wait';
import type { TargetContext } from '../../../lib/model';

/** The target as the recorder describes it on the page as it was. */
function recorded(selector: string, root: Document | ShadowRoot = document): TargetContext {
  const el = root.querySelector(selector);
  if (!el) throw new Error(`no ${selector}`);
  return describeTarget(el);
}

function setBody(html: string): void {
  document.body.innerHTML = html;
}

const found = (t: TargetContext) => findTarget(document, t);

beforeEach(() => setBody(''));

describe('findTarget: the recorded locators, in order', () => {
  it('a test id wins even when the name changed', () => {
    setBody('<div><button data-testid="deploy">Deploy</button><button>Cancel</button></div>');
    const t = recorded('[data-testid="deploy"]');
    document.querySelector('[data-testid="deploy"]')!.textContent = 'Ship it';
    const r = found(t);
    expect(r.outcome).toMatchObject({ found: true, how: { kind: 'locator', locator: 'testId' } });
    expect(r.element?.textContent).toBe('Ship it');
    // the drift signal: the name now vs recorded
    expect(r.outcome.found && r.outcome.drift).toEqual(expect.arrayContaining([{ field: 'name', recorded: 'Deploy', now: 'Ship it' }]));
  });

  it('role + accessible name when there is no test id', () => {
    setBody('<section><button>Cancel</button><button>Deploy</button></section>');
    const t = recorded('button:nth-of-type(2)');
    const r = found(t);
    expect(r.outcome).toMatchObject({ found: true, how: { kind: 'locator', locator: 'role' }, drift: [] });
    expect(r.element?.textContent).toBe('Deploy');
  });

  it('a field by its label when two fields share role and name source', () => {
    setBody('<form><label for="v">Version</label><input id="v-12345678" aria-describedby="x"><label for="v2">Ticket</label><input id="v2"></form>');
    // ids generated: the recorder keeps none; the label finds it
    document.querySelector('input')!.id = 'v';
    const t = recorded('#v');
    expect(t.label).toBe('Version');
    const r = found(t);
    expect(r.outcome.found).toBe(true);
    expect(r.element).toBe(document.querySelector('#v'));
  });

  it('a moved element is found by role and name, not by its old path', () => {
    setBody('<div class="a"><button>Other</button><button>Deploy</button></div><div class="b"></div>');
    const t = recorded('.a button:nth-of-type(2)');
    const el = document.querySelector('.a button:nth-of-type(2)')!;
    document.querySelector('.b')!.append(el);
    const r = found(t);
    expect(r.outcome).toMatchObject({ found: true, how: { kind: 'locator', locator: 'role' } });
    expect(r.element).toBe(el);
  });

  it('a positional path that now names another button is not taken', () => {
    setBody('<div class="bar"><button>Save</button><button>Publish</button></div>');
    const t = recorded('.bar button:nth-of-type(2)');
    // the page inserts a button before it: the old path now points at "Preview"
    const preview = document.createElement('button');
    preview.textContent = 'Preview';
    document.querySelector('.bar button')!.after(preview);
    const r = found(t);
    expect(r.outcome).toMatchObject({ found: true, how: { kind: 'locator', locator: 'role' } });
    expect(r.element?.textContent).toBe('Publish');
  });
});

describe('findTarget: scoring when no locator finds exactly one element', () => {
  it('a renamed button is re-found by score, with its margin and the rename as drift', () => {
    setBody('<div class="dialog"><h2>Deploy payments-api</h2><div class="actions"><button>Cancel</button><button class="primary">Deploy now</button></div></div>');
    const t = recorded('.actions button:nth-of-type(2)');
    document.querySelector('.primary')!.textContent = 'Deploy release';
    const r = found(t);
    expect(r.outcome.found).toBe(true);
    if (!r.outcome.found) return;
    expect(r.outcome.how.kind).toBe('score');
    if (r.outcome.how.kind !== 'score') return;
    expect(r.outcome.how.score).toBeGreaterThanOrEqual(0.6);
    expect(r.outcome.how.margin).toBeGreaterThanOrEqual(0.15);
    expect(r.element?.textContent).toBe('Deploy release');
    expect(r.outcome.drift).toEqual(expect.arrayContaining([{ field: 'name', recorded: 'Deploy now', now: 'Deploy release' }]));
  });

  it('a renamed button is told from another button sharing a word, by its leading word and its place', () => {
    setBody('<section id="start"><button>Start deploy</button></section><section><div class="actions"><button>Cancel</button><button>Deploy now</button></div></section>');
    const t = recorded('.actions button:nth-of-type(2)');
    expect(t.selectors.css).toBe('button:nth-of-type(2)');
    document.querySelectorAll('.actions button')[1]!.textContent = 'Deploy release';
    const r = found(t);
    expect(r.outcome).toMatchObject({ found: true, how: { kind: 'score' } });
    expect(r.element?.textContent).toBe('Deploy release');
  });

  it('two look-alikes are ambiguous: not found, never a guess', () => {
    setBody('<ul><li><button>Approve</button></li><li><button>Reject</button></li></ul>');
    const t = recorded('li:nth-of-type(1) button');
    // the page now has two renamed look-alikes in the same place
    document.querySelector('ul')!.innerHTML = '<li><button>Approve release</button></li><li><button>Approve release</button></li>';
    const r = found(t);
    expect(r.element).toBeUndefined();
    expect(r.outcome).toMatchObject({ found: false, reason: 'ambiguous', tied: 2 });
  });

  it('two identical exact matches are ambiguous too (no locator is unique)', () => {
    setBody('<p><button>Delete</button></p><div class="x"><span></span></div>');
    const t = recorded('button');
    document.querySelector('.x')!.innerHTML = '<button>Delete</button>';
    const r = found(t);
    expect(r.outcome).toMatchObject({ found: false, reason: 'ambiguous' });
  });

  it('nothing alike: weak, not found', () => {
    setBody('<button>Deploy</button>');
    const t = recorded('button');
    setBody('<a href="/help">Help</a>');
    const r = found(t);
    expect(r.outcome).toMatchObject({ found: false });
    expect(r.outcome.found || r.outcome.reason).toMatch(/weak|none/);
  });
});

describe('findTarget: shadow roots', () => {
  function component(buttonText: string): HTMLElement {
    const host = document.createElement('health-panel');
    host.id = 'health';
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = `<div class="card"><button>Refresh</button><button>${buttonText}</button></div>`;
    document.body.append(host);
    return host;
  }

  it('finds the element inside the recorded open shadow root', () => {
    const host = component('Acknowledge');
    const t = recorded('button:nth-of-type(2)', host.shadowRoot!);
    expect(t.shadowPath).toEqual(['#health']);
    // a same-named button in the light DOM must not be taken
    document.body.insertAdjacentHTML('afterbegin', '<button>Acknowledge</button>');
    const r = found(t);
    expect(r.outcome).toMatchObject({ found: true, how: { kind: 'locator', locator: 'role' } });
    expect(r.element?.getRootNode()).toBe(host.shadowRoot);
  });

  it('says so when the component is not on the page', () => {
    const host = component('Acknowledge');
    const t = recorded('button:nth-of-type(2)', host.shadowRoot!);
    host.remove();
    expect(rootFor(document, t.shadowPath)).toBeNull();
    expect(found(t).outcome).toMatchObject({ found: false, reason: 'no-root' });
  });
});

describe('waitForTarget: elements that appear late', () => {
  it('resolves as soon as the exact element is rendered', async () => {
    setBody('<main><button>Deploy</button></main>');
    const t = recorded('button');
    setBody('<main></main>');
    setTimeout(() => document.querySelector('main')!.insertAdjacentHTML('beforeend', '<button>Deploy</button>'), 30);
    const r = await waitForTarget(document, t, { timeoutMs: 5_000 });
    expect(r.outcome).toMatchObject({ found: true, how: { kind: 'locator', locator: 'role' } });
  });

  it('does not settle for a scored look-alike while the exact one may still render', async () => {
    setBody('<div class="actions"><button>Cancel</button><button>Deploy now</button></div>');
    const t = recorded('.actions button:nth-of-type(2)');
    setBody('<div class="actions"><button>Cancel</button><button>Deploy later</button></div>');
    setTimeout(() => document.querySelector('.actions')!.insertAdjacentHTML('beforeend', '<button>Deploy now</button>'), 30);
    const r = await waitForTarget(document, t, { timeoutMs: 5_000, scoreAfterMs: 2_000 });
    expect(r.outcome).toMatchObject({ found: true, how: { kind: 'locator', locator: 'role' } });
    expect(r.element?.textContent).toBe('Deploy now');
  });

  it('takes the scored match once the page had time to render', async () => {
    setBody('<div class="actions"><button>Cancel</button><button>Deploy now</button></div>');
    const t = recorded('.actions button:nth-of-type(2)');
    document.querySelectorAll('button')[1]!.textContent = 'Deploy release';
    const r = await waitForTarget(document, t, { timeoutMs: 5_000, scoreAfterMs: 20 });
    expect(r.outcome).toMatchObject({ found: true, how: { kind: 'score' } });
  });

  it('its last word at the timeout is a scored one: why nothing was taken', async () => {
    setBody('<ul><li><button>Approve</button></li><li><button>Reject</button></li></ul>');
    const t = recorded('li:nth-of-type(1) button');
    document.querySelector('ul')!.innerHTML = '<li><button>Approve release</button></li><li><button>Approve release</button></li>';
    const r = await waitForTarget(document, t, { timeoutMs: 60, scoreAfterMs: 10_000, pollMs: 10 });
    expect(r.outcome).toMatchObject({ found: false, reason: 'ambiguous' });
  });

  it('stops at once when the step is left (aborted)', async () => {
    setBody('<button>Deploy</button>');
    const t = recorded('button');
    setBody('<p>Loading…</p>');
    const ac = new AbortController();
    const pending = waitForTarget(document, t, { timeoutMs: 60_000, signal: ac.signal });
    ac.abort();
    expect((await pending).outcome).toMatchObject({ found: false, detail: 'Stopped.' });
  });

  it('gives up at the timeout with the reason', async () => {
    setBody('<button>Deploy</button>');
    const t = recorded('button');
    setBody('<p>Loading…</p>');
    const r = await waitForTarget(document, t, { timeoutMs: 60, scoreAfterMs: 10, pollMs: 10 });
    expect(r.outcome.found).toBe(false);
  });
});
