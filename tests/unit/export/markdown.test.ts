import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { encodeBase64 as base64 } from '../../../lib/export/base64';
import {
  buildMarkdownZip,
  buildSingleFileMarkdown,
  buildSopMarkdown,
  exportFileName,
  stepImagePath,
} from '../../../lib/export/markdown';
import type { RawEvent, SopId, Step, StepId } from '../../../lib/model';
import { emptyDocument, emptyStepNote, type ItemId, type SopDocument } from '../../../lib/sop/document';
import { draftDocument } from '../../../lib/sop/draft-document';
import { SECTIONS } from '../../../lib/sop/sections';
import { synthesizeSteps } from '../../../lib/steps/synthesize';
import { yamlUnquote } from '../../../lib/text/markdown';
import { JPEG_37x21, WEBP_37x21 } from './image-fixtures';
import { events as ev, makeSop, makeStep, startPage, stepId, stepIds, targets } from '../factories';

const noImages = { forStep: () => undefined };

/** The front matter as key → value, quoted values read back with yamlUnquote. */
function frontMatter(md: string): Record<string, string> {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(md);
  if (!match) throw new Error('no front matter');
  const out: Record<string, string> = {};
  for (const line of match[1]!.split('\n')) {
    const m = /^([a-z_]+): (.*)$/.exec(line);
    if (!m) throw new Error(`not a simple key: value line: ${line}`);
    const value = m[2]!.startsWith('"') ? yamlUnquote(m[2]!) : m[2]!;
    if (value === undefined) throw new Error(`bad quoted value: ${m[2]}`);
    out[m[1]!] = value;
  }
  return out;
}

function stepsFrom(list: RawEvent[]): Step[] {
  return synthesizeSteps(list, { sopId: 'sop-1' as SopId, newStepId: stepIds() });
}

function png(n: number, fill: number): Uint8Array {
  const bytes = new Uint8Array(n);
  const magic = [0x89, 0x50, 0x4e, 0x47];
  for (let i = 0; i < n; i++) bytes[i] = magic[i] ?? (i * fill) & 0xff;
  return bytes;
}

