/**
 * Whether the frame a content script runs in can be the one a step's frame path names. Each frame answers
 * for itself (the background asks every frame of the tab): it must sit at the recorded depth, and wherever
 * its parent is readable (same origin) the iframe element holding it must match the recorded selector. A
 * cross-origin parent cannot be read: depth alone then decides, and the finder's answer does the rest.
 */
export function frameDepth(win: Window): number {
  let depth = 0;
  for (let w = win; w.parent !== w && depth < 32; w = w.parent) depth++;
  return depth;
}

export function frameCouldBe(win: Window, framePath: readonly string[]): boolean {
  if (frameDepth(win) !== framePath.length) return false;
  let w: Window = win;
  for (let i = framePath.length - 1; i >= 0; i--) {
    let holder: Element | null;
    try {
      holder = w.frameElement;
    } catch {
      holder = null;
    }
    if (holder) {
      try {
        if (!holder.matches(framePath[i]!)) return false;
      } catch {
        return false;
      }
    }
    w = w.parent;
  }
  return true;
}
