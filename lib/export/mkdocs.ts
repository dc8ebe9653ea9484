/**
 * Docs-as-code bundle: a zip that MkDocs builds as is (`mkdocs build`) and Backstage TechDocs picks up —
 * `mkdocs.yml`, `docs/index.md` (the Markdown export, lib/export/markdown.ts, unchanged), `docs/images/`,
 * and a `catalog-info.yaml` with the TechDocs annotation for registering it in a Backstage catalog.
 * Pure, like the other builders.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import type { Sop, Step, StepId } from '../model';
import type { SopDocument } from '../sop/document';
import { yamlQuote } from '../text/markdown';
import { buildSopMarkdown, exportFileName, imagesBy } from './markdown';

/** A Backstage entity name: [a-z0-9] runs joined by single dashes, at most 63 characters. */
export function catalogName(sop: Sop): string {
  return exportFileName(sop, '').slice(0, 63).replace(/-+$/, '') || 'sop';
}

export function buildMkdocsYaml(sop: Sop): string {
  const title = sop.title.trim() || 'Untitled procedure';
  return [
    '# Built by SOP Recorder. Preview with `mkdocs serve`; build with `mkdocs build`.',
    `site_name: ${yamlQuote(title)}`,
    'docs_dir: docs',
    'nav:',
    `  - ${yamlQuote(title)}: index.md`,
    '# The Markdown is CommonMark/GFM. Python-Markdown reads it the same with these: escapeall makes every',
    '# backslash escape work (`\\<` is a literal `<`, not a stray backslash), sane_lists keeps step numbers when a',
    '# screenshot sits between two steps. escapeall is in pymdown-extensions (pip install pymdown-extensions;',
    '# mkdocs-material and TechDocs bring it).',
    'markdown_extensions:',
    '  - tables',
    '  - fenced_code',
    '  - sane_lists',
    '  - pymdownx.escapeall',
    '  - toc:',
    '      permalink: true',
    '# Backstage TechDocs builds with its techdocs-core plugin (mkdocs-techdocs-core). Its generator adds the',
    '# plugin when this list lacks it; uncomment to build locally with the plugin installed.',
    '# plugins:',
    '#   - techdocs-core',
    '',
  ].join('\n');
}

export function buildCatalogInfo(sop: Sop): string {
  const title = sop.title.trim() || 'Untitled procedure';
  return [
    '# Register in Backstage (Catalog → Register existing component) to show these docs in TechDocs.',
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata:',
    `  name: ${catalogName(sop)}`,
    `  title: ${yamlQuote(title)}`,
    `  description: ${yamlQuote(`Standard operating procedure: ${title}`)}`,
    '  annotations:',
    '    backstage.io/techdocs-ref: dir:.',
    '  tags:',
    '    - sop',
    'spec:',
    '  type: documentation',
    '  lifecycle: production',
    '  owner: unknown',
    '',
  ].join('\n');
}

/** The bundle: mkdocs.yml, catalog-info.yaml, docs/index.md and docs/images/step-NN.jpg (the images' own extension). */
export function buildMkdocsZip(sop: Sop, steps: readonly Step[], pngs: ReadonlyMap<StepId, Uint8Array>, doc?: SopDocument): Uint8Array {
  // Image paths are relative to docs/index.md, so the Markdown is exactly the Markdown export's.
  const { images, entries } = imagesBy(steps, pngs, (path) => path);
  const files: Zippable = {
    'mkdocs.yml': strToU8(buildMkdocsYaml(sop)),
    'catalog-info.yaml': strToU8(buildCatalogInfo(sop)),
    'docs/index.md': strToU8(buildSopMarkdown(sop, steps, images, doc)),
  };
  for (const { path, png } of entries) files[`docs/${path}`] = [png, { level: 0 }];
  return zipSync(files, { level: 6 });
}
