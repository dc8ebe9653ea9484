import { describe, expect, it } from 'vitest';
import { documentSearchText, isReviewOverdue, todayIso } from '../../../lib/editor/library-info';
import { emptyDocument } from '../../../lib/sop/document';
import { makeSop } from '../factories';

describe('review date', () => {
  it('formats the local date', () => {
    expect(todayIso(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
    expect(todayIso(new Date(2026, 11, 31, 0, 0))).toBe('2026-12-31');
  });

  it.each([
    ['2026-01-04', '2026-01-05', true],
    ['2026-01-05', '2026-01-05', false],
    ['2026-02-01', '2026-01-05', false],
    ['', '2026-01-05', false],
    ['soon', '2026-01-05', false],
  ])('review %j on %s overdue: %s', (review, today, overdue) => {
    expect(isReviewOverdue(review, today)).toBe(overdue);
  });
});

describe('documentSearchText', () => {
  it('holds tags, document id, service and environment', () => {
    const doc = emptyDocument(makeSop());
    const text = documentSearchText({ ...doc, metadata: { ...doc.metadata, tags: ['payments', 'release'], id: 'SOP-042', service: 'payments-api', environment: 'Production' } });
    expect(text.split('\n')).toEqual(['payments', 'release', 'SOP-042', 'payments-api', 'Production']);
    expect(documentSearchText(undefined)).toBe('');
  });
});
