/**
 * The PDF export built in Node and read back with poppler (pdftotext, pdfimages, pdfinfo), as a reader's
 * viewer would see it: sections, steps, contents with real page numbers, footers, Unicode labels, images.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSopPdf, type PdfDiagram } from '../../../lib/export/pdf';
import type { Step, StepId } from '../../../lib/model';
import { emptyDocument, emptyStepNote, type GateId, type ItemId, type SopDocument } from '../../../lib/sop/document';
import { SECTIONS } from '../../../lib/sop/sections';
import { escapeMarkdownInline } from '../../../lib/text/markdown';
import { makeSop, makeStep, stepId } from '../factories';
import { JPEG_37x21, WEBP_37x21 } from './image-fixtures';
import { encodePng, fakeScreenshot, loadFonts } from './pdf-fixtures';

// Ĩ, ĩ and Ŝ are U+0128, U+0129 and U+015C: in UTF-16 their low bytes are '(', ')' and '\\'.
const HOSTILE_LABEL = '<img src=x onerror=alert(1)> **Purge** [cache](javascript:alert(1)) ) Tj ET ĨĩŜ';
const fonts = loadFonts();
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pdf-test-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function poppler(tool: string, args: string[]): string {
  return execFileSync(tool, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

interface ReadBack {
  readonly pages: string[];
  readonly text: string;
  /** Rows of `pdfimages -list` that are images (not soft masks). */
  readonly images: { page: number; width: number; height: number }[];
  readonly info: string;
  /** The bookmarks (pdftohtml -xml), depth 0 for sections, 1 under them. */
  readonly outline: { depth: number; page: number; title: string }[];
}

const unescapeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

function outlineOf(file: string): ReadBack['outline'] {
  const xml = poppler('pdftohtml', ['-xml', '-i', '-stdout', file]);
  const out: ReadBack['outline'] = [];
  let depth = -1;
  for (const m of xml.matchAll(/<outline>|<\/outline>|<item page="(\d+)">([^<]*)<\/item>/g)) {
    if (m[0] === '<outline>') depth++;
    else if (m[0] === '</outline>') depth--;
    else out.push({ depth, page: Number(m[1]), title: unescapeXml(m[2]!) });
  }
  return out;
}

let seq = 0;
function readBack(bytes: Uint8Array): ReadBack {
  const file = join(dir, `sop-${++seq}.pdf`);
  writeFileSync(file, bytes);
  // Pages are separated by form feeds in pdftotext's output.
  const text = poppler('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-']);
  const pages = text.split('\f').slice(0, -1);
  const images = poppler('pdfimages', ['-list', file])
    .split('\n')
    .slice(2)
    .map((l) => l.trim().split(/\s+/))
    .filter((cols) => cols[2] === 'image')
    .map((cols) => ({ page: Number(cols[0]), width: Number(cols[3]), height: Number(cols[4]) }));
  return { pages, text, images, info: poppler('pdfinfo', [file]), outline: outlineOf(file) };
}

const ids = { login: stepId('login'), deploy: stepId('deploy'), confirm: stepId('confirm'), hostile: stepId('hostile'), plain: stepId('plain') };

