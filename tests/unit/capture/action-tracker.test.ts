// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActionTracker, type ActionTracker, type TrackerOutput } from '../../../lib/capture/action-tracker';
import type { CapturedAction } from '../../../lib/model';

let outputs: TrackerOutput[];
let active: boolean;
let clock: number;
let tracker: ActionTracker;

/** jsdom cannot submit forms: a page-side handler stops Enter's implicit submission. */
const noImplicitSubmit = (e: KeyboardEvent): void => {
  if (e.key === 'Enter') e.preventDefault();
};

beforeEach(() => {
  vi.useFakeTimers();
  outputs = [];
  active = true;
  clock = 1_000_000;
  document.title = 'Orders';
  document.addEventListener('keydown', noImplicitSubmit);
  // jsdom marks every dispatched event untrusted: here the user's are those a test does not mark as the page's.
  tracker = createActionTracker({ win: window, emit: (o) => outputs.push(o), isActive: () => active, now: () => clock, isTrusted: (e) => !(e as { byPage?: boolean }).byPage, defer: (work) => work() });
});

afterEach(() => {
  tracker.detach();
  vi.useRealTimers();
  document.removeEventListener('keydown', noImplicitSubmit);
  document.body.innerHTML = '';
});

const actions = (): CapturedAction[] => outputs.flatMap((o) => (o.type === 'action' ? [o.action] : []));
const shotIdOf = (o: TrackerOutput | undefined): string | undefined => (o?.type === 'shot' ? o.shotId : undefined);
const kinds = (): string[] => outputs.map((o) => (o.type === 'action' ? o.action.kind : o.type));

function $(selector: string, root: ParentNode = document): HTMLElement {
  const found = root.querySelector<HTMLElement>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
}

/** Advances our clock past the echo window so consecutive test clicks count as separate user clicks. */
function later(ms = 200): void {
  clock += ms;
}

function pointerClick(el: Element, init: MouseEventInit = {}): void {
  el.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true, button: 0, isPrimary: true, ...init }));
  el.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, button: 0, ...init }));
}

function type(el: HTMLInputElement | HTMLTextAreaElement, text: string): void {
  el.focus();
  for (const ch of text) {
    el.value += ch;
    el.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, data: ch, inputType: 'insertText' }));
    later(80);
  }
}

function key(el: Element, init: KeyboardEventInit): void {
  el.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, composed: true, cancelable: true, ...init }));
}

describe('clicks', () => {
  it('requests a screenshot at pointerdown and cites it in the click', () => {
    document.body.innerHTML = '<button data-testid="save"><span>Save</span></button>';
    pointerClick($('span'));

    expect(kinds()).toEqual(['shot', 'click']);
    const [shot, click] = outputs;
    expect(shotIdOf(shot)).toEqual(expect.any(String));
    expect(shot).toMatchObject({ type: 'shot', at: clock });
    expect(click).toMatchObject({
      type: 'action',
      shotId: shotIdOf(shot),
      action: { kind: 'click', button: 0, modifiers: { alt: false, ctrl: false, meta: false, shift: false }, target: { tag: 'button', role: 'button', name: 'Save' } },
    });
    expect(click).toMatchObject({
      page: { url: 'http://localhost:3000/', title: 'Orders' },
      viewport: { width: window.innerWidth, height: window.innerHeight, devicePixelRatio: 1 },
    });
  });

  it('ignores secondary-button pointerdowns but records modifiers of the click', () => {
    document.body.innerHTML = '<a href="/x">Open</a>';
    $('a').dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, button: 2, isPrimary: true }));
    $('a').dispatchEvent(new MouseEvent('click', { bubbles: true, ctrlKey: true }));
    expect(kinds()).toEqual(['click']);
    expect(actions()[0]).toMatchObject({ modifiers: { ctrl: true } });
    expect(outputs[0]).not.toHaveProperty('shotId');
  });

  it('records a middle-click (a link opened in a new tab fires auxclick, no click), but not a right-click', () => {
    document.body.innerHTML = '<a href="/runbook">Runbook</a>';
    $('a').dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, button: 1, isPrimary: true }));
    $('a').dispatchEvent(new MouseEvent('auxclick', { bubbles: true, button: 1 }));
    later();
    $('a').dispatchEvent(new MouseEvent('auxclick', { bubbles: true, button: 2 }));
    expect(actions()).toMatchObject([{ kind: 'click', button: 1, target: { role: 'link', name: 'Runbook' } }]);
  });

  it('records a click on a label once, as a click on its control', () => {
    document.body.innerHTML = '<label for="remember">Remember me</label><input type="checkbox" id="remember">';
    $('label').click(); // jsdom, like browsers, forwards a second click to the checkbox
    const clicks = actions().filter((a) => a.kind === 'click');
    expect(clicks).toHaveLength(1);
    expect(clicks[0]).toMatchObject({ target: { tag: 'input', type: 'checkbox', name: 'Remember me' } });
  });

  it('drops a click a page script proxies from the user click (styled "Browse" button)', () => {
    document.body.innerHTML = '<button id="browse">Browse…</button><input type="file" id="file" hidden>';
    $('#browse').addEventListener('click', () => $('#file').click());
    pointerClick($('#browse'));
    expect(actions().map((a) => a.kind === 'click' && a.target.tag)).toEqual(['button']);
  });

  it("drops a click a page script makes on its own, long after the user's last event", () => {
    document.body.innerHTML = '<button id="close" hidden>Close</button><button id="save">Save</button>';
    pointerClick($('#save'));
    later(5_000);
    $('#close').dispatchEvent(Object.assign(new MouseEvent('click', { bubbles: true }), { byPage: true }));
    expect(actions().map((a) => a.kind === 'click' && a.target.name)).toEqual(['Save']);
  });

  it("keeps a page script's click right after the user's key (a shortcut clicking a button for them)", () => {
    document.body.innerHTML = '<button id="run">Run</button>';
    later(5_000);
    key(document.body, { key: 'r' });
    later(20);
    $('#run').dispatchEvent(Object.assign(new MouseEvent('click', { bubbles: true }), { byPage: true }));
    expect(actions()).toMatchObject([{ kind: 'click', target: { name: 'Run' } }]);
  });

  it('still records a click on a text field (focus clicks are merged later)', () => {
    document.body.innerHTML = '<input aria-label="Search">';
    pointerClick($('input'));
    expect(actions()).toMatchObject([{ kind: 'click', target: { role: 'textbox', name: 'Search' } }]);
  });
});

