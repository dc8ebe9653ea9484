import { describe, expect, it } from 'vitest';
import { cleanText, fitText, markup, plain, wrapRuns, type Run } from '../../../lib/export/pdf-text';

/** Every character 1 unit wide, bold ones 2: easy widths to reason about. */
const measure = (text: string, bold: boolean) => [...text].length * (bold ? 2 : 1);
const texts = (runs: readonly Run[]) => runs.map((r) => (r.bold ? `[${r.text}]` : r.text)).join('');

describe('cleanText', () => {
  it.each([
    ['line breaks of every kind become \\n', 'a\r\nb\rc\u2028d\u0085e', 'a\nb\nc\nd\ne'],
    ['tabs become spaces', 'a\tb', 'a b'],
    ['control characters are dropped', 'a\u0000b\u0007c\u001bd\u009be', 'abcde'],
    ['bidi overrides and isolates are dropped', 'user\u202Egnp.exe\u2066x\u2069', 'usergnp.exex'],
    ['Greek, Cyrillic and accents stay', 'Σύνδεση Развернуть Déployer', 'Σύνδεση Развернуть Déployer'],
  ])('%s', (_name, input, expected) => {
    expect(cleanText(input)).toBe(expected);
  });
});

describe('markup', () => {
  it('turns **bold** into bold runs and drops the escapes', () => {
    expect(markup('Click **Σύνδεση** \\*now\\*.')).toEqual([
      { text: 'Click ', bold: false },
      { text: 'Σύνδεση', bold: true },
      { text: ' *now*.', bold: false },
    ]);
  });

  it('keeps a hostile label literal', () => {
    expect(texts(markup('Click **\\<img src=x onerror=alert(1)\\> \\*\\*Purge\\*\\***.'))).toBe('Click [<img src=x onerror=alert(1)> **Purge**].');
  });

  it('gives plain text no markup at all', () => {
    expect(plain('**not bold**')).toEqual([{ text: '**not bold**', bold: false }]);
    expect(plain('')).toEqual([]);
  });
});

describe('wrapRuns', () => {
  it('breaks at spaces without exceeding the width', () => {
    const lines = wrapRuns(plain('one two three four five'), 9, measure);
    expect(lines.map((l) => texts(l.runs))).toEqual(['one two', 'three', 'four five']);
    expect(lines.every((l) => l.width <= 9)).toBe(true);
    expect(lines.map((l) => l.width)).toEqual([7, 5, 9]);
  });

  it('keeps a word of mixed runs together ("**Deploy**.")', () => {
    const fits = wrapRuns(markup('Click **Deploy**. Then wait'), 19, measure);
    expect(fits.map((l) => texts(l.runs))).toEqual(['Click [Deploy].', 'Then wait']);
    expect(fits[0]!.width).toBe(6 + 12 + 1);
    // One unit short: the whole word moves, the full stop is not left behind.
    expect(wrapRuns(markup('Click **Deploy**. Then wait'), 18, measure).map((l) => texts(l.runs))).toEqual(['Click', '[Deploy]. Then', 'wait']);
  });

  it('honours hard breaks and keeps an empty line between paragraphs', () => {
    expect(wrapRuns(plain('a\n\nb'), 10, measure).map((l) => texts(l.runs))).toEqual(['a', '', 'b']);
  });

  it('cuts a word longer than the line between characters', () => {
    const lines = wrapRuns(plain('https://example.test/very/long'), 10, measure);
    expect(lines.map((l) => texts(l.runs)).join('')).toBe('https://example.test/very/long');
    expect(lines.every((l) => l.width <= 10)).toBe(true);
    expect(lines).toHaveLength(3);
  });

  it('gives no lines for empty or blank text', () => {
    expect(wrapRuns([], 10, measure)).toEqual([]);
    expect(wrapRuns(plain('   '), 10, measure)).toEqual([]);
  });
});

describe('fitText', () => {
  const w = (s: string) => [...s].length;
  it('leaves text that fits alone', () => {
    expect(fitText('Deploy', 6, w)).toBe('Deploy');
  });
  it('cuts with an ellipsis inside the width', () => {
    const out = fitText('Deploy payments-api to production', 12, w);
    expect(out).toBe('Deploy paym…');
    expect(w(out)).toBeLessThanOrEqual(12);
  });
});
