/** What the popup needs from the browser: which tab it controls, and how much storage recordings use. */

/** `popup.html?tab=N` controls tab N (automation, or the popup opened as a page); else the active tab. */
export async function controlledTabId(search = location.search): Promise<number | undefined> {
  const fromQuery = Number(new URLSearchParams(search).get('tab'));
  if (Number.isInteger(fromQuery) && fromQuery >= 0 && new URLSearchParams(search).has('tab')) return fromQuery;
  const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
  return tab?.id;
}

export interface StorageFigures {
  readonly usage: number;
  readonly quota: number;
  readonly persisted: boolean;
}

/** Ask once for persistent storage (so Chrome does not evict recordings) and report usage. */
export async function storageFigures(): Promise<StorageFigures> {
  const persisted = (await navigator.storage.persisted()) || (await navigator.storage.persist().catch(() => false));
  const { usage = 0, quota = 0 } = await navigator.storage.estimate();
  return { usage, quota, persisted };
}
