/**
 * Work that must leave the page's event dispatch, run in one task per dispatch. Registering a task (a timer,
 * a posted message) costs 10–30 µs inside a busy dispatch; a click used to register three (the snapshot after
 * the press, the screenshot request, the describing of the action). Work added while a batch is pending joins
 * it, in order.
 */
export type TaskBatch = (work: () => void) => void;

export function createTaskBatch(schedule: (run: () => void) => void = (run) => void setTimeout(run, 0)): TaskBatch {
  let pending: Array<() => void> | undefined;
  return (work) => {
    if (pending) return void pending.push(work);
    const batch = (pending = [work]);
    schedule(() => {
      pending = undefined;
      // One failing piece of work must not cost the others (each is a separate concern of the content script).
      for (const w of batch) {
        try {
          w();
        } catch (error) {
          console.error('SOP Recorder: capture work failed', error);
        }
      }
    });
  };
}
