/** What the library shows about an SOP's document: tags, whether its review is past due, and text to search. */
import type { SopDocument } from '../sop/document';

/** The local calendar date of `now` as YYYY-MM-DD, the format of Metadata dates. */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** True when a review date is set and lies before `today` (both YYYY-MM-DD, which sort as text). */
export function isReviewOverdue(reviewDate: string, today: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(reviewDate) && reviewDate < today;
}

/** The document fields the library search looks at besides titles and steps: tags, document id, service, environment. */
export function documentSearchText(doc: SopDocument | undefined): string {
  if (!doc) return '';
  const m = doc.metadata;
  return [...m.tags, m.id, m.service, m.environment].filter(Boolean).join('\n');
}
