/**
 * Markdown export: GFM with YAML front matter, as a zip (sop.md + images/) or a single file with inline
 * images. With the SOP document, its sections wrap the numbered steps (lib/sop/markdown-sections.ts).
 * Pure: the caller renders the images (crop, blur boxes, highlight drawn) and downloads the bytes.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { encodeBase64 as base64 } from './base64';
import { dataUrlPrefix, fileExtension } from './image-format';
import type { Sop, Step, StepId } from '../model';
import type { SopDocument } from '../sop/document';
import { buildSectionsMarkdown, stepAnnotationsMarkdown } from '../sop/markdown-sections';
import { section } from '../sop/sections';
import { escapeMarkdownInline, yamlQuote } from '../text/markdown';
import { formatDuration } from '../text/time';

export interface StepImages {
  /** The image URL to show under `step`, or undefined for none. */
  forStep(step: Step): string | undefined;
}

/** Steps in reading order (by `order`, stable for ties). */
export function orderedSteps(steps: readonly Step[]): Step[] {
  return steps
    .map((s, i) => ({ s, i }))
    .sort((a, b) => a.s.order - b.s.order || a.i - b.i)
    .map((x) => x.s);
}

/**
 * `images/step-07.jpg`: 1-based, zero-padded to at least two digits so names sort in step order; the
 * extension is the encoded image's own (jpg, webp or png, lib/export/image-format.ts).
 */
export function stepImagePath(stepNumber: number, total: number, extension = 'png'): string {
  const width = Math.max(2, String(total).length);
  return `images/step-${String(stepNumber).padStart(width, '0')}.${extension}`;
}

function isoOrEmpty(ms: number): string {
  const d = new Date(ms);
  return Number.isFinite(d.getTime()) ? d.toISOString() : '';
}