describe('typing', () => {
  it('merges keystrokes into one input action with the final value, emitted on blur', () => {
    document.body.innerHTML = '<label for="q">Customer</label><input id="q"><button>Go</button>';
    type($('#q') as HTMLInputElement, 'Acme Ltd');
    expect(outputs).toEqual([]);
    $('#q').blur();
    expect(actions()).toEqual([expect.objectContaining({ kind: 'input', value: 'Acme Ltd', target: expect.objectContaining({ label: 'Customer' }) })]);
  });

  it('settles after 1.5 s without typing', () => {
    document.body.innerHTML = '<input id="q">';
    type($('#q') as HTMLInputElement, 'abc');
    vi.advanceTimersByTime(1_000);
    expect(outputs).toEqual([]);
    later(1_500);
    vi.advanceTimersByTime(1_500);
    expect(actions()).toMatchObject([{ kind: 'input', value: 'abc' }]);
  });

  it('keeps order: typing is emitted before the click that ends it', () => {
    document.body.innerHTML = '<input id="q"><button>Search</button>';
    type($('#q') as HTMLInputElement, 'shoes');
    pointerClick($('button'));
    expect(kinds()).toEqual(['input', 'shot', 'click']);
  });

  it('emits one action per field, in order', () => {
    document.body.innerHTML = '<input id="a"><input id="b">';
    type($('#a') as HTMLInputElement, 'one');
    type($('#b') as HTMLInputElement, 'two');
    tracker.flush();
    expect(actions()).toMatchObject([{ kind: 'input', value: 'one' }, { kind: 'input', value: 'two' }]);
  });

  it('settles on change', () => {
    document.body.innerHTML = '<input id="q">';
    type($('#q') as HTMLInputElement, 'x');
    $('#q').dispatchEvent(new Event('change', { bubbles: true }));
    $('#q').blur();
    expect(actions()).toMatchObject([{ kind: 'input', value: 'x' }]);
  });

  it('reads contenteditable text', () => {
    document.body.innerHTML = '<div contenteditable="true" aria-label="Comment"><p id="p"></p></div>';
    $('#p').textContent = 'Looks good';
    $('#p').dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    tracker.flush();
    expect(actions()).toMatchObject([{ kind: 'input', value: 'Looks good', target: { tag: 'div', name: 'Comment' } }]);
  });

  it('captures typing inside an open shadow root with the host path', () => {
    document.body.innerHTML = '<x-search id="search"></x-search>';
    const root = $('#search').attachShadow({ mode: 'open' });
    root.innerHTML = '<input placeholder="Find">';
    type($('input', root) as HTMLInputElement, 'abc');
    tracker.flush();
    expect(actions()).toMatchObject([{ kind: 'input', value: 'abc', target: { shadowPath: ['#search'], selectors: { css: 'input' } } }]);
  });
});

