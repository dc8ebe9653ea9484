/** Which element an event came from, as a capture-phase listener on the window (or a shadow root) sees it. */

export function firstElement(path: readonly EventTarget[]): Element | null {
  for (const t of path) if ((t as Node).nodeType === 1) return t as Element;
  return null;
}

/**
 * The element the event came from. Its target, unless that is a shadow host (the window sees an event from
 * inside an open shadow root retargeted to the host): only then is the composed path (an array of every
 * node up to the window, ~10 µs in a busy dispatch) built.
 */
export function eventElement(e: Event): Element | null {
  const t = e.target as Node | null;
  if (t && t.nodeType === 1 && !(t as Element).shadowRoot) return t as Element;
  return firstElement(e.composedPath());
}
