/**
 * A Whisper model folder the user picked on disk (air-gapped teams, or anyone who would rather not download):
 * which picked files to keep, under which path inside the model, and whether the folder is complete for the
 * dtype we load. Pure: the extension page reads the files and stores them (lib/model-files/local-models.ts).
 */
import { modelFiles, type ModelDtype } from './models';

/**
 * Cache API keys must be http(s) URLs: imported files live under this never-resolvable origin (RFC 6761
 * `.invalid`), so a key can never be mistaken for, or fetched as, a real address.
 */
export const LOCAL_MODEL_ORIGIN = 'https://local-model.sop-recorder.invalid/';

/** The Cache API key of one file of an imported model. */
export function localModelKey(modelId: string, path: string): string {
  return `${LOCAL_MODEL_ORIGIN}${modelId}/${path}`;
}

/** The model id a key belongs to (`onnx-community/whisper-tiny.en`), or null for a foreign key. */
export function modelIdOfKey(key: string): string | null {
  if (!key.startsWith(LOCAL_MODEL_ORIGIN)) return null;
  const parts = key.slice(LOCAL_MODEL_ORIGIN.length).split('/');
  return parts.length >= 3 ? `${parts[0]}/${parts[1]}` : null;
}

export interface PickedFile {
  /** The path relative to the picked folder's parent, as `webkitRelativePath` gives it ("whisper-tiny.en/onnx/x.onnx"). */
  readonly relativePath: string;
  readonly size: number;
}

export type FolderPlan =
  | { readonly ok: true; readonly files: readonly { readonly index: number; readonly path: string }[]; readonly bytes: number }
  | { readonly ok: false; readonly error: string };

/** A model file we would ever load: JSON configs and ONNX graphs; anything else in the folder is left on disk. */
const USEFUL = /^(?:[\w.-]+\.json|onnx\/[\w.-]+\.onnx(?:_data)?)$/;

/** Biggest single file we accept (whisper-base fp32 decoder is ~300 MB; anything far beyond is not a Whisper graph). */
export const MAX_MODEL_FILE_BYTES = 1_500_000_000;

/**
 * Which picked files make up the model, with their paths inside it. Accepts the plain layout
 * (`whisper-tiny.en/config.json`) and a mirror of the Hub's (`whisper-tiny.en/resolve/main/config.json`).
 */
export function planModelFolderImport(picked: readonly PickedFile[], dtype: ModelDtype): FolderPlan {
  if (picked.length === 0) return { ok: false, error: 'The folder is empty.' };
  const files: { index: number; path: string }[] = [];
  const seen = new Set<string>();
  let bytes = 0;
  picked.forEach((file, index) => {
    const parts = file.relativePath.split('/').filter(Boolean);
    // The picked folder's own name comes first.
    let rest = parts.slice(1);
    if (rest[0] === 'resolve' && rest.length > 2) rest = rest.slice(2);
    const path = rest.join('/');
    if (!USEFUL.test(path) || seen.has(path)) return;
    if (file.size > MAX_MODEL_FILE_BYTES) return;
    seen.add(path);
    files.push({ index, path });
    bytes += file.size;
  });
  const missing = modelFiles(dtype).filter((p) => !seen.has(p));
  if (missing.length > 0) {
    return {
      ok: false,
      error: `This folder is not a complete Whisper model for transformers.js: missing ${missing.join(', ')}. Pick the folder that holds config.json and onnx/.`,
    };
  }
  return { ok: true, files, bytes };
}
