/**
 * A synthetic recording of the Shipyard deploy workflow for the replay exporters' tests, drafted through the
 * real pipeline (synthesizeSteps, draftDocument): a search with Enter, an SPA link, a hostile button label, a
 * select, a typed value, a password, a radio, a shadow-root button, two iframes, a new tab, and toasts.
 */
import type { RawEvent, SessionId, SopId, TargetContext } from '../../../lib/model';
import type { ReplayInput } from '../../../lib/export/replay-plan';
import type { PageObservation } from '../../../lib/sop/expected-results';
import { draftDocument } from '../../../lib/sop/draft-document';
import { synthesizeSteps } from '../../../lib/steps/synthesize';
import { at, events as ev, makeEvent, makeSop, resetFactories, stepIds, targets } from '../factories';

export const ORIGIN = 'http://127.0.0.1:41234';
/** The demo console's hostile label, plus everything that could end a JS string, template or comment. */
export const HOSTILE = '<img src=x onerror=alert(1)> **Purge** [cache](javascript:alert(1)) "\' ` ${process.exit(1)} */ \\ \u2028 </script>';

const SERVICES = { url: `${ORIGIN}/services`, title: 'Shipyard — Services' };
const SERVICE = { url: `${ORIGIN}/services/payments-api`, title: 'Shipyard — payments-api' };
const DEPLOY = { url: `${ORIGIN}/services/payments-api/deploy`, title: 'Shipyard — Deploy payments-api' };
const RUNBOOK = { url: `${ORIGIN}/runbook.html?service=payments-api`, title: 'Runbook — payments-api' };

const BUILD_FRAME = 'div:nth-of-type(2) > iframe';
const APPROVALS_FRAME = 'div:nth-of-type(3) > iframe';

export const T = {
  search: targets.search('Search', { selectors: { css: '#svc-search', id: '#svc-search', testId: '[data-testid="service-search"]', role: { role: 'searchbox', name: 'Search' } } }),
  serviceLink: targets.link('payments-api', `${ORIGIN}/services/payments-api`, { selectors: { css: 'tr:nth-of-type(1) > td > a', role: { role: 'link', name: 'payments-api' }, text: 'payments-api' } }),
  hostile: targets.button(HOSTILE, { selectors: { css: 'section.danger > button', role: { role: 'button', name: HOSTILE }, text: HOSTILE } }),
  newDeployment: targets.button('New deployment', { selectors: { css: '[data-testid="new-deployment"]', testId: '[data-testid="new-deployment"]', role: { role: 'button', name: 'New deployment' } } }),
  version: targets.select('Version', { selectors: { css: '#version-select', id: '#version-select', role: { role: 'combobox', name: 'Version' } } }),
  ticket: targets.field('Change ticket', { selectors: { css: 'div:nth-of-type(2) > input', role: { role: 'textbox', name: 'Change ticket' } } }),
  token: targets.password('Registry token', { selectors: { css: '#registry-token', id: '#registry-token' } }),
  production: targets.radio('Production', { group: 'Environment', selectors: { css: 'label:nth-of-type(2) > input', role: { role: 'radio', name: 'Production' } } }),
  health: targets.button('Run health check', { shadowPath: ['[data-testid="health-panel"]'], selectors: { css: '#run', id: '#run', role: { role: 'button', name: 'Run health check' } } }),
  refresh: targets.button('Refresh build status', { framePath: [BUILD_FRAME], selectors: { css: '#refresh', id: '#refresh', role: { role: 'button', name: 'Refresh build status' } } }),
  approve: targets.button('Approve release', { framePath: [APPROVALS_FRAME], selectors: { css: '#approve', id: '#approve', role: { role: 'button', name: 'Approve release' } } }),
  deploy: targets.button('Deploy', { selectors: { css: '[data-testid="deploy-submit"]', testId: '[data-testid="deploy-submit"]', role: { role: 'button', name: 'Deploy' } } }),
  runbook: targets.link('Open runbook', RUNBOOK.url, { selectors: { css: 'section.links > a:nth-of-type(1)', role: { role: 'link', name: 'Open runbook' }, text: 'Open runbook' } }),
  ack: targets.button('Acknowledge', { selectors: { css: '#ack', id: '#ack', role: { role: 'button', name: 'Acknowledge' } } }),
} satisfies Record<string, TargetContext>;

