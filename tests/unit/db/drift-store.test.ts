/** Drift checks in IndexedDB (schema v6): newest first, the newest finished one per SOP for the badges,
 * pruning with their crops, deleted with their SOP, restore on read. */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { SopDatabase } from '../../../lib/db/schema';
import { getDriftCrop, KEEP_CHECKS, latestDriftChecks, listDriftChecks, pruneDriftChecks, putDriftCrop, restoreDriftCheck, saveDriftCheck } from '../../../lib/db/drift-store';
import { deleteSop, saveDraft } from '../../../lib/db/sop-store';
import type { DriftCheck, DriftCheckId } from '../../../lib/drift/check';
import type { SopId, StepId } from '../../../lib/model';
import { makeSop } from '../factories';

let n = 0;
const opened: SopDatabase[] = [];
afterEach(async () => {
  for (const d of opened.splice(0)) await d.delete();
});
function fresh(): SopDatabase {
  const d = new SopDatabase(`drift-store-${n++}`);
  opened.push(d);
  return d;
}

const check = (id: string, sopId: string, at: number, status: DriftCheck['status'] = 'finished'): DriftCheck => ({
  id: id as DriftCheckId,
  sopId: sopId as SopId,
  mode: 'active',
  at,
  url: 'http://staging/',
  status,
  steps: [{ stepId: 's1' as StepId, n: 1, seen: { kind: 'reached' }, status: 'ok', reasons: [] }],
});

describe('drift store', () => {
  it('lists an SOP\'s checks newest first and the newest finished one per SOP', async () => {
    const db = fresh();
    await saveDriftCheck(check('a', 'sop-1', 1), db);
    await saveDriftCheck(check('b', 'sop-1', 3), db);
    await saveDriftCheck(check('c', 'sop-1', 5, 'running'), db);
    await saveDriftCheck(check('d', 'sop-2', 2), db);
    expect((await listDriftChecks('sop-1' as SopId, 10, db)).map((c) => c.id)).toEqual(['c', 'b', 'a']);
    const latest = await latestDriftChecks(db);
    expect(latest.get('sop-1' as SopId)?.id).toBe('b');
    expect(latest.get('sop-2' as SopId)?.id).toBe('d');
  });

  it('keeps the newest checks and deletes the older ones with their crops', async () => {
    const db = fresh();
    for (let i = 0; i < KEEP_CHECKS + 2; i++) {
      await saveDriftCheck(check(`c${i}`, 'sop-1', i), db);
      await putDriftCrop({ id: `c${i}:0:live`, checkId: `c${i}`, blob: new Blob(['x']), width: 1, height: 1 }, db);
    }
    await pruneDriftChecks('sop-1' as SopId, db);
    expect(await db.driftChecks.count()).toBe(KEEP_CHECKS);
    expect(await getDriftCrop('c0:0:live', db)).toBeUndefined();
    expect(await getDriftCrop(`c${KEEP_CHECKS + 1}:0:live`, db)).toBeDefined();
  });

  it('deletes an SOP\'s checks and crops with it', async () => {
    const db = fresh();
    const sop = makeSop({ id: 'sop-1' as SopId });
    await saveDraft(sop, [], undefined, db);
    await saveDriftCheck(check('a', 'sop-1', 1), db);
    await putDriftCrop({ id: 'a:0:live', checkId: 'a', blob: new Blob(['x']), width: 1, height: 1 }, db);
    await deleteSop(sop.id, db);
    expect(await db.driftChecks.count()).toBe(0);
    expect(await db.driftCrops.count()).toBe(0);
  });

  it('reads a damaged record as a check', () => {
    const raw = { id: 'x', sopId: 's', mode: 'weird', at: 1, status: 'odd', steps: [null, { stepId: 's1', status: 'bogus' }, { stepId: 's2', n: 2, status: 'ok' }] } as unknown as DriftCheck;
    const c = restoreDriftCheck(raw);
    expect(c).toMatchObject({ mode: 'active', status: 'running', url: '' });
    expect(c.steps).toHaveLength(1);
    expect(c.steps[0]!.reasons).toEqual([]);
  });
});