function fixture() {
  const sop = makeSop({ title: 'Déployer payments-api — Σύνδεση', stepCount: 5 });
  const steps: Step[] = [
    makeStep({ id: ids.login, order: 10, text: 'Click **Σύνδεση**.' }),
    makeStep({ id: ids.deploy, order: 20, text: 'Click **Развернуть**.', narration: 'Now the rollout starts, it takes about a minute.' }),
    makeStep({ id: ids.confirm, order: 30, text: 'Click **Déployer** in **Confirmation**.' }),
    makeStep({ id: ids.hostile, order: 40, text: `Click **${escapeMarkdownInline(HOSTILE_LABEL)}**.` }),
    makeStep({ id: ids.plain, order: 50, text: 'Close the dialog.' }),
  ];
  const pngs = new Map<StepId, Uint8Array>([
    [ids.login, fakeScreenshot(1)],
    [ids.deploy, fakeScreenshot(2)],
    [ids.confirm, fakeScreenshot(3, 900, 1400)],
    [ids.hostile, fakeScreenshot(4, 640, 400)],
  ]);
  const item = (text: string, n: number) => ({ id: `i${n}` as ItemId, text, source: 'author' as const });
  const base = emptyDocument(sop);
  const doc: SopDocument = {
    ...base,
    metadata: { ...base.metadata, id: 'SOP-042', version: '1.3', owner: 'Zoë Παπαδοπούλου', approver: 'Иван Петров', effectiveDate: '2026-02-01', reviewDate: '2026-08-01', service: 'payments-api', environment: 'Production', tags: ['deploy', 'payments'] },
    purpose: { text: 'Roll out a new **payments-api** version without downtime.', source: 'author' },
    scope: { in: { text: 'Production deploys of payments-api.', source: 'author' }, out: { text: 'Database migrations.', source: 'author' } },
    roles: [{ id: 'r1' as never, name: 'Release manager', kind: 'person' }, { id: 'r2' as never, name: 'Shipyard', kind: 'system', hosts: ['shipyard.test'] }],
    prerequisites: [item('A change ticket approved by the CAB.', 1)],
    variables: [{ name: 'version', description: 'Release to deploy', example: 'v1.5.0', occurrences: [] }],
    gates: [{ id: 'g1' as GateId, question: 'Is the error rate below 1 %?', afterStepId: ids.deploy, source: 'author' }],
    verification: [item('The status reads **Healthy** on every instance.', 2)],
    troubleshooting: [{ id: 't1' as ItemId, symptom: 'the health check fails', text: 'Open the logs of the failing instance.', source: 'author' }],
    rollback: [item('Click **Roll back** on the release.', 3), item('Confirm the previous version is live.', 4)],
    escalation: [item('Page the on-call payments engineer.', 5)],
    monitoring: [item('Watch the p95 latency for 30 minutes.', 6)],
    references: [item('Runbook RB-7 «Σύνδεση»', 7)],
    stepNotes: {
      [ids.confirm]: {
        ...emptyStepNote(),
        expectedResult: { text: 'A toast reads **Deployment started**.', source: 'page' },
        warnings: [item('Never deploy on a Friday afternoon.', 8)],
        notes: { text: 'The dialog may take a second to appear.', source: 'author' },
      },
    },
  };
  const diagram: PdfDiagram = { source: 'flowchart TD\n  s1["Click Σύνδεση"] --> s2', png: encodePng(600, 300, new Uint8Array(600 * 300 * 3).fill(200), 3) };
  return { sop, steps, pngs, doc, diagram };
}

/** Squeezes runs of spaces (pdftotext -layout pads columns) so phrases can be matched. */
const squeeze = (s: string) => s.replace(/[ \t]+/g, ' ');

// Building with real screenshots and reading back with poppler takes seconds on a busy machine.
const SLOW = { timeout: 60_000 };

