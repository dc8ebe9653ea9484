/**
 * A writing cursor over a jsPDF document: A4 pages with room kept for the running header and footer,
 * wrapped paragraphs of bold/regular runs that break across pages, simple tables and images. Content is
 * only ever appended, so the current page is always the last one.
 */
import type { jsPDF } from 'jspdf';
import { addPng } from './pdf-image';
import { wrapRuns, type Line, type Run } from './pdf-text';

export const FONT = 'DejaVuSans';
/** A4 in points. */
export const PAGE = { width: 595.28, height: 841.89 } as const;
export const MARGIN = { top: 70, bottom: 66, left: 56, right: 56 } as const;
export const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;

export type Rgb = readonly [number, number, number];
export const INK: Rgb = [17, 24, 39];
export const MUTED: Rgb = [100, 106, 118];
export const RULE: Rgb = [203, 208, 216];
export const WARN: Rgb = [153, 27, 27];
export const ACCENT: Rgb = [180, 83, 9];

export interface TextStyle {
  readonly size: number;
  readonly color?: Rgb;
  /** Left offset from the margin. */
  readonly indent?: number;
  /** Line height as a multiple of the size. */
  readonly leading?: number;
  /** A vertical bar left of the text (quotes, gates), in this colour. */
  readonly bar?: Rgb;
}

export class PdfCursor {
  y: number = MARGIN.top;

  constructor(readonly pdf: jsPDF) {}

  get page(): number {
    return this.pdf.getNumberOfPages();
  }

  get bottom(): number {
    return PAGE.height - MARGIN.bottom;
  }

  /** Height left on this page. */
  get room(): number {
    return this.bottom - this.y;
  }

  get atTop(): boolean {
    return this.y <= MARGIN.top;
  }

  newPage(): void {
    this.pdf.addPage();
    this.y = MARGIN.top;
  }

  /** Starts a new page unless `height` still fits here (or this page is empty anyway). */
  ensure(height: number): void {
    if (height > this.room && !this.atTop) this.newPage();
  }

  gap(height: number): void {
    this.y = Math.min(this.y + height, this.bottom);
  }

  font(bold: boolean, size?: number): void {
    this.pdf.setFont(FONT, bold ? 'bold' : 'normal');
    if (size !== undefined) this.pdf.setFontSize(size);
  }

  color(rgb: Rgb): void {
    this.pdf.setTextColor(rgb[0], rgb[1], rgb[2]);
  }

  /** Width of `text` at `size`. */
  width(text: string, bold: boolean, size: number): number {
    this.font(bold, size);
    return this.pdf.getTextWidth(text);
  }

  lines(runs: readonly Run[], style: TextStyle, maxWidth = CONTENT_WIDTH - (style.indent ?? 0)): Line[] {
    return wrapRuns(runs, maxWidth, (text, bold) => this.width(text, bold, style.size));
  }

  lineHeight(style: TextStyle): number {
    return style.size * (style.leading ?? 1.4);
  }

  /** Draws one line with its top at `top`. */
  drawLine(line: Line, x: number, top: number, style: TextStyle): void {
    const baseline = top + style.size * 1.02;
    this.color(style.color ?? INK);
    let at = x;
    for (const run of line.runs) {
      this.font(run.bold, style.size);
      this.pdf.text(run.text, at, baseline);
      at += this.pdf.getTextWidth(run.text);
    }
  }

  /** A wrapped paragraph; lines flow onto the next page. Returns the page its first line landed on. */
  paragraph(runs: readonly Run[], style: TextStyle, after = style.size * 0.6): number {
    const lines = this.lines(runs, style);
    const lh = this.lineHeight(style);
    // Orphan control: never leave a lone first line at the foot of a page.
    this.ensure(Math.min(lines.length, 2) * lh);
    const first = this.page;
    const x = MARGIN.left + (style.indent ?? 0);
    for (const line of lines) {
      this.ensure(lh);
      this.drawLine(line, x, this.y, style);
      if (style.bar) this.bar(style.bar, x - 9, this.y, lh);
      this.y += lh;
    }
    this.gap(after);
    return first;
  }

  bar(rgb: Rgb, x: number, top: number, height: number): void {
    this.pdf.setDrawColor(rgb[0], rgb[1], rgb[2]);
    this.pdf.setLineWidth(2);
    this.pdf.line(x, top, x, top + height);
  }

  rule(rgb: Rgb = RULE, width = 0.6): void {
    this.pdf.setDrawColor(rgb[0], rgb[1], rgb[2]);
    this.pdf.setLineWidth(width);
    this.pdf.line(MARGIN.left, this.y, PAGE.width - MARGIN.right, this.y);
  }