describe('sensitive fields', () => {
  it.each([
    ['a password field', '<form><label>Password <input id="f" type="password"></label></form>'],
    ['a token field of type text', '<label for="f">Registry token</label><input id="f">'],
    ['a password field shown as text by a toggle', '<form><input id="f" type="password"><button type="button" id="show">Show</button></form>'],
  ])('never puts the value of %s in any output', async (_title, html) => {
    document.body.innerHTML = html;
    const field = $('#f') as HTMLInputElement;
    const show = document.getElementById('show');
    if (show) {
      show.addEventListener('click', () => (field.type = 'text'));
      pointerClick(show);
      await Promise.resolve(); // the toggle and the first keystroke are separate tasks in a browser
      later();
    }
    type(field, 'hunter2-s3cret');
    key(field, { key: 'Enter' });
    field.blur();
    tracker.flush();

    const input = actions().find((a) => a.kind === 'input');
    expect(input).toMatchObject({ kind: 'input', target: { sensitive: true } });
    expect(input).not.toHaveProperty('value');
    const json = JSON.stringify(outputs);
    expect(json).not.toContain('hunter2');
    expect(json).not.toContain('s3cret');
  });

  it('never reads .value of a password field', () => {
    document.body.innerHTML = '<input id="f" type="password">';
    const field = $('#f') as HTMLInputElement;
    let reads = 0;
    Object.defineProperty(field, 'value', { get: () => (reads++, 'secret') });
    field.dispatchEvent(new InputEvent('input', { bubbles: true }));
    tracker.flush();
    pointerClick(field);
    expect(actions().length).toBe(2);
    expect(reads).toBe(0);
  });
});

describe('choices', () => {
  it('reports a select by the chosen option label', () => {
    document.body.innerHTML = '<label for="s">Plan</label><select id="s"><option value="p1">Basic</option><option value="p2" label="Pro plan">Pro</option></select>';
    const select = $('#s') as HTMLSelectElement;
    select.value = 'p2';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    expect(actions()).toMatchObject([{ kind: 'change', value: 'Pro plan', target: { tag: 'select', label: 'Plan' } }]);
  });

  it("reports the chosen option's value beside its label: replay tools select by value", () => {
    document.body.innerHTML = '<label for="s">Plan</label><select id="s"><option value="p1">Basic</option><option value="plan_pro_2024">Pro</option></select>';
    const select = $('#s') as HTMLSelectElement;
    select.value = 'plan_pro_2024';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    expect(actions()).toEqual([expect.objectContaining({ kind: 'change', value: 'Pro', optionValue: 'plan_pro_2024' })]);
  });

  it('reports no option value for a multiple choice, which one value cannot express', () => {
    document.body.innerHTML = '<select id="s" multiple aria-label="Regions"><option value="eu">Europe</option><option value="us">Americas</option></select>';
    const select = $('#s') as HTMLSelectElement;
    for (const o of Array.from(select.options)) o.selected = true;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    expect(actions()).toEqual([expect.objectContaining({ kind: 'change', value: 'Europe, Americas' })]);
    expect(actions()[0]).not.toHaveProperty('optionValue');
  });

  it('reads neither the label nor the value of a sensitive select', () => {
    document.body.innerHTML = '<label for="m">Expiry month</label><select id="m" autocomplete="cc-exp-month"><option value="01">01</option><option value="07">07</option></select>';
    const select = $('#m') as HTMLSelectElement;
    select.value = '07';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    expect(actions()).toMatchObject([{ kind: 'change', target: { tag: 'select', sensitive: true } }]);
    expect(actions()[0]).not.toHaveProperty('value');
    expect(actions()[0]).not.toHaveProperty('optionValue');
  });

  it('reports a checkbox once although browsers fire input and change', () => {
    document.body.innerHTML = '<label><input type="checkbox" id="c"> Subscribe</label>';
    const box = $('#c') as HTMLInputElement;
    box.checked = true;
    box.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    box.dispatchEvent(new Event('change', { bubbles: true }));
    expect(actions()).toEqual([expect.objectContaining({ kind: 'change', checked: true, target: expect.objectContaining({ name: 'Subscribe' }) })]);
  });

  it('reports a radio', () => {
    document.body.innerHTML = '<input type="radio" name="ship" id="r" aria-label="Express">';
    ($('#r') as HTMLInputElement).checked = true;
    $('#r').dispatchEvent(new Event('change', { bubbles: true }));
    expect(actions()).toMatchObject([{ kind: 'change', checked: true, target: { role: 'radio', name: 'Express' } }]);
  });

  it('reports file names only', () => {
    document.body.innerHTML = '<input type="file" id="f" multiple aria-label="Attachments">';
    const files = [new File(['%PDF-1.4 secret contents'], 'invoice-42.pdf'), new File(['a,b'], 'rates.csv')];
    Object.defineProperty($('#f'), 'files', { value: files });
    $('#f').dispatchEvent(new Event('change', { bubbles: true }));
    expect(actions()).toEqual([expect.objectContaining({ kind: 'file', fileNames: ['invoice-42.pdf', 'rates.csv'] })]);
    expect(JSON.stringify(outputs)).not.toContain('secret contents');
  });
});

