import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { buildSopHtml, escapeHtml } from '../../../lib/export/html';
import type { StepId } from '../../../lib/model';
import { emptyDocument } from '../../../lib/sop/document';
import { SECTIONS } from '../../../lib/sop/sections';
import { makeSop, makeStep } from '../factories';
import { fakePng, fixtureSop, HOSTILE_LABEL } from '../import/fixture';
import { JPEG_37x21, WEBP_37x21 } from './image-fixtures';

function fixtureHtml(options = {}) {
  const { sop, steps, doc } = fixtureSop();
  const pngs = new Map<StepId, Uint8Array>(steps.filter((s) => s.shotId).map((s, i) => [s.id, fakePng(i)]));
  const html = buildSopHtml(sop, steps, pngs, doc, options);
  return { html, dom: new JSDOM(html).window.document, sop, steps, doc, pngs };
}

/** Everything in the page that could run script or navigate somewhere unsafe. */
function activeContent(document: Document): string[] {
  const found: string[] = [];
  for (const el of document.querySelectorAll('*')) {
    if (['script', 'iframe', 'object', 'embed', 'base', 'form', 'link'].includes(el.localName)) found.push(`<${el.localName}>`);
    for (const attr of el.attributes) {
      if (attr.name.toLowerCase().startsWith('on')) found.push(`${el.localName}[${attr.name}]`);
      if (/^\s*(javascript|vbscript):/i.test(attr.value)) found.push(`${el.localName}[${attr.name}=${attr.value}]`);
    }
  }
  return found;
}

