/**
 * Reads an expected result drafted from what the page showed (lib/sop/expected-results.ts) back into checks
 * a replay can wait for: "A message says **Deployment started**." → the text is visible. Only the sentence
 * shapes that module writes are understood; anything else (the author's own words) yields no check, because
 * a guessed check would fail a correct replay.
 */
import { parseStepText } from '../text/markdown';

export type ReplayCheck =
  /** Visible text somewhere in the frame (substring). */
  | { readonly kind: 'text'; readonly text: string }
  /** A heading with exactly this accessible name. */
  | { readonly kind: 'heading'; readonly name: string }
  | { readonly kind: 'title'; readonly title: string }
  /** A path (same origin as the step's page) or a full URL. */
  | { readonly kind: 'url'; readonly url: string };

const ELLIPSIS = '…';

/** The bold parts of step-text markup with the plain text before and after each. */
function boldParts(markup: string): { before: string; bold: string; after: string }[] {
  const segments = parseStepText(markup);
  return segments.flatMap((s, i) =>
    s.strong ? [{ before: segments[i - 1]?.strong === false ? segments[i - 1]!.text : '', bold: s.text, after: segments[i + 1]?.strong === false ? segments[i + 1]!.text : '' }] : [],
  );
}

/** Drafting shortens long page text with "…": the part before it is still on the page. */
function shortened(text: string): { text: string; cut: boolean } {
  const trimmed = text.trim();
  return trimmed.endsWith(ELLIPSIS) ? { text: trimmed.slice(0, -1).trimEnd(), cut: true } : { text: trimmed, cut: false };
}

function check(before: string, bold: string, after: string): ReplayCheck | undefined {
  const { text, cut } = shortened(bold);
  if (!text) return undefined;
  const lead = before.replace(/\s+/g, ' ').trimStart();
  const ends = (phrase: string) => lead === phrase || lead.endsWith(`. ${phrase}`);
  if (ends('A message says ') || ends('The status shows ')) return { kind: 'text', text };
  if (ends('The heading ') && after.startsWith(' appears')) return cut ? { kind: 'text', text } : { kind: 'heading', name: text };
  if (cut) return undefined;
  if (ends('The page title changes to ') || (ends('The page ') && after.startsWith(' opens'))) return { kind: 'title', title: text };
  if (ends('The URL changes to ')) return { kind: 'url', url: text };
  return undefined;
}

/** The checks an expected result drafted from the page stands for, in sentence order. */
export function checksFromExpectedResult(markup: string): ReplayCheck[] {
  return boldParts(markup).flatMap((p) => {
    const c = check(p.before, p.bold, p.after);
    return c ? [c] : [];
  });
}

/** A verification item taken from the page: each bold part is text that must be visible. */
export function checksFromVerificationItem(markup: string): ReplayCheck[] {
  return boldParts(markup).flatMap((p) => {
    const { text } = shortened(p.bold);
    return text ? [{ kind: 'text' as const, text }] : [];
  });
}
