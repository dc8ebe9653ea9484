/** Which steps the active check cannot do by itself: it stops there and says why, rather than guess. */
import type { GuideStep } from '../guide/plan';

/** Why the check cannot do `step` (undefined: it can). `firstTab`: the recorded tab the check replays in. */
export function cannotReplay(step: Pick<GuideStep, 'tabId' | 'expect' | 'target'>, firstTab: number): string | undefined {
  if (step.expect.kind === 'manual' || step.expect.kind === 'navigate') return undefined;
  if (step.tabId !== firstTab) return 'happens in another tab, which the check does not follow yet';
  switch (step.expect.kind) {
    case 'type':
    case 'select':
      if (step.expect.value !== undefined) return undefined;
      // Never a secret: its value was never stored, and the check never asks for one.
      return step.target?.sensitive ? 'needs a secret, which the check never types' : 'needs a value (a variable left empty)';
    case 'upload':
      return 'chooses a file, which the check cannot do';
    default:
      return undefined;
  }
}
