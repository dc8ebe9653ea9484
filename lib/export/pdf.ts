/**
 * PDF export: a cover page with the title and the document-control table, a table of contents with real
 * page numbers, every section of the SOP document in the order of lib/sop/sections.ts with the numbered
 * steps (screenshot, expected result, warnings, notes, narration as a quote) under "Procedure", the flow
 * diagram as an image, a running header and footer ("Page X of Y") on every page, and bookmarks for the
 * sections and steps.
 *
 * The contents pages are reserved before the body is written and filled in once every heading's page is
 * known. Text is drawn with an embedded Unicode TrueType face (regular + bold; jsPDF subsets it), so Greek,
 * Cyrillic and accented labels print as they are. Page-derived text only ever becomes drawn text: markup
 * is parsed (lib/text/markdown.ts) into runs, control and bidi-override characters are dropped.
 *
 * Pure: the caller supplies the screenshots (crop, blur boxes and highlight already drawn), the diagram
 * rendered to PNG when it could be, and the font bytes. `onStep` runs after each step so the caller can
 * report progress, yield to its event loop and cancel by throwing.
 */
import { jsPDF } from 'jspdf';
import type { Sop, Step, StepId } from '../model';
import type { SopDocument } from '../sop/document';
import { listRevisions } from '../sop/revisions';
import { metadataRows, SECTIONS, section, type SectionKey } from '../sop/sections';
import { orderedSteps } from './markdown';
import { ACCENT, CONTENT_WIDTH, FONT, INK, MARGIN, MUTED, PAGE, PdfCursor, RULE, WARN, fitBox, type TextStyle } from './pdf-page';
import { binaryString } from './pdf-image';
import { pdfImageSize } from './pdf-image';
import { pngSize } from './pdf-png';
import { cleanText, fitText, markup, plain } from './pdf-text';
import { formatDuration, isoDate } from '../text/time';

export interface PdfFonts {
  /** TrueType bytes of the regular and the bold face. */
  readonly regular: Uint8Array;
  readonly bold: Uint8Array;
}

export interface PdfDiagram {
  /** The Mermaid source the diagram was drawn from ('' when there is no diagram). */
  readonly source: string;
  /** The rendered diagram; absent when it could not be drawn. */
  readonly png?: Uint8Array;
  /** Why it could not be drawn, shown in the PDF. */
  readonly error?: string;
}

export interface PdfOptions {
  readonly fonts: PdfFonts;
  readonly diagram?: PdfDiagram;
  /** Called after each step is laid out (1-based count); may be async and may throw to cancel. */
  readonly onStep?: (done: number, total: number) => void | Promise<void>;
}

const BODY: TextStyle = { size: 10.5 };
const SMALL: TextStyle = { size: 9, color: MUTED };
const PROMPT: TextStyle = { size: 10.5, color: MUTED };
const STEP_INDENT = 26;
const MAX_SHOT_HEIGHT = 340;

interface TocEntry {
  readonly title: string;
  readonly page: number;
  /** Bookmarks under this one (the steps under "Procedure"). */
  children?: TocEntry[];
}

function embedFonts(pdf: jsPDF, fonts: PdfFonts): void {
  pdf.addFileToVFS('DejaVuSans.ttf', binaryString(fonts.regular));
  pdf.addFont('DejaVuSans.ttf', FONT, 'normal');
  pdf.addFileToVFS('DejaVuSans-Bold.ttf', binaryString(fonts.bold));
  pdf.addFont('DejaVuSans-Bold.ttf', FONT, 'bold');
  pdf.setFont(FONT, 'normal');
}

function titleOf(sop: Sop, doc: SopDocument): string {
  return cleanText(sop.title || doc.metadata.title).replace(/\s+/g, ' ').trim() || 'Untitled procedure';
}

/** A section heading, kept on one page with the first `keep` points of what follows it. */
function heading(cur: PdfCursor, key: SectionKey, toc: TocEntry[], keep = 60): void {
  const title = section(key).heading;
  cur.ensure(keep + 36);
  if (!cur.atTop) cur.gap(10);
  toc.push({ title, page: cur.page });
  cur.paragraph([{ text: title, bold: true }], { size: 15 }, 4);
  cur.rule();
  cur.gap(8);
}

function prompt(cur: PdfCursor, key: SectionKey): void {
  cur.paragraph(plain(section(key).prompt), PROMPT);
}