describe('keys and forms', () => {
  it('emits Enter in a text field after the typing, with a screenshot', () => {
    document.body.innerHTML = '<input id="q" aria-label="Search">';
    type($('#q') as HTMLInputElement, 'tea');
    key($('#q'), { key: 'Enter' });
    expect(kinds()).toEqual(['input', 'shot', 'key']);
    expect(shotIdOf(outputs[1])).toEqual(expect.any(String));
    expect(outputs[2]).toMatchObject({ shotId: shotIdOf(outputs[1]), action: { kind: 'key', key: 'Enter', target: { name: 'Search' } } });
  });

  it.each([
    ['Escape', { key: 'Escape' }, true],
    ['Ctrl+S', { key: 's', ctrlKey: true }, true],
    ['Meta+Shift+P', { key: 'P', metaKey: true, shiftKey: true }, true],
    ['a plain letter', { key: 'a' }, false],
    ['Shift alone', { key: 'Shift', shiftKey: true }, false],
    ['Control alone', { key: 'Control', ctrlKey: true }, false],
    ['Tab', { key: 'Tab' }, false],
    ['auto-repeat', { key: 'Escape', repeat: true }, false],
    ['during IME composition', { key: 'Enter', isComposing: true }, false],
  ])('%s → key action: %s', (_title, init, emitted) => {
    document.body.innerHTML = '<div tabindex="0" id="d">panel</div>';
    key($('#d'), init);
    expect(actions().filter((a) => a.kind === 'key')).toHaveLength(emitted ? 1 : 0);
  });

  it('treats Enter in a textarea as typing, but Ctrl+Enter as a key', () => {
    document.body.innerHTML = '<textarea id="t"></textarea>';
    key($('#t'), { key: 'Enter' });
    expect(outputs).toEqual([]);
    key($('#t'), { key: 'Enter', ctrlKey: true });
    expect(actions()).toMatchObject([{ kind: 'key', key: 'Enter', modifiers: { ctrl: true } }]);
  });

  it('reports a form submit with the form as target, after pending typing', () => {
    document.body.innerHTML = '<form aria-label="Sign in" id="login"><input id="u"></form>';
    type($('#u') as HTMLInputElement, 'ada');
    $('form').dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    expect(actions()).toMatchObject([
      { kind: 'input', value: 'ada' },
      { kind: 'submit', target: { tag: 'form', role: 'form', name: 'Sign in', selectors: { id: '#login' } } },
    ]);
  });
});

describe('lifecycle', () => {
  it('emits nothing while inactive', () => {
    active = false;
    document.body.innerHTML = '<form><input id="q"><button>Go</button></form>';
    type($('#q') as HTMLInputElement, 'abc');
    pointerClick($('button'));
    key($('#q'), { key: 'Enter' });
    $('form').dispatchEvent(new Event('submit', { bubbles: true }));
    vi.advanceTimersByTime(5_000);
    tracker.flush();
    expect(outputs).toEqual([]);
    expect(tracker.stats().count).toBe(0);
  });

  it('stops listening after detach and drops half-typed text', () => {
    document.body.innerHTML = '<input id="q"><button>Go</button>';
    type($('#q') as HTMLInputElement, 'abc');
    tracker.detach();
    vi.advanceTimersByTime(5_000);
    pointerClick($('button'));
    expect(outputs).toEqual([]);
  });

  it('reports the viewport as of the last resize', () => {
    document.body.innerHTML = '<button>Go</button>';
    pointerClick($('button'));
    const width = window.innerWidth;
    Object.defineProperty(window, 'innerWidth', { value: 500, configurable: true });
    window.dispatchEvent(new Event('resize'));
    later();
    pointerClick($('button'));
    expect(outputs.flatMap((o) => (o.type === 'action' ? [o.viewport.width] : []))).toEqual([width, 500]);
    Object.defineProperty(window, 'innerWidth', { value: width, configurable: true });
  });

  it('never cancels or stops events', () => {
    document.body.innerHTML = '<a href="#x">x</a>';
    const seen: boolean[] = [];
    document.body.addEventListener('click', (e) => seen.push(e.defaultPrevented));
    $('a').dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    expect(seen).toEqual([false]);
  });

  it('measures each handler', () => {
    // Fake timers freeze performance.now, which the tracker reads from the window it was given.
    tracker.detach();
    vi.useRealTimers();
    // jsdom marks every dispatched event untrusted: here the user's are those a test does not mark as the page's.
  tracker = createActionTracker({ win: window, emit: (o) => outputs.push(o), isActive: () => active, now: () => clock, isTrusted: (e) => !(e as { byPage?: boolean }).byPage, defer: (work) => work() });
    document.body.innerHTML = '<button>Go</button>';
    for (let i = 0; i < 10; i++) {
      pointerClick($('button'));
      later();
    }
    const stats = tracker.stats();
    expect(stats.count).toBe(20);
    expect(stats.medianUs).toBeGreaterThan(0);
    expect(stats.p99Us).toBeGreaterThanOrEqual(stats.medianUs);
  });
});


