/**
 * One settings object in storage.local under its own key, read and written through its `restore` (which
 * fills defaults and drops what does not validate), so a corrupt or older value never reaches a reader.
 */
export interface StoredSetting<T> {
  readonly key: string;
  get(): Promise<T>;
  set(value: T): Promise<void>;
}

export function storedSetting<T>(key: string, restore: (raw: unknown) => T): StoredSetting<T> {
  return {
    key,
    get: async () => restore((await chrome.storage.local.get(key))[key]),
    set: async (value) => {
      await chrome.storage.local.set({ [key]: restore(value) });
    },
  };
}