function items(cur: PdfCursor, key: SectionKey, list: readonly { readonly text: string }[], ordered = false): void {
  const written = list.filter((i) => i.text.trim() !== '');
  if (written.length === 0) prompt(cur, key);
  else cur.list(written.map((i) => markup(i.text.trim())), BODY, ordered);
}

function prose(cur: PdfCursor, key: SectionKey, text: string): void {
  if (!text.trim()) prompt(cur, key);
  else for (const para of text.trim().split(/\n\s*\n/)) cur.paragraph(markup(para.trim()), BODY);
}

function metadataTable(cur: PdfCursor, sop: Sop, doc: SopDocument, steps: readonly Step[]): void {
  const notSet = section('metadata').prompt;
  const rows: [string, string][] = [
    ...metadataRows(doc),
    ['Recorded', isoDate(sop.createdAt)],
    ['Last changed', isoDate(sop.updatedAt)],
    ['Steps', String(steps.length)],
    ['Recording length', formatDuration(sop.durationMs)],
    ['Starts at', sop.sourceUrl],
  ];
  cur.table(
    ['Field', 'Value'],
    rows.map(([k, v]) => [plain(k, true), v.trim() ? plain(v.trim()) : [{ text: notSet, bold: false }]]),
    [0.3, 0.7],
    BODY,
  );
}

function cover(cur: PdfCursor, sop: Sop, doc: SopDocument, steps: readonly Step[], toc: TocEntry[]): void {
  cur.gap(40);
  cur.paragraph(plain('Standard Operating Procedure'), { size: 11, color: MUTED }, 6);
  cur.paragraph(plain(titleOf(sop, doc), true), { size: 24, leading: 1.25 }, 10);
  cur.paragraph(plain(`Version ${doc.metadata.version} · ${steps.length} ${steps.length === 1 ? 'step' : 'steps'}`), { size: 11, color: MUTED }, 24);
  toc.push({ title: section('metadata').heading, page: cur.page });
  cur.paragraph([{ text: section('metadata').heading, bold: true }], { size: 15 }, 4);
  cur.rule();
  cur.gap(8);
  metadataTable(cur, sop, doc, steps);
}

/** Where a gate sits, as the Markdown export words it. */
function gateWhere(stepsInOrder: readonly Step[], after: StepId | undefined): string {
  if (after === undefined) return 'Before step 1: ';
  const i = stepsInOrder.findIndex((s) => s.id === after);
  if (i < 0) return '';
  return i + 1 < stepsInOrder.length ? `Before step ${i + 2}: ` : `After step ${i + 1}: `;
}

function gate(cur: PdfCursor, question: string): void {
  cur.gap(2);
  cur.paragraph([{ text: 'Go/no-go gate: ', bold: true }, ...markup(question.trim())], { ...BODY, indent: STEP_INDENT, color: ACCENT, bar: ACCENT }, 8);
}

const STEP_TEXT: TextStyle = { size: 11, indent: STEP_INDENT };

/** The instruction and the size of its screenshot: what must stay together on one page. */
function stepLead(cur: PdfCursor, step: Step, png: Uint8Array | undefined) {
  const runs = markup(step.text.trim() || '(No instruction.)');
  const lines = cur.lines(runs, STEP_TEXT);
  const size = png ? pdfImageSize(png) : undefined;
  const shot = size ? fitBox(size, CONTENT_WIDTH - STEP_INDENT, MAX_SHOT_HEIGHT) : undefined;
  const lh = cur.lineHeight(STEP_TEXT);
  return { runs, shot, height: lines.length * lh + (shot ? shot.height + 8 : lh) };
}

