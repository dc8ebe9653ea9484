/**
 * HTML export: one self-contained, printable page. Images are inline data: URLs, the styles are inline, and
 * there is no script at all; a Content-Security-Policy in the page forbids any that slipped in, and every
 * fetch. Sections come in the order of lib/sop/sections.ts, the numbered steps in the "Procedure" section.
 *
 * Every text is escaped here: step-text markup (`**bold**` + backslash escapes) is parsed into text runs
 * (lib/text/markdown.ts) and only <strong> is ever produced from it; plain fields are escaped as they are.
 * Pure: the caller renders the images (crop, blur boxes, highlight drawn) and downloads the text.
 */
import type { Sop, Step, StepId } from '../model';
import type { Item, SopDocument } from '../sop/document';
import { listRevisions } from '../sop/revisions';
import { metadataRows, SECTIONS, section, type SectionKey } from '../sop/sections';
import { parseStepText } from '../text/markdown';
import { encodeBase64 as base64 } from './base64';
import { dataUrlPrefix } from './image-format';
import { orderedSteps } from './markdown';
import { formatDuration, isoDate } from '../text/time';

export interface HtmlOptions {
  /**
   * The flow diagram drawn as a PNG (Mermaid at its strict level, rasterised by lib/exporting/pdf.ts).
   * A picture rather than Mermaid's SVG, so nothing of the renderer's markup reaches the page. Shown above
   * the Mermaid source; without it only the source is shown.
   */
  readonly diagramPng?: Uint8Array;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for element content or a quoted attribute value. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Step-text markup as HTML: bold runs in <strong>, everything else text. */
function markup(text: string): string {
  return parseStepText(text.trim())
    .map((seg) => (seg.strong ? `<strong>${escapeHtml(seg.text)}</strong>` : escapeHtml(seg.text)))
    .join('')
    .replace(/\r\n?|\n/g, '<br>');
}

const prompt = (key: SectionKey) => `<p class="prompt">${escapeHtml(section(key).prompt)}</p>`;
const headingId = (key: SectionKey) => `section-${key}`;

function block(key: SectionKey, body: string): string {
  return `<section id="${headingId(key)}" aria-labelledby="${headingId(key)}-h">\n<h2 id="${headingId(key)}-h">${escapeHtml(section(key).heading)}</h2>\n${body || prompt(key)}\n</section>`;
}

function itemList(key: SectionKey, items: readonly Item[], ordered = false): string {
  const written = items.filter((i) => i.text.trim() !== '');
  const tag = ordered ? 'ol' : 'ul';
  return block(key, written.length ? `<${tag}>${written.map((i) => `<li>${markup(i.text)}</li>`).join('')}</${tag}>` : '');
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const th = head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

const plainOr = (value: string, fallback: string) => (value.trim() ? escapeHtml(value.trim()) : fallback);

function metadata(doc: SopDocument): string {
  const empty = `<span class="prompt">${escapeHtml(section('metadata').prompt)}</span>`;
  const rows = metadataRows(doc);
  return block('metadata', table(['Field', 'Value'], rows.map(([k, v]) => [escapeHtml(k), plainOr(v, empty)])));
}

function scope(doc: SopDocument): string {
  const inScope = doc.scope.in.text.trim();
  const outScope = doc.scope.out.text.trim();
  if (!inScope && !outScope) return block('scope', '');
  const part = (label: string, text: string) => `<p><strong>${label}</strong> ${text ? markup(text) : '<span class="prompt">Not written yet.</span>'}</p>`;
  return block('scope', part('In scope:', inScope) + part('Out of scope:', outScope));
}

function roles(doc: SopDocument): string {
  const items = doc.roles.map((r) => {
    const hosts = r.kind === 'system' && r.hosts?.length ? `: ${escapeHtml(r.hosts.join(', '))}` : '';
    return `<li><strong>${plainOr(r.name, 'Unnamed')}</strong> (${r.kind}${hosts})</li>`;
  });
  return block('roles', items.length ? `<ul>${items.join('')}</ul>` : '');
}

function variables(doc: SopDocument): string {
  if (doc.variables.length === 0) return block('variables', '');
  const rows = doc.variables.map((v) => [`<code>{{${escapeHtml(v.name)}}}</code>`, escapeHtml(v.description), escapeHtml(v.example)]);
  return block('variables', table(['Variable', 'Meaning', 'Example'], rows));
}

function gates(doc: SopDocument, steps: readonly Step[]): string {
  const where = (after: StepId | undefined): string => {
    if (after === undefined) return 'Before step 1: ';
    const i = steps.findIndex((s) => s.id === after);
    if (i < 0) return '';
    return i + 1 < steps.length ? `Before step ${i + 2}: ` : `After step ${i + 1}: `;
  };
  const written = doc.gates.filter((g) => g.question.trim() !== '');
  return block('gates', written.length ? `<ul>${written.map((g) => `<li>${where(g.afterStepId)}${markup(g.question)}</li>`).join('')}</ul>` : '');
}

function troubleshooting(doc: SopDocument): string {
  const written = doc.troubleshooting.filter((t) => t.text.trim() || t.symptom.trim());
  const items = written.map((t) => {
    const action = t.text.trim() ? markup(t.text) : '<span class="prompt">What to do is not written yet.</span>';
    return `<li>${t.symptom.trim() ? `If ${markup(t.symptom)}: ` : ''}${action}</li>`;
  });
  return block('troubleshooting', items.length ? `<ul>${items.join('')}</ul>` : '');
}

function revisions(doc: SopDocument): string {
  const list = listRevisions(doc);
  if (list.length === 0) return block('revisions', '');
  return block('revisions', table(['Version', 'Date', 'Summary'], list.map((r) => [escapeHtml(r.version), isoDate(r.savedAt), plainOr(r.summary, '—')])));
}

function diagram(doc: SopDocument, png: Uint8Array | undefined): string {
  const source = doc.diagram.source.trimEnd();
  if (!source.trim()) return block('diagram', '');
  const figure = png ? `<figure class="diagram"><img src="data:image/png;base64,${base64(png)}" alt="Flow diagram of the procedure"></figure>\n` : '';
  return block('diagram', `${figure}<p class="note">Mermaid source (paste into any Mermaid renderer):</p>\n<pre class="mermaid-source"><code>${escapeHtml(source)}</code></pre>`);
}

function annotations(doc: SopDocument | undefined, step: Step): string {
  const note = doc?.stepNotes[step.id];
  if (!note) return '';
  const out: string[] = [];
  if (note.expectedResult.text.trim()) out.push(`<p class="expected"><strong>Expected result:</strong> ${markup(note.expectedResult.text)}</p>`);
  for (const w of note.warnings) if (w.text.trim()) out.push(`<p class="warning" role="note"><strong>Warning:</strong> ${markup(w.text)}</p>`);
  if (note.notes.text.trim()) out.push(`<p class="notes"><strong>Note:</strong> ${markup(note.notes.text)}</p>`);
  return out.join('\n');
}

function procedure(steps: readonly Step[], pngs: ReadonlyMap<StepId, Uint8Array>, doc: SopDocument | undefined): string {
  if (steps.length === 0) return block('procedure', '');
  const items = steps.map((step, i) => {
    const png = pngs.get(step.id);
    const parts = [`<p class="instruction">${step.text.trim() ? markup(step.text) : '(No instruction.)'}</p>`];
    if (png) parts.push(`<img class="shot" src="${dataUrlPrefix(png)}${base64(png)}" alt="Screenshot of step ${i + 1}">`);
    if (step.shotNote) parts.push(`<p class="shot-note"><em>${escapeHtml(step.shotNote)}</em></p>`);
    const notes = annotations(doc, step);
    if (notes) parts.push(notes);
    if (step.narration?.trim()) parts.push(`<blockquote class="narration">${escapeHtml(step.narration.trim())}</blockquote>`);
    return `<li class="step" id="step-${i + 1}">\n${parts.join('\n')}\n</li>`;
  });
  return block('procedure', `<ol class="steps" aria-label="Steps">\n${items.join('\n')}\n</ol>`);
}

/** The source page as a link when it is a plain http(s) URL, else as text. */
function sourceLink(url: string): string {
  try {
    const u = new URL(url);
    if (u.protocol === 'https:' || u.protocol === 'http:') return `<a href="${escapeHtml(u.href)}" rel="noreferrer noopener">${escapeHtml(u.href)}</a>`;
  } catch {
    // Not a URL: shown as text below.
  }
  return escapeHtml(url);
}

const STYLE = `
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --warn: #9a6700; --warn-bg: #fff8c5; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--ink); max-width: 60rem; margin: 0 auto; padding: 2rem 1.5rem; }
h1 { font-size: 1.9rem; margin: 0 0 .25rem; }
h2 { font-size: 1.35rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; margin-top: 2rem; }
.meta, .note, .prompt { color: var(--muted); }
.prompt { font-style: italic; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
ol.steps { padding-left: 1.6rem; }
li.step { margin: 0 0 1.5rem; padding-left: .3rem; }
.instruction { margin: 0 0 .5rem; font-weight: 500; }
img.shot { display: block; max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: 4px; margin: .5rem 0; }
.warning { background: var(--warn-bg); border-left: 4px solid var(--warn); padding: .3rem .6rem; }
blockquote.narration { margin: .5rem 0; padding: .2rem .8rem; border-left: 4px solid var(--line); color: var(--muted); font-style: italic; }
pre { background: #f6f8fa; padding: .8rem; overflow-x: auto; white-space: pre-wrap; word-break: break-word; }
figure.diagram { margin: 0 0 1rem; overflow-x: auto; }
figure.diagram img { display: block; max-width: 100%; height: auto; }
@page { margin: 15mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  li.step, tr, figure.diagram, .warning { break-inside: avoid; page-break-inside: avoid; }
  h2 { break-after: avoid; page-break-after: avoid; }
  img.shot, figure.diagram img { max-width: 100%; max-height: 230mm; width: auto; }
  a { color: inherit; }
}
`;

/** The whole page. With `doc`, every section of the document; without, the title and the steps. */
export function buildSopHtml(sop: Sop, steps: readonly Step[], pngs: ReadonlyMap<StepId, Uint8Array>, doc?: SopDocument, options: HtmlOptions = {}): string {
  const list = orderedSteps(steps);
  const title = sop.title.trim() || 'Untitled procedure';
  const created = new Date(sop.createdAt);
  const meta = [
    Number.isFinite(created.getTime()) ? `Recorded ${created.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '',
    `${list.length} ${list.length === 1 ? 'step' : 'steps'}`,
    formatDuration(sop.durationMs),
    sop.sourceUrl ? `starts at ${sourceLink(sop.sourceUrl)}` : '',
  ].filter(Boolean);

  const render: Record<SectionKey, () => string> = doc
    ? {
        metadata: () => metadata(doc),
        purpose: () => block('purpose', doc.purpose.text.trim() ? `<p>${markup(doc.purpose.text)}</p>` : ''),
        scope: () => scope(doc),
        roles: () => roles(doc),
        prerequisites: () => itemList('prerequisites', doc.prerequisites),
        variables: () => variables(doc),
        procedure: () => procedure(list, pngs, doc),
        gates: () => gates(doc, list),
        verification: () => itemList('verification', doc.verification),
        troubleshooting: () => troubleshooting(doc),
        rollback: () => itemList('rollback', doc.rollback, true),
        escalation: () => itemList('escalation', doc.escalation),
        monitoring: () => itemList('monitoring', doc.monitoring),
        references: () => itemList('references', doc.references),
        revisions: () => revisions(doc),
        diagram: () => diagram(doc, options.diagramPng),
      }
    : ({ procedure: () => procedure(list, pngs, undefined) } as Record<SectionKey, () => string>);
  const body = SECTIONS.flatMap((s) => (render[s.key] ? [render[s.key]()] : []));

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="SOP Recorder">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${meta.join(' · ')}</p>
</header>
<main>
${body.join('\n')}
</main>
</body>
</html>
`;
}
