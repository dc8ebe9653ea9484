import { beforeEach, describe, expect, it } from 'vitest';
import type { Step } from '../../../lib/model';
import { buildMermaid } from '../../../lib/sop/diagram';
import { restoreDocument } from '../../../lib/db/restore-document';
import { draftDocument } from '../../../lib/sop/draft-document';
import { events as ev, makeSop, makeStep, resetFactories, startPage, stepId, targets } from '../factories';
import { DEPLOY_STEP, deployEvents, deploySteps, deployTranscript } from './deploy-recording';

beforeEach(() => resetFactories());

const narration = (text: string) => ({ text, source: 'narration' });

describe('draftDocument on the deploy recording with narration', () => {
  const events = deployEvents();
  const steps = deploySteps(events);
  const doc = draftDocument({ sop: makeSop(), steps, events, transcript: deployTranscript(steps) });

  it('keeps the drafted title and fills the metadata the recording supports', () => {
    expect(doc.metadata).toEqual({
      id: '',
      title: 'Deploy payments-api — Shipyard',
      version: '0.1',
      owner: '',
      approver: '',
      effectiveDate: '',
      reviewDate: '',
      service: 'payments-api',
      environment: 'Production',
      tags: [],
    });
  });

  it('drafts purpose, prerequisites, rollback and verification from the narration', () => {
    expect(doc.purpose).toEqual(narration("We're deploying payments-api to production."));
    expect(doc.prerequisites).toEqual([{ id: 'prerequisite-1', ...narration('Make sure the build is green.') }]);
    expect(doc.rollback).toEqual([{ id: 'rollback-1', ...narration('If the health check fails, roll back to the previous version.') }]);
    expect(doc.verification).toEqual([{ id: 'verification-1', ...narration('Verify the dashboard shows no errors for ten minutes.') }]);
  });

  it('leaves the sections nothing speaks to empty', () => {
    expect(doc.scope).toEqual({ in: { text: '', source: 'author' }, out: { text: '', source: 'author' } });
    expect(doc.troubleshooting).toEqual([]);
    expect(doc.escalation).toEqual([]);
    expect(doc.monitoring).toEqual([]);
    expect(doc.references).toEqual([]);
    expect(doc.revisions).toEqual([]);
    expect(Object.values(doc.stepNotes).every((n) => n.notes.text === '' && n.warnings.length === 0)).toBe(true);
  });

  it('has the Operator and the Shipyard lane, every step in Shipyard', () => {
    expect(doc.roles.map((r) => [r.id, r.name, r.kind])).toEqual([
      ['operator', 'Operator', 'person'],
      ['app-shipyard', 'Shipyard', 'system'],
    ]);
    expect(steps.every((s) => doc.stepNotes[s.id]?.roleId === 'app-shipyard')).toBe(true);
  });

  it('offers the host, version and change ticket as variables', () => {
    expect(doc.variables.map((v) => [v.name, v.example])).toEqual([
      ['host', '127.0.0.1:4173'],
      ['version', 'v1.5.0'],
      ['change_ticket', 'CHG-2291'],
    ]);
  });

  it('gates Approve release and the production Deploy', () => {
    expect(doc.gates.map((g) => [g.afterStepId, g.question])).toEqual([
      [DEPLOY_STEP.refreshBuild, 'Go/no-go: ready to click **Approve release**?'],
      [DEPLOY_STEP.approveRelease, 'Go/no-go: ready to click **Deploy**?'],
    ]);
  });

  it('has expected results where the page changed, and nothing elsewhere', () => {
    const results = Object.entries(doc.stepNotes)
      .filter(([, n]) => n.expectedResult.text)
      .map(([id, n]) => [id, n.expectedResult.text, n.expectedResult.source]);
    expect(results).toEqual([
      [DEPLOY_STEP.enter, 'The URL changes to **/services?q=payments-api**.', 'page'],
      [DEPLOY_STEP.openService, 'The page **Shipyard — payments-api** opens.', 'page'],
      [DEPLOY_STEP.openDeployView, 'The page **Shipyard — Deploy payments-api** opens.', 'page'],
      [DEPLOY_STEP.deploy, 'The URL changes to **/services/payments-api/deploys/42**.', 'page'],
    ]);
  });

  it('stores the generated diagram, unedited', () => {
    expect(doc.diagram.edited).toBe(false);
    expect(doc.diagram.source).toBe(buildMermaid(doc, steps));
    expect(doc.diagram.source).toContain('v1 -->|Fail| r1');
  });

  it('survives storage unchanged', () => {
    expect(restoreDocument(JSON.parse(JSON.stringify(doc)), makeSop())).toEqual(doc);
  });
});

