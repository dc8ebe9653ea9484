import { describe, expect, it } from 'vitest';
import { escapeMarkdownInline, parseStepText, stepTextToPlain, yamlQuote, yamlUnquote } from '../../../lib/text/markdown';

/** Every character that can open structure must be preceded by a backslash in the escaped text. */
function unescapedSpecials(s: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') {
      i++;
      continue;
    }
    if ('`*_{}[]()#+-.!|<>~&:@$'.includes(s[i]!)) found.push(s[i]!);
  }
  return found;
}

describe('escapeMarkdownInline', () => {
  it.each([
    ['<img src=x onerror=alert(1)>', '\\<img src=x onerror=alert\\(1\\)\\>'],
    ['**bold** [x](javascript:alert(1))', '\\*\\*bold\\*\\* \\[x\\]\\(javascript\\:alert\\(1\\)\\)'],
    ['# Heading', '\\# Heading'],
    ['1. item', '1\\. item'],
    ['- item', '\\- item'],
    ['> quote', '\\> quote'],
    ['a | b', 'a \\| b'],
    ['~~strike~~', '\\~\\~strike\\~\\~'],
    ['&lt;b&gt;', '\\&lt;b\\&gt;'],
    ['https://evil.test', 'https\\://evil\\.test'],
    ['www.evil.test', 'www\\.evil\\.test'],
    ['me@evil.test', 'me\\@evil\\.test'],
    ['$x$', '\\$x\\$'],
    ['back\\slash', 'back\\\\slash'],
    ['line\nbreak\r\nand\rmore', 'line break and more'],
    ['plain words', 'plain words'],
  ])('%j → %j', (input, out) => {
    expect(escapeMarkdownInline(input)).toBe(out);
  });

  it.each([
    '<script>alert(1)</script>',
    '![img](https://evil.test/x.png)',
    '[a][b]\n\n[b]: https://evil.test',
    '`code` and ```fence```',
    '\\*not escaped*',
    '<https://evil.test>',
  ])('leaves no structure-opening character unescaped and no line break: %j', (hostile) => {
    const escaped = escapeMarkdownInline(hostile);
    expect(unescapedSpecials(escaped)).toEqual([]);
    expect(escaped).not.toMatch(/[\r\n]/);
  });

  it('round-trips through parseStepText to the same text', () => {
    const hostile = '**a** \\ [b](c) <d> _e_';
    expect(stepTextToPlain(escapeMarkdownInline(hostile))).toBe(hostile);
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
    expect(stepTextToPlain('Type "CHG\\-2291" into **Change ticket**.')).toBe('Type "CHG-2291" into Change ticket.');
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
