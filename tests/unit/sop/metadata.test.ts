import { beforeEach, describe, expect, it } from 'vitest';
import type { Step } from '../../../lib/model';
import { draftEnvironment, draftService } from '../../../lib/sop/metadata';
import { makeStep, resetFactories, targets } from '../factories';
import { deployEvents, deploySteps, pages } from './deploy-recording';

beforeEach(() => resetFactories());

describe('draftEnvironment', () => {
  it.each<[string, Step[], string]>([
    ['a radio in an Environment group', [makeStep({ kind: 'check', target: targets.radio('Production', { group: 'Environment' }) })], 'Production'],
    ['a select labelled Env', [makeStep({ kind: 'select', value: 'staging', target: targets.select('Target env') })], 'staging'],
    ['the last choice wins', [makeStep({ kind: 'select', value: 'qa', target: targets.select('Stage') }), makeStep({ kind: 'select', value: 'prod', target: targets.select('Stage') })], 'prod'],
    ['a select about something else', [makeStep({ kind: 'select', value: 'v1.5.0', target: targets.select('Version') })], ''],
    ['typing into an environment field', [makeStep({ kind: 'type', value: 'prod', target: targets.field('Environment') })], ''],
    ['nothing', [], ''],
  ])('%s', (_name, steps, expected) => {
    expect(draftEnvironment(steps)).toBe(expected);
  });

  it('finds Production in the deploy recording', () => {
    expect(draftEnvironment(deploySteps())).toBe('Production');
  });
});

describe('draftService', () => {
  it('names the path segment the titles repeat, spelled as in the titles', () => {
    expect(draftService(deployEvents().map((e) => e.page), ['Shipyard'])).toBe('payments-api');
  });

  it.each([
    ['one title only', [pages.service]],
    ['no titles', [{ url: 'https://x.test/services/payments-api', title: '' }, { url: 'https://x.test/services/payments-api/logs', title: '' }]],
    ['an excluded app name', [{ url: 'https://x.test/shipyard', title: 'Home — Shipyard' }, { url: 'https://x.test/shipyard/a', title: 'A — Shipyard' }]],
  ])('is empty with %s', (_name, list) => {
    expect(draftService(list, ['Shipyard'])).toBe('');
  });
});
