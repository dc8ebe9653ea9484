/** What a frame of the checked page answers when the active check asks it for a step's element. */
import type { FindOutcome } from '../guide/finder';
import type { Box, Size, TargetContext } from '../model';

export interface DriftFindAnswer {
  readonly outcome: FindOutcome;
  readonly frameDepth: number;
  /** The element as described now (describeTarget): fresh locators, name, label, box. */
  readonly live?: TargetContext;
  /** Whether the recorded CSS path still points at the element. */
  readonly atRecordedPath?: boolean;
  /** The element's box after scrolling it into view, CSS px of this frame's viewport. */
  readonly box?: Box;
  readonly viewport?: Size;
  /** What a screenshot of this frame must not show: secret fields and text, and every iframe (unknown content). */
  readonly hidden?: readonly Box[];
}