describe('buildSopPdf read back with poppler', SLOW, () => {
  let out: ReadBack;
  let progress: [number, number][];

  beforeAll(async () => {
    const { sop, steps, pngs, doc, diagram } = fixture();
    progress = [];
    const bytes = await buildSopPdf(sop, steps, pngs, doc, { fonts, diagram, onStep: (done, total) => void progress.push([done, total]) });
    out = readBack(bytes);
    // PDF_DUMP=/tmp/x.pdf keeps a copy to look at.
    if (process.env.PDF_DUMP) writeFileSync(process.env.PDF_DUMP, bytes);
  }, SLOW.timeout);

  it('is a valid PDF with a Unicode title in its properties', () => {
    expect(out.info).toMatch(/Title:\s+Déployer payments-api — Σύνδεση/);
    expect(Number(/Pages:\s+(\d+)/.exec(out.info)?.[1])).toBe(out.pages.length);
    expect(out.pages.length).toBeGreaterThan(3);
  });

  it('has a cover page with the title and the document-control table', () => {
    const cover = squeeze(out.pages[0]!);
    expect(cover).toContain('Déployer payments-api — Σύνδεση');
    expect(cover).toContain('Document control');
    for (const value of ['SOP-042', '1.3', 'Zoë Παπαδοπούλου', 'Иван Петров', '2026-02-01', '2026-08-01', 'Production', 'deploy, payments']) expect(cover).toContain(value);
    expect(cover).toMatch(/Review date 2026-08-01/);
  });

  it('lists every section in the contents, each with the page its heading is on', () => {
    const tocPage = out.pages.findIndex((p) => /^\s*Contents\s*$/m.test(p));
    expect(tocPage).toBe(1);
    const entries = [...out.pages[tocPage]!.matchAll(/^\s*(\S.*?)[\s.]*?\s(\d+)\s*$/gm)]
      .map((m) => ({ title: m[1]!.replace(/[\s.]+$/, ''), page: Number(m[2]) }))
      .filter((e) => SECTIONS.some((s) => s.heading === e.title));
    expect(entries.map((e) => e.title)).toEqual(SECTIONS.map((s) => s.heading));
    for (const entry of entries) {
      const page = out.pages[entry.page - 1] ?? '';
      expect(page, `${entry.title} on page ${entry.page}`).toMatch(new RegExp(`^\\s*${entry.title.replace(/[/\\^$.*+?()[\]{}|-]/g, '\\$&')}\\s*$`, 'm'));
    }
    // The contents are in reading order, and the body follows them.
    const pages = entries.map((e) => e.page);
    expect(pages).toEqual([...pages].sort((a, b) => a - b));
    expect(entries.find((e) => e.title === 'Purpose')!.page).toBeGreaterThan(tocPage + 1);
  });

  it('bookmarks every section and, under Procedure, every step, on the pages the contents name', () => {
    const sections = out.outline.filter((o) => o.depth === 0);
    expect(sections.map((o) => o.title)).toEqual(SECTIONS.map((s) => s.heading));
    const contents = out.pages[1]!;
    for (const o of sections) expect(contents).toMatch(new RegExp(`${o.title.replace(/[/\\^$.*+?()[\]{}|-]/g, '\\$&')}[ .]+${o.page}\\s*$`, 'm'));
    const steps = out.outline.filter((o) => o.depth === 1);
    expect(steps.map((o) => o.title)).toEqual([
      '1. Click Σύνδεση.',
      '2. Click Развернуть.',
      '3. Click Déployer in Confirmation.',
      `4. Click ${HOSTILE_LABEL}.`,
      '5. Close the dialog.',
    ]);
    for (const o of steps) expect(squeeze(out.pages[o.page - 1]!)).toContain(o.title.slice(0, 12));
  });

  it('puts "Page X of Y" and the running header on every page', () => {
    const n = out.pages.length;
    out.pages.forEach((page, i) => {
      expect(page).toContain(`Page ${i + 1} of ${n}`);
      expect(squeeze(page)).toContain('Version 1.3');
      expect(squeeze(page)).toContain('SOP-042');
    });
  });

  it('writes the sections in the order of lib/sop/sections.ts with their content', () => {
    const text = squeeze(out.text);
    // Headings are lines of their own in the body (the pages after the contents).
    const bodyLines = out.pages.slice(2).join('\n').split('\n').map((l) => l.trim());
    const positions = SECTIONS.filter((s) => s.key !== 'metadata').map((s) => bodyLines.indexOf(s.heading));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    for (const phrase of [
      'Roll out a new payments-api version without downtime.',
      'In scope: Production deploys of payments-api.',
      'Out of scope: Database migrations.',
      'Release manager (person)',
      'Shipyard (system: shipyard.test)',
      'A change ticket approved by the CAB.',
      '{{version}}',
      'v1.5.0',
      'Before step 3: Is the error rate below 1 %?',
      'The status reads Healthy on every instance.',
      'If the health check fails: Open the logs of the failing instance.',
      '1. Click Roll back on the release.',
      '2. Confirm the previous version is live.',
      'Page the on-call payments engineer.',
      'Watch the p95 latency for 30 minutes.',
      'Runbook RB-7 «Σύνδεση»',
      'No versions saved yet.',
    ])
      expect(text, phrase).toContain(phrase);
  });

  it('numbers the steps in order with their annotations and narration as a quote', () => {
    const text = squeeze(out.text);
    const at = (s: string) => text.indexOf(s);
    const stepsAt = ['1. Click Σύνδεση.', '2. Click Развернуть.', '3. Click Déployer in Confirmation.', '5. Close the dialog.'].map(at);
    expect(stepsAt.every((p) => p > at('Variables'))).toBe(true);
    expect(stepsAt).toEqual([...stepsAt].sort((a, b) => a - b));
    expect(text).toContain('“Now the rollout starts, it takes about a minute.”');
    expect(text).toContain('Go/no-go gate: Is the error rate below 1 %?');
    expect(text).toContain('Expected result: A toast reads Deployment started.');
    expect(text).toContain('Warning: Never deploy on a Friday afternoon.');
    expect(text).toContain('Note: The dialog may take a second to appear.');
    expect(progress).toEqual([
      [1, 5],
      [2, 5],
      [3, 5],
      [4, 5],
      [5, 5],
    ]);
  });

  it('prints Greek, Cyrillic and accented words intact', () => {
    for (const word of ['Σύνδεση', 'Развернуть', 'Déployer', 'Zoë', 'Παπαδοπούλου', 'Петров']) expect(out.text).toContain(word);
  });

  it('prints a hostile label as literal text and nothing of its markup syntax', () => {
    const text = squeeze(out.text).replace(/\s*\n\s*/g, ' ');
    expect(text).toContain('4. Click <img src=x onerror=alert(1)> **Purge** [cache](javascript:alert(1)) ) Tj ET ĨĩŜ.');
    expect(text).not.toContain('\\');
  });

  it('embeds one image per screenshot plus the diagram, at their pixel sizes', () => {
    expect(out.images.map((i) => [i.width, i.height])).toEqual([
      [1280, 800],
      [1280, 800],
      [900, 1400],
      [640, 400],
      [600, 300],
    ]);
    const diagramPage = out.pages.findIndex((p) => /^\s*Flow diagram\s*$/m.test(p) && !/Contents/.test(p)) + 1;
    expect(out.images[4]!.page).toBe(diagramPage);
  });
});

