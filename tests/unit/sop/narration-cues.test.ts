import { describe, expect, it } from 'vitest';
import {
  classifyNarration,
  classifySentence,
  parseConditional,
  positionOf,
  tidySentence,
  type Cue,
  type Position,
} from '../../../lib/sop/narration-cues';

describe('classifySentence', () => {
  it.each<[string, Position, Cue | undefined]>([
    // Purpose: only before the first step.
    ['This procedure deploys payments-api.', 'before', 'purpose'],
    ["We're going to roll out the new release.", 'before', 'purpose'],
    ["We're going to ship the new build.", 'before', 'purpose'],
    ['The goal is a zero-downtime deploy.', 'before', 'purpose'],
    ["We're deploying payments-api to production.", 'before', 'purpose'],
    ["We're deploying payments-api to production.", 'during', undefined],
    ['In this video I show the release.', 'before', 'purpose'],
    // Prerequisites.
    ['Before you start, get the change ticket approved.', 'before', 'prerequisite'],
    ["You'll need admin access to Shipyard.", 'before', 'prerequisite'],
    ['You need the VPN.', 'before', 'prerequisite'],
    ['Ensure that the build is green.', 'before', 'prerequisite'],
    ['This requires a change ticket.', 'before', 'prerequisite'],
    ['Before you click deploy, check the health panel.', 'during', 'warning'],
    // "Make sure": position decides.
    ['First make sure the build is green.', 'before', 'prerequisite'],
    ['Make sure you pick production here.', 'during', 'warning'],
    ["Make sure it's green.", 'after', 'verification'],
    // Verification.
    ['Verify the dashboard shows no errors.', 'after', 'verification'],
    ['Check that the pods are ready.', 'after', 'verification'],
    ['Confirm the version says 1.5.0.', 'after', 'verification'],
    ['You should see the deploy succeed.', 'after', 'verification'],
    ['Verify you are on the VPN.', 'before', 'prerequisite'],
    ['Check the version number.', 'during', 'note'],
    ['Now run the health check.', 'during', undefined],
    // Troubleshooting, rollback, escalation: the same at any time.
    ['If the deploy fails, restart the runner.', 'during', 'troubleshooting'],
    ['If you see a 502, wait a minute and retry.', 'after', 'troubleshooting'],
    ["If it doesn't load, clear the cache.", 'before', 'troubleshooting'],
    ['If the health check fails, roll back to the previous version.', 'during', 'rollback'],
    ['Roll back if the error rate goes up.', 'after', 'rollback'],
    ['To undo the deploy, redeploy v1.4.2.', 'after', 'rollback'],
    ['Revert the config change.', 'during', 'rollback'],
    ['If the rollback fails, page the on-call.', 'after', 'escalation'],
    ['Escalate to the platform team.', 'after', 'escalation'],
    ['Contact the on-call SRE.', 'before', 'escalation'],
    ['Call the release manager.', 'during', 'escalation'],
    // Warnings.
    ["Careful, don't pick staging.", 'during', 'warning'],
    ['Never deploy on a Friday.', 'before', 'warning'],
    ['Warning: this restarts every pod.', 'during', 'warning'],
    // Monitoring.
    ['Keep an eye on the error rate for an hour.', 'after', 'monitoring'],
    ['Monitor the latency graph.', 'after', 'monitoring'],
    // Plain narration: no cue.
    ['Now I click the deploy button.', 'during', undefined],
    ['If everything looks good, we are done.', 'after', undefined],
    ['The page loads.', 'after', undefined],
  ])('%j %s → %s', (text, position, cue) => {
    expect(classifySentence(text, position).cue).toBe(cue);
  });
});

describe('parseConditional', () => {
  it.each([
    ['If the health check fails, roll back to the previous version.', { condition: 'the health check fails', action: 'roll back to the previous version' }],
    ['if the health check fails roll back', { condition: 'the health check fails', action: 'roll back' }],
    ['So, if you see a 502 then restart the pod.', { condition: 'you see a 502', action: 'restart the pod' }],
    ['When the deploy times out, retry it.', { condition: 'the deploy times out', action: 'retry it' }],
    ['In case of errors, page the on-call.', { condition: 'errors', action: 'page the on-call' }],
    ['Roll back if the error rate goes up or the deploy fails.', { condition: 'the error rate goes up or the deploy fails', action: 'Roll back' }],
    ['If you see a 502 restart the pod', { condition: '', action: '' }],
  ])('%j', (text, expected) => {
    expect(parseConditional(text)).toEqual(expected);
  });

  it.each(['If all is green, we are done.', 'Click deploy when ready.', 'Make sure the build is green.'])('%j is not a failure conditional', (text) => {
    expect(parseConditional(text)).toBeUndefined();
  });
});

describe('tidySentence', () => {
  it.each([
    ['First make sure the build is green.', 'Make sure the build is green.'],
    ['so, um, okay, verify the dashboard', 'Verify the dashboard.'],
    ['And then roll back!', 'Roll back!'],
    ['Okay.', 'Okay.'],
  ])('%j → %j', (text, expected) => {
    expect(tidySentence(text)).toBe(expected);
  });
});

describe('positionOf', () => {
  it.each<[number, number[], Position]>([
    [500, [1000, 2000, 3000], 'before'],
    [1000, [1000, 2000, 3000], 'during'],
    [2999, [3000, 1000, 2000], 'during'],
    [3000, [1000, 2000, 3000], 'after'],
    [5000, [], 'before'],
  ])('%d with steps at %j is %s', (ms, steps, position) => {
    expect(positionOf(ms, steps)).toBe(position);
  });
});

describe('classifyNarration', () => {
  it('classifies the deploy narration by words and timing', () => {
    const cued = classifyNarration(
      [
        { startMs: 0, endMs: 800, text: 'First make sure the build is green.' },
        { startMs: 900, endMs: 1900, text: "We're deploying payments-api to production." },
        { startMs: 5000, endMs: 5400, text: 'If the health check' },
        { startMs: 5500, endMs: 6000, text: 'fails, roll back to the previous version.' },
        { startMs: 9000, endMs: 9800, text: 'Make sure it is green.' },
        { startMs: 12_000, endMs: 13_000, text: 'Verify the dashboard shows no errors for ten minutes.' },
      ],
      [2000, 6000, 10_000],
    );
    expect(cued.map((s) => [s.position, s.cue])).toEqual([
      ['before', 'prerequisite'],
      ['before', 'purpose'],
      ['during', 'rollback'],
      ['during', 'warning'],
      ['after', 'verification'],
    ]);
    expect(cued[2]).toMatchObject({ condition: 'the health check fails', action: 'roll back to the previous version', startMs: 5000, endMs: 6000 });
  });
});
