/** Downloaded Whisper models live in transformers.js's Cache API store, in the extension's origin. */
const CACHE_NAME = 'transformers-cache';

export async function cachedModelFiles(): Promise<{ count: number; models: string[] }> {
  if (!(await caches.has(CACHE_NAME))) return { count: 0, models: [] };
  const keys = await (await caches.open(CACHE_NAME)).keys();
  const models = new Set<string>();
  for (const req of keys) {
    const m = /\/([^/]+\/[^/]+)\/resolve\//.exec(req.url);
    if (m?.[1]) models.add(m[1]);
  }
  return { count: keys.length, models: [...models].sort() };
}

export async function deleteCachedModels(): Promise<boolean> {
  return caches.delete(CACHE_NAME);
}