describe('buildSopMarkdown', () => {
  it('writes front matter, a title, a meta line and numbered steps with images and narration', () => {
    const steps = [
      makeStep({ id: stepId('a'), order: 0, text: 'Type "CHG-2291" into **Change ticket**.' }),
      makeStep({ id: stepId('b'), order: 10, text: 'Click **Deploy**.', narration: 'This starts the rollout.' }),
    ];
    const md = buildSopMarkdown(makeSop(), steps, { forStep: (s) => (s.id === 'b' ? 'images/step-02.png' : undefined) });
    expect(md).toBe(
      [
        '---',
        'title: "Deploy payments-api — Shipyard"',
        'created: "2026-01-05T09:00:00.000Z"',
        'source_url: "https://shipyard.test/apps/payments-api"',
        'step_count: 2',
        '---',
        '',
        '# Deploy payments-api — Shipyard',
        '',
        'Recorded 2026-01-05 09:00 UTC · 2 steps · 1 min 5 s · starts at <https://shipyard.test/apps/payments-api>',
        '',
        '1. Type "CHG-2291" into **Change ticket**.',
        '',
        '2. Click **Deploy**.',
        '',
        '   ![Step 2](images/step-02.png)',
        '',
        '   > This starts the rollout.',
        '',
      ].join('\n'),
    );
  });

  it('lists steps by order, not by array position', () => {
    const md = buildSopMarkdown(makeSop(), [makeStep({ order: 20, text: 'Second' }), makeStep({ order: 10, text: 'First' })], noImages);
    expect(md.indexOf('1. First')).toBeGreaterThan(0);
    expect(md.indexOf('2. Second')).toBeGreaterThan(md.indexOf('1. First'));
  });

  it('keeps multi-line author text inside its list item', () => {
    const md = buildSopMarkdown(makeSop(), Array.from({ length: 10 }, (_, i) => makeStep({ order: i, text: i === 9 ? 'Check:\nthe log' : 'x' })), noImages);
    expect(md).toContain('10. Check:\n    the log');
  });

  it.each([
    ['a quote " and a backslash \\', 'https://a.test/?q="x"'],
    ['title: with colon # and hash', 'https://a.test/#frag'],
    ['---\nnew: key', 'javascript:alert(1)'],
    ['\u2028 line separator', ''],
  ])('front matter reads back exactly: %j', (title, sourceUrl) => {
    const md = buildSopMarkdown(makeSop({ title, sourceUrl }), [makeStep()], noImages);
    expect(frontMatter(md)).toEqual({ title, created: '2026-01-05T09:00:00.000Z', source_url: sourceUrl, step_count: '1' });
  });

  it('escapes a hostile title in the heading and shows a non-http source as text', () => {
    const md = buildSopMarkdown(makeSop({ title: '<img src=x onerror=alert(1)> [x](javascript:y)', sourceUrl: 'javascript:alert(1)' }), [], noImages);
    const body = md.slice(md.indexOf('\n---\n') + 5);
    expect(body).toContain('# \\<img src=x onerror=alert(1)\\> \\[x\\](javascript\\:y)');
    expect(body).toContain('starts at javascript\\:alert(1)');
    expect(body).not.toMatch(/(?<!\\)</);
  });

  it.each([
    ['# Second heading', '- item', '# \\# Second heading', '   > \\- item'],
    ['1. Numbered', '2) numbered', '# 1\\. Numbered', '   > 2\\) numbered'],
    ['Build #', '> nested quote', '# Build \\#', '   > \\> nested quote'],
    ['+ plus', '=== setext', '# \\+ plus', '   > \\=== setext'],
  ])('escapes a block marker that would start the title or the narration: %j / %j', (title, narration, heading, quote) => {
    const md = buildSopMarkdown(makeSop({ title }), [makeStep({ text: 'Click **Deploy**.', narration })], noImages);
    const lines = md.split('\n');
    expect(lines).toContain(heading);
    expect(lines).toContain(quote);
  });

  it.each([
    '<img src=x onerror=alert(1)>',
    '**bold** [x](javascript:alert(1))',
    '# Heading',
    '[a](https://evil.test) ![i](https://evil.test/p.png) <https://evil.test> https://evil.test',
    'x\n\n# injected heading\n- item',
  ])('a hostile page label stays inert in the document: %j', (hostile) => {
    const steps = stepsFrom([
      startPage(),
      ev.click(targets.button(hostile), 1000),
      ev.input(targets.field(hostile), hostile, 3000),
      ev.change(targets.select(hostile), 5000, { value: hostile }),
    ]);
    const md = buildSopMarkdown(makeSop(), steps, noImages);
    const lines = md.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(line).not.toMatch(/(?<!\\)[<>]/); // no raw HTML
      expect(line).not.toMatch(/(?<!\\)[[\]]/); // no link or image syntax (parentheses alone are text)
      expect(line).not.toMatch(/(?<!\\)https?:/); // no bare autolink
      // Bold markers only where the drafter put them: around whole names.
      expect(line.match(/(?<!\\)\*\*/g)?.length ?? 0).toBeLessThanOrEqual(4);
    }
    expect(md).not.toMatch(/^#{1,6} (?!Deploy payments)/m);
    expect(md).not.toMatch(/^- /m);
  });

  it('never contains a sensitive value, even one sent by mistake', () => {
    const token = targets.secret('Registry token');
    const password = targets.password('Password');
    const steps = stepsFrom([
      startPage(),
      ev.click(token, 1000),
      ev.input(token, 'ghp_TOPSECRET', 2000),
      ev.change(token, 2001, { value: 'ghp_TOPSECRET' }),
      ev.input(password, 'hunter2', 4000),
      ev.key('Enter', password, 4001),
    ]);
    const md = buildSopMarkdown(makeSop(), steps, noImages);
    expect(md).toContain('Type the registry token into **Registry token**.');
    expect(md).toContain('Type the password into **Password**.');
    expect(md).not.toContain('ghp_TOPSECRET');
    expect(md).not.toContain('hunter2');
  });
});

