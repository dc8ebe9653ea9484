/**
 * Keeping the repository's `mkdocs.yml` navigation in step with the SOPs: a published SOP gets an entry
 * (`- "Title": sops/slug/index.md`) under a "Procedures" section of `nav:`. The file is the team's: it is
 * edited line by line, never re-serialised, so comments, tags (`!!python/name:…`) and layout stay as they were.
 * Pure.
 *
 * MkDocs builds its navigation from the files when `nav:` is absent, so a file without one is left alone (a
 * new `nav:` would hide every other page). A flow-style `nav: [...]` is left alone too, and said so.
 */
import { yamlQuote, yamlUnquote } from '../text/markdown';

export const NAV_SECTION = 'Procedures';

export interface NavUpdate {
  /** The new file text, or undefined when the file does not change. */
  readonly text?: string;
  /** Why the navigation was not touched, for the publish report. */
  readonly note?: string;
}

/** `docs_dir` of an mkdocs.yml (default `docs`), without surrounding slashes. */
export function docsDir(yaml: string): string {
  const m = /^docs_dir:[ \t]*(.+?)[ \t]*(?:#.*)?$/m.exec(yaml);
  const raw = m ? m[1]!.trim() : 'docs';
  const value = raw.startsWith('"') ? (yamlUnquote(raw) ?? raw) : raw.replace(/^'(.*)'$/, '$1');
  return value.replace(/^\.\/+/, '').replace(/^\/+|\/+$/g, '') || 'docs';
}

/** `sopFolder` (a repository path) relative to docs_dir, or undefined when it is outside. */
export function navPath(yaml: string, sopFolder: string): string | undefined {
  const dir = docsDir(yaml);
  return sopFolder.startsWith(`${dir}/`) ? `${sopFolder.slice(dir.length + 1)}/index.md` : undefined;
}

/** A new mkdocs.yml for a repository that has none: the folder's first segment is the docs dir. */
export function newMkdocsYaml(sopFolder: string, title: string): string {
  const segments = sopFolder.split('/');
  const dir = segments.length > 1 ? segments[0]! : 'docs';
  const entry = segments.length > 1 ? `${segments.slice(1).join('/')}/index.md` : undefined;
  return [
    '# Written by SOP Recorder for the team library. Build with `mkdocs build` (or Backstage TechDocs).',
    `site_name: ${yamlQuote('Team procedures')}`,
    `docs_dir: ${dir}`,
    ...(entry ? ['nav:', `  - ${NAV_SECTION}:`, `      - ${yamlQuote(title)}: ${entry}`] : []),
    '',
  ].join('\n');
}

const indentOf = (line: string) => /^[ \t]*/.exec(line)![0].length;
const isBlankOrComment = (line: string) => /^\s*(?:#.*)?$/.test(line);

/** Adds or renames the entry for `path` (relative to docs_dir) with `title`. */
export function upsertNavEntry(yaml: string, path: string, title: string): NavUpdate {
  const lines = yaml.replace(/\r\n/g, '\n').split('\n');
  const navAt = lines.findIndex((l) => /^nav:/.test(l));
  if (navAt < 0) return { note: 'mkdocs.yml has no nav: MkDocs lists the new page by itself.' };
  if (!/^nav:[ \t]*(?:#.*)?$/.test(lines[navAt]!)) return { note: 'mkdocs.yml has a one-line nav: it was left as it is; add the page to it by hand.' };
  let end = navAt + 1;
  while (end < lines.length && (isBlankOrComment(lines[end]!) || indentOf(lines[end]!) > 0)) end++;
  // Trailing blank lines belong after the block.
  while (end > navAt + 1 && isBlankOrComment(lines[end - 1]!)) end--;

  const entryRe = new RegExp(`^(\\s*-\\s+)(.*?):\\s*${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  const line = (indent: string) => `${indent}- ${yamlQuote(title)}: ${path}`;
  for (let i = navAt + 1; i < end; i++) {
    const m = entryRe.exec(lines[i]!);
    if (!m) continue;
    const next = `${m[1]}${yamlQuote(title)}: ${path}`;
    if (next === lines[i]) return {};
    lines[i] = next;
    return { text: lines.join('\n') };
  }

  const sectionRe = new RegExp(`^(\\s*)-\\s+(?:${NAV_SECTION}|"${NAV_SECTION}"|'${NAV_SECTION}'):\\s*$`);
  const sectionAt = lines.findIndex((l, i) => i > navAt && i < end && sectionRe.test(l));
  if (sectionAt >= 0) {
    const base = indentOf(lines[sectionAt]!);
    let last = sectionAt;
    for (let i = sectionAt + 1; i < end && (isBlankOrComment(lines[i]!) || indentOf(lines[i]!) > base); i++) if (!isBlankOrComment(lines[i]!)) last = i;
    const childIndent = last > sectionAt ? /^[ \t]*/.exec(lines[last]!)![0] : ' '.repeat(base + 4);
    lines.splice(last + 1, 0, line(childIndent));
    return { text: lines.join('\n') };
  }
  // The nav's own items' indent (two spaces when it is empty).
  const first = lines.slice(navAt + 1, end).find((l) => !isBlankOrComment(l));
  const itemIndent = first ? /^[ \t]*/.exec(first)![0] : '  ';
  lines.splice(end, 0, `${itemIndent}- ${NAV_SECTION}:`, line(`${itemIndent}    `));
  return { text: lines.join('\n') };
}

/**
 * The mkdocs.yml after publishing the SOP in `sopFolder` (a repository path) titled `title`: `current` is the
 * file as it is in the repository, or undefined when there is none.
 */
export function updateMkdocsYaml(current: string | undefined, sopFolder: string, title: string): NavUpdate {
  if (current === undefined) return { text: newMkdocsYaml(sopFolder, title) };
  const path = navPath(current, sopFolder);
  if (!path) return { note: `The SOP folder is outside mkdocs.yml's docs_dir (${docsDir(current)}): the navigation was left as it is.` };
  return upsertNavEntry(current, path, title);
}
