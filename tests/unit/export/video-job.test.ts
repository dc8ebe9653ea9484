import { describe, expect, it } from 'vitest';
import { overallFraction, reusableJob, type VideoJobStatus } from '../../../lib/export/video-job';
import type { SopId } from '../../../lib/model';

const job = (jobId: string, sopId: string, kind: VideoJobStatus['kind'], state: VideoJobStatus['state']): VideoJobStatus => ({ jobId, sopId: sopId as SopId, kind, state, note: '' });

describe('reusableJob', () => {
  it('joins a running or uncollected job of the same SOP and kind, never a failed or cancelled one', () => {
    const jobs = [job('1', 'a', 'mp4', 'failed'), job('2', 'a', 'mp4', 'cancelled'), job('3', 'a', 'gif-zip', 'running'), job('4', 'b', 'mp4', 'done')];
    expect(reusableJob(jobs, 'a' as SopId, 'mp4')).toBeUndefined();
    expect(reusableJob(jobs, 'a' as SopId, 'gif-zip')?.jobId).toBe('3');
    expect(reusableJob(jobs, 'b' as SopId, 'mp4')?.jobId).toBe('4');
  });
});

describe('overallFraction', () => {
  it('adds the current part to the parts done, clamped to 0..1', () => {
    expect(overallFraction(1, 4, 0.5)).toBe(0.375);
    expect(overallFraction(3, 4, 2)).toBe(1);
    expect(overallFraction(0, 0)).toBe(0);
  });
});
