/**
 * "Guide me": asks for the SOP's variables once (remembered per SOP, prefilled with the recorded example),
 * then has the background open (or reuse) a tab at the start URL and walk the person through the steps there.
 */
import { useState } from 'preact/hooks';
import { getCurrentDocument } from '../../lib/db/document-store';
import { getSop, listSteps } from '../../lib/db/sop-store';
import { variablesToAsk } from '../../lib/guide/plan';
import type { SopId } from '../../lib/model';
import type { Variable } from '../../lib/sop/document';
import { getGuideValues } from '../../lib/platform/guide-values';
import { send } from '../../lib/platform/messaging';

interface Props {
  sopId: SopId;
  /** The tab to guide in (the popup's tab); a new tab when absent. */
  tabId?: number;
  small?: boolean;
  /** Said after the guide started or failed. */
  onResult?(message: string, ok: boolean): void;
}

export function GuideButton({ sopId, tabId, small, onResult }: Props) {
  const [asking, setAsking] = useState<{ vars: Variable[]; values: Record<string, string> }>();
  const [busy, setBusy] = useState(false);

  const start = async (values: Record<string, string>) => {
    setBusy(true);
    try {
      await send('background', 'guide.start', { sopId, values, ...(tabId === undefined ? {} : { tabId }) });
      setAsking(undefined);
      onResult?.('Guide started in the page.', true);
    } catch (e) {
      onResult?.(`Guide me failed: ${e instanceof Error ? e.message : String(e)}`, false);
    } finally {
      setBusy(false);
    }
  };

  const open = async () => {
    try {
      const sop = await getSop(sopId);
      if (!sop) throw new Error('This procedure no longer exists.');
      const steps = await listSteps(sopId);
      const doc = await getCurrentDocument(sopId, steps);
      const vars = variablesToAsk(sop, steps, doc);
      const remembered = await getGuideValues(sopId);
      const values = Object.fromEntries(vars.map((v) => [v.name, remembered[v.name] ?? v.example]));
      if (vars.length === 0) await start({});
      else setAsking({ vars, values });
    } catch (e) {
      onResult?.(`Guide me failed: ${e instanceof Error ? e.message : String(e)}`, false);
    }
  };

  if (asking) {
    return (
      <form
        class="guide-vars"
        aria-label="Guide me: values"
        onSubmit={(e) => {
          e.preventDefault();
          void start(asking.values);
        }}
      >
        <p class="note">Values for this run (remembered for this SOP):</p>
        {asking.vars.map((v) => (
          <label key={v.name} class="guide-vars__field">
            <span>{v.description || v.name}</span>{' '}
            <input
              value={asking.values[v.name] ?? ''}
              onInput={(e) => setAsking({ ...asking, values: { ...asking.values, [v.name]: (e.target as HTMLInputElement).value } })}
            />
          </label>
        ))}
        <button class="btn btn--small" type="submit" disabled={busy}>
          Start guide
        </button>{' '}
        <button class="btn btn--small btn--ghost" type="button" onClick={() => setAsking(undefined)}>
          Cancel
        </button>
      </form>
    );
  }
  return (
    <button class={`btn${small ? ' btn--small' : ''}`} onClick={() => void open()} disabled={busy}>
      Guide me
    </button>
  );
}
