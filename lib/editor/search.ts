/** Library search over titles, step texts and narration: every word of the query must appear somewhere. */
import type { Sop, SopId, Step } from '../model';
import { stepTextToPlain } from '../text/markdown';

export interface SearchHit {
  readonly sop: Sop;
  /** The first step that matched, to show why the SOP is listed. */
  readonly matchedStep?: string;
}

const normalize = (s: string): string => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

export function searchSops(sops: readonly Sop[], steps: ReadonlyMap<SopId, readonly Step[]>, query: string, extraText: (sop: Sop) => string = () => ''): SearchHit[] {
  const words = normalize(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return sops.map((sop) => ({ sop }));
  const hits: SearchHit[] = [];
  for (const sop of sops) {
    const stepTexts = (steps.get(sop.id) ?? []).map((s) => `${stepTextToPlain(s.text)} ${s.narration ?? ''}`.trim());
    const haystack = normalize([sop.title, extraText(sop), ...stepTexts].join('\n'));
    if (!words.every((w) => haystack.includes(w))) continue;
    // The step that holds the most query words explains the hit best.
    let matchedStep: string | undefined;
    let best = 0;
    for (const text of stepTexts) {
      const n = words.filter((w) => normalize(text).includes(w)).length;
      if (n > best) [best, matchedStep] = [n, text];
    }
    hits.push({ sop, matchedStep });
  }
  return hits;
}
