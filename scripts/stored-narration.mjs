/**
 * For benchmarks that narrate: what the last recording stored, read from an extension page's IndexedDB after
 * Stop — its steps, how many got narration, the transcript's segments and where the last one ends, the
 * narration error, and the worker's own timings (lib/narration/timings.ts), as stored (unchecked).
 * @param {import('@playwright/test').Page} page an extension page
 */
export function storedNarration(page) {
  return page.evaluate(async () => {
    const db = await new Promise((res) => {
      const r = indexedDB.open('sop-recorder');
      r.onsuccess = () => res(r.result);
    });
    const all = (s) =>
      new Promise((res) => {
        const r = db.transaction(s).objectStore(s).getAll();
        r.onsuccess = () => res(r.result);
      });
    const recording = (await all('recordings')).sort((a, b) => b.startedAt - a.startedAt)[0];
    const steps = (await all('steps')).filter((s) => s.sopId === recording?.sopId);
    db.close();
    return {
      steps: steps.length,
      stepsWithNarration: steps.filter((s) => (s.narration ?? '').trim().length > 0).length,
      transcriptSegments: recording?.transcript?.segments?.length ?? 0,
      lastSegmentEndS: recording?.transcript?.segments?.length ? Math.round(recording.transcript.segments.at(-1).endMs / 100) / 10 : null,
      narrationError: recording?.narrationError ?? null,
      timings: recording?.transcript?.timings ?? null,
    };
  });
}
