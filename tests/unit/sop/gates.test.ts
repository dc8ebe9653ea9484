import { beforeEach, describe, expect, it } from 'vitest';
import type { Step } from '../../../lib/model';
import { draftGates, gateQuestion } from '../../../lib/sop/gates';
import { makeStep, resetFactories, stepId, targets } from '../factories';
import { deploySteps } from './deploy-recording';

beforeEach(() => resetFactories());

const click = (name: string, o: Partial<Step> = {}) => makeStep({ text: `Click **${name}**.`, target: targets.button(name), ...o });

describe('gateQuestion', () => {
  it.each([
    ['Click **Deploy**.', 'Go/no-go: ready to click **Deploy**?'],
    ['Choose **Production** in **Environment**.', 'Go/no-go: ready to choose **Production** in **Environment**?'],
    ['**Deploy** now!', 'Go/no-go: ready to **Deploy** now?'],
    ['', 'Go/no-go: ready to continue?'],
  ])('%j → %j', (text, expected) => {
    expect(gateQuestion(makeStep({ text }))).toBe(expected);
  });
});

describe('draftGates', () => {
  it.each<[string, Step[], number[]]>([
    ['an approve button', [click('Open'), click('Approve release')], [1]],
    ['a confirm button', [click('Open'), click('Confirm rollout')], [1]],
    ['a deploy button after production was chosen', [makeStep({ text: 'Choose **Production** in **Environment**.', kind: 'check' }), click('Deploy')], [1]],
    ['a deploy button on a production page', [click('Deploy', { page: { url: 'https://shipyard.test/prod/deploy', title: 'Deploy' } })], [0]],
    ['a deploy button without production', [click('Open'), click('Deploy')], []],
    ['a deploy link (navigation, not a commit)', [makeStep({ text: 'Choose **Production**.' }), makeStep({ text: 'Click **Deploy**.', target: targets.link('Deploy') })], []],
    ['a "New deployment" button', [makeStep({ text: 'Choose **prod**.' }), click('New deployment')], []],
    ['an approval checkbox', [makeStep({ text: 'Check **I have approval**.', kind: 'check', target: targets.checkbox('I have approval') })], []],
    ['narration saying approve', [click('Open'), click('Next', { narration: 'Now the release manager approves it.' })], [1]],
    ['narration saying deploy to production', [click('Open'), click('Go', { narration: "We're deploying this to production now." })], [1]],
  ])('%s', (_name, steps, gated) => {
    const gates = draftGates(steps);
    expect(gates.map((g) => g.afterStepId)).toEqual(gated.map((i) => steps[i - 1]?.id));
  });

  it('numbers gates, puts a gate before the first step without afterStepId, and names the source', () => {
    const steps = [click('Approve'), click('Next', { narration: 'Confirm with the team.' })];
    expect(draftGates(steps)).toEqual([
      { id: 'gate-1', question: 'Go/no-go: ready to click **Approve**?', source: 'page' },
      { id: 'gate-2', question: 'Go/no-go: ready to click **Next**?', afterStepId: steps[0]!.id, source: 'narration' },
    ]);
  });

  it('uses the narration it is given', () => {
    const steps = [click('Open'), click('Next')];
    expect(draftGates(steps, (s) => (s.id === steps[1]!.id ? ['we approve this'] : []))).toHaveLength(1);
  });

  it('gates the deploy recording before Approve release and the production Deploy', () => {
    const gates = draftGates(deploySteps());
    expect(gates.map((g) => [g.afterStepId, g.question])).toEqual([
      [stepId('step-12'), 'Go/no-go: ready to click **Approve release**?'],
      [stepId('step-13'), 'Go/no-go: ready to click **Deploy**?'],
    ]);
  });
});