function stepBlock(cur: PdfCursor, step: Step, n: number, png: Uint8Array | undefined, doc: SopDocument): void {
  const { runs, shot, height } = stepLead(cur, step, png);
  cur.ensure(height);
  // The number hangs in the margin of the instruction, which ensure() has kept on this page.
  cur.drawLine({ runs: [{ text: `${n}.`, bold: true }], width: 0 }, MARGIN.left, cur.y, STEP_TEXT);
  cur.paragraph(runs, STEP_TEXT, 6);
  if (png && shot) {
    cur.ensure(shot.height);
    cur.image(png, `step-${n}`, MARGIN.left + STEP_INDENT, shot.width, shot.height);
    cur.gap(8);
  } else if (png) {
    cur.paragraph(plain('(The screenshot of this step could not be read.)'), { ...SMALL, indent: STEP_INDENT });
  }
  if (step.shotNote) cur.paragraph(plain(step.shotNote), { ...SMALL, indent: STEP_INDENT }, 4);
  const note = doc.stepNotes[step.id];
  const annotation: TextStyle = { size: 10, indent: STEP_INDENT };
  if (note?.expectedResult.text.trim()) cur.paragraph([{ text: 'Expected result: ', bold: true }, ...markup(note.expectedResult.text.trim())], annotation, 4);
  for (const w of note?.warnings ?? []) {
    if (w.text.trim()) cur.paragraph([{ text: 'Warning: ', bold: true }, ...markup(w.text.trim())], { ...annotation, color: WARN, bar: WARN }, 4);
  }
  if (note?.notes.text.trim()) cur.paragraph([{ text: 'Note: ', bold: true }, ...markup(note.notes.text.trim())], annotation, 4);
  const narration = cleanText(step.narration ?? '').trim();
  if (narration) cur.paragraph(plain(`“${narration}”`), { size: 10, indent: STEP_INDENT + 10, color: MUTED, bar: RULE }, 4);
  cur.gap(12);
}

async function procedure(cur: PdfCursor, list: readonly Step[], pngs: ReadonlyMap<StepId, Uint8Array>, doc: SopDocument, onStep: PdfOptions['onStep'], marks: TocEntry[]): Promise<void> {
  if (list.length === 0) prompt(cur, 'procedure');
  const gatesAfter = (id: StepId | undefined) => doc.gates.filter((g) => g.afterStepId === id && g.question.trim() !== '');
  for (const g of gatesAfter(undefined)) gate(cur, g.question);
  for (const [i, step] of list.entries()) {
    stepBlock(cur, step, i + 1, pngs.get(step.id), doc);
    const plainText = markup(step.text).map((r) => r.text).join('').replace(/\s+/g, ' ').trim();
    marks.push({ title: [...`${i + 1}. ${plainText}`].slice(0, 100).join(''), page: cur.page });
    for (const g of gatesAfter(step.id)) gate(cur, g.question);
    await onStep?.(i + 1, list.length);
  }
}

/** The diagram is rasterised at 2 px per CSS px (lib/exporting/pdf.ts): 0.5 pt per pixel is 1 pt per CSS px. */
const DIAGRAM_PT_PER_PX = 0.5;

function diagramBox(cur: PdfCursor, d: PdfDiagram | undefined) {
  const size = d?.png && d.source.trim() ? pngSize(d.png) : undefined;
  if (!size) return undefined;
  const fit = fitBox(size, CONTENT_WIDTH, cur.bottom - MARGIN.top - 60);
  const scale = Math.min(fit.width / size.width, DIAGRAM_PT_PER_PX);
  return { width: size.width * scale, height: size.height * scale };
}

function diagram(cur: PdfCursor, d: PdfDiagram | undefined): void {
  const source = d?.source.trim() ?? '';
  if (!source) return prompt(cur, 'diagram');
  const box = diagramBox(cur, d);
  if (d?.png && box) {
    cur.ensure(box.height);
    cur.image(d.png, 'diagram', MARGIN.left + (CONTENT_WIDTH - box.width) / 2, box.width, box.height);
    cur.gap(10);
    return;
  }
  const why = d?.error ? ` (${cleanText(d.error).replace(/\s+/g, ' ').trim()})` : d?.png ? ' (the image could not be read)' : '';
  cur.paragraph(plain(`The flow diagram could not be drawn${why}. Its Mermaid source:`), PROMPT);
  cur.paragraph(plain(source), { size: 8.5, color: INK, indent: 10, leading: 1.3, bar: RULE });
}