  /** A bulleted or numbered list; each item wraps with a hanging indent. */
  list(items: readonly (readonly Run[])[], style: TextStyle, ordered = false): void {
    const indent = (style.indent ?? 0) + 16;
    items.forEach((runs, i) => {
      const marker = ordered ? `${i + 1}.` : '•';
      const lines = this.lines(runs, { ...style, indent });
      const lh = this.lineHeight(style);
      this.ensure(Math.min(lines.length, 2) * lh);
      this.drawLine({ runs: [{ text: marker, bold: false }], width: 0 }, MARGIN.left + indent - 14, this.y, style);
      for (const line of lines) {
        this.ensure(lh);
        this.drawLine(line, MARGIN.left + indent, this.y, style);
        this.y += lh;
      }
      this.gap(style.size * 0.3);
    });
    this.gap(style.size * 0.4);
  }

  /**
   * A table with a bold header row, repeated after every page break. `widths` are fractions of the content
   * width; cells wrap. A row taller than what is left of the page moves to the next one, and a row taller
   * than a whole page is split between lines.
   */
  table(header: readonly string[], rows: readonly (readonly (readonly Run[])[])[], widths: readonly number[], style: TextStyle): void {
    const pad = 4;
    const lh = this.lineHeight(style);
    const columns = widths.map((w) => w * CONTENT_WIDTH);
    const layout = (cells: readonly (readonly Run[])[]) => cells.map((runs, i) => this.lines(runs, style, columns[i]! - 2 * pad));
    const tall = (cells: Line[][]) => Math.max(1, ...cells.map((c) => c.length));
    const headerCells = layout(header.map((h) => [{ text: h, bold: true }]));
    const headerFill: Rgb = [241, 243, 246];
    const drawSlice = (cells: Line[][], from: number, count: number, fill?: Rgb) => {
      const height = count * lh + 2 * pad;
      if (fill) {
        this.pdf.setFillColor(fill[0], fill[1], fill[2]);
        this.pdf.rect(MARGIN.left, this.y, CONTENT_WIDTH, height, 'F');
      }
      let x = MARGIN.left;
      cells.forEach((lines, i) => {
        lines.slice(from, from + count).forEach((line, j) => this.drawLine(line, x + pad, this.y + pad + j * lh, style));
        x += columns[i]!;
      });
      this.y += height;
      this.pdf.setDrawColor(RULE[0], RULE[1], RULE[2]);
      this.pdf.setLineWidth(0.5);
      this.pdf.line(MARGIN.left, this.y, PAGE.width - MARGIN.right, this.y);
    };
    const drawHeader = () => drawSlice(headerCells, 0, tall(headerCells), headerFill);
    const rowsLaid = rows.map(layout);
    const pageRoom = this.bottom - MARGIN.top;
    const heightOf = (cells: Line[][]) => tall(cells) * lh + 2 * pad;
    this.ensure(heightOf(headerCells) + (rowsLaid[0] ? Math.min(heightOf(rowsLaid[0]), 3 * lh) : 0));
    drawHeader();
    for (const cells of rowsLaid) {
      const total = tall(cells);
      if (heightOf(cells) > this.room && heightOf(cells) + heightOf(headerCells) <= pageRoom) {
        this.newPage();
        drawHeader();
      }
      for (let from = 0; from < total; ) {
        const fit = Math.floor((this.room - 2 * pad) / lh);
        if (fit < 1) {
          this.newPage();
          drawHeader();
          continue;
        }
        const count = Math.min(fit, total - from);
        drawSlice(cells, from, count);
        from += count;
      }
    }
    this.gap(style.size);
  }

  /** An image scaled to `width` × `height` points at the cursor, with a hairline frame. */
  image(png: Uint8Array, alias: string, x: number, width: number, height: number): void {
    addPng(this.pdf, png, alias, x, this.y, width, height);
    this.pdf.setDrawColor(RULE[0], RULE[1], RULE[2]);
    this.pdf.setLineWidth(0.5);
    this.pdf.rect(x, this.y, width, height, 'S');
    this.y += height;
  }
}

/** `size` scaled to fit inside maxWidth × maxHeight, never enlarged beyond 0.75 pt per pixel (96 dpi). */
export function fitBox(size: { width: number; height: number }, maxWidth: number, maxHeight: number): { width: number; height: number } {
  const scale = Math.min(0.75, maxWidth / size.width, maxHeight / size.height);
  return { width: size.width * scale, height: size.height * scale };
}
