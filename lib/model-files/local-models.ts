/**
 * Whisper models imported from a folder on disk, kept in the extension's own Cache API store (not
 * transformers.js's download cache, so "Delete downloaded models" and a mirror change never touch them).
 * Readable from the transcription worker too: the Cache API exists in workers, and needs no extension API.
 */
import { localModelKey, modelIdOfKey, planModelFolderImport, type FolderPlan } from '../narration/local-model';
import type { ModelDtype } from '../narration/models';
import type { ModelFileReader } from '../narration/transcriber';

export const LOCAL_MODELS_CACHE = 'sop-local-models';

export interface ImportedModel {
  readonly modelId: string;
  readonly files: number;
  readonly bytes: number;
}

/** Store the model files of a picked folder (an `<input webkitdirectory>`'s files) as `modelId`. */
export async function importModelFolder(
  picked: readonly File[],
  modelId: string,
  dtype: ModelDtype,
  onProgress?: (done: number, total: number) => void,
): Promise<ImportedModel> {
  const plan: FolderPlan = planModelFolderImport(
    picked.map((f) => ({ relativePath: f.webkitRelativePath || f.name, size: f.size })),
    dtype,
  );
  if (!plan.ok) throw new Error(plan.error);
  const cache = await caches.open(LOCAL_MODELS_CACHE);
  // Replace, never merge: files of an earlier import of another build must not mix with this one.
  await deleteLocalModel(modelId);
  let done = 0;
  try {
    for (const { index, path } of plan.files) {
      const file = picked[index]!;
      await cache.put(localModelKey(modelId, path), new Response(file, { headers: { 'content-length': String(file.size) } }));
      onProgress?.(++done, plan.files.length);
    }
  } catch (e) {
    // Half a model is worse than none: a full disk leaves nothing behind.
    await deleteLocalModel(modelId).catch(() => undefined);
    const quota = e instanceof DOMException && e.name === 'QuotaExceededError';
    throw new Error(quota ? `Not enough disk space to keep this model (${Math.round(plan.bytes / 1e6)} MB).` : `The model could not be stored: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  return { modelId, files: plan.files.length, bytes: plan.bytes };
}

export async function listLocalModels(): Promise<ImportedModel[]> {
  if (!(await caches.has(LOCAL_MODELS_CACHE))) return [];
  const cache = await caches.open(LOCAL_MODELS_CACHE);
  const byModel = new Map<string, { files: number; bytes: number }>();
  for (const request of await cache.keys()) {
    const modelId = modelIdOfKey(request.url);
    if (!modelId) continue;
    const size = Number((await cache.match(request))?.headers.get('content-length') ?? 0);
    const entry = byModel.get(modelId) ?? { files: 0, bytes: 0 };
    byModel.set(modelId, { files: entry.files + 1, bytes: entry.bytes + size });
  }
  return [...byModel].map(([modelId, e]) => ({ modelId, ...e })).sort((a, b) => a.modelId.localeCompare(b.modelId));
}

export async function deleteLocalModel(modelId: string): Promise<void> {
  if (!(await caches.has(LOCAL_MODELS_CACHE))) return;
  const cache = await caches.open(LOCAL_MODELS_CACHE);
  for (const request of await cache.keys()) {
    if (modelIdOfKey(request.url) === modelId) await cache.delete(request);
  }
}

/** The transcriber's file reader for an imported model (null for a file the folder did not have). */
export function localModelReader(modelId: string): ModelFileReader {
  return async (path) => {
    const cache = await caches.open(LOCAL_MODELS_CACHE);
    const response = await cache.match(localModelKey(modelId, path));
    return response ? response.arrayBuffer() : null;
  };
}
