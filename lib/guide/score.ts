/**
 * Scoring a candidate element against what was recorded, for when no locator finds exactly one element.
 * Pure over plain descriptions (no DOM here): the finder describes each candidate, this weighs the evidence.
 * The score is the weighted share of the recorded evidence the candidate agrees with (0..1), so a step
 * recorded with little evidence is not rewarded for matching on nothing.
 */
import type { Box } from '../model';

/** What is compared: the recorded target and each candidate, described alike. */
export interface Described {
  readonly tag: string;
  readonly type?: string;
  readonly role: string;
  readonly name: string;
  readonly label?: string;
  readonly text?: string;
  readonly href?: string;
  readonly group?: string;
  /** The CSS path segments of the element's ancestors in its root, nearest last (neighbourhood). */
  readonly ancestors: readonly string[];
  /** Live candidates only: whether the recorded CSS path (often a short positional suffix such as
   * `button:nth-of-type(2)`) matches it — it stands where the recorded element stood. */
  readonly atRecordedPath?: boolean;
  /** Box in CSS px of the frame's viewport at the time (recorded: when the action happened). */
  readonly box?: Box;
}

/** Weights: what identifies a control for a person (its name and role) counts most. */
export const WEIGHTS = {
  role: 3,
  tag: 1,
  type: 0.5,
  name: 3,
  label: 2,
  text: 2,
  href: 1,
  group: 1,
  ancestors: 1.5,
  // Standing at the recorded place is weak evidence (lists reorder): alone it stays under the margin, so it
  // never separates two look-alikes by itself; it only adds to what the name and text say.
  path: 1,
  position: 1,
} as const;

export type Feature = keyof typeof WEIGHTS;

/** A candidate is taken only above this score… */
export const SCORE_FLOOR = 0.6;
/** …and this far ahead of the runner-up; otherwise "not found" (never a silent guess). */
export const SCORE_MARGIN = 0.15;

export interface Scored {
  readonly score: number;
  /** Each feature's similarity (0..1), for the log and the drift check. */
  readonly parts: Readonly<Partial<Record<Feature, number>>>;
}

const norm = (s: string | undefined): string => (s ?? '').normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

function words(s: string): string[] {
  return norm(s).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** 1 for equal texts, else the mean of the Dice overlap of their words, of their character bigrams, and of
 * their common start: renames keep a word or two, and a control's label usually keeps its leading verb
 * ("Deploy now" → "Deploy release" is nearer than "Start deploy"). */
export function textSimilarity(a: string | undefined, b: string | undefined): number {
  const x = norm(a);
  const y = norm(b);
  if (x === y) return 1;
  if (!x || !y) return 0;
  let common = 0;
  while (common < x.length && x[common] === y[common]) common++;
  return (dice(words(x), words(y)) + dice(bigrams(x), bigrams(y)) + common / Math.max(x.length, y.length)) / 3;
}

function bigrams(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length - 1; i++) out.push(s.slice(i, i + 2));
  return out;
}

function dice(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const x of a) counts.set(x, (counts.get(x) ?? 0) + 1);
  let common = 0;
  for (const y of b) {
    const n = counts.get(y) ?? 0;
    if (n > 0) {
      common++;
      counts.set(y, n - 1);
    }
  }
  return (2 * common) / (a.length + b.length);
}

/** A path segment without its sibling index: the kind of container, not its place (that is `path`'s). */
const kindOf = (segment: string | undefined) => segment?.replace(/:nth-of-type\(\d+\)$/, '');

/** Share of the recorded ancestors (nearest first) the candidate has, of the same kind, at the same depths. */
function ancestorSimilarity(recorded: readonly string[], now: readonly string[]): number {
  const n = Math.min(recorded.length, 4);
  if (n === 0) return 1;
  let same = 0;
  for (let i = 1; i <= n; i++) if (kindOf(recorded[recorded.length - i]) === kindOf(now[now.length - i])) same++;
  return same / n;
}

function centre(b: Box): { x: number; y: number } {
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** 1 at the recorded place, falling to 0 a viewport-diagonal-ish (1,000 px) away: pages scroll and reflow,
 * so position only separates look-alikes, it never identifies alone. */
function positionSimilarity(a: Box, b: Box): number {
  const p = centre(a);
  const q = centre(b);
  return Math.max(0, 1 - Math.hypot(p.x - q.x, p.y - q.y) / 1_000);
}

/** How well `now` matches `recorded`. Features the recording lacks are left out of both sides. */
export function scoreCandidate(recorded: Described, now: Described): Scored {
  const parts: Partial<Record<Feature, number>> = {};
  parts.tag = recorded.tag === now.tag ? 1 : 0;
  if (recorded.role) parts.role = recorded.role === now.role ? 1 : 0;
  if (recorded.type) parts.type = recorded.type === now.type ? 1 : 0;
  if (recorded.name) parts.name = textSimilarity(recorded.name, now.name);
  if (recorded.label) parts.label = textSimilarity(recorded.label, now.label);
  if (recorded.text) parts.text = textSimilarity(recorded.text, now.text);
  if (recorded.href) parts.href = recorded.href === now.href ? 1 : 0;
  if (recorded.group) parts.group = textSimilarity(recorded.group, now.group);
  if (now.atRecordedPath !== undefined) parts.path = now.atRecordedPath ? 1 : 0;
  if (recorded.ancestors.length > 0) parts.ancestors = ancestorSimilarity(recorded.ancestors, now.ancestors);
  if (recorded.box && now.box && (recorded.box.width > 0 || recorded.box.height > 0)) parts.position = positionSimilarity(recorded.box, now.box);
  let sum = 0;
  let weight = 0;
  for (const [feature, value] of Object.entries(parts) as [Feature, number][]) {
    sum += WEIGHTS[feature] * value;
    weight += WEIGHTS[feature];
  }
  return { score: weight === 0 ? 0 : sum / weight, parts };
}

export type Ranking<T> =
  | { readonly verdict: 'match'; readonly best: T; readonly score: number; readonly margin: number; readonly runnerUp?: number }
  | { readonly verdict: 'none' }
  | { readonly verdict: 'weak'; readonly score: number }
  | { readonly verdict: 'ambiguous'; readonly score: number; readonly runnerUp: number; readonly tied: number };

/** The best candidate when it clears the floor and beats the runner-up by the margin. */
export function rank<T>(candidates: readonly { readonly item: T; readonly scored: Scored }[], floor = SCORE_FLOOR, margin = SCORE_MARGIN): Ranking<T> {
  if (candidates.length === 0) return { verdict: 'none' };
  const sorted = [...candidates].sort((a, b) => b.scored.score - a.scored.score);
  const best = sorted[0]!;
  const second = sorted[1];
  const round = (n: number) => Math.round(n * 1000) / 1000;
  if (best.scored.score < floor) return { verdict: 'weak', score: round(best.scored.score) };
  if (second && best.scored.score - second.scored.score < margin) {
    const tied = sorted.filter((c) => best.scored.score - c.scored.score < margin).length;
    return { verdict: 'ambiguous', score: round(best.scored.score), runnerUp: round(second.scored.score), tied };
  }
  return {
    verdict: 'match',
    best: best.item,
    score: round(best.scored.score),
    margin: round(best.scored.score - (second?.scored.score ?? 0)),
    ...(second ? { runnerUp: round(second.scored.score) } : {}),
  };
}
