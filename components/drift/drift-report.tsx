/**
 * The editor's drift report: **Check against the app** (values asked like Guide me's; a run on a host not
 * marked safe to replay is confirmed first), then per step OK / changed / missing / not checked with what
 * changed, the locator that matched, the visual difference and the recorded and fresh neighbourhoods side by
 * side; **Accept changes** takes the new labels, locators and crops into the SOP as one undoable edit and a
 * new revision (lib/drift/accept.ts).
 */
import { useEffect, useState } from 'preact/hooks';
import { getCurrentDocument } from '../../lib/db/document-store';
import { getDriftCrop, listDriftChecks } from '../../lib/db/drift-store';
import { putShot } from '../../lib/db/recording-store';
import { driftSessionOf, getSop, listSteps } from '../../lib/db/sop-store';
import { acceptable, acceptChanges, acceptedShotId, type NewShot } from '../../lib/drift/accept';
import { healthOf, type DriftCheck, type DriftStepResult } from '../../lib/drift/check';
import { describeReason, LOCATOR_WORDS } from '../../lib/drift/classify';
import type { EditorState } from '../../lib/editor/doc-ops';
import { variablesToAsk } from '../../lib/guide/plan';
import type { Sop, Step } from '../../lib/model';
import type { Variable } from '../../lib/sop/document';
import { getGuideValues, setGuideValues } from '../../lib/platform/guide-values';
import { send } from '../../lib/platform/messaging';
import { setHostSafe } from '../../lib/platform/replay-safety';
import { useLiveQuery } from '../hooks';
import type { OnEdit } from '../editor/doc-fields';

const STATUS_WORDS = { ok: 'OK', changed: 'Changed', missing: 'Missing', unchecked: 'Not checked' } as const;

interface Props {
  sop: Sop;
  steps: readonly Step[];
  onState: OnEdit<EditorState>;
}

type Phase =
  | { kind: 'idle' }
  | { kind: 'values'; vars: Variable[]; values: Record<string, string> }
  | { kind: 'confirm'; host: string; values: Record<string, string> }
  | { kind: 'running' };

