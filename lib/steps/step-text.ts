/**
 * Phrases one step as a plain imperative English sentence in the step-text mini markup. Every name that
 * came from a page goes through escapeMarkdownInline before it is bolded; sensitive values never appear.
 */
import type { Modifiers, PageContext, TargetContext } from '../model';
import { escapeMarkdownInline } from '../text/markdown';

/** Longest name or value shown in a sentence; the full value stays on the step. */
export const MAX_NAME_LENGTH = 80;

/** What a step needs to be phrased; synthesize.ts builds these from merged events. */
export type StepPhrase =
  /** `count` 2: a double-click (both clicks are one step). */
  | { readonly kind: 'click'; readonly target: TargetContext; readonly button?: number; readonly modifiers?: Modifiers; readonly count?: number }
  | { readonly kind: 'type'; readonly target: TargetContext; readonly value?: string }
  | { readonly kind: 'select'; readonly target: TargetContext; readonly option?: string }
  | { readonly kind: 'check' | 'uncheck'; readonly target: TargetContext }
  /** A radio button; worded with its group (`target.group`: fieldset legend / radiogroup name) when known. */
  | { readonly kind: 'choose'; readonly target: TargetContext }
  | { readonly kind: 'key'; readonly key: string; readonly modifiers: Modifiers; readonly target?: TargetContext }
  | { readonly kind: 'submit'; readonly target?: TargetContext }
  | { readonly kind: 'upload'; readonly target: TargetContext; readonly fileNames: readonly string[] }
  | { readonly kind: 'go-to' | 'go-back' | 'reload'; readonly page: PageContext }
  | { readonly kind: 'open-tab' | 'switch-tab'; readonly page?: PageContext };

/** How a target behaves as a form control; drives both merging and wording. */
export type ControlKind = 'text' | 'select' | 'checkbox' | 'radio' | 'file' | 'setting' | 'label' | 'option' | 'other';

const TEXT_INPUT_TYPES = new Set(['', 'text', 'search', 'email', 'url', 'tel', 'password', 'number']);
/** Inputs set with a picker or slider rather than typed: "Set X to …" reads better than "Type … into X". */
const SETTING_INPUT_TYPES = new Set(['date', 'datetime-local', 'month', 'week', 'time', 'range', 'color']);

export function controlKind(target: TargetContext): ControlKind {
  const { tag, role } = target;
  const type = target.type ?? '';
  if (tag === 'input') {
    if (type === 'checkbox') return 'checkbox';
    if (type === 'radio') return 'radio';
    if (type === 'file') return 'file';
    if (SETTING_INPUT_TYPES.has(type)) return 'setting';
    if (TEXT_INPUT_TYPES.has(type)) return 'text';
    return 'other';
  }
  if (tag === 'textarea') return 'text';
  if (tag === 'select') return 'select';
  if (tag === 'label') return 'label';
  if (tag === 'option') return 'option';
  if (role === 'checkbox' || role === 'switch') return 'checkbox';
  if (role === 'radio') return 'radio';
  if (role === 'textbox' || role === 'searchbox' || role === 'combobox') return 'text';
  return 'other';
}

/** True for fields one types into (input/textarea/contenteditable/searchbox/combobox). */
export function isTextField(target: TargetContext): boolean {
  return controlKind(target) === 'text';
}

function collapse(s: string | undefined): string {
  return (s ?? '').replace(/\s+/g, ' ').trim();
}

/** Drops the "Name:" colon and the "Name *" required marker forms put on labels. */
function cleanName(s: string | undefined): string {
  const c = collapse(s);
  const stripped = c.replace(/[\s:*]+$/u, '');
  return stripped || c;
}

/** Shortens to `max` characters (by code point, never splitting a surrogate pair), preferring a word break. */
export function truncate(s: string, max = MAX_NAME_LENGTH): string {
  const chars = Array.from(s);
  if (chars.length <= max) return s;
  const head = chars.slice(0, max - 1).join('');
  const space = head.lastIndexOf(' ');
  const cut = space >= max * 0.6 ? head.slice(0, space) : head;
  return `${cut.trimEnd()}…`;
}

