/**
 * The wall clock for captured actions, finer than Date.now() and strictly increasing within a frame. A
 * checkbox's click and change arrive in the same millisecond; equal timestamps would let storage order them
 * by random id and turn "Check X" into "Check X" + "Click X".
 */
export function createEventClock(perf: Pick<Performance, 'now' | 'timeOrigin'> = performance): () => number {
  let last = 0;
  const origin = perf.timeOrigin;
  return () => {
    const t = origin + perf.now();
    last = t > last ? t : last + 0.001;
    return last;
  };
}