export function DriftReport({ sop, steps, onState }: Props) {
  const sopId = sop.id;
  const checks = useLiveQuery(() => listDriftChecks(sopId), [sopId]);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [message, setMessage] = useState<string>();
  const latest = checks?.find((c) => c.status !== 'running') ?? checks?.[0];

  const run = async (values: Record<string, string>, confirmed: boolean) => {
    setPhase({ kind: 'running' });
    setMessage('Checking against the app in a window of its own…');
    try {
      await setGuideValues(sopId, values);
      const r = await send('background', 'drift.check', { sopId, values, confirmed });
      if ('confirm' in r) {
        setPhase({ kind: 'confirm', host: r.confirm, values });
        setMessage(undefined);
        return;
      }
      setPhase({ kind: 'idle' });
      setMessage('Check finished.');
    } catch (e) {
      setPhase({ kind: 'idle' });
      setMessage(`Check against the app failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const start = async () => {
    try {
      const steps = await listSteps(sopId);
      const doc = await getCurrentDocument(sopId, steps);
      const vars = variablesToAsk(sop, steps, doc);
      const remembered = await getGuideValues(sopId);
      const values = Object.fromEntries(vars.map((v) => [v.name, remembered[v.name] ?? v.example]));
      if (vars.length === 0) await run({}, false);
      else setPhase({ kind: 'values', vars, values });
    } catch (e) {
      setMessage(`Check against the app failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const accept = async (check: DriftCheck) => {
    const ids = new Set<string>(acceptable(check, steps));
    const fresh = await getSop(sopId);
    const shots: Record<string, NewShot> = {};
    for (const r of check.steps) {
      if (!ids.has(r.stepId) || !r.crops?.live || !r.crops.liveBox) continue;
      const crop = await getDriftCrop(r.crops.live);
      const step = steps.find((s) => s.id === r.stepId);
      if (!crop || !step) continue;
      const shotId = acceptedShotId(check, r.n);
      const size = { width: crop.width, height: crop.height };
      await putShot({ id: shotId, sessionId: fresh?.sessionId ?? driftSessionOf(sopId), blob: crop.blob, mimeType: 'image/png', ...size, viewport: size, at: Date.now(), t: step.t, source: 'capture-visible-tab' });
      shots[r.stepId] = { shotId, highlight: { box: r.crops.liveBox, viewport: size } };
    }
    const ns = check.steps.filter((r) => ids.has(r.stepId)).map((r) => r.n);
    setMessage(undefined);
    onState(
      (s) => {
        const out = acceptChanges(s, check, shots, Date.now());
        return out.accepted.length === 0 ? s : { ...s, steps: out.steps, doc: out.doc };
      },
      undefined,
      `Accepted the changes of ${ns.length === 1 ? 'step' : 'steps'} ${ns.join(', ')} and saved a new version. Undo takes them back.`,
    );
  };

  const toAccept = latest ? acceptable(latest, steps) : [];
  const health = healthOf(latest, Date.now());
  return (
    <section class="dsec" aria-labelledby="section-drift" data-section="drift">
      <div class="dsec__head">
        <h2 id="section-drift">Drift check</h2>
      </div>
      <p class="note">Which steps no longer match the app: from guided runs, or by replaying the steps in a window of their own.</p>
      {phase.kind === 'values' && (
        <form
          class="guide-vars"
          aria-label="Check against the app: values"
          onSubmit={(e) => {
            e.preventDefault();
            void run(phase.values, false);
          }}
        >
          <p class="note">Where to check (a staging host) and the values to use (remembered for this SOP):</p>
          {phase.vars.map((v) => (
            <label key={v.name} class="guide-vars__field">
              <span>{v.description || v.name}</span>{' '}
              <input value={phase.values[v.name] ?? ''} onInput={(e) => setPhase({ ...phase, values: { ...phase.values, [v.name]: (e.target as HTMLInputElement).value } })} />
            </label>
          ))}
          <button class="btn btn--small" type="submit">
            Run the check
          </button>{' '}
          <button class="btn btn--small btn--ghost" type="button" onClick={() => setPhase({ kind: 'idle' })}>
            Cancel
          </button>
        </form>
      )}
      {phase.kind === 'confirm' && (
        <div role="alertdialog" aria-label="Confirm the check" class="drift-confirm">
          <p>
            The check will click and type on <strong>{phase.host}</strong>, which is not marked safe to replay. Run it there?
          </p>
          <button class="btn btn--small" onClick={() => void run(phase.values, true)}>
            Run once
          </button>{' '}
          <button
            class="btn btn--small"
            onClick={() => {
              const { host, values } = phase;
              void setHostSafe(host, true).then(() => run(values, true));
            }}
          >
            Mark {phase.host} safe to replay and run
          </button>{' '}
          <button class="btn btn--small btn--ghost" onClick={() => setPhase({ kind: 'idle' })}>
            Cancel
          </button>
        </div>
      )}
      {(phase.kind === 'idle' || phase.kind === 'running') && (
        <button class="btn btn--small" onClick={() => void start()} disabled={phase.kind === 'running'}>
          Check against the app
        </button>
      )}
      {message && (
        <p class="note" role="status" data-testid="drift-message">
          {message}
        </p>
      )}
      {latest && (
        <div class="drift-report" aria-label="Drift report">
          <p>
            {health && <span class={`badge drift-badge drift-badge--${health.level}`}>{health.text}</span>}{' '}
            <span class="note">
              {latest.mode === 'active' ? 'Checked against the app' : 'Seen in a guided run'} at {latest.url}
              {latest.stoppedAt ? ` — stopped: ${latest.stoppedAt.why}` : ''}
            </span>
          </p>
          {toAccept.length > 0 && (
            <button class="btn btn--small" onClick={() => void accept(latest)}>
              Accept changes
            </button>
          )}
          <ol class="drift-steps" aria-label="Drift by step">
            {latest.steps.map((r) => (
              <DriftRow key={r.stepId} r={r} />
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}

function DriftRow({ r }: { r: DriftStepResult }) {
  const visual = r.seen.kind === 'found' ? r.seen.visual : undefined;
  return (
    <li class={`drift-step drift-step--${r.status}`} data-status={r.status} data-step={r.n}>
      <strong>
        Step {r.n}: {STATUS_WORDS[r.status]}
      </strong>
      {r.matched && <span class="note"> · found by {r.matched === 'score' ? 'resemblance' : LOCATOR_WORDS[r.matched]}</span>}
      {visual && visual.verdict !== 'unknown' && <span class="note"> · visual difference {Math.round(visual.ratio * 1000) / 10} %</span>}
      {r.reasons.length > 0 && (
        <ul>
          {r.reasons.map((x, i) => (
            <li key={i} data-reason={x.kind}>
              {describeReason(x)}
            </li>
          ))}
        </ul>
      )}
      {r.crops?.recorded && r.crops.live && (
        <div class="drift-crops">
          <CropImage id={r.crops.recorded} alt={`Step ${r.n} as recorded`} />
          <CropImage id={r.crops.live} alt={`Step ${r.n} now`} />
        </div>
      )}
    </li>
  );
}

function CropImage({ id, alt }: { id: string; alt: string }) {
  const [src, setSrc] = useState<string>();
  useEffect(() => {
    let url: string | undefined;
    let alive = true;
    void getDriftCrop(id).then((c) => {
      if (!alive || !c) return;
      url = URL.createObjectURL(c.blob);
      setSrc(url);
    });
    return () => {
      alive = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [id]);
  return src ? <img src={src} alt={alt} /> : null;
}

