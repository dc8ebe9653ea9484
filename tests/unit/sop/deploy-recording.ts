/**
 * The canonical deploy workflow's event log (as tests/unit/steps/deploy-workflow.test.ts builds it), its
 * drafted steps, and a narration transcript timed around them: the fixture for end-to-end draft tests.
 */
import type { RawEvent, SopId, Step } from '../../../lib/model';
import type { TranscriptSegment } from '../../../lib/narration/segments';
import { synthesizeSteps } from '../../../lib/steps/synthesize';
import { CHANGE_TICKET, SEARCH_TERM, VERSION } from '../../e2e/workflows/deploy-workflow.mjs';
import { events as ev, resetFactories, shotId, stepIds, targets } from '../factories';

export const origin = 'http://127.0.0.1:4173';
export const pages = {
  services: { url: `${origin}/services`, title: 'Shipyard — Services' },
  service: { url: `${origin}/services/payments-api`, title: 'Shipyard — payments-api' },
  deploys: { url: `${origin}/services/payments-api/deploy`, title: 'Shipyard — Deploy payments-api' },
  deploying: { url: `${origin}/services/payments-api/deploys/42`, title: 'Shipyard — Deploy payments-api' },
  runbook: { url: `${origin}/runbook.html`, title: 'Runbook — payments-api' },
};

export function deployEvents(): RawEvent[] {
  resetFactories();
  const { services, service, deploys, deploying, runbook } = pages;
  const search = targets.search('Search');
  const ticket = targets.field('Change ticket');
  const token = targets.password('Registry token');
  const version = targets.select('Version');
  const production = targets.radio('Production', { group: 'Environment' });
  const approval = targets.checkbox('I have approval from the change board');
  const form = targets.form('Deploy payments-api');
  const list: RawEvent[] = [ev.navigate('load', services, 0)];
  let t = 1000;
  const next = (gap = 1000) => (t += gap);
  const on = (page: typeof services) => ({ page, shotId: shotId(`shot-${t}`) });

  list.push(ev.click(search, next(), on(services)));
  list.push(ev.input(search, SEARCH_TERM, next(), { page: services }));
  list.push(ev.key('Enter', search, next(5), on(services)));
  list.push(ev.navigate('push-state', { ...services, url: `${services.url}?q=${SEARCH_TERM}` }, next(40)));
  list.push(ev.click(targets.link('payments-api'), next(), on(services)));
  list.push(ev.navigate('link', service, next(300)));
  list.push(ev.click(targets.link('Deploy'), next(), on(service)));
  list.push(ev.navigate('push-state', deploys, next(50)));
  list.push(ev.click(targets.button('New deployment'), next(), on(deploys)));
  list.push(ev.change(version, next(), { value: VERSION, page: deploys }));
  list.push(ev.click(ticket, next(), on(deploys)));
  list.push(ev.input(ticket, CHANGE_TICKET, next(), { page: deploys }));
  list.push(ev.click(token, next(5), on(deploys)));
  list.push(ev.input(token, undefined, next(), { page: deploys }));
  list.push(ev.click(production, next(), on(deploys)));
  list.push(ev.change(production, next(2), { checked: true, page: deploys }));
  list.push(ev.click(approval, next(), on(deploys)));
  list.push(ev.change(approval, next(2), { checked: true, page: deploys }));
  list.push(ev.click(targets.button('Run health check', { shadowPath: ['health-panel'] }), next(), on(deploys)));
  list.push(ev.click(targets.button('Refresh build status', { framePath: ['iframe[title="Build status"]'] }), next(), { ...on(deploys), frameId: 1 }));
  list.push(ev.click(targets.button('Approve release', { framePath: ['iframe[title="Release approvals"]'] }), next(), { ...on(deploys), frameId: 2 }));
  list.push(ev.click(targets.button('Deploy', { type: 'submit' }), next(), on(deploys)));
  list.push(ev.submit(form, next(3), { page: deploys }));
  list.push(ev.navigate('push-state', deploying, next(80)));
  list.push(ev.click(targets.link('Open runbook', runbook.url), next(), on(deploying)));
  list.push(ev.tabOpen(2, { url: runbook.url, title: '' }, next(60)));
  list.push(ev.navigate('link', { url: runbook.url, title: '' }, next(200), { tabId: 2 }));
  list.push(ev.click(targets.button('Acknowledge'), next(), { ...on(runbook), tabId: 2 }));
  return list;
}

export function deploySteps(events: readonly RawEvent[] = deployEvents()): Step[] {
  return synthesizeSteps(events, { sopId: 'sop-1' as SopId, newStepId: stepIds() });
}

/** Step ids of the deploy recording by what they do (synthesizeSteps numbers them step-1…). */
export const DEPLOY_STEP = {
  search: 'step-1',
  enter: 'step-2',
  openService: 'step-3',
  openDeployView: 'step-4',
  newDeployment: 'step-5',
  version: 'step-6',
  ticket: 'step-7',
  token: 'step-8',
  production: 'step-9',
  approval: 'step-10',
  healthCheck: 'step-11',
  refreshBuild: 'step-12',
  approveRelease: 'step-13',
  deploy: 'step-14',
  openRunbook: 'step-15',
  runbookTab: 'step-16',
  acknowledge: 'step-17',
} as const;

/** The narration of the brief: two opening sentences, a rollback rule said at the health check, a check
 * after the last step. Whisper-style: the rollback rule is cut across two segments. */
export function deployTranscript(steps: readonly Step[]): TranscriptSegment[] {
  const at = (id: string) => steps.find((s) => s.id === id)!.t;
  const last = Math.max(...steps.map((s) => s.t));
  return [
    { startMs: 0, endMs: 800, text: ' First make sure the build is green.' },
    { startMs: 900, endMs: 1900, text: "We're deploying payments-api to production." },
    { startMs: at(DEPLOY_STEP.healthCheck) - 200, endMs: at(DEPLOY_STEP.healthCheck) + 300, text: 'If the health check' },
    { startMs: at(DEPLOY_STEP.healthCheck) + 350, endMs: at(DEPLOY_STEP.healthCheck) + 900, text: 'fails, roll back to the previous version.' },
    { startMs: last + 500, endMs: last + 3000, text: 'Verify the dashboard shows no errors for ten minutes.' },
  ];
}
