/**
 * What the recorder is told, typed at the source: the background's verbs as the protocol declares them
 * (lib/messaging/protocol.ts), and the browser's tab events (lib/platform/tab-events.ts delivers these).
 * Handlers name `Payload<'capture.hello'>` instead of restating a shape that can drift from what the router
 * has validated.
 */
import type { NavigationCause } from '../model';
import type { PayloadOf, ResultOf, VerbOf } from '../messaging/protocol';
import type { SenderInfo } from '../messaging/router';

type BackgroundVerb = VerbOf<'background'>;
export type Payload<V extends BackgroundVerb> = PayloadOf<'background', V>;
export type Result<V extends BackgroundVerb> = ResultOf<'background', V>;

/** Which frame of which tab a page's message came from (unset for the extension's own pages). */
export type CaptureSender = Pick<SenderInfo, 'tabId' | 'frameId'>;

/** The browser's tab events the recorder follows. */
export interface TabEvents {
  /** `at`: when the browser committed it (its event's timeStamp). */
  readonly navigated: { tabId: number; url: string; cause: NavigationCause; at?: number };
  /** A tab's title settled after a navigation. */
  readonly titled: { tabId: number; url: string; title: string };
  /** `at`: when the browser created the tab. */
  readonly tabOpened: { tabId: number; openerTabId?: number; url: string; title: string; at?: number };
  /** `at`: when the worker heard of the switch, before any queue of its own. */
  readonly tabActivated: { tabId: number; at?: number };
  /** The browser zoom of a tab changed (tabs.onZoomChange). */
  readonly zoomChanged: { tabId: number };
  readonly tabClosed: { tabId: number };
}
