/** The editor's view of Guide me's run logs for one SOP: each run, and what happened at each step. */
import { listGuideRuns } from '../../lib/db/guide-store';
import { describeEntry } from '../../lib/guide/run';
import type { SopId } from '../../lib/model';
import { useLiveQuery } from '../hooks';

export function GuideLog({ sopId }: { sopId: SopId }) {
  const runs = useLiveQuery(() => listGuideRuns(sopId), [sopId]);
  return (
    <section class="dsec" aria-labelledby="section-guide-runs" data-section="guide-runs">
      <div class="dsec__head">
        <h2 id="section-guide-runs">Guided runs</h2>
      </div>
      {!runs || runs.length === 0 ? (
        <p class="prompt">No guided runs yet. Guide me walks you through these steps on the live page and logs how each element was found.</p>
      ) : (
        <ol class="guide-runs" aria-label="Guided runs">
          {runs.map((run) => (
            <li key={run.id}>
              <details open={run === runs[0]}>
                <summary>
                  {new Date(run.startedAt).toLocaleString()} — {run.status === 'running' ? 'running' : run.status}
                </summary>
                <ul aria-label="Run log">
                  {run.log.map((e, i) => (
                    <li key={i} data-kind={e.kind}>
                      {describeEntry(e)}
                    </li>
                  ))}
                </ul>
              </details>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
