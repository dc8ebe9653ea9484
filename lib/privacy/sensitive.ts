/**
 * Decides which fields must never have their value read. Errs on the side of hiding: a value wrongly
 * omitted costs the author one edit, a secret wrongly captured ends up in a shared document.
 */
import { fieldLabel } from '../dom/text';

export interface FieldDescriptor {
  readonly tag: string;
  readonly type?: string;
  readonly autocomplete?: string;
  readonly name?: string;
  readonly id?: string;
  readonly label?: string;
  readonly placeholder?: string;
  readonly ariaLabel?: string;
}

/** Input types whose value is never typed text, so a name like "Pin to top" on them reveals nothing. */
const NON_TEXT_TYPES = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'image', 'file', 'range', 'color']);

const SENSITIVE_AUTOCOMPLETE = new Set(['one-time-code', 'current-password', 'new-password']);

/** Matched as whole words, after camelCase and punctuation are split: "pin" must not match "spinner". */
const SENSITIVE_WORDS =
  /\b(pass(word|wd|code|phrase)?|pwd|secrets?|tokens?|api ?keys?|private ?keys?|access ?keys?|secret ?keys?|credentials?|otp|totp|2fa|mfa|one ?time ?(code|password|pin)|verification ?code|security ?code|cvv2?|cvc2?|csc|card ?(number|no|num)|cc ?(number|num)|credit ?card|ssn|social ?security|pin( ?code)?)\b/;

/** Matched anywhere in the squashed text, for identifiers written without separators ("userpassword",
 * "apitoken"). Only words too specific to occur inside harmless words. */
const SENSITIVE_FRAGMENTS = /password|passwd|secret|token|apikey|privatekey|accesskey|cardnumber|creditcard|securitycode/;

function words(text: string): string {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ');
}

function mentionsSecret(text: string | undefined): boolean {
  if (!text) return false;
  const w = words(text);
  return SENSITIVE_WORDS.test(w) || SENSITIVE_FRAGMENTS.test(w.replace(/ /g, ''));
}

export function isSensitiveDescriptor(d: FieldDescriptor): boolean {
  const type = d.type?.toLowerCase();
  if (d.tag === 'input' && type === 'password') return true;
  const tokens = (d.autocomplete ?? '').toLowerCase().split(/\s+/);
  if (tokens.some((t) => t.startsWith('cc-') || SENSITIVE_AUTOCOMPLETE.has(t))) return true;
  if (d.tag === 'input' && type !== undefined && NON_TEXT_TYPES.has(type)) return false;
  return [d.name, d.id, d.label, d.placeholder, d.ariaLabel].some(mentionsSecret);
}

/** Elements once seen as sensitive stay so: a "show password" toggle turns type=password into text. */
const seenSensitive = new WeakSet<Element>();

function isEditableHost(el: Element): boolean {
  const v = el.getAttribute('contenteditable');
  return v !== null && v !== 'false';
}

/** The field's own attributes; its label is read separately (see `decide`). */
function describeField(el: Element): FieldDescriptor | null {
  const tag = el.localName;
  if (tag !== 'input' && tag !== 'textarea' && tag !== 'select' && !isEditableHost(el)) return null;
  const attr = (name: string): string | undefined => el.getAttribute(name) ?? undefined;
  return {
    tag,
    type: tag === 'input' ? (el as HTMLInputElement).type : undefined,
    autocomplete: attr('autocomplete'),
    name: attr('name'),
    id: el.id || undefined,
    placeholder: attr('placeholder'),
    ariaLabel: attr('aria-label'),
  };
}

/**
 * The field's label is read last and only when it can still decide: `labels` looks through the whole document
 * (~1.5 ms on a 50,000-element page), which a checkbox in a big table or a field named "password" never needs.
 * `withLabel` false: undefined when only the label could tell.
 */
function decide(el: Element, withLabel: boolean): boolean | undefined {
  if (seenSensitive.has(el)) return true;
  const d = describeField(el);
  if (!d) return false;
  if (isSensitiveDescriptor(d)) {
    seenSensitive.add(el);
    return true;
  }
  if (d.tag === 'input' && d.type !== undefined && NON_TEXT_TYPES.has(d.type.toLowerCase())) return false;
  if (!withLabel) return undefined;
  if (!mentionsSecret(fieldLabel(el))) return false;
  seenSensitive.add(el);
  return true;
}

export function isSensitiveField(el: Element): boolean {
  return decide(el, true) === true;
}

/**
 * What the field's own attributes say, without its label: true or false when they decide, undefined when
 * only the label can tell. For the page's event dispatch, where reading the label costs the page.
 */
export function sensitiveWithoutLabel(el: Element): boolean | undefined {
  return decide(el, false);
}

function isPasswordInput(el: Element): boolean {
  return el.localName === 'input' && (el as HTMLInputElement).type === 'password';
}

/** Remembers `el` if it is a password input now, before a toggle can turn it into a text field. */
export function rememberIfPassword(el: Element): void {
  if (isPasswordInput(el)) seenSensitive.add(el);
}

/**
 * Watches for "show password" toggles (type=password → text) and keeps those inputs sensitive. Costs
 * nothing per event: the browser only reports changes of the `type` attribute, which are rare. Shadow
 * roots are not observed; there, a field counts once it has been focused as a password (see
 * rememberIfPassword).
 */
export function watchPasswordToggles(doc: Document): () => void {
  const view = doc.defaultView;
  if (!view) return () => {};
  const observer = new view.MutationObserver((records) => {
    for (const r of records) if (r.oldValue?.toLowerCase() === 'password') seenSensitive.add(r.target as Element);
  });
  observer.observe(doc, { subtree: true, attributes: true, attributeFilter: ['type'], attributeOldValue: true });
  return () => observer.disconnect();
}
