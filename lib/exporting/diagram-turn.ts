/**
 * One Mermaid drawing at a time in a page: Mermaid's settings are global, and the exports draw the diagram with
 * their own (SVG text labels: lib/exporting/pdf.ts) before putting the page's back. An export's drawing that
 * overlapped the editor's (preparing exports draws the diagram while the editor shows it) left the editor's
 * diagram drawn with the export's settings (editor-document.spec read "alert&#40;1&#41;" as its labels' text).
 */
let turn: Promise<unknown> = Promise.resolve();

/** Runs `draw` once every drawing asked for before it in this page has settled. */
export function diagramTurn<T>(draw: () => Promise<T>): Promise<T> {
  const job = turn.then(draw);
  turn = job.catch(() => undefined);
  return job;
}