async function body(cur: PdfCursor, list: readonly Step[], pngs: ReadonlyMap<StepId, Uint8Array>, doc: SopDocument, options: PdfOptions, toc: TocEntry[]): Promise<void> {
  for (const { key } of SECTIONS) {
    if (key === 'metadata') continue; // On the cover.
    // A heading stays on the page of what starts under it: the first step with its screenshot, the diagram.
    const first = list[0];
    const keep = key === 'procedure' && first ? stepLead(cur, first, pngs.get(first.id)).height : key === 'diagram' ? diagramBox(cur, options.diagram)?.height : undefined;
    heading(cur, key, toc, keep);
    switch (key) {
      case 'purpose':
        prose(cur, key, doc.purpose.text);
        break;
      case 'scope': {
        const inScope = doc.scope.in.text.trim();
        const outScope = doc.scope.out.text.trim();
        if (!inScope && !outScope) prompt(cur, key);
        else {
          cur.paragraph([{ text: 'In scope: ', bold: true }, ...(inScope ? markup(inScope) : plain('Not written yet.'))], BODY);
          cur.paragraph([{ text: 'Out of scope: ', bold: true }, ...(outScope ? markup(outScope) : plain('Not written yet.'))], BODY);
        }
        break;
      }
      case 'roles':
        if (doc.roles.length === 0) prompt(cur, key);
        else
          cur.list(
            doc.roles.map((r) => {
              const hosts = r.kind === 'system' && r.hosts?.length ? `: ${r.hosts.join(', ')}` : '';
              return [...plain(r.name.trim() || 'Unnamed', true), ...plain(` (${r.kind}${hosts})`)];
            }),
            BODY,
          );
        break;
      case 'prerequisites':
      case 'verification':
      case 'escalation':
      case 'monitoring':
      case 'references':
        items(cur, key, doc[key]);
        break;
      case 'rollback':
        items(cur, key, doc.rollback, true);
        break;
      case 'variables':
        if (doc.variables.length === 0) prompt(cur, key);
        else cur.table(['Variable', 'Meaning', 'Example'], doc.variables.map((v) => [plain(`{{${v.name}}}`, true), plain(v.description), plain(v.example)]), [0.28, 0.42, 0.3], BODY);
        break;
      case 'procedure':
        await procedure(cur, list, pngs, doc, options.onStep, (toc[toc.length - 1]!.children ??= []));
        break;
      case 'gates': {
        const gates = doc.gates.filter((g) => g.question.trim() !== '');
        if (gates.length === 0) prompt(cur, key);
        else cur.list(gates.map((g) => [...plain(gateWhere(list, g.afterStepId), true), ...markup(g.question.trim())]), BODY);
        break;
      }
      case 'troubleshooting': {
        const trouble = doc.troubleshooting.filter((t) => t.text.trim() || t.symptom.trim());
        if (trouble.length === 0) prompt(cur, key);
        else
          cur.list(
            trouble.map((t) => {
              const action = t.text.trim() ? markup(t.text.trim()) : plain('What to do is not written yet.');
              return t.symptom.trim() ? [{ text: 'If ', bold: false }, ...markup(t.symptom.trim()), { text: ': ', bold: false }, ...action] : action;
            }),
            BODY,
          );
        break;
      }
      case 'revisions': {
        const revs = listRevisions(doc);
        if (revs.length === 0) prompt(cur, key);
        else cur.table(['Version', 'Date', 'Summary'], revs.map((r) => [plain(r.version), plain(isoDate(r.savedAt)), plain(r.summary.trim() || '—')]), [0.15, 0.2, 0.65], BODY);
        break;
      }
      case 'diagram':
        diagram(cur, options.diagram);
        break;
    }
  }
}

const TOC_ROW = 20;

function tocPagesNeeded(entries: number): number {
  const firstPage = Math.floor((PAGE.height - MARGIN.bottom - MARGIN.top - 50) / TOC_ROW);
  const perPage = Math.floor((PAGE.height - MARGIN.bottom - MARGIN.top) / TOC_ROW);
  return entries <= firstPage ? 1 : 1 + Math.ceil((entries - firstPage) / perPage);
}

/** Fills the reserved contents pages: title, dot leader, page number, each a link to its page. */
function writeToc(pdf: jsPDF, firstPage: number, entries: readonly TocEntry[]): void {
  const cur = new PdfCursor(pdf);
  pdf.setPage(firstPage);
  let page = firstPage;
  cur.y = MARGIN.top;
  cur.drawLine({ runs: [{ text: 'Contents', bold: true }], width: 0 }, MARGIN.left, cur.y, { size: 15 });
  cur.y += 50;
  const style: TextStyle = { size: 11 };
  for (const entry of entries) {
    if (cur.y + TOC_ROW > PAGE.height - MARGIN.bottom) {
      pdf.setPage(++page);
      cur.y = MARGIN.top;
    }
    const number = String(entry.page);
    const numberWidth = cur.width(number, false, style.size);
    const title = fitText(entry.title, CONTENT_WIDTH - numberWidth - 30, (s) => cur.width(s, false, style.size));
    const titleWidth = cur.width(title, false, style.size);
    cur.drawLine({ runs: [{ text: title, bold: false }], width: titleWidth }, MARGIN.left, cur.y, style);
    cur.drawLine({ runs: [{ text: number, bold: false }], width: numberWidth }, PAGE.width - MARGIN.right - numberWidth, cur.y, style);
    const dot = cur.width('.', false, style.size) * 2;
    const from = MARGIN.left + titleWidth + 6;
    const to = PAGE.width - MARGIN.right - numberWidth - 6;
    const dots = Math.max(0, Math.floor((to - from) / dot));
    if (dots > 0) cur.drawLine({ runs: [{ text: ' .'.repeat(dots), bold: false }], width: 0 }, to - dots * dot, cur.y, { ...style, color: RULE });
    pdf.link(MARGIN.left, cur.y, CONTENT_WIDTH, TOC_ROW, { pageNumber: entry.page });
    cur.y += TOC_ROW;
  }
}

