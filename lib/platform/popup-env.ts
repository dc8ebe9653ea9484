/** What the popup needs from the browser: which tab it controls, storage figures, downloads. */

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

/**
 * An ordinary download (it lands in the browser's download list). chrome.downloads rather than a link click:
 * a link needs a fresh user gesture, and a second export from the same page would be blocked as
 * "multiple automatic downloads" after the slow work of building it.
 */
export async function downloadBytes(bytes: Uint8Array | string, fileName: string, mimeType: string): Promise<number> {
  const blob = new Blob([bytes as BlobPart], { type: mimeType });
  const url = URL.createObjectURL(blob);
  try {
    const id = await chrome.downloads.download({ url, filename: fileName, conflictAction: 'uniquify' });
    await waitForDownload(id);
    return id;
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** The blob URL must live until Chrome has read it: wait for the download to finish or fail. */
function waitForDownload(id: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const listener = (delta: chrome.downloads.DownloadDelta) => {
      if (delta.id !== id || !delta.state) return;
      if (delta.state.current === 'in_progress') return;
      chrome.downloads.onChanged.removeListener(listener);
      if (delta.state.current === 'complete') resolve();
      else reject(new Error(`The download was interrupted (${delta.error?.current ?? 'unknown reason'}).`));
    };
    chrome.downloads.onChanged.addListener(listener);
    void chrome.downloads.search({ id }).then(([item]) => {
      if (item?.state === 'complete') {
        chrome.downloads.onChanged.removeListener(listener);
        resolve();
      }
    });
  });
}
