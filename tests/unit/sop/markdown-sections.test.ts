import { beforeEach, describe, expect, it } from 'vitest';
import { emptyDocument, type GateId, type ItemId, type RoleId, type SopDocument } from '../../../lib/sop/document';
import { draftDocument } from '../../../lib/sop/draft-document';
import { buildSectionsMarkdown, stepAnnotationsMarkdown } from '../../../lib/sop/markdown-sections';
import { saveVersion } from '../../../lib/sop/revisions';
import { SECTIONS } from '../../../lib/sop/sections';
import { BASE_AT, makeSop, makeStep, resetFactories, stepId } from '../factories';
import { deployEvents, deploySteps, deployTranscript } from './deploy-recording';

beforeEach(() => resetFactories());

const item = (text: string, i = 1) => ({ id: `i${i}` as ItemId, text, source: 'author' as const });
const headings = (md: string) => md.split('\n').filter((l) => l.startsWith('## '));
const sectionOf = (md: string, heading: string) => {
  const start = md.indexOf(`## ${heading}\n`);
  const end = md.indexOf('\n## ', start + 1);
  return md.slice(start, end < 0 ? undefined : end).trim();
};

describe('buildSectionsMarkdown', () => {
  it('prints every section, in order, with a prompt when empty', () => {
    const { before, after } = buildSectionsMarkdown(emptyDocument(makeSop()), []);
    const expected = SECTIONS.filter((s) => s.key !== 'procedure').map((s) => `## ${s.heading}`);
    expect([...headings(before), ...headings(after)]).toEqual(expected);
    expect(sectionOf(before, 'Prerequisites and access')).toBe('## Prerequisites and access\n\n_Not written yet: what must be true before you start?_');
    expect(sectionOf(after, 'Rollback')).toBe('## Rollback\n\n_Not written yet: how do you undo the change?_');
    expect(sectionOf(after, 'Revision history')).toBe('## Revision history\n\n_No versions saved yet._');
    expect(sectionOf(before, 'Document control')).toContain('| Version | 0.1 |');
    expect(sectionOf(before, 'Document control')).toContain('| Owner | _Not set_ |');
  });

  it('writes stored markup as stored and escapes plain fields', () => {
    const doc: SopDocument = {
      ...emptyDocument(makeSop()),
      metadata: { ...emptyDocument(makeSop()).metadata, owner: 'Ops | <b>team</b>', tags: ['deploy', 'payments'] },
      purpose: { text: 'Ship **payments-api** \\<safely\\>.', source: 'author' },
      roles: [{ id: 'r' as RoleId, name: '**Shipyard**', kind: 'system', hosts: ['shipyard.test'] }],
      variables: [{ name: 'version', description: 'Version | tag', example: '<v1.5.0>', occurrences: [] }],
    };
    const { before } = buildSectionsMarkdown(doc, []);
    expect(sectionOf(before, 'Document control')).toContain('| Owner | Ops \\| \\<b\\>team\\</b\\> |');
    expect(sectionOf(before, 'Document control')).toContain('| Tags | deploy, payments |');
    expect(sectionOf(before, 'Purpose')).toBe('## Purpose\n\nShip **payments-api** \\<safely\\>.');
    expect(sectionOf(before, 'Roles')).toBe('## Roles\n\n- **\\*\\*Shipyard\\*\\*** (system: shipyard.test)');
    expect(sectionOf(before, 'Variables')).toBe(
      '## Variables\n\n| Variable | Meaning | Example |\n| --- | --- | --- |\n| `{{version}}` | Version \\| tag | \\<v1.5.0\\> |',
    );
  });

  it('keeps multi-line items inside their list item', () => {
    const doc = { ...emptyDocument(makeSop()), rollback: [item('Redeploy v1.4.2.\nWait for green.', 1), item('Tell #releases.', 2)] };
    expect(sectionOf(buildSectionsMarkdown(doc, []).after, 'Rollback')).toBe('## Rollback\n\n1. Redeploy v1.4.2.\n   Wait for green.\n2. Tell #releases.');
  });

  it('says where each gate sits', () => {
    const steps = [makeStep({ id: stepId('a'), order: 0 }), makeStep({ id: stepId('b'), order: 10 })];
    const gate = (question: string, afterStepId?: string) => ({ id: 'g' as GateId, question, source: 'author' as const, ...(afterStepId ? { afterStepId: stepId(afterStepId) } : {}) });
    const doc = { ...emptyDocument(makeSop()), gates: [gate('Start?'), gate('Go on?', 'a'), gate('All done?', 'b'), gate('Lost?', 'gone'), gate('  ')] };
    expect(sectionOf(buildSectionsMarkdown(doc, steps).after, 'Go/no-go gates')).toBe(
      '## Go/no-go gates\n\n- Before step 1: Start?\n- Before step 2: Go on?\n- After step 2: All done?\n- Lost?',
    );
  });

  it('writes troubleshooting as symptom and action', () => {
    const doc = {
      ...emptyDocument(makeSop()),
      troubleshooting: [
        { ...item('Wait a minute and retry.'), symptom: 'you see a 502' },
        { ...item('Restart the runner.', 2), symptom: '' },
        { ...item('', 3), symptom: 'it hangs' },
      ],
    };
    expect(sectionOf(buildSectionsMarkdown(doc, []).after, 'Troubleshooting')).toBe(
      '## Troubleshooting\n\n- If you see a 502: Wait a minute and retry.\n- Restart the runner.\n- If it hangs: _What to do is not written yet._',
    );
  });

  it('lists revisions newest first with dates', () => {
    let doc = saveVersion(emptyDocument(makeSop()), [], 'First | draft', BASE_AT).doc;
    doc = saveVersion(doc, [], '', BASE_AT + 86_400_000).doc;
    expect(sectionOf(buildSectionsMarkdown(doc, []).after, 'Revision history')).toBe(
      '## Revision history\n\n| Version | Date | Summary |\n| --- | --- | --- |\n| 0.2 | 2026-01-06 | — |\n| 0.1 | 2026-01-05 | First \\| draft |',
    );
  });

  it('fences the diagram longer than any backticks inside it', () => {
    const plain = { ...emptyDocument(makeSop()), diagram: { source: 'flowchart TD\n  a --> b\n', edited: true } };
    expect(sectionOf(buildSectionsMarkdown(plain, []).after, 'Flow diagram')).toBe('## Flow diagram\n\n```mermaid\nflowchart TD\n  a --> b\n```');
    const ticks = { ...plain, diagram: { source: 'flowchart TD\n  a["````"]\n', edited: true } };
    expect(sectionOf(buildSectionsMarkdown(ticks, []).after, 'Flow diagram')).toBe('## Flow diagram\n\n`````mermaid\nflowchart TD\n  a["````"]\n`````');
  });

  it('renders the drafted deploy document', () => {
    const events = deployEvents();
    const steps = deploySteps(events);
    const doc = draftDocument({ sop: makeSop(), steps, events, transcript: deployTranscript(steps) });
    const { before, after } = buildSectionsMarkdown(doc, steps);
    expect(sectionOf(before, 'Purpose')).toBe("## Purpose\n\nWe're deploying payments-api to production.");
    expect(sectionOf(before, 'Prerequisites and access')).toBe('## Prerequisites and access\n\n- Make sure the build is green.');
    expect(sectionOf(before, 'Roles')).toBe('## Roles\n\n- **Operator** (person)\n- **Shipyard** (system: 127.0.0.1:4173)');
    expect(sectionOf(before, 'Document control')).toContain('| Environment | Production |');
    expect(sectionOf(after, 'Verification')).toBe('## Verification\n\n- Verify the dashboard shows no errors for ten minutes.');
    expect(sectionOf(after, 'Rollback')).toBe('## Rollback\n\n1. If the health check fails, roll back to the previous version.');
    expect(sectionOf(after, 'Go/no-go gates')).toBe('## Go/no-go gates\n\n- Before step 13: Go/no-go: ready to click **Approve release**?\n- Before step 14: Go/no-go: ready to click **Deploy**?');
    expect(sectionOf(after, 'Escalation')).toBe('## Escalation\n\n_Not written yet: whom do you contact when it goes wrong?_');
    expect(after).toContain('```mermaid\nflowchart TD\n');
  });
});

describe('stepAnnotationsMarkdown', () => {
  it('gives expected result, warnings and notes, and nothing for a step without any', () => {
    const doc: SopDocument = {
      ...emptyDocument(makeSop()),
      stepNotes: {
        [stepId('a')]: {
          expectedResult: { text: 'The page **Deploys** opens.', source: 'page' },
          notes: { text: 'Takes a minute.', source: 'author' },
          warnings: [item("Don't pick staging."), item('  ', 2)],
        },
        [stepId('b')]: { expectedResult: { text: '', source: 'author' }, notes: { text: '', source: 'author' }, warnings: [] },
      },
    };
    expect(stepAnnotationsMarkdown(doc, stepId('a'))).toEqual([
      '**Expected result:** The page **Deploys** opens.',
      "**Warning:** Don't pick staging.",
      '**Note:** Takes a minute.',
    ]);
    expect(stepAnnotationsMarkdown(doc, stepId('b'))).toEqual([]);
    expect(stepAnnotationsMarkdown(doc, stepId('missing'))).toEqual([]);
  });
});
