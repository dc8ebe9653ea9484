/** Small hooks shared by the popup and the editor. */
import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';
import { IDLE_STATE, type RecordingState } from '../lib/model';
import { send } from '../lib/platform/messaging';
import { getRecordingState, watchRecordingState } from '../lib/platform/session-storage';

/** The live recording state, pushed by storage.session changes. */
export function useRecordingState(): RecordingState {
  const [state, setState] = useState<RecordingState>(IDLE_STATE);
  useEffect(() => {
    let alive = true;
    void getRecordingState().then((s) => alive && setState(s));
    const stop = watchRecordingState(setState);
    return () => {
      alive = false;
      stop();
    };
  }, []);
  return state;
}

/** Re-runs a Dexie query whenever the tables it read change (in any extension context). */
export function useLiveQuery<T>(query: () => Promise<T>, deps: readonly unknown[]): T | undefined {
  const [value, setValue] = useState<T | undefined>(undefined);
  useEffect(() => {
    const sub = liveQuery(query).subscribe({ next: setValue, error: (e: unknown) => console.warn('query failed', e) });
    return () => sub.unsubscribe();
    // Deliberately `deps`, not `query`: callers pass the query's inputs as deps (a new closure each render).
  }, deps);
  return value;
}

/** Re-render every `ms` while `active`, for clocks. */
export function useTicker(active: boolean, ms = 500): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [active, ms]);
  return now;
}

export { send };

/**
 * One user action at a time: `busy` while it runs (buttons disable), its error as a message for the user.
 * `after` runs whatever happened (e.g. re-read a list).
 */
export function useAction(after?: () => void): { busy: boolean; error: string | undefined; run(action: () => Promise<unknown>): Promise<void> } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
      after?.();
    }
  }
  return { busy, error, run };
}
