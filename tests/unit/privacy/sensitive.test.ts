// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { isSensitiveDescriptor, isSensitiveField, rememberIfPassword, sensitiveWithoutLabel, watchPasswordToggles, type FieldDescriptor } from '../../../lib/privacy/sensitive';

const input = (d: Partial<FieldDescriptor>): FieldDescriptor => ({ tag: 'input', type: 'text', ...d });

describe('isSensitiveDescriptor', () => {
  it.each<[string, FieldDescriptor]>([
    ['type=password', input({ type: 'password' })],
    ['autocomplete cc-number', input({ autocomplete: 'cc-number' })],
    ['autocomplete with section token', input({ autocomplete: 'section-pay billing cc-csc' })],
    ['autocomplete one-time-code', input({ autocomplete: 'one-time-code' })],
    ['autocomplete new-password', input({ autocomplete: 'new-password' })],
    ['label "Registry token"', input({ label: 'Registry token' })],
    ['name api_key', input({ name: 'api_key' })],
    ['name apiKey (camelCase)', input({ name: 'apiKey' })],
    ['id x-api-key', input({ id: 'x-api-key' })],
    ['name apitoken (no separator)', input({ name: 'apitoken' })],
    ['placeholder "Client secret"', input({ placeholder: 'Client secret' })],
    ['label "Private key"', { tag: 'textarea', label: 'Private key' }],
    ['aria-label "AWS access key"', input({ ariaLabel: 'AWS access key' })],
    ['name passwd', input({ name: 'passwd' })],
    ['id user_pwd', input({ id: 'user_pwd' })],
    ['name userPassword', input({ name: 'userPassword' })],
    ['label "OTP"', input({ label: 'Enter OTP' })],
    ['label "CVV"', input({ label: 'CVV' })],
    ['name cvc2', input({ name: 'cvc2' })],
    ['label "Card number"', input({ label: 'Card number' })],
    ['name cardNumber', input({ name: 'cardNumber' })],
    ['label "SSN"', input({ label: 'SSN' })],
    ['label "PIN"', input({ label: 'PIN' })],
    ['name pin_code', input({ name: 'pin_code' })],
    ['label "Verification code"', input({ label: 'Verification code' })],
    // Deliberately sensitive: a number of tokens is harmless, but "token" is too strong a signal of a
    // secret to carve out; a wrongly hidden value costs one edit, a leaked one cannot be taken back.
    ['label "Token count" (conservative)', input({ label: 'Token count' })],
    ['type=password even when named "search"', input({ type: 'password', name: 'search' })],
  ])('sensitive: %s', (_t, d) => {
    expect(isSensitiveDescriptor(d)).toBe(true);
  });

  it.each<[string, FieldDescriptor]>([
    ['label "Spinner speed"', input({ label: 'Spinner speed' })],
    ['label "Your opinion"', { tag: 'textarea', label: 'Your opinion' }],
    ['name "pinned_note"', input({ name: 'pinned_note' })],
    ['label "Username"', input({ label: 'Username', autocomplete: 'username' })],
    ['label "Email"', input({ type: 'email', label: 'Email' })],
    ['label "Shipping address"', input({ label: 'Shipping address', autocomplete: 'street-address' })],
    ['label "Topic"', input({ label: 'Topic' })],
    ['label "Options"', input({ label: 'Options' })],
    ['label "Keyboard layout"', input({ label: 'Keyboard layout' })],
    ['label "Passenger name"', input({ label: 'Passenger name' })],
    ['checkbox "Pin to top" (a checked state is no secret)', input({ type: 'checkbox', label: 'Pin to top' })],
    ['checkbox "Show password"', input({ type: 'checkbox', label: 'Show password' })],
  ])('not sensitive: %s', (_t, d) => {
    expect(isSensitiveDescriptor(d)).toBe(false);
  });
});

describe('isSensitiveField', () => {
  it('reads labels from the DOM', () => {
    document.body.innerHTML = '<label for="a">Registry token</label><input id="a"><label>Name <input id="b"></label>';
    expect(isSensitiveField(document.getElementById('a')!)).toBe(true);
    expect(isSensitiveField(document.getElementById('b')!)).toBe(false);
  });

  it('treats a contenteditable labelled as a secret as sensitive, and plain elements as not', () => {
    document.body.innerHTML = '<div id="e" contenteditable="true" aria-label="Private key"></div><button id="b">Token</button>';
    expect(isSensitiveField(document.getElementById('e')!)).toBe(true);
    expect(isSensitiveField(document.getElementById('b')!)).toBe(false);
  });

  it('keeps a password field sensitive after a "show password" toggle turns it into text', async () => {
    document.body.innerHTML = '<form><input id="p" type="password" name="field1"><input id="o" type="text" name="field2"></form>';
    const unwatch = watchPasswordToggles(document);
    const field = document.getElementById('p') as HTMLInputElement;
    const other = document.getElementById('o') as HTMLInputElement;
    field.type = 'text';
    other.type = 'search';
    await Promise.resolve(); // mutation records arrive in a microtask, long before the next keystroke
    unwatch();
    expect(isSensitiveField(field)).toBe(true);
    expect(isSensitiveField(other)).toBe(false);
  });

  it('remembers a password input seen on focus', () => {
    document.body.innerHTML = '<input id="p" type="password"><input id="t">';
    const field = document.getElementById('p') as HTMLInputElement;
    rememberIfPassword(field);
    rememberIfPassword(document.getElementById('t')!);
    field.type = 'text';
    expect(isSensitiveField(field)).toBe(true);
    expect(isSensitiveField(document.getElementById('t')!)).toBe(false);
  });

  it('remembers a field once it has been seen as sensitive', () => {
    document.body.innerHTML = '<input id="q" type="password">';
    const field = document.getElementById('q') as HTMLInputElement;
    expect(isSensitiveField(field)).toBe(true);
    field.type = 'text';
    expect(isSensitiveField(field)).toBe(true);
  });
});

describe('sensitiveWithoutLabel (for the event dispatch: never reads a label)', () => {
  function field(html: string): Element {
    document.body.innerHTML = html;
    const el = document.querySelector('input, select, textarea')!;
    Object.defineProperty(el, 'labels', { get: () => { throw new Error('label read'); } });
    return el;
  }

  it('decides from the field’s own attributes where they are enough', () => {
    expect(sensitiveWithoutLabel(field('<input type="password">'))).toBe(true);
    expect(sensitiveWithoutLabel(field('<input name="api_token">'))).toBe(true);
    expect(sensitiveWithoutLabel(field('<input autocomplete="cc-number">'))).toBe(true);
    expect(sensitiveWithoutLabel(field('<label><input type="checkbox"> Show token</label>'))).toBe(false);
    expect(sensitiveWithoutLabel(field('<label><input type="radio"> PIN</label>'))).toBe(false);
  });

  it('leaves a text field its attributes do not mark to the label (undefined), which isSensitiveField then reads', () => {
    document.body.innerHTML = '<label for="t">Registry token</label><input id="t">';
    const el = document.getElementById('t')!;
    expect(sensitiveWithoutLabel(el)).toBeUndefined();
    expect(isSensitiveField(el)).toBe(true);
    // Once known, it stays known without the label.
    expect(sensitiveWithoutLabel(el)).toBe(true);
  });
});
