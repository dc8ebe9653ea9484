import { beforeEach, describe, expect, it } from 'vitest';
import type { PageContext, RawEvent, Step } from '../../../lib/model';
import { expectedResults, type PageObservation } from '../../../lib/sop/expected-results';
import { at, events as ev, makeStep, resetFactories, stepId, targets } from '../factories';
import { DEPLOY_STEP, deployEvents, deploySteps } from './deploy-recording';

beforeEach(() => resetFactories());

const list = { url: 'https://shipyard.test/services', title: 'Shipyard — Services' };
const service = { url: 'https://shipyard.test/services/payments-api', title: 'Shipyard — payments-api' };

/** One click step at `ms`, with its event, and whatever happened after it. */
function clickThen(after: RawEvent[], page: PageContext = list, ms = 1000): { steps: Step[]; events: RawEvent[] } {
  const click = ev.click(targets.link('payments-api'), ms, { page });
  const step = makeStep({ id: stepId('s1'), page, eventIds: [click.id] });
  return { steps: [step], events: [click, ...after] };
}

describe('expectedResults', () => {
  it.each<[string, () => RawEvent[], string]>([
    ['a new page', () => [ev.navigate('link', service, 1300)], 'The page **Shipyard — payments-api** opens.'],
    ['a URL change on the same title', () => [ev.navigate('push-state', { ...list, url: `${list.url}?q=pay` }, 1100)], 'The URL changes to **/services?q=pay**.'],
    ['another origin', () => [ev.navigate('link', { url: 'https://auth.test/login', title: '' }, 1100)], 'The URL changes to **https\\://auth.test/login**.'],
    ['a title change on the same URL', () => [ev.navigate('replace-state', { ...list, title: 'Shipyard — 3 services' }, 1100)], 'The page title changes to **Shipyard — 3 services**.'],
    ['a redirect chain: the last page counts', () => [ev.navigate('link', { url: 'https://shipyard.test/login', title: 'Sign in' }, 1100), ev.navigate('link', service, 1200)], 'The page **Shipyard — payments-api** opens.'],
    ['nothing after it', () => [], ''],
    ['a reload to the same page', () => [ev.navigate('reload', list, 1100)], ''],
    ['a navigation in another tab', () => [ev.navigate('link', service, 1100, { tabId: 2 })], ''],
    ['a hostile title', () => [ev.navigate('link', { url: service.url, title: '<img src=x onerror=alert(1)> **x**' }, 1100)], 'The page **\\<img src=x onerror=alert(1)\\> \\*\\*x\\*\\*** opens.'],
  ])('%s', (_name, after, expected) => {
    const { steps, events } = clickThen(after());
    expect(expectedResults(steps, events).get(stepId('s1'))).toBe(expected);
  });

  it('stops at the next step: its navigation is its own', () => {
    const first = ev.click(targets.button('Save'), 1000, { page: list });
    const second = ev.click(targets.link('payments-api'), 2000, { page: list });
    const nav = ev.navigate('link', service, 2300);
    const steps = [makeStep({ id: stepId('a'), eventIds: [first.id], page: list }), makeStep({ id: stepId('b'), eventIds: [second.id], page: list })];
    const results = expectedResults(steps, [first, second, nav]);
    expect(results.get(stepId('a'))).toBe('');
    expect(results.get(stepId('b'))).toBe('The page **Shipyard — payments-api** opens.');
  });

  it('gives a step without recorded events an empty result', () => {
    const manual = makeStep({ id: stepId('manual'), kind: 'manual', eventIds: [] });
    expect(expectedResults([manual], [ev.navigate('link', service, 1100)]).get(stepId('manual'))).toBe('');
  });

  describe('with page observations', () => {
    const observe = (kind: PageObservation['kind'], text: string, ms: number, tabId?: number): PageObservation => ({ at: at(ms), kind, text, ...(tabId ? { tabId } : {}) });

    it.each<[string, PageObservation[], string]>([
      ['a toast', [observe('toast', 'Deployment started', 1200)], 'A message says **Deployment started**.'],
      ['a status', [observe('status', 'Healthy', 1200)], 'The status shows **Healthy**.'],
      ['a heading', [observe('heading', 'payments-api', 1200)], 'The heading **payments-api** appears.'],
      ['a toast wins over a heading', [observe('heading', 'Deploys', 1200), observe('toast', 'Saved', 1300)], 'A message says **Saved**.'],
      ['the latest status', [observe('status', 'Pending', 1200), observe('status', 'Running', 1500)], 'The status shows **Running**.'],
      ['a URL', [observe('url', 'https://shipyard.test/services/x', 1200)], 'The URL changes to **/services/x**.'],
      ['a title', [observe('title', 'Shipyard — x', 1200)], 'The page title changes to **Shipyard — x**.'],
      ['a page and a status', [observe('url', `${list.url}/1`, 1200), observe('status', 'Queued', 1300)], 'The URL changes to **/services/1**. The status shows **Queued**.'],
      ['blank text', [observe('toast', '   ', 1200)], ''],
      ['before the step', [observe('toast', 'Old', 900)], ''],
      ['another tab', [observe('toast', 'Elsewhere', 1200, 2)], ''],
      ['long text, cut short', [observe('toast', 'word '.repeat(40), 1200)], `A message says **${'word '.repeat(15).trim()}…**.`],
    ])('%s', (_name, observations, expected) => {
      const { steps, events } = clickThen([]);
      expect(expectedResults(steps, events, observations).get(stepId('s1'))).toBe(expected);
    });
  });

  it('drafts the deploy recording results from its navigations', () => {
    const events = deployEvents();
    const results = expectedResults(deploySteps(events), events);
    const expected = new Map<string, string>([
      [DEPLOY_STEP.enter, 'The URL changes to **/services?q=payments-api**.'],
      [DEPLOY_STEP.openService, 'The page **Shipyard — payments-api** opens.'],
      [DEPLOY_STEP.openDeployView, 'The page **Shipyard — Deploy payments-api** opens.'],
      [DEPLOY_STEP.deploy, 'The URL changes to **/services/payments-api/deploys/42**.'],
    ]);
    for (const [id, text] of results) expect([id, text]).toEqual([id, expected.get(id) ?? '']);
    expect(results.size).toBe(17);
  });
});