describe('buildSopPdf edge cases', SLOW, () => {
  it('says when the diagram could not be drawn and prints its Mermaid source', async () => {
    const { sop, steps, pngs, doc } = fixture();
    const bytes = await buildSopPdf(sop, steps, pngs, doc, { fonts, diagram: { source: 'flowchart TD\n  s1["Click Σύνδεση"] --> s2', error: 'Parse error on line 2' } });
    const out = readBack(bytes);
    expect(squeeze(out.text)).toContain('The flow diagram could not be drawn (Parse error on line 2). Its Mermaid source:');
    expect(out.text).toContain('s1["Click Σύνδεση"] --> s2');
    expect(out.images).toHaveLength(4);
  });

  it('builds an SOP with no steps and an empty document: every section shows its prompt', async () => {
    const sop = makeSop({ title: '' });
    const bytes = await buildSopPdf(sop, [], new Map(), emptyDocument(sop), { fonts });
    const out = readBack(bytes);
    const text = squeeze(out.text);
    for (const s of SECTIONS.filter((x) => x.key !== 'metadata')) expect(text, s.key).toContain(s.prompt.split(':')[0]!);
    expect(text).toContain('Untitled procedure');
    expect(out.images).toHaveLength(0);
    expect(out.pages[0]).toContain(`Page 1 of ${out.pages.length}`);
  });

  it('keeps a hostile title inert in the document properties, header and cover', async () => {
    const title = 'Deploy (prod) \\ ) >> /OpenAction << /S /JavaScript /JS (app.alert(1)) >> «Развернуть»';
    const sop = makeSop({ title });
    const out = readBack(await buildSopPdf(sop, [], new Map(), emptyDocument(sop), { fonts }));
    expect(out.info).toMatch(/JavaScript:\s+no/);
    expect(out.info.split('\n').find((l) => l.startsWith('Title:'))?.replace(/^Title:\s+/, '')).toBe(title);
    expect(squeeze(out.pages[0]!)).toContain(title);
  });

  it('skips a screenshot that is not a PNG and says so', async () => {
    const sop = makeSop();
    const step = makeStep({ text: 'Click **Deploy**.' });
    const bytes = await buildSopPdf(sop, [step], new Map([[step.id, new Uint8Array([1, 2, 3, 4])]]), emptyDocument(sop), { fonts });
    const out = readBack(bytes);
    expect(out.text).toContain('The screenshot of this step could not be read.');
    expect(out.images).toHaveLength(0);
  });

  it('embeds a JPEG screenshot as it is (DCTDecode, no re-encode) at its own size', async () => {
    const sop = makeSop();
    const step = makeStep({ text: 'Click **Deploy**.' });
    const bytes = await buildSopPdf(sop, [step], new Map([[step.id, JPEG_37x21]]), emptyDocument(sop), { fonts });
    const out = readBack(bytes);
    expect(out.images).toEqual([expect.objectContaining({ width: 37, height: 21 })]);
    const raw = Buffer.from(bytes);
    expect(raw.includes('/DCTDecode')).toBe(true);
    expect(raw.includes(Buffer.from(JPEG_37x21))).toBe(true);
  });

  it('does not embed a WebP (jsPDF cannot read it) and says so', async () => {
    const sop = makeSop();
    const step = makeStep({ text: 'Click **Deploy**.' });
    const out = readBack(await buildSopPdf(sop, [step], new Map([[step.id, WEBP_37x21]]), emptyDocument(sop), { fonts }));
    expect(out.text).toContain('The screenshot of this step could not be read.');
    expect(out.images).toHaveLength(0);
  });

  it('stops when onStep throws (cancellation)', async () => {
    const { sop, steps, pngs, doc } = fixture();
    const cancel = new Error('cancelled');
    await expect(
      buildSopPdf(sop, steps, pngs, doc, {
        fonts,
        onStep: (done) => {
          if (done === 2) throw cancel;
        },
      }),
    ).rejects.toBe(cancel);
  });

  it('flows a long SOP over many pages and keeps the contents right', async () => {
    const sop = makeSop({ title: 'Long procedure' });
    const steps = Array.from({ length: 40 }, (_, i) => makeStep({ order: i, text: `Step text number ${i + 1} ${'with several words '.repeat(i % 7)}` }));
    const pngs = new Map(steps.filter((_, i) => i % 3 === 0).map((s, i) => [s.id, fakeScreenshot(i, 320, 200)] as const));
    const doc = emptyDocument(sop);
    const out = readBack(await buildSopPdf(sop, steps, pngs, doc, { fonts }));
    expect(out.pages.length).toBeGreaterThan(8);
    expect(out.images).toHaveLength(pngs.size);
    const entry = /Verification[ .]+(\d+)/.exec(out.pages[1]!);
    expect(out.pages[Number(entry?.[1]) - 1]).toMatch(/^\s*Verification\s*$/m);
    expect(squeeze(out.text)).toContain('40. Step text number 40');
  });
});