/**
 * Bookmarks in the viewer's sidebar: every section, and every step under "Procedure". jsPDF writes titles
 * beyond Latin-1 as UTF-16 with the string's delimiters escaped (the tests use labels whose UTF-16 bytes
 * include '(', ')' and a backslash).
 */
function writeOutline(pdf: jsPDF, entries: readonly TocEntry[]): void {
  for (const entry of entries) {
    const node = pdf.outline.add(null, entry.title, { pageNumber: entry.page });
    for (const child of entry.children ?? []) pdf.outline.add(node, child.title, { pageNumber: child.page });
  }
}

/** Running header (title, version) and footer (document id, "Page X of Y") on every page. */
function headersAndFooters(pdf: jsPDF, title: string, doc: SopDocument): void {
  const total = pdf.getNumberOfPages();
  const cur = new PdfCursor(pdf);
  const small: TextStyle = { size: 8.5, color: MUTED };
  const version = `Version ${doc.metadata.version}`;
  const left = cleanText(doc.metadata.id).trim();
  for (let p = 1; p <= total; p++) {
    pdf.setPage(p);
    const versionWidth = cur.width(version, false, small.size);
    const head = fitText(title, CONTENT_WIDTH - versionWidth - 24, (s) => cur.width(s, false, small.size));
    cur.drawLine({ runs: [{ text: head, bold: false }], width: 0 }, MARGIN.left, 32, small);
    cur.drawLine({ runs: [{ text: version, bold: false }], width: 0 }, PAGE.width - MARGIN.right - versionWidth, 32, small);
    pdf.setDrawColor(RULE[0], RULE[1], RULE[2]);
    pdf.setLineWidth(0.5);
    pdf.line(MARGIN.left, 48, PAGE.width - MARGIN.right, 48);
    const footY = PAGE.height - 44;
    pdf.line(MARGIN.left, footY - 6, PAGE.width - MARGIN.right, footY - 6);
    const pageText = `Page ${p} of ${total}`;
    const pageWidth = cur.width(pageText, false, small.size);
    if (left) cur.drawLine({ runs: [{ text: fitText(left, CONTENT_WIDTH / 2, (s) => cur.width(s, false, small.size)), bold: false }], width: 0 }, MARGIN.left, footY, small);
    cur.drawLine({ runs: [{ text: pageText, bold: false }], width: 0 }, PAGE.width - MARGIN.right - pageWidth, footY, small);
  }
}

/** The SOP as a PDF file. */
export async function buildSopPdf(sop: Sop, steps: readonly Step[], pngs: ReadonlyMap<StepId, Uint8Array>, doc: SopDocument, options: PdfOptions): Promise<Uint8Array> {
  const pdf = new jsPDF({ unit: 'pt', format: 'a4', compress: true, putOnlyUsedFonts: true });
  embedFonts(pdf, options.fonts);
  const title = titleOf(sop, doc);
  pdf.setDocumentProperties({ title, subject: 'Standard Operating Procedure', creator: 'SOP Recorder' });
  const list = orderedSteps(steps);
  const cur = new PdfCursor(pdf);
  const toc: TocEntry[] = [];

  cover(cur, sop, doc, list, toc);
  cur.newPage();
  const tocPage = cur.page;
  const tocPages = tocPagesNeeded(SECTIONS.length);
  for (let i = 1; i < tocPages; i++) cur.newPage();
  cur.newPage();
  await body(cur, list, pngs, doc, options, toc);

  writeToc(pdf, tocPage, toc);
  writeOutline(pdf, toc);
  headersAndFooters(pdf, title, doc);
  return new Uint8Array(pdf.output('arraybuffer'));
}
