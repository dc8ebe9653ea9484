/**
 * chrome.downloads: every file the extension hands to the user. An ordinary download (it lands in the
 * browser's download list) rather than a link click: a link needs a fresh user gesture, and a second export
 * from the same page would be blocked as "multiple automatic downloads" after the slow work of building it.
 */

/** Builds a blob URL for `bytes`, downloads it and resolves with the download id once Chrome has written it. */
export async function downloadBytes(bytes: Uint8Array | string, fileName: string, mimeType: string): Promise<number> {
  const blob = new Blob([bytes as BlobPart], { type: mimeType });
  const url = URL.createObjectURL(blob);
  try {
    return await downloadUrl(url, fileName);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Only the extension's own blob URLs: a message must not make the worker download from elsewhere. */
export function isOwnBlobUrl(url: string, extensionOrigin: string): boolean {
  return url.startsWith(`blob:${extensionOrigin.replace(/\/$/, '')}/`);
}

/**
 * The service worker's side of a video export nobody came for: the offscreen document made the file and
 * holds it as an object URL; chrome.downloads reads a blob URL of the extension's own origin, so the worker
 * (which cannot make object URLs itself) downloads it straight from there, no copy of the bytes in between.
 * Resolves once Chrome has written it (the URL may be revoked then).
 */
export async function downloadOwnBlobUrl({ url, fileName }: { url: string; fileName: string }): Promise<void> {
  if (!isOwnBlobUrl(url, chrome.runtime.getURL(''))) throw new Error('Not a file of this extension.');
  await downloadUrl(url, fileName);
}

async function downloadUrl(url: string, fileName: string): Promise<number> {
  const id = await chrome.downloads.download({ url, filename: fileName, conflictAction: 'uniquify' });
  await waitForDownload(id);
  return id;
}

/** A blob URL must live until Chrome has read it: wait for the download to finish or fail. */
function waitForDownload(id: number): Promise<void> {
  return new Promise((resolve, reject) => {
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
