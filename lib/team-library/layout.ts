/**
 * Where an SOP lives in the team's repository and what its files say. One folder per SOP,
 * `<folder>/<slug>/`, in the docs-as-code layout the MkDocs/TechDocs export writes (lib/export/mkdocs.ts):
 * `index.md` (the Markdown export, with front matter for the docs site and the review process), its
 * `images/step-NN.<ext>`, and `sop.json` (the versioned format, lib/export/json-schema.ts) for a lossless
 * round trip. Pure.
 */
import type { Sop, Step, StepId } from '../model';
import type { SopDocument } from '../sop/document';
import { buildSopMarkdown, exportFileName, orderedSteps, stepImagePath, type StepImages } from '../export/markdown';
import { maskDeep } from '../privacy/secrets';
import { yamlQuote } from '../text/markdown';
import { isSafeName } from './settings';

export const SOP_JSON = 'sop.json';
export const INDEX_MD = 'index.md';

/** The folder name for a new SOP: the export file name's slug (ASCII, ≤ 60 characters), never unsafe. */
export function sopSlug(sop: Sop): string {
  const slug = exportFileName(sop, '');
  return isSafeName(slug) ? slug : 'sop';
}

/**
 * The SOP's folder in the repository: the one it was published to before, else `<folder>/<slug>`, with
 * `-2`, `-3`… when another SOP already holds that name (`taken`: folder names in use by other SOPs).
 */
export function sopPath(folder: string, sop: Sop, taken: ReadonlySet<string>, previous?: string): string {
  if (previous) return previous;
  const base = sopSlug(sop);
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
  return folder ? `${folder}/${name}` : name;
}

/** The branch a publish to a new branch creates: `sop/<slug>-<yyyy-mm-dd>` (`-2`… when it exists). */
export function publishBranchName(path: string, now: number, existing: ReadonlySet<string>): string {
  const slug = path.split('/').pop() || 'sop';
  const base = `sop/${slug}-${new Date(now).toISOString().slice(0, 10)}`;
  let name = base;
  for (let i = 2; existing.has(`refs/heads/${name}`); i++) name = `${base}-${i}`;
  return name;
}

/** An image of a step as it goes into the repository. */
export interface RepoImage {
  readonly bytes: Uint8Array;
  /** 'webp', 'jpeg' or 'png'. */
  readonly ext: string;
}

/** Front matter fields beyond the Markdown export's: what a docs site and a review process look for. */
export function frontMatter(sop: Sop, steps: readonly Step[], doc: SopDocument): string {
  const m = doc.metadata;
  const lines = [
    '---',
    `title: ${yamlQuote(sop.title)}`,
    `id: ${yamlQuote(m.id)}`,
    `version: ${yamlQuote(m.version)}`,
    `owner: ${yamlQuote(m.owner)}`,
    `review_date: ${yamlQuote(m.reviewDate)}`,
    ...(m.tags.length ? ['tags:', ...m.tags.map((t) => `  - ${yamlQuote(t)}`)] : []),
    `created: ${yamlQuote(Number.isFinite(sop.createdAt) ? new Date(sop.createdAt).toISOString() : '')}`,
    `source_url: ${yamlQuote(sop.sourceUrl)}`,
    `step_count: ${steps.length}`,
    `generator: "SOP Recorder"`,
    '---',
  ];
  return `${lines.join('\n')}\n`;
}

/** The Markdown export with our front matter in place of its own. */
export function buildIndexMarkdown(sop: Sop, steps: readonly Step[], doc: SopDocument, images: StepImages): string {
  const md = buildSopMarkdown(sop, steps, images, doc);
  const body = md.startsWith('---\n') ? md.slice(md.indexOf('\n---\n', 4) + 5) : md;
  return `${frontMatter(sop, steps, doc)}${body}`;
}

/**
 * The files of one SOP's folder, relative to it: index.md, images/step-NN.<ext> (steps in reading order, only
 * those with an image) and sop.json.
 */
export function buildSopFolder(sop: Sop, steps: readonly Step[], doc: SopDocument, images: ReadonlyMap<StepId, RepoImage>, sopJson: string): Map<string, Uint8Array> {
  const list = orderedSteps(steps);
  const paths = new Map<StepId, string>();
  list.forEach((step, i) => {
    const image = images.get(step.id);
    if (image) paths.set(step.id, stepImagePath(i + 1, list.length).replace(/\.png$/, `.${image.ext}`));
  });
  const enc = new TextEncoder();
  const files = new Map<string, Uint8Array>();
  files.set(INDEX_MD, enc.encode(buildIndexMarkdown(sop, list, doc, { forStep: (s) => paths.get(s.id) })));
  for (const [id, path] of paths) files.set(path, images.get(id)!.bytes);
  files.set(SOP_JSON, enc.encode(sopJson));
  return files;
}

/**
 * A fingerprint of what an SOP says, the same on every computer: the Markdown of its title, steps and every
 * section, without images, ids or timestamps of the file. Two copies with the same fingerprint say the same
 * thing; sync status compares fingerprints (lib/team-library/sync-status.ts). Secrets are masked first, as
 * the import stores them.
 */
export async function contentFingerprint(sop: Sop, steps: readonly Step[], doc: SopDocument): Promise<string> {
  const masked = maskDeep({ sop: { ...sop, updatedAt: 0 }, steps: orderedSteps(steps), doc: { ...doc, revisions: [] } });
  const md = buildIndexMarkdown(masked.sop, masked.steps, masked.doc, { forStep: () => undefined });
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(md));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