describe('draftDocument without narration', () => {
  it('invents nothing: narration sections and gates stay empty', () => {
    const events = [startPage(), ev.click(targets.button('Save'), 1000)];
    const steps = [makeStep({ id: stepId('s1'), eventIds: [events[1]!.id], text: 'Click **Save**.', target: targets.button('Save') })];
    const doc = draftDocument({ sop: makeSop({ title: 'Save — Shipyard' }), steps, events });
    expect(doc.purpose.text).toBe('');
    for (const list of [doc.prerequisites, doc.verification, doc.troubleshooting, doc.rollback, doc.escalation, doc.monitoring, doc.references, doc.gates]) {
      expect(list).toEqual([]);
    }
    expect(doc.stepNotes[stepId('s1')]).toEqual({
      expectedResult: { text: '', source: 'author' },
      notes: { text: '', source: 'author' },
      warnings: [],
      roleId: 'app-shipyard',
    });
    expect(doc.metadata).toMatchObject({ title: 'Save — Shipyard', service: '', environment: '' });
  });

  it('drafts the title from the events when the SOP has none', () => {
    const events = deployEvents();
    const doc = draftDocument({ sop: makeSop({ title: '  ' }), steps: deploySteps(events), events });
    expect(doc.metadata.title).toBe('Deploy payments-api — Shipyard');
  });

  it('handles an empty recording', () => {
    const doc = draftDocument({ sop: makeSop(), steps: [], events: [], transcript: [{ startMs: 0, endMs: 500, text: 'This procedure restarts the API.' }] });
    expect(doc.purpose).toEqual(narration('This procedure restarts the API.'));
    expect(doc.roles).toEqual([{ id: 'operator', name: 'Operator', kind: 'person' }]);
    expect(doc.diagram.source).toBe('flowchart TD\n  start(["Start"])\n  done(["Done"])\n  start --> done\n');
  });
});

describe('draftDocument with mid-procedure narration', () => {
  const page = { url: 'https://shipyard.test/deploy', title: 'Deploy — Shipyard' };
  const at = (t: number, text: string, extra: Partial<Step> = {}) => makeStep({ id: stepId(`s${t}`), t, text, page, ...extra });
  const steps = [at(1000, 'Click **Open**.'), at(5000, 'Choose **Staging**.'), at(9000, 'Click **Go**.', { target: targets.button('Go') }), at(13_000, 'Click **Done**.')];

  it('puts warnings and notes on the step they were said about, and escapes what was heard', () => {
    const doc = draftDocument({
      sop: makeSop(),
      steps,
      events: [],
      transcript: [
        { startMs: 4000, endMs: 4800, text: "careful, don't pick <production> here" },
        { startMs: 6000, endMs: 6500, text: 'Check the version number.' },
        { startMs: 8000, endMs: 8600, text: 'Now the release manager approves it.' },
        { startMs: 10_000, endMs: 10_800, text: 'If you see a 502, wait a minute and retry.' },
        { startMs: 11_000, endMs: 11_800, text: 'If that fails too, page the on-call.' },
        { startMs: 14_000, endMs: 15_000, text: 'Keep an eye on the error rate for an hour.' },
      ],
    });
    expect(doc.stepNotes[stepId('s5000')]!.warnings).toEqual([{ id: 'warning-s5000-1', ...narration("Careful, don't pick \\<production\\> here.") }]);
    expect(doc.stepNotes[stepId('s9000')]!.notes).toEqual(narration('Check the version number.'));
    expect(doc.gates).toEqual([{ id: 'gate-1', question: 'Go/no-go: ready to click **Go**?', afterStepId: stepId('s5000'), source: 'narration' }]);
    expect(doc.troubleshooting).toEqual([{ id: 'troubleshooting-1', symptom: 'you see a 502', ...narration('Wait a minute and retry.') }]);
    expect(doc.escalation).toEqual([{ id: 'escalation-1', ...narration('If that fails too, page the on-call.') }]);
    expect(doc.monitoring).toEqual([{ id: 'monitoring-1', ...narration('Keep an eye on the error rate for an hour.') }]);
  });
});