describe('a field is placed when the user began to fill it, however it was filled', () => {
  const atOf = (kind: string) => outputs.find((o) => o.type === 'action' && o.action.kind === kind)?.at;
  const pageEvent = <E extends Event>(e: E): E => Object.assign(e, { byPage: true });

  it('a value set without keystrokes (autofill, fill()) is timed at its input, not when it settled', () => {
    document.body.innerHTML = '<label>Name <input id="n"></label><button id="b">Save</button>';
    const input = $('#n') as HTMLInputElement;
    const filledAt = clock;
    input.value = 'Dana';
    input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertReplacementText' }));
    later(900);
    pointerClick($('#b'));
    expect(kinds()).toEqual(['input', 'shot', 'click']);
    expect(atOf('input')).toBe(filledAt);
    expect(atOf('click')).toBe(filledAt + 900);
  });

  it('typing merges into one step, timed at the first keystroke', () => {
    document.body.innerHTML = '<input id="t" aria-label="Ticket">';
    const startedAt = clock;
    type($('#t') as HTMLInputElement, 'CHG-1');
    tracker.flush();
    expect(actions()).toEqual([expect.objectContaining({ kind: 'input', value: 'CHG-1' })]);
    expect(atOf('input')).toBe(startedAt);
  });

  it('a page script that fills a field on its own is not the user\u2019s step', () => {
    document.body.innerHTML = '<input id="t" aria-label="Region">';
    later(5_000);
    const input = $('#t') as HTMLInputElement;
    input.value = 'eu-west-1';
    input.dispatchEvent(pageEvent(new Event('input', { bubbles: true })));
    input.dispatchEvent(pageEvent(new Event('change', { bubbles: true })));
    tracker.flush();
    expect(actions()).toEqual([]);
  });

  it('a formatter reacting to the user\u2019s keystroke stays part of the user\u2019s typing', () => {
    document.body.innerHTML = '<input id="p" aria-label="Phone">';
    const input = $('#p') as HTMLInputElement;
    input.addEventListener('input', (e) => {
      if ((e as { byPage?: boolean }).byPage) return;
      input.value = input.value.replace(/^(\d{3})(\d)/, '$1-$2');
      input.dispatchEvent(pageEvent(new Event('input', { bubbles: true })));
    });
    input.dispatchEvent(new KeyboardEvent('keydown', { key: '5', bubbles: true }));
    type(input, '5551');
    tracker.flush();
    expect(actions()).toEqual([expect.objectContaining({ kind: 'input', value: '555-1' })]);
  });

  it('a paste: the page\u2019s own input right after it counts, timed at the paste', () => {
    document.body.innerHTML = '<input id="k" aria-label="Team">';
    const input = $('#k') as HTMLInputElement;
    const pastedAt = clock;
    input.dispatchEvent(new Event('paste', { bubbles: true }));
    input.value = 'Platform';
    input.dispatchEvent(pageEvent(new Event('input', { bubbles: true })));
    tracker.flush();
    expect(actions()).toEqual([expect.objectContaining({ kind: 'input', value: 'Platform' })]);
    expect(atOf('input')).toBe(pastedAt);
  });

  it('a drop into a field is a step of its own', () => {
    document.body.innerHTML = '<textarea id="d" aria-label="Notes"></textarea>';
    const area = $('#d') as HTMLTextAreaElement;
    area.dispatchEvent(new Event('drop', { bubbles: true }));
    area.value = 'dropped text';
    area.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromDrop' }));
    tracker.flush();
    expect(actions()).toEqual([expect.objectContaining({ kind: 'input', value: 'dropped text' })]);
  });

  it('IME composition is one typing burst, placed at its start', () => {
    document.body.innerHTML = '<input id="j" aria-label="Name">';
    const input = $('#j') as HTMLInputElement;
    const startedAt = clock;
    input.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true }));
    for (const v of ['k', 'か', 'かな']) {
      input.value = v;
      input.dispatchEvent(new InputEvent('input', { bubbles: true, isComposing: true, inputType: 'insertCompositionText' }));
      later(50);
    }
    input.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: 'かな' }));
    tracker.flush();
    expect(actions()).toEqual([expect.objectContaining({ kind: 'input', value: 'かな' })]);
    expect(atOf('input')).toBe(startedAt);
  });
});

/**
 * Replaces the tracker with one that describes and emits after the dispatch, as in a browser (a task after the
 * event); `runLater` runs that task.
 */
function withDeferredTracker(): () => void {
  let later: Array<() => void> = [];
  beforeEach(() => {
    tracker.detach();
    later = [];
    tracker = createActionTracker({ win: window, emit: (o) => outputs.push(o), isActive: () => true, now: () => clock, isTrusted: () => true, defer: (work) => void later.push(work) });
  });
  // A drain may stop to let input through and resume in a task of its own: run until nothing is left.
  return () => {
    while (later.length) later.splice(0).forEach((w) => w());
  };
}

