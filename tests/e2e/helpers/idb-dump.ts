/**
 * Dump the extension's IndexedDB (and chrome.storage) as JSON from an extension page, without Dexie, so a
 * test can search every stored byte of text for leaked secrets.
 */
import type { Page } from '@playwright/test';

/** A Blob/File as it appears in a dump; `text` only for textual types under 1 MB. */
export interface BlobSummary {
  readonly $blob: { readonly size: number; readonly type: string; readonly text?: string };
}

export interface StoreDump {
  readonly keyPath: string | string[] | null;
  readonly indexes: string[];
  readonly count: number;
  readonly records: unknown[];
}

export interface IdbDump {
  readonly name: string;
  /** False when the database does not exist (nothing was ever stored). */
  readonly exists: boolean;
  readonly version: number;
  readonly stores: Record<string, StoreDump>;
}

/** Runs inside the extension page: self-contained, no closures. */
async function dumpInPage(dbName: string): Promise<IdbDump> {
  const known = await indexedDB.databases();
  if (!known.some((d) => d.name === dbName)) return { name: dbName, exists: false, version: 0, stores: {} };

  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(dbName);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
    // Never create or upgrade the product's database from a test.
    request.onupgradeneeded = () => {
      request.transaction?.abort();
      reject(new Error(`${dbName} vanished while dumping`));
    };
  });

  const textual = (type: string) => /^text\/|json|xml|markdown|javascript|svg/.test(type);
  const toJson = async (value: unknown, depth = 0): Promise<unknown> => {
    if (depth > 40) return '[too deep]';
    if (value === null || typeof value !== 'object') {
      return typeof value === 'bigint' ? String(value) : value;
    }
    if (value instanceof Blob) {
      const summary: { size: number; type: string; text?: string } = { size: value.size, type: value.type };
      if (textual(value.type) && value.size < 1_000_000) summary.text = await value.text();
      return { $blob: summary };
    }
    if (value instanceof ArrayBuffer) return { $bytes: value.byteLength };
    if (ArrayBuffer.isView(value)) return { $bytes: value.byteLength };
    if (value instanceof Date) return { $date: value.toISOString() };
    if (Array.isArray(value)) return Promise.all(value.map((v) => toJson(v, depth + 1)));
    if (value instanceof Map) return { $map: await toJson([...value.entries()], depth + 1) };
    if (value instanceof Set) return { $set: await toJson([...value], depth + 1) };
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await toJson(v, depth + 1);
    return out;
  };

  try {
    const stores: Record<string, StoreDump> = {};
    for (const storeName of Array.from(db.objectStoreNames)) {
      const store = db.transaction(storeName, 'readonly').objectStore(storeName);
      const records = await new Promise<unknown[]>((resolve, reject) => {
        const request = store.getAll();
        request.onsuccess = () => resolve(request.result as unknown[]);
        request.onerror = () => reject(request.error);
      });
      stores[storeName] = {
        keyPath: store.keyPath,
        indexes: Array.from(store.indexNames),
        count: records.length,
        records: (await toJson(records)) as unknown[],
      };
    }
    return { name: dbName, exists: true, version: db.version, stores };
  } finally {
    db.close();
  }
}

/** Dump the database from an extension page (popup, editor…): that page shares the extension's origin. */
export async function dumpIndexedDb(extensionPage: Page, dbName = 'sop-recorder'): Promise<IdbDump> {
  if (!extensionPage.url().startsWith('chrome-extension://')) {
    throw new Error(`dumpIndexedDb needs an extension page, got ${extensionPage.url()}`);
  }
  return extensionPage.evaluate(dumpInPage, dbName);
}

/** chrome.storage.local and .session as JSON (the recording state lives in storage.session). */
export async function dumpExtensionStorage(extensionPage: Page): Promise<{ local: unknown; session: unknown }> {
  return extensionPage.evaluate(async () => ({
    local: await chrome.storage.local.get(null),
    session: await chrome.storage.session.get(null).catch(() => ({})),
  }));
}

/** Which of `secrets` occur anywhere in `dump` (searched in its JSON text, also JSON-escaped). */
export function findSecrets(dump: unknown, secrets: readonly string[]): string[] {
  const text = JSON.stringify(dump);
  return secrets.filter((s) => text.includes(s) || text.includes(JSON.stringify(s).slice(1, -1)));
}

/** The records of some stores of the extension's database (blobs summarised as in a dump). */
export async function readStores<T extends Record<string, unknown[]>>(extensionPage: Page, ...names: (keyof T & string)[]): Promise<T> {
  const dump = await dumpIndexedDb(extensionPage);
  return Object.fromEntries(names.map((n) => [n, dump.stores[n]?.records ?? []])) as T;
}
