/**
 * The service worker's side of a video export nobody came for: the offscreen document made the file and
 * holds it as an object URL; chrome.downloads reads a blob URL of the extension's own origin, so the worker
 * (which cannot make object URLs itself) downloads it straight from there, no copy of the bytes in between.
 */

/** Only the extension's own blob URLs: a message must not make the worker download from elsewhere. */
export function isOwnBlobUrl(url: string, extensionOrigin: string): boolean {
  return url.startsWith(`blob:${extensionOrigin.replace(/\/$/, '')}/`);
}

/** Downloads `url` as `fileName` and resolves once Chrome has written it (the URL may be revoked then). */
export async function downloadVideoExport({ url, fileName }: { url: string; fileName: string }): Promise<void> {
  if (!isOwnBlobUrl(url, chrome.runtime.getURL(''))) throw new Error('Not a file of this extension.');
  const id = await chrome.downloads.download({ url, filename: fileName, conflictAction: 'uniquify' });
  await new Promise<void>((resolve, reject) => {
    const settle = (state: string | undefined, error?: string) => {
      if (state === undefined || state === 'in_progress') return;
      chrome.downloads.onChanged.removeListener(listener);
      if (state === 'complete') resolve();
      else reject(new Error(`The download was interrupted (${error ?? 'unknown reason'}).`));
    };
    const listener = (delta: chrome.downloads.DownloadDelta) => {
      if (delta.id === id) settle(delta.state?.current, delta.error?.current);
    };
    chrome.downloads.onChanged.addListener(listener);
    // It may have finished before the listener was added.
    void chrome.downloads.search({ id }).then(([item]) => settle(item?.state, item?.error));
  });
}
