/**
 * Text for the PDF export: page-derived strings made safe to draw, the step-text mini markup turned into
 * bold/regular runs, and runs wrapped into lines by a width function (the PDF's font metrics in the
 * exporter, a fake one in tests). Pure: no jsPDF here.
 */
import { parseStepText } from '../text/markdown';

export interface Run {
  readonly text: string;
  readonly bold: boolean;
}

export interface Line {
  readonly runs: readonly Run[];
  readonly width: number;
}

/** Width of `text` in the current size, regular or bold. */
export type Measure = (text: string, bold: boolean) => number;

/**
 * Control characters would draw as missing-glyph boxes, and bidi overrides or isolates (U+202A–U+202E,
 * U+2066–U+2069) are invisible yet could make a hostile label read differently in a viewer that applies
 * them; both are dropped. Tabs become spaces; every kind of line break becomes '\n'.
 */
export function cleanText(s: string): string {
  return s
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
    .replace(/\t/g, ' ')
    // eslint-disable-next-line no-control-regex -- control characters are what this strips
    .replace(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g, '');
}

/** Plain text (metadata, narration, names) as one regular run. */
export function plain(text: string, bold = false): Run[] {
  const clean = cleanText(text);
  return clean ? [{ text: clean, bold }] : [];
}

/** Step-text markup (`**bold**` and backslash escapes) as runs; the markup itself is never drawn. */
export function markup(text: string): Run[] {
  return parseStepText(text).flatMap((seg) => plain(seg.text, seg.strong));
}

type Piece = { kind: 'word'; parts: Run[] } | { kind: 'space' } | { kind: 'break' };

/** Words (possibly mixing bold and regular, as in "**Deploy**."), spaces and hard breaks. */
function pieces(runs: readonly Run[]): Piece[] {
  const out: Piece[] = [];
  let word: Run[] | undefined;
  const flush = () => {
    if (word) out.push({ kind: 'word', parts: word });
    word = undefined;
  };
  for (const run of runs) {
    for (const token of run.text.split(/(\n| +)/)) {
      if (token === '') continue;
      if (token === '\n') {
        flush();
        out.push({ kind: 'break' });
      } else if (token.trim() === '') {
        flush();
        if (out[out.length - 1]?.kind !== 'space') out.push({ kind: 'space' });
      } else {
        word ??= [];
        word.push({ text: token, bold: run.bold });
      }
    }
  }
  flush();
  return out;
}

function merge(runs: readonly Run[]): Run[] {
  const out: Run[] = [];
  for (const r of runs) {
    const last = out[out.length - 1];
    if (last && last.bold === r.bold) out[out.length - 1] = { text: last.text + r.text, bold: r.bold };
    else if (r.text) out.push(r);
  }
  return out;
}

/** A word wider than the line, cut between code points into pieces that fit (a long URL or token). */
function splitWord(parts: readonly Run[], maxWidth: number, measure: Measure): Run[][] {
  const chunks: Run[][] = [];
  let chunk: Run[] = [];
  let width = 0;
  for (const part of parts) {
    for (const ch of part.text) {
      const w = measure(ch, part.bold);
      if (width + w > maxWidth && chunk.length > 0) {
        chunks.push(merge(chunk));
        chunk = [];
        width = 0;
      }
      chunk.push({ text: ch, bold: part.bold });
      width += w;
    }
  }
  if (chunk.length) chunks.push(merge(chunk));
  return chunks;
}

/**
 * Greedy line breaking at spaces and '\n'. A word never splits unless it alone is wider than the line.
 * Leading and trailing spaces of a line are dropped. Empty input gives no lines; '\n\n' leaves an empty line.
 */
export function wrapRuns(runs: readonly Run[], maxWidth: number, measure: Measure): Line[] {
  const lines: Line[] = [];
  let current: Run[] = [];
  let width = 0;
  let pendingSpace = false;
  const spaceWidth = measure(' ', false);
  const endLine = () => {
    lines.push({ runs: merge(current), width });
    current = [];
    width = 0;
    pendingSpace = false;
  };
  const all = pieces(runs);
  for (const piece of all) {
    if (piece.kind === 'break') {
      endLine();
      continue;
    }
    if (piece.kind === 'space') {
      pendingSpace = current.length > 0;
      continue;
    }
    const wordWidth = piece.parts.reduce((sum, p) => sum + measure(p.text, p.bold), 0);
    const gap = pendingSpace ? spaceWidth : 0;
    if (current.length > 0 && width + gap + wordWidth > maxWidth) endLine();
    if (wordWidth > maxWidth) {
      const chunks = splitWord(piece.parts, maxWidth, measure);
      chunks.forEach((chunk, i) => {
        if (i > 0) endLine();
        current.push(...chunk);
        width += chunk.reduce((sum, p) => sum + measure(p.text, p.bold), 0);
      });
      continue;
    }
    if (pendingSpace && current.length > 0) {
      current.push({ text: ' ', bold: false });
      width += spaceWidth;
    }
    current.push(...piece.parts);
    width += wordWidth;
    pendingSpace = false;
  }
  if (current.length > 0) endLine();
  return lines;
}

/** `text` cut to fit `maxWidth`, with an ellipsis when cut (running headers). */
export function fitText(text: string, maxWidth: number, measure: (s: string) => number): string {
  if (measure(text) <= maxWidth) return text;
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(`${chars.slice(0, mid).join('').trimEnd()}…`) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join('').trimEnd()}…`;
}
