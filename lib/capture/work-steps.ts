/**
 * Work written as a generator that `yield`s between its costly pieces (a selector count over a 70,000-node
 * document, an accessible name over a large subtree), so a runner can stop between pieces and let the page's
 * input through. Run synchronously where nothing waits (tests, a page being hidden) with `runToEnd`.
 */
export type WorkSteps<T> = Generator<void, T, void>;

export function runToEnd<T>(steps: WorkSteps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