describe('buildSopHtml', () => {
  it('is one inert page: no script, no event handlers, no javascript: URLs, a CSP that forbids both', () => {
    const { dom } = fixtureHtml();
    expect(activeContent(dom)).toEqual([]);
    const csp = dom.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content');
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src/);
  });

  it('shows a hostile label as text, in the title and in the step', () => {
    const { dom } = fixtureHtml();
    expect(dom.querySelector('title')?.textContent).toBe(`Deploy ${HOSTILE_LABEL}`);
    expect(dom.querySelector('h1')?.textContent).toBe(`Deploy ${HOSTILE_LABEL}`);
    const step = dom.querySelectorAll('li.step')[3]!;
    expect(step.querySelector('.instruction')?.textContent).toBe(`Click ${HOSTILE_LABEL}.`);
    expect(step.querySelector('.instruction strong')?.textContent).toBe(HOSTILE_LABEL);
    expect(dom.querySelector('a[href^="javascript"]')).toBeNull();
  });

  it('inlines every screenshot as a PNG data: URL under its numbered step', () => {
    const { dom, steps, pngs } = fixtureHtml();
    const items = [...dom.querySelectorAll('ol.steps > li.step')];
    expect(items).toHaveLength(steps.length);
    const images = [...dom.querySelectorAll('img')];
    expect(images).toHaveLength(pngs.size);
    for (const img of images) expect(img.getAttribute('src')).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
    const withShot = steps.findIndex((s) => pngs.has(s.id));
    const src = items[withShot]!.querySelector('img')!.getAttribute('src')!;
    expect(Buffer.from(src.split(',')[1]!, 'base64')).toEqual(Buffer.from(pngs.get(steps[withShot]!.id)!));
    expect(items[withShot]!.querySelector('img')!.getAttribute('alt')).toBe(`Screenshot of step ${withShot + 1}`);
  });

  it.each([
    ['JPEG', JPEG_37x21, 'image/jpeg'],
    ['WebP', WEBP_37x21, 'image/webp'],
  ])('labels a %s screenshot with its own MIME type, bytes intact', (_name, bytes, mime) => {
    const { sop, steps, doc } = fixtureSop();
    const withShot = steps.find((s) => s.shotId)!;
    const dom = new JSDOM(buildSopHtml(sop, steps, new Map([[withShot.id, bytes]]), doc)).window.document;
    const src = dom.querySelector('img.shot')!.getAttribute('src')!;
    expect(src.startsWith(`data:${mime};base64,`)).toBe(true);
    expect(new Uint8Array(Buffer.from(src.split(',')[1]!, 'base64'))).toEqual(bytes);
  });

  it('has every section of the document, in the order of lib/sop/sections.ts', () => {
    const { dom } = fixtureHtml();
    expect([...dom.querySelectorAll('main > section > h2')].map((h) => h.textContent)).toEqual(SECTIONS.map((s) => s.heading));
  });

  it('writes expected results, warnings, notes and narration under their step, escaped', () => {
    const { dom, steps } = fixtureHtml();
    const first = dom.querySelector('li.step')!;
    expect(first.querySelector('.expected')?.textContent).toBe('Expected result: The Services list shows.');
    expect(first.querySelector('.warning')?.textContent).toBe('Warning: Do not close the tab.');
    expect(first.querySelector('.notes')?.textContent).toBe('Note: Note <script>alert(1)</script>');
    expect(steps[1]!.narration).toContain('<b>');
    expect(dom.querySelectorAll('li.step')[1]!.querySelector('blockquote.narration')?.textContent).toBe(steps[1]!.narration);
    expect(dom.querySelectorAll('blockquote.narration b')).toHaveLength(0);
  });

  it('keeps the revision history and the diagram source as text', () => {
    const { dom, doc } = fixtureHtml();
    const history = dom.querySelector('#section-revisions table tbody tr');
    expect(history?.textContent).toContain('First draft');
    expect(dom.querySelector('#section-diagram pre')?.textContent).toBe(doc.diagram.source.trimEnd());
    expect(doc.diagram.source).toMatch(/flowchart/);
  });

  it('escapes plain fields (owner, tags) and hostile diagram source', () => {
    const { sop, steps, doc } = fixtureSop();
    const hostile = { ...doc, diagram: { source: 'flowchart TD\n  A["</code></pre><script>alert(1)</script>"]', edited: true } };
    const dom = new JSDOM(buildSopHtml(sop, steps, new Map(), hostile)).window.document;
    expect(activeContent(dom)).toEqual([]);
    expect(dom.querySelector('#section-diagram pre')?.textContent).toContain('<script>alert(1)</script>');
    const rows = [...dom.querySelectorAll('#section-metadata tr')].map((r) => r.textContent);
    expect(rows).toContain('OwnerOps <team>');
    expect(rows).toContain('Tagsdeploy, <b>x</b>');
  });

  it('places a pre-rendered diagram picture above the source', () => {
    const { dom } = fixtureHtml({ diagramPng: fakePng(99) });
    const img = dom.querySelector('#section-diagram figure img');
    expect(img?.getAttribute('src')).toBe(`data:image/png;base64,${Buffer.from(fakePng(99)).toString('base64')}`);
    expect(img?.getAttribute('alt')).toBe('Flow diagram of the procedure');
    expect(img?.compareDocumentPosition(dom.querySelector('#section-diagram pre')!)).toBe(4); // the source follows
  });

  it('links the source page only when it is http(s)', () => {
    const page = (url: string) => new JSDOM(buildSopHtml(makeSop({ sourceUrl: url }), [], new Map())).window.document;
    expect(page('https://shipyard.test/x').querySelector('.meta a')?.getAttribute('href')).toBe('https://shipyard.test/x');
    const hostile = page('javascript:alert(1)');
    expect(hostile.querySelector('.meta a')).toBeNull();
    expect(hostile.querySelector('.meta')?.textContent).toContain('javascript:alert(1)');
  });

  it('prompts for empty sections and works without a document', () => {
    const sop = makeSop();
    const empty = new JSDOM(buildSopHtml(sop, [], new Map(), emptyDocument(sop))).window.document;
    expect(empty.querySelector('#section-purpose .prompt')?.textContent).toMatch(/^Not written yet/);
    expect(empty.querySelector('#section-procedure .prompt')?.textContent).toBe('No steps yet.');
    const bare = new JSDOM(buildSopHtml(sop, [makeStep({ text: 'Click **Deploy**.' })], new Map())).window.document;
    expect([...bare.querySelectorAll('h2')].map((h) => h.textContent)).toEqual(['Procedure']);
    expect(bare.querySelector('li.step strong')?.textContent).toBe('Deploy');
  });

  it('has print rules that keep a step on one page and scale images to the page', () => {
    const { dom } = fixtureHtml();
    const css = dom.querySelector('style')?.textContent ?? '';
    const print = css.slice(css.indexOf('@media print'));
    expect(print).toMatch(/li\.step[^{]*\{[^}]*break-inside: avoid/);
    expect(css).toMatch(/img\.shot \{[^}]*max-width: 100%/);
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });
});
