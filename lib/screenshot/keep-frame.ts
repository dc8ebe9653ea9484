/** What the background tells the offscreen document to store for a shot (shared by protocol and runtime). */
import type { Box, SessionId, Size, VisualViewportInfo } from '../model';

/** The page as it reported itself for the captured frame: the top frame's CSS viewport and pinch zoom. */
export interface PageView {
  readonly viewport: Size;
  readonly visual?: VisualViewportInfo;
}

export interface KeepFrame {
  readonly shotId: string;
  readonly sessionId: SessionId;
  readonly at: number;
  readonly t: number;
  readonly view: PageView;
  /** CSS px of `view.viewport`: everything secret the frame may show. */
  readonly blur: readonly Box[];
  /** 'after': the page changed after the action and before the frame was captured. */
  readonly phase: 'before' | 'after';
  /** Store no pixels, only this reason. */
  readonly withhold?: string;
}