export interface TargetName {
  readonly text: string;
  /** True when the text came from the page (bold and escape it); false for our own generic wording. */
  readonly fromPage: boolean;
}

/** The name to show for a target: accessible name, label, placeholder, visible text, then a generic noun. */
export function targetName(target: TargetContext): TargetName {
  const kind = controlKind(target);
  // A form's text content is every label inside it; only an explicit name describes the form.
  const candidates = target.tag === 'form' ? [target.name, target.label] : [target.name, target.label, target.placeholder, target.text, target.nearLabel];
  for (const c of candidates) {
    const name = cleanName(c);
    if (name) return { text: truncate(name), fromPage: true };
  }
  return { text: genericName(target, kind), fromPage: false };
}

function genericName(target: TargetContext, kind: ControlKind): string {
  const { tag, role, type } = target;
  if (type === 'search' || role === 'searchbox') return 'the search field';
  if (type === 'password') return 'the password field';
  if (type === 'email') return 'the email field';
  switch (kind) {
    case 'text':
      return role === 'combobox' ? 'the combo box' : 'the text field';
    case 'select':
      return 'the drop-down';
    case 'checkbox':
      return role === 'switch' ? 'the switch' : 'the checkbox';
    case 'radio':
      return 'the option';
    case 'file':
      return 'the file field';
    case 'setting':
      return 'the field';
    case 'option':
      return 'the option';
    default:
      break;
  }
  if (tag === 'button' || role === 'button' || (tag === 'input' && (type === 'submit' || type === 'button' || type === 'reset'))) return 'the button';
  if (tag === 'a' || role === 'link') return 'the link';
  if (tag === 'img' || role === 'img') return 'the image';
  if (tag === 'form' || role === 'form') return 'the form';
  if (role === 'tab') return 'the tab';
  if (role === 'menuitem') return 'the menu item';
  return 'the element';
}

/** `**Name**` for page-derived names (escaped), plain words for our generic fallbacks. */
function nameMarkup(target: TargetContext): string {
  const name = targetName(target);
  return name.fromPage ? strong(name.text) : name.text;
}

function strong(pageText: string): string {
  return `**${escapeMarkdownInline(pageText)}**`;
}

function quoted(value: string): string {
  return `"${escapeMarkdownInline(truncate(collapse(value)))}"`;
}

