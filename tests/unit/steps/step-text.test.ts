import { describe, expect, it } from 'vitest';
import type { TargetContext } from '../../../lib/model';
import { keyChord, pageName, phraseStep, secretNoun, targetName, truncate, type StepPhrase } from '../../../lib/steps/step-text';
import { parseStepText } from '../../../lib/text/markdown';
import { makeTarget, NO_MODIFIERS, targets } from '../factories';

const ctrl = { ...NO_MODIFIERS, ctrl: true };

describe('phraseStep', () => {
  it.each<[string, StepPhrase, string]>([
    ['click', { kind: 'click', target: targets.button('Deploy') }, 'Click **Deploy**.'],
    ['click, name with markup', { kind: 'click', target: targets.button('**Purge** [cache](javascript:alert(1))') }, 'Click **\\*\\*Purge\\*\\* \\[cache\\](javascript\\:alert(1))**.'],
    ['type an email address', { kind: 'type', target: targets.field('Email', { type: 'email' }), value: 'dana@shipyard.test' }, 'Type "dana\\@shipyard.test" into **Email**.'],
    ['right click', { kind: 'click', target: targets.button('Deploy'), button: 2 }, 'Right-click **Deploy**.'],
    ['ctrl click', { kind: 'click', target: targets.link('Runbook'), modifiers: ctrl }, 'Ctrl+click **Runbook**.'],
    ['type', { kind: 'type', target: targets.field('Change ticket'), value: 'CHG-2291' }, 'Type "CHG-2291" into **Change ticket**.'],
    ['clear', { kind: 'type', target: targets.field('Change ticket'), value: '' }, 'Clear **Change ticket**.'],
    ['date', { kind: 'type', target: targets.field('Window start', { type: 'date' }), value: '2026-01-05' }, 'Set **Window start** to "2026-01-05".'],
    ['a password labelled "Confirm"', { kind: 'type', target: targets.secret('Confirm', { type: 'password' }) }, 'Type the password again into **Confirm**.'],
    ['a password labelled "Repeat password"', { kind: 'type', target: targets.secret('Repeat password', { type: 'password' }) }, 'Type the password again into **Repeat password**.'],
    ['"Confirm new password"', { kind: 'type', target: targets.secret('Confirm new password', { type: 'password' }) }, 'Type the new password again into **Confirm new password**.'],
    ['an email field labelled "Verify"', { kind: 'type', target: targets.field('Verify', { type: 'email' }), value: 'dana@shipyard.test' }, 'Type the email again into **Verify**.'],
    ['"Re-enter account number"', { kind: 'type', target: targets.field('Re-enter account number'), value: '12345678' }, 'Type the account number again into **Re-enter account number**.'],
    ['a text field labelled "Again"', { kind: 'type', target: targets.field('Again'), value: 'x' }, 'Type the value again into **Again**.'],
    ['"Verification code" is not a repeat', { kind: 'type', target: targets.field('Verification code'), value: '123' }, 'Type "123" into **Verification code**.'],
    ['sensitive, noun from label', { kind: 'type', target: targets.secret('Registry token'), value: 'ghp_x' }, 'Type the registry token into **Registry token**.'],
    ['password', { kind: 'type', target: targets.password('Password') }, 'Type the password into **Password**.'],
    ['password with an unusable label', { kind: 'type', target: targets.password('', { placeholder: undefined }) }, 'Type the password into the password field.'],
    [
      'secret with an unusable label',
      { kind: 'type', target: targets.secret('Paste the value from step 3 of the vault UI (it expires!)') },
      'Enter the secret value into **Paste the value from step 3 of the vault UI (it expires!)**.',
    ],
    ['select', { kind: 'select', target: targets.select('Version'), option: 'v1.5.0' }, 'Select **v1.5.0** in **Version**.'],
    ['select without option', { kind: 'select', target: targets.select('Version') }, 'Select an option in **Version**.'],
    ['check', { kind: 'check', target: targets.checkbox('I have approval') }, 'Check **I have approval**.'],
    ['uncheck', { kind: 'uncheck', target: targets.checkbox('Notify') }, 'Uncheck **Notify**.'],
    ['choose', { kind: 'choose', target: targets.radio('Production') }, 'Choose **Production**.'],
    ['choose in group', { kind: 'choose', target: targets.radio('Production', { group: 'Environment' }) }, 'Choose **Production** in **Environment**.'],
    ['choose: group label colon dropped', { kind: 'choose', target: targets.radio('Production', { group: 'Environment:' }) }, 'Choose **Production** in **Environment**.'],
    ['choose: group names escaped', { kind: 'choose', target: targets.radio('*Prod* [eu]', { group: '<b>Env</b>' }) }, 'Choose **\\*Prod\\* \\[eu\\]** in **\\<b\\>Env\\</b\\>**.'],
    ['choose: group same as the name', { kind: 'choose', target: targets.radio('Production', { group: 'Production' }) }, 'Choose **Production**.'],
    ['choose: unnamed radio in a group', { kind: 'choose', target: targets.radio('', { group: 'Environment' }) }, 'Choose the option in **Environment**.'],
    ['choose: blank group', { kind: 'choose', target: targets.radio('Production', { group: '  ' }) }, 'Choose **Production**.'],
    ['choose: sensitive radio never names its group', { kind: 'choose', target: targets.radio('Production', { group: 'Environment', sensitive: true }) }, 'Choose **Production**.'],
    ['Enter in a field', { kind: 'key', key: 'Enter', modifiers: NO_MODIFIERS, target: targets.search('Search') }, 'Press Enter in **Search**.'],
    ['shortcut', { kind: 'key', key: 'k', modifiers: ctrl, target: targets.body() }, 'Press Ctrl+K.'],
    ['shortcut while a button has focus', { kind: 'key', key: 'k', modifiers: ctrl, target: targets.button('Deploy') }, 'Press Ctrl+K.'],
    ['Escape on a named element', { kind: 'key', key: 'Escape', modifiers: NO_MODIFIERS, target: targets.button('Close') }, 'Press Escape on **Close**.'],
    ['punctuation key', { kind: 'key', key: '#', modifiers: NO_MODIFIERS, target: targets.body() }, 'Press \\#.'],
    ['submit', { kind: 'submit', target: targets.form('Deploy') }, 'Submit the **Deploy** form.'],
    ['submit unnamed', { kind: 'submit', target: targets.form('', { text: 'Ticket Version Deploy' }) }, 'Submit the form.'],
    ['upload', { kind: 'upload', target: targets.file('Artifact'), fileNames: ['build.zip'] }, 'Upload **build.zip** to **Artifact**.'],
    ['upload two', { kind: 'upload', target: targets.file('Artifact'), fileNames: ['a.zip', 'b.zip'] }, 'Upload **a.zip** and **b.zip** to **Artifact**.'],
    ['upload many', { kind: 'upload', target: targets.file('Artifact'), fileNames: ['1', '2', '3', '4'] }, 'Upload 4 files to **Artifact**.'],
    ['go to', { kind: 'go-to', page: { url: 'https://shipyard.test/a', title: 'Shipyard — payments-api' } }, 'Go to **Shipyard — payments-api**.'],
    ['go to untitled', { kind: 'go-to', page: { url: 'https://shipyard.test/apps/x?y=1', title: '' } }, 'Go to **shipyard.test/apps/x**.'],
    ['go back', { kind: 'go-back', page: { url: 'https://a.test/', title: 'Home' } }, 'Go back to **Home**.'],
    ['reload', { kind: 'reload', page: { url: 'https://a.test/', title: 'Home' } }, 'Reload the page.'],
    ['new tab', { kind: 'open-tab', page: { url: 'https://wiki.test/r', title: 'Runbook' } }, 'Switch to the new tab **Runbook**.'],
    ['new tab untitled', { kind: 'open-tab', page: { url: 'about:blank', title: '' } }, 'Switch to the new tab.'],
    ['switch tab', { kind: 'switch-tab', page: { url: 'https://wiki.test/r', title: 'Runbook' } }, 'Switch to the tab **Runbook**.'],
  ])('%s', (_name, phrase, text) => {
    expect(phraseStep(phrase)).toBe(text);
  });

  it.each([
    '<img src=x onerror=alert(1)>',
    '**bold** [x](javascript:alert(1))',
    '# Heading',
    '`code` _em_ ~~gone~~ | a | b |',
    'line one\nline two\r\n- item',
    '\\**escaped backslash** tail',
  ])('a hostile name stays one literal bold segment: %j', (hostile) => {
    const text = phraseStep({ kind: 'click', target: targets.button(hostile) });
    expect(parseStepText(text)).toEqual([
      { text: 'Click ', strong: false },
      { text: hostile.replace(/[\r\n]+/g, ' ').replace(/\s+/g, ' ').trim(), strong: true },
      { text: '.', strong: false },
    ]);
    // Inside the bold: no unescaped character that opens inline structure.
    expect(text.slice('Click **'.length, -'**.'.length)).not.toMatch(/(?<!\\)[<>[\]`*~|]/);
  });

  it('never puts a sensitive value in the text', () => {
    for (const target of [targets.password('Password'), targets.secret('API key'), targets.secret('')]) {
      expect(phraseStep({ kind: 'type', target, value: 'hunter2' })).not.toContain('hunter2');
      expect(phraseStep({ kind: 'select', target: { ...target, tag: 'select' }, option: 'hunter2' })).not.toContain('hunter2');
    }
  });
});

describe('targetName', () => {
  const base = makeTarget({ tag: 'input', type: 'text', role: 'textbox', name: '' });
  it.each<[string, Partial<TargetContext>, string, boolean]>([
    ['accessible name first', { name: 'Ticket', label: 'Label', placeholder: 'ph', text: 'tx' }, 'Ticket', true],
    ['then label', { label: 'Label', placeholder: 'ph' }, 'Label', true],
    ['then placeholder', { placeholder: 'Search apps…' }, 'Search apps…', true],
    ['then text', { text: 'Visible' }, 'Visible', true],
    ['label colon and required marker dropped', { label: 'Change ticket: *' }, 'Change ticket', true],
    ['then the caption beside an unlabelled field', { nearLabel: 'Repeat' }, 'Repeat', true],
    ['a placeholder before that caption', { placeholder: 'e.g. 5', nearLabel: 'every' }, 'e.g. 5', true],
    ['fallback: text field', {}, 'the text field', false],
    ['fallback: search', { type: 'search' }, 'the search field', false],
    ['fallback: button', { tag: 'button', type: undefined, role: 'button' }, 'the button', false],
    ['fallback: link', { tag: 'a', type: undefined, role: 'link' }, 'the link', false],
    ['fallback: select', { tag: 'select', type: undefined, role: 'combobox' }, 'the drop-down', false],
    ['fallback: checkbox', { type: 'checkbox', role: 'checkbox' }, 'the checkbox', false],
    ['fallback: div', { tag: 'div', type: undefined, role: '' }, 'the element', false],
  ])('%s', (_name, o, text, fromPage) => {
    expect(targetName({ ...base, ...o })).toEqual({ text, fromPage });
  });

  it('truncates long names to 80 characters with an ellipsis', () => {
    const long = 'I have approval from the change advisory board for this production deployment window and its rollback plan';
    const name = targetName(targets.checkbox(long)).text;
    expect(Array.from(name).length).toBeLessThanOrEqual(80);
    expect(name.endsWith('…')).toBe(true);
    expect(long.startsWith(name.slice(0, -1))).toBe(true);
  });
});

describe('helpers', () => {
  it.each([
    ['short', 10, 'short'],
    ['a b c d e f g h i j k', 10, 'a b c d…'],
    ['abcdefghijklmnop', 10, 'abcdefghi…'],
    ['😀😀😀😀😀😀😀😀😀😀😀😀', 5, '😀😀😀😀…'],
  ])('truncate(%j, %i)', (s, max, out) => {
    expect(truncate(s, max)).toBe(out);
  });

  it.each<[string, string, boolean[], string]>([
    ['k', 'ctrl', [true, false, false, false], 'Ctrl+K'],
    ['K', 'ctrl+shift', [true, false, true, false], 'Ctrl+Shift+K'],
    ['Enter', 'none', [false, false, false, false], 'Enter'],
    [' ', 'none', [false, false, false, false], 'Space'],
    ['s', 'meta', [false, false, false, true], 'Cmd+S'],
    ['Shift', 'shift', [false, false, true, false], 'Shift'],
  ])('keyChord(%j, %s)', (key, _m, [c, a, s, m], out) => {
    expect(keyChord(key, { ctrl: c!, alt: a!, shift: s!, meta: m! })).toBe(out);
  });

  it.each([
    ['Registry token', 'the registry token'],
    ['API key', 'the API key'],
    ['Enter your password', 'your password'],
    ['One-time code', 'the one-time code'],
    ['GitHub token:', 'the GitHub token'],
    ['Paste (the) value from the vault, quickly!', undefined],
  ])('secretNoun(%j)', (label, noun) => {
    expect(secretNoun(targets.secret(label))).toBe(noun);
  });

  it.each([
    [{ url: 'https://a.test/x', title: '  Spaced   title ' }, 'Spaced title'],
    [{ url: 'https://a.test/x/', title: '' }, 'a.test/x/'],
    [{ url: 'https://a.test/', title: 'https://a.test/' }, 'a.test'],
    [{ url: 'about:blank', title: '' }, undefined],
    [{ url: 'not a url', title: '' }, 'not a url'],
  ])('pageName(%j)', (page, name) => {
    expect(pageName(page)).toBe(name);
  });
});