describe('buildSopMarkdown with the SOP document', () => {
  const steps = [
    makeStep({ id: stepId('a'), order: 0, text: 'Click **Deploy**.', narration: 'This starts the rollout.' }),
    makeStep({ id: stepId('b'), order: 10, text: 'Type "v1.5.0" into **Version**.' }),
  ];
  const sop = makeSop();
  const doc = (patch: Partial<SopDocument> = {}): SopDocument => ({ ...emptyDocument(sop), ...patch });
  const headings = (md: string) => md.split('\n').filter((l) => /^#{1,6} /.test(l));

  it('wraps the numbered steps: sections before, a Procedure heading, the steps, sections after, in order', () => {
    const md = buildSopMarkdown(sop, steps, noImages, doc());
    const expected = SECTIONS.map((s) => `## ${s.heading}`);
    expect(headings(md)).toEqual(['# Deploy payments-api — Shipyard', ...expected]);
    const procedure = md.indexOf('## Procedure\n');
    expect(md.indexOf('## Variables')).toBeLessThan(procedure);
    expect(md.indexOf('1. Click **Deploy**.')).toBeGreaterThan(procedure);
    expect(md.indexOf('2. Type "v1.5.0" into **Version**.')).toBeLessThan(md.indexOf('## Go/no-go gates'));
  });

  it('keeps the front matter, title and meta line of the plain export', () => {
    const plain = buildSopMarkdown(sop, steps, noImages);
    const withDoc = buildSopMarkdown(sop, steps, noImages, doc());
    const head = plain.slice(0, plain.indexOf('1. '));
    expect(withDoc.startsWith(head)).toBe(true);
    expect(frontMatter(withDoc)).toEqual(frontMatter(plain));
  });

  it('prints the prompt of every empty section, and of an empty procedure', () => {
    const md = buildSopMarkdown(sop, [], noImages, doc());
    for (const s of SECTIONS.filter((x) => !['metadata'].includes(x.key))) {
      const start = md.indexOf(`## ${s.heading}\n`);
      const body = md.slice(start, md.indexOf('\n## ', start + 1) >>> 0).split('\n\n')[1]?.trim();
      expect(body, s.heading).toBe(`_${s.prompt}_`);
    }
  });

  it('puts expected result, warnings and notes under their step, indented, before the narration', () => {
    const note = {
      ...emptyStepNote(),
      expectedResult: { text: 'The page **Deploys** opens.', source: 'page' as const },
      warnings: [{ id: 'w1' as ItemId, text: 'This restarts\nevery pod.', source: 'narration' as const }],
      notes: { text: 'Ask in #releases first.', source: 'author' as const },
    };
    const md = buildSopMarkdown(sop, steps, { forStep: (s) => (s.id === 'a' ? 'images/step-01.png' : undefined) }, doc({ stepNotes: { [stepId('a')]: note } }));
    const step1 = md.slice(md.indexOf('1. Click'), md.indexOf('2. Type'));
    expect(step1).toBe(
      [
        '1. Click **Deploy**.',
        '',
        '   ![Step 1](images/step-01.png)',
        '',
        '   **Expected result:** The page **Deploys** opens.',
        '',
        '   **Warning:** This restarts',
        '   every pod.',
        '',
        '   **Note:** Ask in #releases first.',
        '',
        '   > This starts the rollout.',
        '',
        '',
      ].join('\n'),
    );
  });

  it('ends with the flow diagram as a Mermaid block', () => {
    const md = buildSopMarkdown(sop, steps, noImages, doc({ diagram: { source: 'flowchart TD\n  a --> b', edited: true } }));
    expect(md.endsWith('## Flow diagram\n\n```mermaid\nflowchart TD\n  a --> b\n```\n')).toBe(true);
  });

  it('keeps page-derived text escaped in the drafted sections and annotations', () => {
    const hostile = '<img src=x onerror=alert(1)> [x](javascript:y) # Heading';
    const hostilePage = { url: 'https://shipyard.test/x', title: hostile };
    const events = [
      startPage(),
      ev.click(targets.button(hostile), 1000),
      ev.navigate('link', hostilePage, 1300),
      ev.click(targets.button('Deploy'), 3000, { page: hostilePage }),
    ];
    const drafted = stepsFrom(events);
    const document = draftDocument({ sop, steps: drafted, events });
    const md = buildSopMarkdown(sop, drafted, noImages, document);
    const body = md.slice(md.indexOf('\n---\n') + 5);
    expect(body).toContain('**Expected result:**');
    expect(body).not.toMatch(/(?<!\\)<img/);
    expect(body).not.toMatch(/(?<!\\)\]\(javascript/);
    expect(body).not.toMatch(/^#{1,6} (?!Deploy payments|[A-Z][a-z/ -]+$)/m);
    // only the Mermaid block may hold raw text, and its labels are entity-escaped
    const mermaid = body.slice(body.indexOf('```mermaid'));
    expect(mermaid).not.toContain('<img');
  });

  it('zip and single file take the document too', () => {
    const files = unzipSync(buildMarkdownZip(sop, steps, new Map(), doc()));
    expect(strFromU8(files['sop.md']!)).toContain('## Procedure');
    expect(buildSingleFileMarkdown(sop, steps, new Map(), doc())).toContain('## Rollback');
    expect(strFromU8(unzipSync(buildMarkdownZip(sop, steps, new Map()))['sop.md']!)).not.toContain('## Procedure');
  });
});

describe('buildMarkdownZip', () => {
  const steps = Array.from({ length: 3 }, (_, i) => makeStep({ id: stepId(`s${i + 1}`), order: i * 10, text: `Step text ${i + 1}` }));

  it('holds sop.md and one images/step-NN.png per step with a screenshot, bytes intact', () => {
    const pngs = new Map<StepId, Uint8Array>([
      [stepId('s1'), png(300, 3)],
      [stepId('s3'), png(5000, 7)],
    ]);
    const files = unzipSync(buildMarkdownZip(makeSop(), steps, pngs));
    expect(Object.keys(files).sort()).toEqual(['images/step-01.png', 'images/step-03.png', 'sop.md']);
    expect(files['images/step-01.png']).toEqual(pngs.get(stepId('s1')));
    expect(files['images/step-03.png']).toEqual(pngs.get(stepId('s3')));
    const md = strFromU8(files['sop.md']!);
    expect(md).toContain('1. Step text 1\n\n   ![Step 1](images/step-01.png)');
    expect(md).toContain('2. Step text 2\n\n3. Step text 3\n\n   ![Step 3](images/step-03.png)');
  });

  it('names each image by its own kind (JPEG, WebP, PNG) and references it so', () => {
    const images = new Map<StepId, Uint8Array>([
      [stepId('s1'), JPEG_37x21],
      [stepId('s2'), WEBP_37x21],
      [stepId('s3'), png(300, 3)],
    ]);
    const files = unzipSync(buildMarkdownZip(makeSop(), steps, images));
    expect(Object.keys(files).sort()).toEqual(['images/step-01.jpg', 'images/step-02.webp', 'images/step-03.png', 'sop.md']);
    expect(files['images/step-01.jpg']).toEqual(JPEG_37x21);
    const md = strFromU8(files['sop.md']!);
    expect(md).toContain('![Step 1](images/step-01.jpg)');
    expect(md).toContain('![Step 2](images/step-02.webp)');
  });

  it('works with no screenshots and with a clock outside the zip date range', () => {
    const files = unzipSync(buildMarkdownZip(makeSop({ updatedAt: 0 }), steps, new Map()));
    expect(Object.keys(files)).toEqual(['sop.md']);
  });

  it('is deterministic for the same input', () => {
    const pngs = new Map([[stepId('s2'), png(100, 5)]]);
    expect(buildMarkdownZip(makeSop(), steps, pngs)).toEqual(buildMarkdownZip(makeSop(), steps, pngs));
  });
});

describe('buildSingleFileMarkdown', () => {
  it('inlines each screenshot as a base64 PNG data URL', () => {
    const steps = [makeStep({ id: stepId('a'), order: 0 }), makeStep({ id: stepId('b'), order: 10 })];
    const bytes = png(1000, 11);
    const md = buildSingleFileMarkdown(makeSop(), steps, new Map([[stepId('b'), bytes]]));
    const m = /!\[Step 2\]\(data:image\/png;base64,([A-Za-z0-9+/=]+)\)/.exec(md);
    expect(m).not.toBeNull();
    expect(new Uint8Array(Buffer.from(m![1]!, 'base64'))).toEqual(bytes);
    expect(md).not.toContain('![Step 1]');
  });
});

describe('buildSingleFileMarkdown with lossy images', () => {
  it('inlines a JPEG as a data:image/jpeg URL, bytes intact', () => {
    const steps = [makeStep({ id: stepId('a'), order: 0 })];
    const md = buildSingleFileMarkdown(makeSop(), steps, new Map([[stepId('a'), JPEG_37x21]]));
    const m = /!\[Step 1\]\(data:image\/jpeg;base64,([A-Za-z0-9+/=]+)\)/.exec(md);
    expect(new Uint8Array(Buffer.from(m![1]!, 'base64'))).toEqual(JPEG_37x21);
  });
});

describe('helpers', () => {
  it.each([0, 1, 2, 3, 4, 5, 255, 256, 8191, 10000])('base64 matches Node for %i bytes', (n) => {
    const bytes = png(n, 13);
    expect(base64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });

  it.each([
    [1, 3, 'images/step-01.png'],
    [12, 12, 'images/step-12.png'],
    [7, 120, 'images/step-007.png'],
  ])('stepImagePath(%i of %i)', (n, total, path) => {
    expect(stepImagePath(n, total)).toBe(path);
  });

  it('stepImagePath takes the extension', () => {
    expect(stepImagePath(3, 10, 'jpg')).toBe('images/step-03.jpg');
  });

  it.each([
    ['Deploy payments-api — Shipyard', 'zip', 'deploy-payments-api-shipyard.zip'],
    ['Crème brûlée / ../../etc/passwd', '.md', 'creme-brulee-etc-passwd.md'],
    ['<script>', 'md', 'script.md'],
    ['', 'md', 'sop.md'],
    ['日本語のみ', 'md', 'sop.md'],
    ['a'.repeat(100), 'zip', `${'a'.repeat(60)}.zip`],
  ])('exportFileName(%j, %j)', (title, ext, name) => {
    expect(exportFileName(makeSop({ title }), ext)).toBe(name);
  });
});
