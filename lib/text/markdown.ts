/**
 * Text helpers for the step-text mini markup (`**bold**` + backslash escapes) and for Markdown/YAML output.
 * Page-derived text is hostile input: everything here assumes a label may be crafted to inject markup.
 */

const LINE_BREAKS = /[\r\n\u2028\u2029]+/g;

/**
 * Significant anywhere in a line, so always escaped: `\` (escapes), `` ` `` (code), `*` (emphasis), `[` `]`
 * (links, images, footnotes, task boxes), `<` (raw HTML, `<scheme:…>` autolinks) and `>` with it, `|` (GFM
 * tables), `~` (GFM strikethrough), `$` (GitHub and GitLab render `$…$` / `$$…$$` as math, and two names
 * escaped separately in one sentence could pair up), `@` (GFM email autolinks, GitHub @-mentions).
 */
const ALWAYS = /[\\`*[\]<>|~$@]/;
/** `_` between two letters/digits can neither open nor close emphasis (CommonMark flanking rules). */
const WORD_CHAR = /[\p{L}\p{N}]/u;
/** `&` that starts an entity or character reference (`&lt;`, `&#60;`, `&#x3C;`); a lone `&` is text. */
const ENTITY = /&(?:#|[A-Za-z0-9]+;)/y;
const SCHEME_CHAR = /[A-Za-z0-9+.-]/;
const ASCII_LETTER = /[A-Za-z]/;
/** Block markers that count only at the start of a line: ATX heading, list bullets, setext/thematic
 * `=`/`-`, block quote, and an ordered-list number followed by a space or the end. */
const LEADING_MARKER = /^[ \t]*(?:[#+=>-]|\d+[.)](?=[ \t]|$))/;
/** An ATX heading's closing sequence (`# Title #` drops the last `#`). */
const CLOSING_HASHES = /(?<=[ \t])#+[ \t]*$/;

/** A `:` right after a run of URI-scheme characters holding a letter (`https`, `javascript`, `mailto`)
 * and followed by more text: escaped, no autolink (GFM `https://…`, `mailto:…`, `xmpp:…`) can form. */
function endsScheme(s: string, i: number): boolean {
  const next = s[i + 1];
  if (next === undefined || /\s/.test(next)) return false;
  let letter = false;
  for (let j = i - 1; j >= 0 && SCHEME_CHAR.test(s[j]!); j--) if (ASCII_LETTER.test(s[j]!)) letter = true;
  return letter;
}

function needsEscape(s: string, i: number): boolean {
  const c = s[i]!;
  if (ALWAYS.test(c)) return true;
  switch (c) {
    case '_':
      return !(WORD_CHAR.test(s[i - 1] ?? '') && WORD_CHAR.test(s[i + 1] ?? ''));
    case '&':
      ENTITY.lastIndex = i;
      return ENTITY.test(s);
    case '!':
      return s[i + 1] === '[';
    case ':':
      return endsScheme(s, i);
    case '.':
      // GFM `www.` autolinks.
      return /^www$/i.test(s.slice(Math.max(0, i - 3), i));
    default:
      return false;
  }
}

/**
 * Backslash-escapes page-derived text so that it can only ever be text, and folds line breaks to spaces.
 * It escapes what can change meaning inline in CommonMark/GFM (see ALWAYS and needsEscape) and, because
 * the text may open a line (an H1 title, a block quote), a block marker at its start; everything else
 * (`-`, `.`, `(`, `#`, `!`, `:` elsewhere) is left as typed so stored step text stays readable.
 * A backslash before ASCII punctuation is always a literal in CommonMark, so parseStepText reads it back.
 */
export function escapeMarkdownInline(s: string): string {
  const text = s.replace(LINE_BREAKS, ' ');
  const marker = LEADING_MARKER.exec(text);
  const lead = marker ? marker[0].length - 1 : -1;
  const closing = text.search(CLOSING_HASHES);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (i === lead || i === closing || needsEscape(text, i)) out += '\\';
    out += text[i];
  }
  return out;
}

export interface TextSegment {
  readonly text: string;
  readonly strong: boolean;
}

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;

/**
 * Parses step text into plain segments: `**` toggles bold, a backslash before ASCII punctuation makes it
 * literal (as in CommonMark). An unclosed `**` stays literal text. The result is meant for text nodes only.
 */
export function parseStepText(text: string): TextSegment[] {
  // Tokenise first so an unmatched opener can be turned back into literal text afterwards.
  type Token = { kind: 'text'; value: string } | { kind: 'star' };
  const tokens: Token[] = [];
  let buffer = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '\\' && next !== undefined && ASCII_PUNCTUATION.test(next)) {
      buffer += next;
      i++;
    } else if (c === '*' && next === '*') {
      if (buffer) tokens.push({ kind: 'text', value: buffer });
      buffer = '';
      tokens.push({ kind: 'star' });
      i++;
    } else {
      buffer += c;
    }
  }
  if (buffer) tokens.push({ kind: 'text', value: buffer });

  const stars = tokens.flatMap((t, i) => (t.kind === 'star' ? [i] : []));
  const unmatched = stars.length % 2 === 1 ? stars[stars.length - 1] : undefined;

  const segments: TextSegment[] = [];
  let strong = false;
  const push = (value: string, isStrong: boolean) => {
    if (!value) return;
    const last = segments[segments.length - 1];
    if (last && last.strong === isStrong) segments[segments.length - 1] = { text: last.text + value, strong: isStrong };
    else segments.push({ text: value, strong: isStrong });
  };
  tokens.forEach((t, i) => {
    if (t.kind === 'text') push(t.value, strong);
    else if (i === unmatched) push('**', strong);
    else strong = !strong;
  });
  return segments;
}

/** The step text as the reader sees it, without markup. */
export function stepTextToPlain(text: string): string {
  return parseStepText(text)
    .map((s) => s.text)
    .join('');
}

/**
 * A YAML double-quoted scalar. Double quotes are the one YAML style where every character can be
 * escaped, so no value (`: `, `#`, leading `-`, `---`, line breaks) can change the document's structure.
 */
export function yamlQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    // C0/C1 controls, DEL, NEL and the Unicode line/paragraph separators: YAML treats some as breaks
    // and forbids others; escaped they survive every parser.
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code === 0x2028 || code === 0x2029 || code === 0xfeff) out += `\\u${code.toString(16)}`;
    else out += ch;
  }
  return `${out}"`;
}

const YAML_SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

/**
 * Reads back one single-line YAML double-quoted scalar (the form `yamlQuote` writes), e.g. when
 * re-importing an exported file. Returns undefined when `quoted` is not exactly one such scalar.
 */
export function yamlUnquote(quoted: string): string | undefined {
  if (quoted.length < 2 || !quoted.startsWith('"') || !quoted.endsWith('"')) return undefined;
  const body = quoted.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '"') return undefined;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e === undefined) return undefined;
    const simple = YAML_SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      continue;
    }
    const width = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    const hex = body.slice(i + 1, i + 1 + width);
    if (!width || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) return undefined;
    const code = parseInt(hex, 16);
    if (code > 0x10ffff) return undefined;
    out += String.fromCodePoint(code);
    i += width;
  }
  return out;
}