describe('the page changes right after the click: the step still says what was clicked', () => {
  const runLater = withDeferredTracker();
  const click = () => actions().find((a) => a.kind === 'click')!;

  it('nothing is described or emitted inside the dispatch', () => {
    document.body.innerHTML = '<button id="b">Deploy</button>';
    pointerClick($('#b'));
    expect(actions()).toEqual([]);
    runLater();
    expect(click().target).toMatchObject({ name: 'Deploy', role: 'button' });
  });

  it('a button that removes itself', () => {
    document.body.innerHTML = '<ul><li><span>web-1</span> <button data-testid="remove-web-1">Remove</button></li></ul>';
    const button = $('button');
    const box = button.getBoundingClientRect();
    button.addEventListener('click', () => button.closest('li')!.remove());
    pointerClick(button);
    runLater();
    expect(click().target).toMatchObject({ name: 'Remove', text: 'Remove', selectors: { css: '[data-testid="remove-web-1"]', role: { role: 'button', name: 'Remove' } } });
    expect(click().target.box).toEqual({ x: box.x, y: box.y, width: box.width, height: box.height });
  });

  it('a table row that re-renders (the element replaced by an equal-looking one)', () => {
    document.body.innerHTML = '<table><tbody id="rows"><tr><td><a href="#a" id="svc-a">payments-api</a></td></tr><tr><td><a href="#b">orders</a></td></tr></tbody></table>';
    const link = $('#svc-a');
    link.addEventListener('click', () => {
      $('#rows').innerHTML = '<tr class="selected"><td><a href="#a" id="svc-a">payments-api</a></td></tr><tr><td><a href="#b">orders</a></td></tr>';
    });
    pointerClick(link);
    runLater();
    expect(click().target).toMatchObject({ name: 'payments-api', selectors: { css: '#svc-a' } });
  });

  it('a label that changes to "Copied!"', () => {
    document.body.innerHTML = '<button id="copy" class="copy">Copy token</button>';
    const button = $('#copy');
    button.addEventListener('click', () => (button.textContent = 'Copied!'));
    pointerClick(button);
    runLater();
    expect(click().target).toMatchObject({ name: 'Copy token', text: 'Copy token', selectors: { css: '#copy', role: { role: 'button', name: 'Copy token' } } });
  });
});

describe('the page moves or replaces the target: selectors describe the tree the action was done in', () => {
  const runLater = withDeferredTracker();
  const onlyMatch = (html: string, css: string): Element[] => {
    const doc = new DOMParser().parseFromString(`<!doctype html><html><head></head><body>${html}</body></html>`, 'text/html');
    return Array.from(doc.querySelectorAll(css));
  };

  it('an SPA link whose view is swapped by its own click: the path finds it in the view it was clicked in', () => {
    const view = '<nav><a href="#/">Home</a><a href="#/services">Services</a></nav><main><ul><li><a href="#/deploy">Open</a></li><li><a href="#/deploy/2">Open</a></li></ul></main>';
    document.body.innerHTML = view;
    const link = document.querySelectorAll('main a')[1]!;
    link.addEventListener('click', () => (document.body.innerHTML = '<main><h1>Deploy</h1><select id="v"></select></main>'));
    pointerClick(link);
    runLater();
    const target = actions().find((a) => a.kind === 'click')!.target;
    expect(target).toMatchObject({ name: 'Open', text: 'Open', selectors: { role: { role: 'link', name: 'Open' }, text: 'Open' } });
    const found = onlyMatch(view, target.selectors.css);
    expect(found).toHaveLength(1);
    expect(found[0]!.getAttribute('href')).toBe('#/deploy/2');
  });

  it('a row moved by rows inserted above it: the path is the one at the click, not after', () => {
    const rows = '<table><tbody><tr><td><button>Restart</button></td></tr><tr><td><button>Restart</button></td></tr></tbody></table>';
    document.body.innerHTML = rows;
    const second = document.querySelectorAll('button')[1]!;
    second.addEventListener('click', () => document.querySelector('tbody')!.prepend(document.createElement('tr')));
    pointerClick(second);
    runLater();
    const target = actions().find((a) => a.kind === 'click')!.target;
    const found = onlyMatch(rows, target.selectors.css);
    expect(found).toEqual([expect.anything()]);
    expect(found[0]!.closest('tr')!.rowIndex).toBe(1);
  });

  it('a select the page re-renders on change keeps its label and value', () => {
    document.body.innerHTML = '<form><label for="version">Version</label><div id="slot"><select id="version"><option>1.4.1</option><option>1.4.2</option></select></div></form>';
    const select = $('#version') as HTMLSelectElement;
    select.addEventListener('change', () => ($('#slot').innerHTML = '<select id="version"><option>1.4.1</option><option selected>1.4.2</option></select>'));
    select.value = '1.4.2';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    runLater();
    expect(actions()).toMatchObject([{ kind: 'change', value: '1.4.2', target: { tag: 'select', label: 'Version', selectors: { id: '#version', css: '#version' } } }]);
  });
});

describe('what must watch the page starts inside the dispatch', () => {
  it('onAction runs before the page’s own click handler, the action itself is emitted after the dispatch', () => {
    tracker.detach();
    const later: Array<() => void> = [];
    const order: string[] = [];
    tracker = createActionTracker({ win: window, emit: () => order.push('emitted'), isActive: () => true, now: () => clock, isTrusted: () => true, defer: (w) => void later.push(w), onAction: () => order.push('onAction') });
    document.body.innerHTML = '<button id="b">Deploy</button>';
    $('#b').addEventListener('click', () => order.push('page handler'));
    pointerClick($('#b'));
    expect(order.filter((o) => o !== 'emitted')).toEqual(['onAction', 'page handler']);
    later.splice(0).forEach((w) => w());
    expect(order.at(-1)).toBe('emitted');
  });
});

