/** The SOP's health in a library list: "2 steps drifted — checked 3 days ago", from its newest drift check. */
import type { DriftCheck } from '../../lib/drift/check';
import { healthOf } from '../../lib/drift/check';

export function DriftBadge({ check, now = Date.now() }: { check: DriftCheck | undefined; now?: number }) {
  const health = healthOf(check, now);
  if (!health) return null;
  return (
    <span class={`badge drift-badge drift-badge--${health.level}`} data-testid="drift-badge" title={`Drift check (${check?.mode === 'passive' ? 'guided run' : 'check against the app'})`}>
      {health.text}
    </span>
  );
}
