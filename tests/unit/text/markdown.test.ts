import { describe, expect, it } from 'vitest';
import { escapeMarkdownInline, parseStepText, stepTextToPlain, yamlQuote, yamlUnquote } from '../../../lib/text/markdown';

/** The escaped text as CommonMark reads it: each character with whether a backslash made it literal. */
function lex(s: string): { c: string; escaped: boolean }[] {
  const out: { c: string; escaped: boolean }[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && i + 1 < s.length && /[!-/:-@[-`{-~]/.test(s[i + 1]!)) out.push({ c: s[++i]!, escaped: true });
    else out.push({ c: s[i]!, escaped: false });
  }
  return out;
}

/**
 * Structure CommonMark or GFM could still read in escaped text placed mid-sentence, inside `**…**`, after
 * `# ` or `> `: written from the syntax (what opens a construct), not from the implementation's rules.
 */
function openers(escaped: string): string[] {
  const t = lex(escaped);
  const found: string[] = [];
  const plain = (i: number) => t[i] !== undefined && !t[i]!.escaped;
  const at = (i: number) => t[i]?.c ?? '';
  const word = (i: number) => /[\p{L}\p{N}]/u.test(at(i));
  for (let i = 0; i < t.length; i++) {
    if (!plain(i)) continue;
    const c = at(i);
    const rest = t.slice(i).map((x) => x.c).join('');
    if ('\\`*[]<>|~$@'.includes(c)) found.push(c); // escapes, code, emphasis, links, HTML, tables, strike, math, emails
    else if (c === '_' && !(word(i - 1) && word(i + 1))) found.push('_');
    else if (c === '&' && /^&(?:#\w+|\w+);/.test(rest)) found.push('entity');
    else if (c === '!' && at(i + 1) === '[') found.push('![');
    else if (c === ':' && /[A-Za-z][\w+.-]*$/.test(t.slice(0, i).map((x) => x.c).join('')) && /^:\S/.test(rest)) found.push('scheme:');
    else if (c === '.' && /www$/i.test(t.slice(Math.max(0, i - 3), i).map((x) => x.c).join(''))) found.push('www.');
  }
  // Block structure, when the text opens a line (an H1 title, a block quote).
  const first = t.findIndex((x) => x.c !== ' ' && x.c !== '\t');
  if (first >= 0 && plain(first) && '#+-=>'.includes(at(first))) found.push(`line start ${at(first)}`);
  const ordered = /^[ \t]*\d+[.)]([ \t]|$)/.exec(t.map((x) => x.c).join(''));
  if (ordered && plain(ordered[0].trimEnd().length - 1)) found.push('ordered list');
  const closing = /[ \t](#+)[ \t]*$/.exec(t.map((x) => x.c).join(''));
  if (closing && plain(closing.index + 1)) found.push('closing #');
  return found;
}

/** Tiny seeded PRNG (mulberry32): the fuzz cases are the same on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '**Purge** [cache](javascript:alert(1))',
  '<img src=x onerror=alert(1)> **Purge** [cache](javascript:alert(1))',
  '# heading',
  'Deploy #',
  '- item',
  '+ item',
  '1. item',
  '1) item',
  '> quote',
  '===',
  '| a | b |',
  '~~x~~',
  'https://evil.example/x',
  'HTTPS://evil.example',
  'www.evil.example',
  '(www.evil.example)',
  'a@b.co',
  'mailto:a@b.co',
  'javascript:alert(1)',
  '`code` and ```fence```',
  '&lt;',
  '&#60;img&#x3E;',
  '\\',
  '\\*not escaped*',
  '![img](https://evil.test/x.png)',
  '[a][b]\n\n[b]: https://evil.test',
  '<https://evil.test>',
  '$x$ and $$y$$',
  '_em_ __strong__ snake_case_name',
  'line\nbreak\r\n- item',
];

describe('escapeMarkdownInline', () => {
  it.each([
    // Inline structure: always escaped.
    ['<img src=x onerror=alert(1)>', '\\<img src=x onerror=alert(1)\\>'],
    ['**bold** [x](javascript:alert(1))', '\\*\\*bold\\*\\* \\[x\\](javascript\\:alert(1))'],
    ['`code`', '\\`code\\`'],
    ['a | b', 'a \\| b'],
    ['~~strike~~', '\\~\\~strike\\~\\~'],
    ['$x$', '\\$x\\$'],
    ['back\\slash', 'back\\\\slash'],
    ['![img](x.png)', '\\!\\[img\\](x.png)'],
    // `_` only where it could open or close emphasis.
    ['_em_', '\\_em\\_'],
    ['snake_case_name', 'snake_case_name'],
    ['__init__', '\\_\\_init\\_\\_'],
    ['a_ _b', 'a\\_ \\_b'],
    // Entities only when they would decode.
    ['&lt;b&gt;', '\\&lt;b\\&gt;'],
    ['&#60; &#x3C;', '\\&#60; \\&#x3C;'],
    ['R&D and Q&A', 'R&D and Q&A'],
    // Autolinks: the scheme's colon, the dot after www, the @ of an address.
    ['https://evil.test', 'https\\://evil.test'],
    ['see HTTP://x.test', 'see HTTP\\://x.test'],
    ['mailto:me@evil.test', 'mailto\\:me\\@evil.test'],
    ['www.evil.test', 'www\\.evil.test'],
    ['(WWW.evil.test)', '(WWW\\.evil.test)'],
    ['me@evil.test', 'me\\@evil.test'],
    ['Note: ready at 10:30', 'Note: ready at 10:30'],
    ['Status:', 'Status:'],
    // Block markers: only at the start (after optional spaces), and a heading's closing #s at the end.
    ['# Heading', '\\# Heading'],
    ['  ## Heading', '  \\## Heading'],
    ['- item', '\\- item'],
    ['+ item', '\\+ item'],
    ['= sign', '\\= sign'],
    ['> quote', '\\> quote'],
    ['1. item', '1\\. item'],
    ['12) item', '12\\) item'],
    ['2024.', '2024\\.'],
    ['1.5.0', '1.5.0'],
    ['Deploy #', 'Deploy \\#'],
    ['Ticket #42', 'Ticket #42'],
    ['C# and F#', 'C# and F#'],
    // Everything else is left as typed.
    ['CHG-2291', 'CHG-2291'],
    ['payments-api', 'payments-api'],
    ['v1.5.0 (beta)!', 'v1.5.0 (beta)!'],
    ['a - b + c = d. e) f', 'a - b + c = d. e) f'],
    ['{braces} #hash 50% "quoted" \'single\' /path?q=1,2;', '{braces} #hash 50% "quoted" \'single\' /path?q=1,2;'],
    ['Shipyard — Deploy payments-api', 'Shipyard — Deploy payments-api'],
    // Line breaks fold to spaces, so nothing starts a line mid-text.
    ['line\nbreak\r\nand\rmore\u2028end', 'line break and more end'],
    ['a\n# b\n- c', 'a # b - c'],
    ['plain words', 'plain words'],
  ])('%j → %j', (input, out) => {
    expect(escapeMarkdownInline(input)).toBe(out);
  });

  it.each(HOSTILE)('leaves nothing that can open structure and no line break: %j', (hostile) => {
    const escaped = escapeMarkdownInline(hostile);
    expect(openers(escaped)).toEqual([]);
    expect(escaped).not.toMatch(/[\r\n\u2028\u2029]/);
  });

  it.each(HOSTILE)('round-trips through parseStepText: %j', (hostile) => {
    expect(stepTextToPlain(escapeMarkdownInline(hostile))).toBe(hostile.replace(/[\r\n\u2028\u2029]+/g, ' '));
    expect(stepTextToPlain(`Click **${escapeMarkdownInline(hostile)}**.`)).toBe(`Click ${hostile.replace(/[\r\n\u2028\u2029]+/g, ' ')}.`);
  });

  it('holds for random text made of Markdown syntax', () => {
    const next = random(2291);
    const alphabet = ['\\', '`', '*', '_', '[', ']', '(', ')', '<', '>', '!', '|', '~', '$', '@', '&', '#', ';', ':', '/', '.', '-', '+', '=', ' ', '\t', '\n', 'a', 'w', 'x', '1', 'é', 'www.', 'http', 'amp'];
    for (let n = 0; n < 2000; n++) {
      const input = Array.from({ length: 1 + Math.floor(next() * 12) }, () => alphabet[Math.floor(next() * alphabet.length)]!).join('');
      const escaped = escapeMarkdownInline(input);
      expect(openers(escaped), JSON.stringify(input)).toEqual([]);
      expect(stepTextToPlain(escaped), JSON.stringify(input)).toBe(input.replace(/[\r\n\u2028\u2029]+/g, ' '));
    }
  });
});

describe('parseStepText', () => {
  it.each([
    ['Click **Deploy**.', [{ text: 'Click ', strong: false }, { text: 'Deploy', strong: true }, { text: '.', strong: false }]],
    ['plain', [{ text: 'plain', strong: false }]],
    ['**all bold**', [{ text: 'all bold', strong: true }]],
    ['Type \\*\\*x\\*\\*', [{ text: 'Type **x**', strong: false }]],
    ['Select **v1\\.5** in **Version**.', [
      { text: 'Select ', strong: false },
      { text: 'v1.5', strong: true },
      { text: ' in ', strong: false },
      { text: 'Version', strong: true },
      { text: '.', strong: false },
    ]],
    ['unclosed **bold', [{ text: 'unclosed **bold', strong: false }]],
    ['a **b** c **d', [{ text: 'a ', strong: false }, { text: 'b', strong: true }, { text: ' c **d', strong: false }]],
    ['empty ****.', [{ text: 'empty .', strong: false }]],
    ['a \\q backslash before a letter stays', [{ text: 'a \\q backslash before a letter stays', strong: false }]],
    ['trailing \\', [{ text: 'trailing \\', strong: false }]],
    ['<b>not html</b>', [{ text: '<b>not html</b>', strong: false }]],
  ])('%j', (text, segments) => {
    expect(parseStepText(text)).toEqual(segments);
  });

  it('stepTextToPlain drops markup only', () => {
    expect(stepTextToPlain('Type "CHG-2291" into **Change ticket**.')).toBe('Type "CHG-2291" into Change ticket.');
    expect(stepTextToPlain('Type "CHG\\-2291" into **payments\\_api**.')).toBe('Type "CHG-2291" into payments_api.');
  });
});

describe('yamlQuote / yamlUnquote', () => {
  it.each([
    'Deploy payments-api — Shipyard',
    'a: b # not a comment',
    '"quoted" and \\backslash',
    '---',
    '- list?',
    'line\nbreak\r\ttab',
    'nul \u0000 bell \u0007 del \u007f nel \u0085',
    'separators \u2028 \u2029 bom \ufeff',
    'emoji 😀 and accents éà',
    '',
  ])('round-trips %j on one line', (s) => {
    const q = yamlQuote(s);
    expect(q.startsWith('"') && q.endsWith('"')).toBe(true);
    expect(q).not.toMatch(/[\r\n\u0085\u2028\u2029]/);
    expect(yamlUnquote(q)).toBe(s);
  });

  it.each(['unquoted', '"dangling \\"', '"a"b"', '"bad \\q escape"', '"\\x4"'])('rejects %j', (q) => {
    expect(yamlUnquote(q)).toBeUndefined();
  });

  it('reads YAML escapes it does not write', () => {
    expect(yamlUnquote('"\\u00e9\\U0001F600\\/\\_"')).toBe('é😀/\u00a0');
  });
});