describe('double-click', () => {
  it('the second click of a double-click carries the browser’s click count', () => {
    document.body.innerHTML = '<div id="node" role="button">inject</div>';
    pointerClick($('#node'), { detail: 1 });
    later();
    pointerClick($('#node'), { detail: 2 });
    const clicks = actions().filter((a) => a.kind === 'click');
    expect(clicks.map((c) => (c.kind === 'click' ? c.count : undefined))).toEqual([undefined, 2]);
  });
});

describe('a press or a focus prepares what its click or typing needs: the dispatch only looks it up', () => {
  let soonQueue: Array<() => void> = [];
  let laterQueue: Array<() => void> = [];
  const runSoon = () => soonQueue.splice(0).forEach((w) => w());
  const runLater = () => laterQueue.splice(0).forEach((w) => w());
  beforeEach(() => {
    tracker.detach();
    soonQueue = [];
    laterQueue = [];
    tracker = createActionTracker({ win: window, emit: (o) => outputs.push(o), isActive: () => true, now: () => clock, isTrusted: () => true, soon: (w) => void soonQueue.push(w), defer: (w) => void laterQueue.push(w) });
  });
  const press = (el: Element) => el.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true, button: 0, isPrimary: true }));
  const release = (el: Element) => el.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, button: 0 }));
  /** Counts layout and style reads made while `during` runs. */
  function layoutReads(during: () => void): number {
    const rect = vi.spyOn(Element.prototype, 'getBoundingClientRect');
    const style = vi.spyOn(window, 'getComputedStyle');
    try {
      during();
      return rect.mock.calls.length + style.mock.calls.length;
    } finally {
      rect.mockRestore();
      style.mockRestore();
    }
  }
  const click = () => actions().find((a) => a.kind === 'click')!;

  it('the click after its press’s task reads no layout or style in the dispatch, and says what was pressed', () => {
    document.body.innerHTML = '<div style="cursor:pointer" id="card"><b>Reminder</b></div>';
    const inner = $('#card b');
    press(inner);
    runSoon();
    expect(layoutReads(() => release(inner))).toBe(0);
    runLater();
    expect(click().target).toMatchObject({ tag: 'div', selectors: { css: '#card' } });
  });

  it('the click after a prepared press registers no task: a drain already waits for it', () => {
    document.body.innerHTML = '<button id="b">Deploy</button>';
    press($('#b'));
    runSoon();
    runLater();
    const registered = soonQueue.length + laterQueue.length;
    release($('#b'));
    expect(soonQueue.length + laterQueue.length).toBe(registered);
    runLater();
    expect(click().target).toMatchObject({ name: 'Deploy' });
  });

  it('a press whose click never comes stops re-arming its drain', () => {
    document.body.innerHTML = '<button id="b">Deploy</button>';
    press($('#b'));
    runSoon();
    runLater();
    expect(laterQueue).toHaveLength(1);
    later(1_500);
    runLater();
    expect(laterQueue).toHaveLength(0);
    expect(actions()).toEqual([]);
  });

  it('without the task between press and click (a script’s fast press), the click reads its target itself', () => {
    document.body.innerHTML = '<button id="b">Deploy</button>';
    press($('#b'));
    expect(layoutReads(() => release($('#b')))).toBeGreaterThan(0);
    runSoon();
    runLater();
    expect(click().target).toMatchObject({ name: 'Deploy' });
  });

  it('a label that turns into "Copied!" in the click: the prepared text is the one the person saw', () => {
    document.body.innerHTML = '<button id="copy">Copy token</button>';
    const button = $('#copy');
    button.addEventListener('click', () => (button.textContent = 'Copied!'));
    press(button);
    runSoon();
    release(button);
    runLater();
    expect(click().target).toMatchObject({ name: 'Copy token', text: 'Copy token' });
  });

  it('released on another element than pressed: the click’s own target, read in its dispatch', () => {
    document.body.innerHTML = '<button id="a">Cancel</button><button id="b">Deploy</button>';
    press($('#a'));
    runSoon();
    release($('#b'));
    runLater();
    expect(click().target).toMatchObject({ name: 'Deploy' });
  });

  it('a scroll between press and click, or a press held too long: the box is read again', () => {
    document.body.innerHTML = '<button id="b">Deploy</button>';
    press($('#b'));
    runSoon();
    window.dispatchEvent(new Event('scroll'));
    expect(layoutReads(() => release($('#b')))).toBeGreaterThan(0);
    later(200);
    press($('#b'));
    runSoon();
    later(1_500);
    expect(layoutReads(() => release($('#b')))).toBeGreaterThan(0);
  });

  it('a login dialog removed by the click after typing: the field keeps the label it had when focused', () => {
    document.body.innerHTML = '<div id="dialog"><label for="pw">Password</label><input id="pw" type="password"><button id="login">Login</button></div>';
    const input = $('#pw') as HTMLInputElement;
    input.focus();
    runSoon();
    input.value = 'hunter2';
    input.dispatchEvent(new InputEvent('input', { bubbles: true, data: 'x', inputType: 'insertText' }));
    $('#login').addEventListener('click', () => $('#dialog').remove());
    press($('#login'));
    release($('#login'));
    runLater();
    const typed = actions().find((a) => a.kind === 'input')!;
    expect(typed.target).toMatchObject({ label: 'Password', sensitive: true });
    expect(JSON.stringify(actions())).not.toContain('hunter2');
  });

  it('the page is hidden (the person went to another tab) before the drain ran: the action goes out at once', () => {
    document.body.innerHTML = '<button id="b">Page the team</button>';
    press($('#b'));
    runSoon();
    release($('#b'));
    expect(actions()).toEqual([]);
    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    try {
      document.dispatchEvent(new Event('visibilitychange'));
    } finally {
      visibility.mockRestore();
    }
    expect(click().target).toMatchObject({ name: 'Page the team' });
  });

  it('typing into a field focused a moment ago reads no layout in the first keystroke', () => {
    document.body.innerHTML = '<label for="n">Service name</label><input id="n">';
    const input = $('#n') as HTMLInputElement;
    input.focus();
    runSoon();
    input.value = 'p';
    expect(layoutReads(() => input.dispatchEvent(new InputEvent('input', { bubbles: true, data: 'p', inputType: 'insertText' })))).toBe(0);
    tracker.flush();
    runLater();
    expect(actions()).toMatchObject([{ kind: 'input', value: 'p', target: { label: 'Service name' } }]);
  });
});

