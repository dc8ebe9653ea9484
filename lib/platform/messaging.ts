/**
 * The only place messages touch chrome.runtime / chrome.tabs. Replies are wrapped as {ok, result | error} so
 * a handler's failure reaches the caller as a rejected promise with its message.
 */
import { envelope, type PayloadOf, type Receiver, type ResultOf, type VerbOf } from '../messaging/protocol';
import type { Router, SenderInfo } from '../messaging/router';

type Reply = { ok: true; result: unknown } | { ok: false; error: string };

function unwrap<T>(reply: unknown, type: string): T {
  if (reply === undefined) throw new Error(`No receiver answered ${type}`);
  const r = reply as Reply;
  if (!r.ok) throw new Error(r.error);
  return r.result as T;
}

/** Send to the background or the offscreen document. */
export async function send<R extends 'background' | 'offscreen', V extends VerbOf<R>>(
  to: R,
  type: V,
  payload: PayloadOf<R, V>,
): Promise<ResultOf<R, V>> {
  const reply: unknown = await chrome.runtime.sendMessage(envelope(to, type, payload));
  return unwrap<ResultOf<R, V>>(reply, type);
}

/** Send to the content script of one frame of a tab (frame 0 = top). */
export async function sendToFrame<V extends VerbOf<'content'>>(
  tabId: number,
  frameId: number,
  type: V,
  payload: PayloadOf<'content', V>,
): Promise<ResultOf<'content', V>> {
  const reply: unknown = await chrome.tabs.sendMessage(tabId, envelope('content', type, payload), { frameId });
  return unwrap<ResultOf<'content', V>>(reply, type);
}

export function senderInfo(sender: chrome.runtime.MessageSender): SenderInfo {
  // A popup opened as a tab (popup.html?tab=N) has sender.tab too: our own origin is what makes it ours.
  const ownPage = sender.url?.startsWith(chrome.runtime.getURL('')) ?? false;
  if (ownPage || !sender.tab) return { kind: 'extension', url: sender.url };
  return { kind: 'tab', tabId: sender.tab.id, frameId: sender.frameId, url: sender.url };
}

/** Wire a router to runtime.onMessage. Messages addressed elsewhere are left for other listeners. */
export function listen(router: Router, receiverLabel: Receiver): () => void {
  const listener = (message: unknown, sender: chrome.runtime.MessageSender, sendResponse: (r: Reply) => void): boolean => {
    if (sender.id !== chrome.runtime.id) return false;
    const pending = router.dispatch(message, senderInfo(sender));
    if (!pending) return false;
    pending.then(
      (result) => sendResponse({ ok: true, result }),
      (error: unknown) => {
        console.warn(`[${receiverLabel}] handler failed`, error);
        sendResponse({ ok: false, error: error instanceof Error ? error.message : String(error) });
      },
    );
    return true;
  };
  chrome.runtime.onMessage.addListener(listener);
  return () => chrome.runtime.onMessage.removeListener(listener);
}
