/**
 * Progress callbacks of long exports, thinned out: the page gets a task (to paint progress, to take a click on
 * Cancel) at most every `everyMs` and at the last step. A task per step cost about 4 ms each (setTimeout's
 * clamp), 2 s of a 500-step export.
 */
export type OnStep = (done: number, total: number) => void | Promise<void>;

export function throttledSteps(onStep: OnStep | undefined, everyMs = 50, now: () => number = () => performance.now()): OnStep {
  let last = now();
  return async (done, total) => {
    if (!onStep) return;
    if (done < total && now() - last < everyMs) return;
    await onStep(done, total);
    last = now();
  };
}