/** The source page as an autolink when it is a plain http(s) URL, else as inert text. */
function sourceMarkup(url: string): string {
  try {
    const u = new URL(url);
    if ((u.protocol === 'https:' || u.protocol === 'http:') && !/[\s<>`]/.test(u.href)) return `<${u.href}>`;
  } catch {
    // Not a URL: shown as text below.
  }
  return escapeMarkdownInline(url);
}

/** A link destination that cannot end early: angle brackets when it has spaces or parentheses. */
function destination(url: string): string {
  return /[\s()<>]/.test(url) ? `<${url.replace(/[<>\s]/g, (c) => encodeURIComponent(c))}>` : url;
}

/** Lines of `text` indented by `indent` after the first: a paragraph that stays inside its list item. */
const continued = (text: string, indent: string) => text.split(/\r\n?|\n/).join(`\n${indent}`);

/**
 * The Markdown document. Step text is written as stored: its page-derived parts were escaped when drafted
 * and the rest is the author's own. Titles and narration are plain text and escaped here. With `doc`, the
 * document's sections come before (document control … variables) and after (gates … flow diagram) a
 * "Procedure" section, and each step carries its expected result, warnings and notes.
 */
export function buildSopMarkdown(sop: Sop, steps: readonly Step[], images: StepImages, doc?: SopDocument): string {
  const list = orderedSteps(steps);
  const created = isoOrEmpty(sop.createdAt);
  const out: string[] = [
    '---',
    `title: ${yamlQuote(sop.title)}`,
    `created: ${yamlQuote(created)}`,
    `source_url: ${yamlQuote(sop.sourceUrl)}`,
    `step_count: ${list.length}`,
    '---',
    '',
    `# ${escapeMarkdownInline(sop.title.trim() || 'Untitled procedure')}`,
    '',
  ];

  const meta = [
    created ? `Recorded ${created.slice(0, 10)} ${created.slice(11, 16)} UTC` : '',
    `${list.length} ${list.length === 1 ? 'step' : 'steps'}`,
    formatDuration(sop.durationMs),
    sop.sourceUrl ? `starts at ${sourceMarkup(sop.sourceUrl)}` : '',
  ].filter(Boolean);
  out.push(`${meta.join(' · ')}`, '');

  const sections = doc ? buildSectionsMarkdown(doc, list) : undefined;
  if (sections) {
    out.push(sections.before.trimEnd(), '', `## ${section('procedure').heading}`, '');
    if (list.length === 0) out.push(`_${section('procedure').prompt}_`, '');
  }

  list.forEach((step, i) => {
    const marker = `${i + 1}. `;
    const indent = ' '.repeat(marker.length);
    const text = step.text.trim() || '(No instruction.)';
    // Continuation lines must be indented to stay inside the list item.
    out.push(marker + continued(text, indent), '');
    const url = images.forStep(step);
    if (url) out.push(`${indent}![Step ${i + 1}](${destination(url)})`, '');
    if (step.shotNote) out.push(`${indent}*${escapeMarkdownInline(step.shotNote)}*`, '');
    for (const note of doc ? stepAnnotationsMarkdown(doc, step.id) : []) out.push(indent + continued(note, indent), '');
    if (step.narration?.trim()) out.push(`${indent}> ${escapeMarkdownInline(step.narration.trim())}`, '');
  });

  if (sections) out.push(sections.after.trimEnd(), '');
  return `${out.join('\n').trimEnd()}\n`;
}

/** Image URLs for the steps that have an image, by their position in reading order. */
export function imagesBy(steps: readonly Step[], pngs: ReadonlyMap<StepId, Uint8Array>, url: (path: string, png: Uint8Array) => string) {
  const list = orderedSteps(steps);
  const byId = new Map<StepId, { path: string; png: Uint8Array }>();
  list.forEach((step, i) => {
    const png = pngs.get(step.id);
    if (png) byId.set(step.id, { path: stepImagePath(i + 1, list.length, fileExtension(png)), png });
  });
  const images: StepImages = {
    forStep: (step) => {
      const entry = byId.get(step.id);
      return entry ? url(entry.path, entry.png) : undefined;
    },
  };
  return { images, entries: [...byId.values()] };
}

/** zip timestamps are DOS dates (1980–2107); fflate throws outside, so a stray clock falls back to 1980. */
function zipDate(ms: number): Date {
  const d = new Date(ms);
  const year = d.getFullYear();
  return Number.isFinite(d.getTime()) && year > 1980 && year < 2099 ? d : new Date(1980, 0, 2);
}

/** A zip with `sop.md` and `images/step-NN.jpg` (or .webp/.png), the images referenced relatively. */
export function buildMarkdownZip(sop: Sop, steps: readonly Step[], pngs: ReadonlyMap<StepId, Uint8Array>, doc?: SopDocument): Uint8Array {
  const { images, entries } = imagesBy(steps, pngs, (path) => path);
  const md = buildSopMarkdown(sop, steps, images, doc);
  const files: Zippable = { 'sop.md': strToU8(md) };
  // JPEG, WebP and PNG are already compressed: storing them saves time and does not grow the archive.
  for (const { path, png } of entries) files[path] = [png, { level: 0 }];
  return zipSync(files, { mtime: zipDate(sop.updatedAt), level: 6 });
}

/** One Markdown file with every image inline as a data: URL. */
export function buildSingleFileMarkdown(sop: Sop, steps: readonly Step[], pngs: ReadonlyMap<StepId, Uint8Array>, doc?: SopDocument): string {
  const { images } = imagesBy(steps, pngs, (_path, png) => `${dataUrlPrefix(png)}${base64(png)}`);
  return buildSopMarkdown(sop, steps, images, doc);
}

/** A safe download name from the title: ASCII slug, at most 60 characters, e.g. `deploy-payments-api.zip`. */
export function exportFileName(sop: Sop, ext: string): string {
  const slug = sop.title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  const cleanExt = ext.replace(/^\.+/, '').toLowerCase().replace(/[^a-z0-9]/g, '');
  return `${slug || 'sop'}${cleanExt ? `.${cleanExt}` : ''}`;
}