const LEADING_VERB = /^(?:please\s+)?(?:enter|type|input|provide|paste|insert)\s+(?:in\s+)?/i;
const SIMPLE_NOUN = /^[\p{L}\p{N}][\p{L}\p{N}' -]*$/u;

/**
 * "the registry token" from the label "Registry token": a noun phrase for a secret, built only from the
 * field's visible wording, never from its value. Undefined when the label does not read as a short noun.
 */
/** Labels that ask for something already given: "Confirm", "Repeat password", "Re-enter email", "Verify". */
const REPEAT_LABEL = /^(?:please\s+)?(?:(?:confirm|repeat|again|verify|re-?enter|re-?type)\b\s*(?:your\s+|the\s+)?(.*?)\s*(?:again)?|confirmation|verification)$/i;

/** What a field's input type says it holds, for "Type the … again". */
const TYPE_NOUNS: Record<string, string> = { password: 'password', email: 'email', tel: 'phone number', url: 'URL', number: 'number' };

/**
 * "the password again" for a field whose label asks to repeat something ("Confirm", "Repeat email"): such a
 * label is not a noun for the field's content, so "Type the confirm into **Confirm**" would be nonsense. The
 * thing repeated comes from the rest of the label, else the input type, else "value".
 */
export function repeatNoun(target: TargetContext): string | undefined {
  const label = cleanName(target.label) || cleanName(target.name) || cleanName(target.placeholder);
  const m = REPEAT_LABEL.exec(label);
  if (!m) return undefined;
  const rest = (m[1] ?? '').trim();
  const fromLabel = rest && rest.length <= 40 && SIMPLE_NOUN.test(rest) && rest.split(' ').length <= 4 ? rest.replace(/^(?:new|the)\s+/i, (w) => (/^new/i.test(w) ? w.toLowerCase() : '')) : '';
  const noun = fromLabel
    ? fromLabel
        .split(' ')
        .map((w) => (/^[\p{Lu}]?[\p{Ll}'-]*$/u.test(w) ? w.toLowerCase() : w))
        .join(' ')
    : (TYPE_NOUNS[target.type ?? ''] ?? (target.sensitive ? 'secret value' : 'value'));
  return `the ${noun} again`;
}

export function secretNoun(target: TargetContext): string | undefined {
  const label = cleanName(target.label) || cleanName(target.name) || cleanName(target.placeholder);
  let phrase = label.replace(LEADING_VERB, '').replace(/^the\s+/i, '');
  if (!phrase || phrase.length > 40 || !SIMPLE_NOUN.test(phrase) || phrase.split(' ').length > 5) return undefined;
  // Lower-case ordinary capitalised words but keep acronyms and brand casing (API, PIN, GitHub).
  phrase = phrase
    .split(' ')
    .map((w) => (/^[\p{Lu}]?[\p{Ll}'-]*$/u.test(w) ? w.toLowerCase() : w))
    .join(' ');
  return /^(?:your|my)\s/i.test(phrase) ? phrase.replace(/^my\s/i, 'your ') : `the ${phrase}`;
}

const KEY_NAMES: Record<string, string> = {
  ' ': 'Space',
  Esc: 'Escape',
  ArrowUp: 'Up Arrow',
  ArrowDown: 'Down Arrow',
  ArrowLeft: 'Left Arrow',
  ArrowRight: 'Right Arrow',
  '+': 'Plus',
};

function modifierNames(m: Modifiers): string[] {
  const parts: string[] = [];
  if (m.ctrl) parts.push('Ctrl');
  if (m.alt) parts.push('Alt');
  if (m.shift) parts.push('Shift');
  if (m.meta) parts.push('Cmd');
  return parts;
}

const MODIFIER_KEYS: Record<string, string> = { Control: 'Ctrl', Alt: 'Alt', Shift: 'Shift', Meta: 'Cmd' };

/** "Ctrl+Shift+K": modifiers in the usual order, letters upper-case. Plain text, not yet escaped. */
export function keyChord(key: string, modifiers: Modifiers): string {
  const name = KEY_NAMES[key] ?? (Array.from(key).length === 1 ? key.toUpperCase() : key);
  const parts = modifierNames(modifiers);
  // Pressing a modifier alone reports itself as a modifier too: "Shift", not "Shift+Shift".
  const self = MODIFIER_KEYS[key];
  if (!self || !parts.includes(self)) parts.push(name);
  return parts.join('+');
}

/** The chord with only the key name escaped: our own "Ctrl+" can never start structure mid-sentence. */
function keyChordMarkup(key: string, modifiers: Modifiers): string {
  const chord = keyChord(key, modifiers);
  const mods = modifierNames(modifiers);
  const prefix = mods.length && chord.startsWith(`${mods.join('+')}+`) ? `${mods.join('+')}+` : '';
  return prefix + escapeMarkdownInline(chord.slice(prefix.length));
}

function hasChordModifier(m: Modifiers): boolean {
  return m.ctrl || m.alt || m.meta;
}

/** A key's target worth naming: not the page itself, and something a reader can find. */
function keyTargetSuffix(target: TargetContext | undefined, modifiers: Modifiers): string {
  if (!target || target.tag === 'body' || target.tag === 'html') return '';
  if (isTextField(target)) return ` in ${nameMarkup(target)}`;
  // Shortcuts (Ctrl+K) act on the page, wherever focus happened to be.
  if (hasChordModifier(modifiers)) return '';
  const name = targetName(target);
  return name.fromPage ? ` on ${strong(name.text)}` : '';
}

/** A page's readable name: its title, else host + path. */
export function pageName(page: PageContext): string | undefined {
  const title = collapse(page.title);
  if (title && title !== page.url && title !== 'about:blank') return truncate(title);
  const url = collapse(page.url);
  if (!url || url === 'about:blank') return undefined;
  try {
    const u = new URL(url);
    const path = u.pathname === '/' ? '' : u.pathname;
    return truncate(u.host ? `${u.host}${path}` : url);
  } catch {
    return truncate(url);
  }
}

/** "Click", "Right-click", "Ctrl+click": our own words, safe mid-sentence without escaping. */
function clickVerb(button: number | undefined, modifiers: Modifiers | undefined, count = 1): string {
  const verb = button === 2 ? 'right-click' : button === 1 ? 'middle-click' : count >= 2 ? 'double-click' : 'click';
  const mods = modifiers ? modifierNames(modifiers) : [];
  const full = [...mods, verb].join('+');
  return full.charAt(0).toUpperCase() + full.slice(1);
}

function listFiles(names: readonly string[]): string {
  const shown = names.map((n) => strong(truncate(collapse(n))));
  if (shown.length === 1) return shown[0]!;
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]!}`;
}

/** The instruction for one step, in step-text markup, ending with a full stop. */
export function phraseStep(p: StepPhrase): string {
  switch (p.kind) {
    case 'click':
      return `${clickVerb(p.button, p.modifiers, p.count)} ${nameMarkup(p.target)}.`;
    case 'type': {
      const into = nameMarkup(p.target);
      const again = repeatNoun(p.target);
      if (again && (p.target.sensitive || (p.value !== undefined && p.value !== ''))) return `Type ${escapeMarkdownInline(again)} into ${into}.`;
      if (p.target.sensitive) {
        const noun = secretNoun(p.target);
        if (noun) return `Type ${escapeMarkdownInline(noun)} into ${into}.`;
        return p.target.type === 'password' ? `Type the password into ${into}.` : `Enter the secret value into ${into}.`;
      }
      if (p.value === undefined) return `Fill in ${into}.`;
      if (p.value === '') return `Clear ${into}.`;
      if (controlKind(p.target) === 'setting') return `Set ${into} to ${quoted(p.value)}.`;
      return `Type ${quoted(p.value)} into ${into}.`;
    }
    case 'select': {
      const option = p.target.sensitive ? '' : cleanName(p.option);
      return option ? `Select ${strong(truncate(option))} in ${nameMarkup(p.target)}.` : `Select an option in ${nameMarkup(p.target)}.`;
    }
    case 'check':
      return `Check ${nameMarkup(p.target)}.`;
    case 'uncheck':
      return `Uncheck ${nameMarkup(p.target)}.`;
    case 'choose': {
      // A sensitive field never names its group (describeTarget does not capture one; this guards imports).
      const group = p.target.sensitive ? '' : truncate(cleanName(p.target.group));
      const name = targetName(p.target);
      return group && group !== name.text ? `Choose ${nameMarkup(p.target)} in ${strong(group)}.` : `Choose ${nameMarkup(p.target)}.`;
    }
    case 'key':
      return `Press ${keyChordMarkup(p.key, p.modifiers)}${keyTargetSuffix(p.target, p.modifiers)}.`;
    case 'submit': {
      const name = p.target ? targetName(p.target) : undefined;
      return name?.fromPage ? `Submit the ${strong(name.text)} form.` : 'Submit the form.';
    }
    case 'upload':
      if (p.fileNames.length === 0) return `Clear the file selection in ${nameMarkup(p.target)}.`;
      if (p.fileNames.length > 3) return `Upload ${p.fileNames.length} files to ${nameMarkup(p.target)}.`;
      return `Upload ${listFiles(p.fileNames)} to ${nameMarkup(p.target)}.`;
    case 'go-to': {
      const name = pageName(p.page);
      return name ? `Go to ${strong(name)}.` : 'Go to the page.';
    }
    case 'go-back': {
      const name = pageName(p.page);
      return name ? `Go back to ${strong(name)}.` : 'Go back to the previous page.';
    }
    case 'reload':
      return 'Reload the page.';
    case 'open-tab': {
      const name = p.page ? pageName(p.page) : undefined;
      return name ? `Switch to the new tab ${strong(name)}.` : 'Switch to the new tab.';
    }
    case 'switch-tab': {
      const name = p.page ? pageName(p.page) : undefined;
      return name ? `Switch to the tab ${strong(name)}.` : 'Switch to the other tab.';
    }
  }
}
