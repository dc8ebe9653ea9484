/**
 * What a pull accepts from the repository, which may be hostile: every SOP folder name is checked (no path
 * traversal, no `.git`, nothing but letters, digits, `.`, `_`, `-`), symlinks and oversized files are refused,
 * and each `sop.json` is parsed through the import's validator (lib/import/sop-import.ts). A refused entry is
 * named by its repository path and imports nothing; the others still do. Pure.
 */
import { parseSopFile, SopImportError, type ParsedSopFile } from '../import/sop-import';
import { isSafeName } from './settings';
import { SOP_JSON } from './layout';

export const REPO_LIMITS = {
  /** One sop.json (screenshots inline when the team opted in). */
  sopJsonBytes: 64 * 1024 * 1024,
  /** SOP folders read in one pull. */
  sops: 2_000,
} as const;

export interface TreeEntry {
  /** The entry's name in its folder, as the repository has it (not yet trusted). */
  readonly name: string;
  readonly type: 'blob' | 'tree' | 'commit';
  /** Git file mode, e.g. '100644', '120000' (symlink). */
  readonly mode: string;
}

export interface Refusal {
  /** Repository path of the refused entry. */
  readonly path: string;
  readonly reason: string;
}

const shown = (name: string) => JSON.stringify(name.slice(0, 120));

/** The SOP folders of `folder` to read, and the entries refused by name or type. */
export function sopFolders(folder: string, entries: readonly TreeEntry[]): { folders: string[]; refused: Refusal[] } {
  const folders: string[] = [];
  const refused: Refusal[] = [];
  const at = (name: string) => (folder ? `${folder}/${name}` : name);
  for (const e of entries) {
    if (e.type !== 'tree') continue;
    if (!isSafeName(e.name)) {
      refused.push({ path: `${folder ? `${folder}/` : ''}${shown(e.name)}`, reason: 'a folder name that is not allowed (path traversal, .git or unusual characters)' });
      continue;
    }
    folders.push(at(e.name));
  }
  if (folders.length > REPO_LIMITS.sops) {
    refused.push({ path: folder || '(repository root)', reason: `more than ${REPO_LIMITS.sops} SOP folders; only the first ${REPO_LIMITS.sops} were read` });
    folders.length = REPO_LIMITS.sops;
  }
  return { folders, refused };
}

/** Whether an SOP folder's `sop.json` entry can be read: a regular file, not a symlink or submodule. */
export function checkSopJsonEntry(path: string, entry: TreeEntry | undefined): Refusal | undefined {
  if (!entry) return { path: `${path}/${SOP_JSON}`, reason: 'missing: the folder is not an SOP published by SOP Recorder' };
  if (entry.type !== 'blob' || entry.mode === '120000') return { path: `${path}/${SOP_JSON}`, reason: 'not a regular file (a symlink or folder)' };
  return undefined;
}

/** The parsed sop.json of the SOP folder `path`, or the refusal saying why not. */
export function readSopJson(path: string, bytes: Uint8Array): { parsed: ParsedSopFile } | { refused: Refusal } {
  const file = `${path}/${SOP_JSON}`;
  if (bytes.length > REPO_LIMITS.sopJsonBytes) return { refused: { path: file, reason: `too large (${Math.round(bytes.length / 1024 / 1024)} MB; the limit is ${REPO_LIMITS.sopJsonBytes / 1024 / 1024} MB)` } };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { refused: { path: file, reason: 'not UTF-8 text' } };
  }
  try {
    return { parsed: parseSopFile(text) };
  } catch (e) {
    return { refused: { path: file, reason: e instanceof SopImportError ? e.message : `invalid: ${e instanceof Error ? e.message : String(e)}` } };
  }
}
