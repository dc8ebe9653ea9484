/**
 * The tests' one way into the extension's IndexedDB: read (a dump of every store, or of some) and write records
 * from an extension page, without Dexie. A dump is JSON, so a test can search every stored byte of text for
 * leaked secrets; blobs come summarised, or with their bytes (base64) for a test to decode or measure.
 */
import type { Page } from '@playwright/test';

/**
 * A Blob/File as it appears in a dump; `text` only for textual types under 1 MB; `base64` and an image's mean
 * `luminance` (0–255, measured in the page) when asked for.
 */
export interface BlobSummary {
  readonly $blob: { readonly size: number; readonly type: string; readonly text?: string; readonly base64?: string; readonly luminance?: number };
}

export interface BlobOptions {
  /** Every blob's bytes as base64 too. */
  readonly blobBytes?: boolean;
  /** Every non-empty image's mean luminance. */
  readonly imageLuminance?: boolean;
}

export interface DumpOptions extends BlobOptions {
  readonly dbName?: string;
  /** Only these stores (default: every store). */
  readonly stores?: readonly string[];
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
async function dumpInPage({ dbName, stores: only, blobBytes, imageLuminance }: { dbName: string; stores?: readonly string[] } & BlobOptions): Promise<IdbDump> {
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
  const base64 = async (blob: Blob) => {
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  };
  // Mean luminance of the image scaled down to 160×90: enough to tell a page from the same page under a dark
  // modal backdrop.
  const luminance = async (blob: Blob) => {
    const bitmap = await createImageBitmap(blob);
    const canvas = new OffscreenCanvas(160, 90);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0, 160, 90);
    const { data } = ctx.getImageData(0, 0, 160, 90);
    let sum = 0;
    for (let i = 0; i < data.length; i += 4) sum += 0.2126 * data[i]! + 0.7152 * data[i + 1]! + 0.0722 * data[i + 2]!;
    return sum / (data.length / 4);
  };
  const toJson = async (value: unknown, depth = 0): Promise<unknown> => {
    if (depth > 40) return '[too deep]';
    if (value === null || typeof value !== 'object') {
      return typeof value === 'bigint' ? String(value) : value;
    }
    if (value instanceof Blob) {
      const summary: { size: number; type: string; text?: string; base64?: string; luminance?: number } = { size: value.size, type: value.type };
      if (textual(value.type) && value.size < 1_000_000) summary.text = await value.text();
      if (blobBytes) summary.base64 = await base64(value);
      if (imageLuminance && value.type.startsWith('image/') && value.size > 0) summary.luminance = await luminance(value);
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
    for (const storeName of Array.from(db.objectStoreNames).filter((n) => !only || only.includes(n))) {
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

function needsExtensionPage(extensionPage: Page, what: string): void {
  if (!extensionPage.url().startsWith('chrome-extension://')) throw new Error(`${what} needs an extension page, got ${extensionPage.url()}`);
}

/** Dump the database from an extension page (popup, editor…): that page shares the extension's origin. */
export async function dumpIndexedDb(extensionPage: Page, options: DumpOptions = {}): Promise<IdbDump> {
  needsExtensionPage(extensionPage, 'dumpIndexedDb');
  return extensionPage.evaluate(dumpInPage, { ...options, dbName: options.dbName ?? 'sop-recorder', stores: options.stores ? [...options.stores] : undefined });
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
  const dump = await dumpIndexedDb(extensionPage, { stores: names });
  return Object.fromEntries(names.map((n) => [n, dump.stores[n]?.records ?? []])) as T;
}

/** The same, blobs with what `options` asks for: their bytes (screenshots and video chunks to decode), images'
 * mean luminance. */
export async function readStoresWith<T extends Record<string, unknown[]>>(extensionPage: Page, options: BlobOptions, ...names: (keyof T & string)[]): Promise<T> {
  const dump = await dumpIndexedDb(extensionPage, { ...options, stores: names });
  return Object.fromEntries(names.map((n) => [n, dump.stores[n]?.records ?? []])) as T;
}

/** A blob of a dump read with its bytes, back as bytes. */
export function blobBytes(blob: BlobSummary): Buffer {
  if (blob.$blob.base64 === undefined) throw new Error('the blob was read without its bytes (readStoresWith blobBytes)');
  return Buffer.from(blob.$blob.base64, 'base64');
}

/** Put records (plain JSON, no blobs) into a store, as a page of the extension would: e.g. a step edited to
 * carry what the recorder could have stored. */
export async function putRecords(extensionPage: Page, store: string, records: readonly unknown[], dbName = 'sop-recorder'): Promise<void> {
  needsExtensionPage(extensionPage, 'putRecords');
  await extensionPage.evaluate(
    async ({ dbName, store, records }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(dbName);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
        request.onupgradeneeded = () => {
          request.transaction?.abort();
          reject(new Error(`${dbName} does not exist`));
        };
      });
      try {
        const tx = db.transaction(store, 'readwrite');
        for (const record of records) tx.objectStore(store).put(record);
        await new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
          tx.onabort = () => reject(tx.error);
        });
      } finally {
        db.close();
      }
    },
    { dbName, store, records },
  );
}
