import { describe, expect, it } from 'vitest';
import { CLAIM_TTL_MS, mayClaim, overallFraction, reusableJob, stepClipFileName, type VideoJobStatus } from '../../../lib/messaging/video-job';
import type { SopId } from '../../../lib/model';

const job = (jobId: string, sopId: string, kind: VideoJobStatus['kind'], state: VideoJobStatus['state']): VideoJobStatus => ({ jobId, sopId: sopId as SopId, kind, state, note: '' });

describe('reusableJob', () => {
  it('joins a running or uncollected job of the same SOP and kind, never a failed or cancelled one', () => {
    const jobs = [job('1', 'a', 'mp4', 'failed'), job('2', 'a', 'mp4', 'cancelled'), job('3', 'a', 'gif-zip', 'running'), job('4', 'b', 'mp4', 'done')];
    expect(reusableJob(jobs, 'a' as SopId, 'mp4')).toBeUndefined();
    expect(reusableJob(jobs, 'a' as SopId, 'gif-zip')?.jobId).toBe('3');
    expect(reusableJob(jobs, 'b' as SopId, 'mp4')?.jobId).toBe('4');
  });

  it("joins a step clip's job only for the same step", () => {
    const jobs = [{ ...job('1', 'a', 'gif-step', 'running'), stepId: 's1' }];
    expect(reusableJob(jobs, 'a' as SopId, 'gif-step', 's1')?.jobId).toBe('1');
    expect(reusableJob(jobs, 'a' as SopId, 'gif-step', 's2')).toBeUndefined();
    expect(reusableJob(jobs, 'a' as SopId, 'gif-zip')).toBeUndefined();
  });
});

describe('mayClaim', () => {
  it('lets the first taker have the file, and a page claim expire so the file is not lost with a closed page', () => {
    expect(mayClaim({}, 1_000)).toBe(true);
    expect(mayClaim({ claimedAt: 1_000, by: 'page' }, 2_000)).toBe(false);
    expect(mayClaim({ claimedAt: 1_000, by: 'page' }, 1_000 + CLAIM_TTL_MS + 1)).toBe(true);
    expect(mayClaim({ claimedAt: 1_000, by: 'auto' }, 1_000 + CLAIM_TTL_MS * 10)).toBe(false);
  });
});

describe('stepClipFileName', () => {
  it("names a single clip after its SOP and step", () => {
    expect(stepClipFileName('reset-a-password.gif', 'step-03.gif')).toBe('reset-a-password-step-03.gif');
  });
});

describe('overallFraction', () => {
  it('adds the current part to the parts done, clamped to 0..1', () => {
    expect(overallFraction(1, 4, 0.5)).toBe(0.375);
    expect(overallFraction(3, 4, 2)).toBe(1);
    expect(overallFraction(0, 0)).toBe(0);
  });
});
