/** Resolves after the window's next animation frame, or after 100 ms where none comes (rAF does not run in a hidden page). */
export function nextFrame(win: Window): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, 100);
    win.requestAnimationFrame(() => {
      clearTimeout(t);
      resolve();
    });
  });
}
