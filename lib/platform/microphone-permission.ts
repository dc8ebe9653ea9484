/** Microphone access is granted once from a visible extension page: the offscreen document cannot prompt. */

export async function microphoneState(): Promise<PermissionState | 'unknown'> {
  try {
    return (await navigator.permissions.query({ name: 'microphone' as PermissionName })).state;
  } catch {
    return 'unknown';
  }
}

export async function openMicrophonePage(): Promise<void> {
  await chrome.tabs.create({ url: chrome.runtime.getURL('/microphone.html') });
}

/** Ask now (shows Chrome's prompt on this page); the stream is closed at once. */
export async function requestMicrophone(): Promise<{ ok: boolean; message: string }> {
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    for (const t of stream.getTracks()) t.stop();
    return { ok: true, message: 'Microphone allowed. Your narration will be recorded with the next recording.' };
  } catch (e) {
    const name = e instanceof DOMException ? e.name : '';
    return {
      ok: false,
      message:
        name === 'NotAllowedError'
          ? 'Microphone blocked. Allow it in the address bar’s site settings for this page, then reload.'
          : name === 'NotFoundError'
            ? 'No microphone was found on this computer.'
            : `The microphone could not be opened (${e instanceof Error ? e.message : String(e)}).`,
    };
  }
}
