// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { describeTarget } from '../../../lib/capture/describe-target';

function setBody(html: string): void {
  document.body.innerHTML = html;
}

function el(selector: string): Element {
  const found = document.querySelector(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
}

beforeEach(() => setBody(''));

describe('describeTarget: role and accessible name', () => {
  it.each([
    ['button text', '<button id="t">  Save   draft </button>', 'button', 'Save draft'],
    ['aria-label wins over text', '<button id="t" aria-label="Close dialog">×</button>', 'button', 'Close dialog'],
    ['aria-labelledby', '<span id="a">Delete</span><span id="b">invoice</span><button id="t" aria-labelledby="a b">🗑</button>', 'button', 'Delete invoice'],
    ['label[for]', '<label for="t">Email address</label><input id="t" type="email">', 'textbox', 'Email address'],
    ['wrapping label', '<label>Remember me <input id="t" type="checkbox"></label>', 'checkbox', 'Remember me'],
    ['placeholder fallback', '<input id="t" placeholder="Search orders">', 'textbox', 'Search orders'],
    ['image alt inside a link', '<a id="t" href="/home"><img src="x.png" alt="Acme home"></a>', 'link', 'Acme home'],
    ['role=button div', '<div id="t" role="button">Next step</div>', 'button', 'Next step'],
    ['input type=submit value', '<input id="t" type="submit" value="Send">', 'button', 'Send'],
    ['select with label', '<label for="t">Country</label><select id="t"><option>France</option><option>Peru</option></select>', 'combobox', 'Country'],
  ])('%s', (_title, html, role, name) => {
    setBody(html);
    const target = describeTarget(el('#t'));
    expect(target.role).toBe(role);
    expect(target.name).toBe(name);
  });

  it('caps the name at 200 characters with whitespace collapsed', () => {
    setBody(`<button id="t">${'word\n\n  '.repeat(100)}</button>`);
    const { name } = describeTarget(el('#t'));
    expect(name.length).toBeLessThanOrEqual(200);
    expect(name).not.toMatch(/\s{2}|\n/);
  });
});

describe('describeTarget: fields', () => {
  it('reports tag, type, label, placeholder and no text for form controls', () => {
    setBody('<label for="t">Title</label><input id="t" type="TEXT" placeholder="e.g. Q3 report">');
    const target = describeTarget(el('#t'));
    expect(target).toMatchObject({ tag: 'input', type: 'text', label: 'Title', placeholder: 'e.g. Q3 report', sensitive: false });
    expect(target.text).toBeUndefined();
  });

  it('reports href and short text for links', () => {
    setBody('<a id="t" href="/orders?page=2">  Next page </a>');
    const target = describeTarget(el('#t'));
    expect(target.href).toBe('http://localhost:3000/orders?page=2');
    expect(target.text).toBe('Next page');
    expect(target.selectors.text).toBe('Next page');
  });

  it('marks a password field sensitive and never reads its value', () => {
    setBody('<label>Password <input id="t" type="password"></label>');
    const input = el('#t') as HTMLInputElement;
    input.value = 'hunter2';
    let reads = 0;
    Object.defineProperty(input, 'value', { get: () => (reads++, 'hunter2') });
    const target = describeTarget(input);
    expect(target.sensitive).toBe(true);
    expect(target.name).toBe('Password');
    expect(target.text).toBeUndefined();
    expect(reads).toBe(0);
  });

  it('does not let a button name pull in the value of a sensitive field inside it', () => {
    setBody('<div id="t" role="button">Copy <input aria-label="API token" value="tok_live_123"></div>');
    expect(JSON.stringify(describeTarget(el('#t')))).not.toContain('tok_live_123');
  });

  it('keeps text out of the label of a select (no option list)', () => {
    setBody('<label>Size <select id="t"><option>Small</option><option>Large</option></select></label>');
    expect(describeTarget(el('#t')).label).toBe('Size');
  });

  it('always has framePath [] and a box', () => {
    setBody('<button id="t">Go</button>');
    const target = describeTarget(el('#t'));
    expect(target.framePath).toEqual([]);
    expect(target.box).toEqual({ x: 0, y: 0, width: 0, height: 0 });
  });
});

describe('describeTarget: the caption beside a field with no label (nearLabel)', () => {
  // Node-RED's inject node: `<label for="">` ties the caption to no control; the interval row has only text.
  const INJECT = `
    <form>
      <div class="form-row"><label for=""><i class="fa fa-repeat"></i> <span>Repeat</span></label>
        <select id="repeat"><option>none</option><option>interval</option></select></div>
      <div class="form-row"><span>every</span> <input id="count" value="1"> <select id="units"><option>seconds</option></select></div>
      <div class="form-row"><label for="name">Name</label><input id="name"></div>
      <div class="form-row"><p>This long paragraph explains what the next field is for in far too many words</p><input id="prose"></div>
    </form>`;

  it('takes the row’s own caption for a field nothing labels', () => {
    setBody(INJECT);
    const repeat = describeTarget(el('#repeat'));
    expect(repeat.label).toBeUndefined();
    expect(repeat.nearLabel).toBe('Repeat');
    expect(describeTarget(el('#count')).nearLabel).toBe('every');
  });

  it('no caption when another control comes first, when the field has a label, or when the text is prose', () => {
    setBody(INJECT);
    expect(describeTarget(el('#units')).nearLabel).toBeUndefined();
    const named = describeTarget(el('#name'));
    expect(named.label).toBe('Name');
    expect(named.nearLabel).toBeUndefined();
    expect(describeTarget(el('#prose')).nearLabel).toBeUndefined();
  });

  it('climbs out of a wrapper holding only the field, never out of the form', () => {
    setBody('<div><b>Region</b><span class="wrap"><select id="t"><option>eu</option></select></span></div><form><select id="alone"></select></form>');
    expect(describeTarget(el('#t')).nearLabel).toBe('Region');
    expect(describeTarget(el('#alone')).nearLabel).toBeUndefined();
  });
});

describe('describeTarget: group of a radio or checkbox', () => {
  it.each([
    ['fieldset legend', '<fieldset><legend> Environment </legend><label><input id="t" type="radio">Production</label></fieldset>', 'Environment'],
    [
      'fieldset role=radiogroup with legend (the demo console)',
      '<fieldset role="radiogroup" aria-labelledby="l"><legend id="l">Environment</legend><label><input id="t" type="radio">Production</label></fieldset>',
      'Environment',
    ],
    ['legend wins over aria-label', '<fieldset aria-label="Env (a11y)"><legend>Environment</legend><input id="t" type="radio" aria-label="Production"></fieldset>', 'Environment'],
    ['fieldset without legend, named by aria-label', '<fieldset aria-label="Region"><input id="t" type="radio" aria-label="EU"></fieldset>', 'Region'],
    ['role=radiogroup aria-labelledby', '<p id="h">Plan</p><div role="radiogroup" aria-labelledby="h"><div id="t" role="radio" aria-checked="false">Pro</div></div>', 'Plan'],
    ['role=group aria-label around checkboxes', '<div role="group" aria-label="Notifications"><label><input id="t" type="checkbox">Email</label></div>', 'Notifications'],
    ['checkbox in a fieldset', '<fieldset><legend>Toppings</legend><label><input id="t" type="checkbox">Cheese</label></fieldset>', 'Toppings'],
    ['nearest named ancestor', '<fieldset><legend>Outer</legend><div role="radiogroup" aria-label="Inner"><input id="t" type="radio" aria-label="A"></div></fieldset>', 'Inner'],
    ['skips an unnamed group for a named outer one', '<fieldset><legend>Outer</legend><div role="radiogroup"><input id="t" type="radio" aria-label="A"></div></fieldset>', 'Outer'],
    ['a legend that is not the fieldset\'s own child does not count', '<fieldset><div><legend>Stray</legend></div><input id="t" type="radio" aria-label="A"></fieldset>', undefined],
    ['radio with no group', '<label><input id="t" type="radio">Alone</label>', undefined],
    ['unnamed group', '<div role="radiogroup"><input id="t" type="radio" aria-label="A"></div>', undefined],
    ['not a radio or checkbox', '<fieldset><legend>Contact</legend><label>Email <input id="t" type="email"></label></fieldset>', undefined],
    ['a button in a fieldset', '<fieldset><legend>Actions</legend><button id="t">Save</button></fieldset>', undefined],
  ])('%s', (_title, html, group) => {
    setBody(html);
    expect(describeTarget(el('#t')).group).toBe(group);
  });

  it('leaves `group` out of the object when there is none', () => {
    setBody('<label><input id="t" type="radio">Alone</label>');
    expect('group' in describeTarget(el('#t'))).toBe(false);
  });

  it('never names the group of a sensitive field', () => {
    setBody('<fieldset><legend>Card</legend><input id="t" type="checkbox" name="cc-number" autocomplete="cc-number" aria-label="Save card"></fieldset>');
    const target = describeTarget(el('#t'));
    expect(target.sensitive).toBe(true);
    expect(target.group).toBeUndefined();
  });

  it('never reads a field value into the group name', () => {
    setBody(
      '<div role="radiogroup" aria-labelledby="a b"><span id="a">Token</span><input id="b" type="password" value="hunter2"><input id="t" type="radio" aria-label="Use"></div>',
    );
    expect(JSON.stringify(describeTarget(el('#t')))).not.toContain('hunter2');
  });

  it('stops at a shadow root', () => {
    setBody('<fieldset><legend>Outside</legend><x-host id="h"></x-host></fieldset>');
    const root = el('#h').attachShadow({ mode: 'open' });
    root.innerHTML = '<label><input type="radio">Inside</label>';
    expect(describeTarget(root.querySelector('input')!).group).toBeUndefined();
  });
});

describe('describeTarget: selectors', () => {
  it.each([
    ['data-testid', '<button id="t" data-testid="save-btn">Save</button>', { testId: '[data-testid="save-btn"]' }],
    ['data-qa with quotes', '<button id="t" data-qa=\'say "hi"\'>Hi</button>', { testId: '[data-qa="say \\"hi\\""]' }],
    ['stable id', '<button id="t">Save</button>', { id: '#t', css: '#t' }],
    ['role and name', '<button id="t">Save</button>', { role: { role: 'button', name: 'Save' } }],
  ])('%s', (_title, html, expected) => {
    setBody(html);
    expect(describeTarget(el('#t')).selectors).toMatchObject(expected);
  });

  it.each([[':r3:'], ['ember1234'], ['mui-42'], ['a8f3k2j9x'], ['3f2b8c1d-1111-4a4a-9b9b-123456789abc'], ['row-1699999999999']])(
    'skips the generated id %s',
    (id) => {
      setBody('<ul><li><button>A</button></li><li><button>B</button></li></ul>');
      const b = document.querySelectorAll('button')[1]!;
      b.id = id;
      const { selectors } = describeTarget(b);
      expect(selectors.id).toBeUndefined();
      expect(selectors.css).not.toContain('#');
      expect(document.querySelectorAll(selectors.css)).toEqual(expect.objectContaining({ length: 1 }));
      expect(document.querySelector(selectors.css)).toBe(b);
    },
  );

  it('anchors the css path on a stable ancestor id', () => {
    setBody('<main id="orders"><ul><li><a href="#">x</a></li><li><a href="#">y</a></li></ul></main><aside><ul><li><a href="#">z</a></li><li><a href="#">w</a></li></ul></aside>');
    const link = document.querySelectorAll('#orders a')[1]!;
    const { css } = describeTarget(link).selectors;
    expect(document.querySelectorAll(css).length).toBe(1);
    expect(document.querySelector(css)).toBe(link);
  });

  it('gives only a text selector to short clickable text', () => {
    setBody(`<button id="t">${'long '.repeat(30)}</button><p id="p">Plain</p>`);
    expect(describeTarget(el('#t')).selectors.text).toBeUndefined();
    expect(describeTarget(el('#p')).selectors.text).toBeUndefined();
  });

  it('describes elements inside shadow roots relative to their root, with the host path', () => {
    setBody('<section><x-card></x-card><x-card id="second"></x-card></section>');
    const host = el('#second');
    const outer = host.attachShadow({ mode: 'open' });
    outer.innerHTML = '<div><x-inner></x-inner></div>';
    const innerHost = outer.querySelector('x-inner')!;
    const inner = innerHost.attachShadow({ mode: 'open' });
    inner.innerHTML = '<button>One</button><button>Two</button>';
    const target = inner.querySelectorAll('button')[1]!;

    const described = describeTarget(target);
    expect(described.shadowPath).toEqual(['#second', 'x-inner']);
    expect(inner.querySelectorAll(described.selectors.css).length).toBe(1);
    expect(inner.querySelector(described.selectors.css)).toBe(target);
    expect(described.name).toBe('Two');
  });
});
