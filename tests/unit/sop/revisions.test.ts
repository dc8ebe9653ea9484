import { beforeEach, describe, expect, it } from 'vitest';
import type { Step } from '../../../lib/model';
import { emptyDocument, type Revision, type RevisionId, type SopDocument } from '../../../lib/sop/document';
import { listRevisions, nextVersion, restore, restoreRevision, saveVersion, snapshot } from '../../../lib/sop/revisions';
import { BASE_AT, makeSop, makeStep, resetFactories } from '../factories';

beforeEach(() => resetFactories());

const DAY = 86_400_000;
const base = () => emptyDocument(makeSop());
const withVersion = (version: string, saved: string[] = []): SopDocument => ({
  ...base(),
  metadata: { ...base().metadata, version },
  revisions: saved.map((v, i) => ({ id: `r${i}` as RevisionId, version: v, summary: '', savedAt: i, doc: base(), steps: [] }) satisfies Revision),
});

describe('nextVersion', () => {
  it.each<[string, string, string[], boolean, string]>([
    ['a fresh draft saves as itself', '0.1', [], false, '0.1'],
    ['then bumps the minor', '0.1', ['0.1'], false, '0.2'],
    ['past 0.9', '0.9', ['0.9'], false, '0.10'],
    ['a hand-set unsaved version', '2.0', ['0.3'], false, '2.0'],
    ['after restoring an old version, past the highest saved', '0.2', ['0.1', '0.2', '0.3', '0.4'], false, '0.5'],
    ['major from a draft', '0.1', [], true, '1.0'],
    ['major from 0.4 saved', '0.4', ['0.4'], true, '1.0'],
    ['major when 1.0 is set but unsaved', '1.0', ['0.4'], true, '1.0'],
    ['major after 1.0', '1.0', ['1.0'], true, '2.0'],
    ['major from 1.3 unsaved', '1.3', ['1.2'], true, '2.0'],
    ['a malformed working version counts as 0.1', 'draft', [], false, '0.1'],
  ])('%s: %s with %j saved → %s', (_name, working, saved, major, expected) => {
    expect(nextVersion(withVersion(working, saved), { major })).toBe(expected);
  });
});

describe('snapshot', () => {
  it('freezes a deep copy with the version, summary and time', () => {
    const steps: Step[] = [makeStep({ text: 'Click **Deploy**.' })];
    const doc = { ...base(), purpose: { text: 'Ship it.', source: 'author' as const } };
    const rev = snapshot(doc, steps, '  First draft  ', BASE_AT);
    expect(rev).toMatchObject({ version: '0.1', summary: 'First draft', savedAt: BASE_AT });
    expect(rev.doc.metadata.version).toBe('0.1');
    expect(rev.doc.purpose.text).toBe('Ship it.');
    expect(rev.steps).toEqual(steps);
    expect(rev.steps[0]).not.toBe(steps[0]);
    expect(rev.doc.purpose).not.toBe(doc.purpose);
  });

  it('does not nest the history', () => {
    const once = saveVersion(base(), [], 'one', BASE_AT).doc;
    expect(snapshot(once, [], 'two', BASE_AT + DAY).doc.revisions).toEqual([]);
  });
});

describe('saveVersion, listRevisions, restore', () => {
  it('saves 0.1, 0.2, then 1.0, lists them newest first and restores an old one', () => {
    const stepsV1 = [makeStep({ text: 'Click **Deploy**.' })];
    let doc = saveVersion(base(), stepsV1, 'First draft', BASE_AT).doc;
    expect(doc.metadata.version).toBe('0.1');

    const edited = { ...doc, purpose: { text: 'Ship payments-api.', source: 'author' as const } };
    const stepsV2 = [...stepsV1, makeStep({ text: 'Click **Verify**.' })];
    doc = saveVersion(edited, stepsV2, 'Added purpose and a check', BASE_AT + DAY).doc;
    doc = saveVersion(doc, stepsV2, 'Approved', BASE_AT + 2 * DAY, { major: true }).doc;

    expect(listRevisions(doc).map((r) => [r.version, r.summary, new Date(r.savedAt).toISOString().slice(0, 10)])).toEqual([
      ['1.0', 'Approved', '2026-01-07'],
      ['0.2', 'Added purpose and a check', '2026-01-06'],
      ['0.1', 'First draft', '2026-01-05'],
    ]);

    const first = listRevisions(doc)[2]!;
    const shown = restore(first);
    expect(shown.doc.purpose.text).toBe('');
    expect(shown.steps).toHaveLength(1);
    shown.steps.pop();
    expect(first.steps).toHaveLength(1);

    const back = restoreRevision(doc, first);
    expect(back.doc.purpose.text).toBe('');
    expect(back.doc.metadata.version).toBe('0.1');
    expect(back.doc.revisions).toBe(doc.revisions);
    expect(back.steps.map((s) => s.text)).toEqual(['Click **Deploy**.']);
    expect(nextVersion(back.doc)).toBe('1.1');
  });

  it('lists same-time revisions by version', () => {
    const doc = withVersion('0.3', ['0.2', '0.10', '0.3']);
    const sameTime = { ...doc, revisions: doc.revisions.map((r) => ({ ...r, savedAt: 5 })) };
    expect(listRevisions(sameTime).map((r) => r.version)).toEqual(['0.10', '0.3', '0.2']);
  });
});
