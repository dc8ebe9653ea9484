/** Browser-level events the recorder follows: navigations, new tabs, tab switches and closes. */
import type { NavigationCause } from '../model';
import type { TabEvents } from '../recording/verbs';

export type TabEventHandlers = { readonly [E in keyof TabEvents]: (p: TabEvents[E]) => unknown };

function causeOf(type: string, qualifiers: readonly string[]): NavigationCause {
  if (qualifiers.includes('forward_back')) return 'back-forward';
  switch (type) {
    case 'reload':
      return 'reload';
    case 'typed':
    case 'auto_bookmark':
    case 'generated':
    case 'keyword':
      return 'typed';
    case 'link':
      return 'link';
    case 'form_submit':
      return 'form';
    default:
      return 'other';
  }
}

/** Registered synchronously at service-worker start so events that wake it are delivered. */
export function listenToTabEvents(h: TabEventHandlers): void {
  chrome.webNavigation.onCommitted.addListener((d) => {
    if (d.frameId !== 0) return;
    void h.navigated({ tabId: d.tabId, url: d.url, cause: causeOf(d.transitionType, d.transitionQualifiers), at: d.timeStamp });
  });
  chrome.webNavigation.onHistoryStateUpdated.addListener((d) => {
    if (d.frameId !== 0) return;
    const cause = d.transitionQualifiers.includes('forward_back') ? 'back-forward' : 'push-state';
    void h.navigated({ tabId: d.tabId, url: d.url, cause, at: d.timeStamp });
  });
  chrome.webNavigation.onReferenceFragmentUpdated.addListener((d) => {
    if (d.frameId !== 0) return;
    void h.navigated({ tabId: d.tabId, url: d.url, cause: 'hash', at: d.timeStamp });
  });
  chrome.webNavigation.onCreatedNavigationTarget.addListener((d) => {
    void h.tabOpened({ tabId: d.tabId, openerTabId: d.sourceTabId, url: d.url, title: '', at: d.timeStamp });
  });
  chrome.tabs.onUpdated.addListener((tabId, info, tab) => {
    if (info.title !== undefined && tab.url) void h.titled({ tabId, url: tab.url, title: info.title });
  });
  chrome.tabs.onActivated.addListener(({ tabId }) => void h.tabActivated({ tabId, at: Date.now() }));
  chrome.tabs.onZoomChange.addListener(({ tabId, oldZoomFactor, newZoomFactor }) => {
    if (oldZoomFactor !== newZoomFactor) void h.zoomChanged({ tabId });
  });
  chrome.tabs.onRemoved.addListener((tabId) => void h.tabClosed({ tabId }));
}