/** The deploy workflow's events and what the page showed, as the recorder would have stored them. */
export function deployRecording(): ReplayInput & { observations: PageObservation[] } {
  resetFactories();
  const onServices = { page: SERVICES };
  const onService = { page: SERVICE };
  const onDeploy = { page: DEPLOY };
  const list: RawEvent[] = [
    makeEvent('navigate', { cause: 'load', page: SERVICES, at: at(0), viewport: { width: 1280, height: 720, devicePixelRatio: 1 } }),
    ev.click(T.search, 1_000, onServices),
    ev.input(T.search, 'payments-api', 2_000, onServices),
    ev.key('Enter', T.search, 2_100, onServices),
    ev.click(T.serviceLink, 4_000, onServices),
    ev.navigate('push-state', SERVICE, 4_100),
    ev.click(T.hostile, 6_000, onService),
    ev.click(targets.link('Deploy', DEPLOY.url), 8_000, onService),
    ev.navigate('push-state', DEPLOY, 8_100),
    ev.click(T.newDeployment, 10_000, onDeploy),
    ev.change(T.version, 12_000, { ...onDeploy, value: 'v1.5.0' }),
    ev.click(T.ticket, 14_000, onDeploy),
    ev.input(T.ticket, 'CHG-2291', 15_000, onDeploy),
    ev.click(T.token, 17_000, onDeploy),
    ev.input(T.token, undefined, 18_000, onDeploy),
    ev.change(T.production, 20_000, { ...onDeploy, checked: true }),
    ev.click(T.health, 22_000, onDeploy),
    // Frame ids grow in creation order: the build frame was attached before the approvals frame.
    ev.click(T.refresh, 24_000, { page: { url: `${ORIGIN}/build-status.html`, title: 'Build status' }, frameId: 11 }),
    ev.click(T.approve, 26_000, { page: { url: 'http://localhost:41235/approvals.html', title: 'Release approvals' }, frameId: 12 }),
    ev.click(T.deploy, 28_000, onDeploy),
    ev.click(T.runbook, 30_000, onDeploy),
    ev.tabOpen(2, RUNBOOK, 30_200, { openerTabId: 1 }),
    ev.tabSwitch(2, RUNBOOK, 30_300),
    ev.click(T.ack, 32_000, { tabId: 2, page: RUNBOOK }),
  ].map((e) => ({ ...e, sessionId: 'session-1' as SessionId }));
  const observations: PageObservation[] = [
    { at: at(4_300), kind: 'heading', text: 'payments-api', tabId: 1 },
    { at: at(6_200), kind: 'toast', text: `Cache purge queued for ${HOSTILE}.`, tabId: 1 },
    { at: at(28_400), kind: 'toast', text: 'Deployment started', tabId: 1 },
    { at: at(28_500), kind: 'heading', text: 'Deploying payments-api v1.5.0 to Production', tabId: 1 },
    { at: at(32_200), kind: 'status', text: 'Acknowledged by dana.ops.', tabId: 2 },
  ];
  const sop = makeSop({ id: 'sop-1' as SopId, sessionId: 'session-1' as SessionId, sourceUrl: SERVICES.url, title: `Deploy payments-api — ${HOSTILE}` });
  const steps = synthesizeSteps(list, { sopId: sop.id, newStepId: stepIds() });
  const doc = draftDocument({ sop, steps, events: list, observations });
  return { sop, steps, events: list, doc, observations };
}