describe('the extension\'s own in-page UI', () => {
  it('clicks in Guide me\'s panel are never captured; the page\'s are', () => {
    tracker.detach();
    document.body.innerHTML = '<button id="page">Deploy</button><sop-guide-panel id="panel"></sop-guide-panel>';
    const panelHost = $('#panel');
    const root = panelHost.attachShadow({ mode: 'open' });
    root.innerHTML = '<button>Done</button>';
    tracker = createActionTracker({
      win: window,
      emit: (o) => outputs.push(o),
      isActive: () => true,
      ignore: (e) => e.composedPath().includes(panelHost),
      now: () => clock,
      isTrusted: () => true,
      defer: (work) => work(),
    });
    pointerClick(root.querySelector('button')!);
    pointerClick($('#page'));
    expect(actions()).toMatchObject([{ kind: 'click', target: { name: 'Deploy' } }]);
  });
});

describe('describing gives way to the person’s next input', () => {
  let later: Array<() => void> = [];
  let inputWaiting = false;
  const runTask = () => later.splice(0).forEach((w) => w());
  beforeEach(() => {
    tracker.detach();
    later = [];
    inputWaiting = true;
    Object.defineProperty(window.navigator, 'scheduling', { configurable: true, value: { isInputPending: () => inputWaiting } });
    tracker = createActionTracker({ win: window, emit: (o) => outputs.push(o), isActive: () => true, now: () => clock, isTrusted: () => true, defer: (work) => void later.push(work) });
  });
  afterEach(() => {
    delete (window.navigator as { scheduling?: unknown }).scheduling;
  });

  it('stops between steps while input is waiting, resumes in a task of its own, and emits in order', () => {
    document.body.innerHTML = '<button id="a">Plan</button><button id="b">Apply</button><button id="c">Verify</button>';
    for (const id of ['#a', '#b', '#c']) {
      pointerClick($(id));
      clock += 1_000;
    }
    runTask();
    expect(actions()).toEqual([]);
    expect(later).toHaveLength(1);
    let tasks = 1;
    while (later.length) {
      runTask();
      tasks++;
    }
    expect(tasks).toBeGreaterThan(3);
    expect(actions().map((a) => a.target.name)).toEqual(['Plan', 'Apply', 'Verify']);
  });

  it('with no input waiting, one task describes everything queued', () => {
    inputWaiting = false;
    document.body.innerHTML = '<button id="a">Plan</button><button id="b">Apply</button>';
    pointerClick($('#a'));
    clock += 1_000;
    pointerClick($('#b'));
    runTask();
    expect(later).toHaveLength(0);
    expect(actions().map((a) => a.target.name)).toEqual(['Plan', 'Apply']);
  });

  it('a button removed while its describing waited is still named and located as it was clicked', () => {
    document.body.innerHTML = '<ul><li><span>web-1</span> <button data-testid="remove-web-1">Remove</button></li></ul>';
    const button = $('button');
    pointerClick(button);
    runTask();
    expect(actions()).toEqual([]);
    button.closest('li')!.remove();
    while (later.length) runTask();
    expect(actions()[0]!.target).toMatchObject({ name: 'Remove', selectors: { css: '[data-testid="remove-web-1"]', role: { role: 'button', name: 'Remove' } } });
  });

  it('flush finishes at once, input waiting or not (the page is being hidden, capture is ending)', () => {
    document.body.innerHTML = '<button id="a">Plan</button><button id="b">Apply</button>';
    pointerClick($('#a'));
    clock += 1_000;
    pointerClick($('#b'));
    tracker.flush();
    expect(actions().map((a) => a.target.name)).toEqual(['Plan', 'Apply']);
  });
});
