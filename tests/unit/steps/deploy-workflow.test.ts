/**
 * The canonical deploy workflow (tests/e2e/workflows) as the content script and background would record it,
 * checked against the step texts the E2E tests expect. Keeps the Node rules and the browser run in step.
 */
import { describe, expect, it } from 'vitest';
import type { RawEvent, SopId } from '../../../lib/model';
import { countSteps, draftSopTitle, synthesizeSteps } from '../../../lib/steps/synthesize';
import { escapeMarkdownInline, stepTextToPlain } from '../../../lib/text/markdown';
import {
  CHANGE_TICKET,
  escapeMarkdownInline as mirroredEscape,
  expectedStepTexts,
  FAKE_API_KEY,
  FAKE_REGISTRY_TOKEN,
  HOSTILE_LABEL,
  RELEASE_NOTES_FILE,
  SEARCH_TERM,
  toPlainText,
  VERSION,
} from '../../e2e/workflows/deploy-workflow.mjs';
import { events as ev, shotId, stepIds, targets } from '../factories';

const origin = 'http://127.0.0.1:4173';
// Titles as the demo console sets them (tests/fixtures/demo-console/app.js).
const services = { url: `${origin}/services`, title: 'Shipyard — Services' };
const service = { url: `${origin}/services/payments-api`, title: 'Shipyard — payments-api' };
const deploys = { url: `${origin}/services/payments-api/deploy`, title: 'Shipyard — Deploy payments-api' };
const deploying = { url: `${origin}/services/payments-api/deploys/42`, title: 'Shipyard — Deploy payments-api' };
const runbook = { url: `${origin}/runbook.html`, title: 'Runbook — payments-api' };

function recording(include: { purge?: boolean; apiKey?: boolean; notes?: boolean } = {}): RawEvent[] {
  const search = targets.search('Search');
  const ticket = targets.field('Change ticket');
  const token = targets.password('Registry token');
  const apiKey = targets.secret('API key');
  const version = targets.select('Version');
  // The demo console's radios sit in <fieldset role=radiogroup> with the legend "Environment".
  const production = targets.radio('Production', { group: 'Environment' });
  const approval = targets.checkbox('I have approval from the change board');
  const notes = targets.file('Release notes');
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
  if (include.purge) list.push(ev.click(targets.button(HOSTILE_LABEL), next(), on(service)));

  list.push(ev.click(targets.link('Deploy'), next(), on(service)));
  list.push(ev.navigate('push-state', deploys, next(50)));
  list.push(ev.click(targets.button('New deployment'), next(), on(deploys)));
  list.push(ev.change(version, next(), { value: VERSION, page: deploys }));
  list.push(ev.click(ticket, next(), on(deploys)));
  list.push(ev.input(ticket, CHANGE_TICKET, next(), { page: deploys }));
  list.push(ev.click(token, next(5), on(deploys)));
  list.push(ev.input(token, undefined, next(), { page: deploys }));
  if (include.apiKey) {
    list.push(ev.click(apiKey, next(5), on(deploys)));
    list.push(ev.input(apiKey, undefined, next(), { page: deploys }));
  }
  if (include.notes) list.push(ev.file(notes, [RELEASE_NOTES_FILE], next(), { page: deploys }));
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

describe('canonical deploy workflow', () => {
  it.each([
    ['default run', {}, {}],
    ['with the optional steps', { purge: true, apiKey: true, notes: true }, { include: ['purge-cache', 'api-key', 'release-notes'] }],
  ])('drafts the expected step texts: %s', (_name, include, options) => {
    const list = recording(include);
    const steps = synthesizeSteps(list, { sopId: 'sop-1' as SopId, newStepId: stepIds() });
    expect(steps.map((s) => s.text)).toEqual(expectedStepTexts(options));
    expect(countSteps(list)).toBe(steps.length);
    const json = JSON.stringify(steps);
    expect(json).not.toContain(FAKE_REGISTRY_TOKEN);
    expect(json).not.toContain(FAKE_API_KEY);
  });

  it('gives every step a screenshot from its first action and the Enter step its own', () => {
    const steps = synthesizeSteps(recording(), { sopId: 'sop-1' as SopId, newStepId: stepIds() });
    const actionSteps = steps.filter((s) => s.kind !== 'open-tab' && s.kind !== 'select');
    expect(actionSteps.every((s) => s.shotId !== undefined)).toBe(true);
    expect(new Set(steps.map((s) => s.shotId).filter(Boolean)).size).toBe(actionSteps.length);
  });

  it('drafts the title from the click that submitted the deploy form', () => {
    expect(draftSopTitle(recording())).toBe('Deploy payments-api — Shipyard');
  });

  it('keeps the recording-clock order', () => {
    const steps = synthesizeSteps(recording(), { sopId: 'sop-1' as SopId, newStepId: stepIds() });
    const times = steps.map((s) => s.t);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });
});

describe('the workflow file mirrors the product', () => {
  const samples = [
    HOSTILE_LABEL,
    CHANGE_TICKET,
    'Shipyard — Deploy payments-api',
    '# h', '  - x', '+', '=', '> q', '1. x', '12) x', '1.5.0', 'Deploy #', 'C# #1',
    'https://a.test www.b.test WWW.c.test mailto:x@y.z xmpp:x javascript:alert(1) 10:30 Note: x a:',
    '_a_ snake_case é_ü __x__ a_ _',
    '&lt; &#60; &#x3c; R&D & ; &amp',
    '![x](y) !x [a] <b> `c` *d* ~e~ |f| $g$ @h \\ \\*',
    'line\nbreak\r\n- item\u2028x',
  ];

  it.each(samples)('escapeMarkdownInline(%j) is the same', (s) => {
    expect(mirroredEscape(s)).toBe(escapeMarkdownInline(s));
  });

  it('escapeMarkdownInline agrees on random Markdown-ish text, and toPlainText agrees with stepTextToPlain', () => {
    const parts = ['\\', '`', '*', '_', '[', ']', '(', ')', '<', '>', '!', '|', '~', '$', '@', '&', '#', ';', ':', '.', '-', '+', '=', ' ', '\n', 'a', 'w', '1', 'é', 'www.', 'http', 'lt'];
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let n = 0; n < 1000; n++) {
      const s = Array.from({ length: 1 + Math.floor(next() * 10) }, () => parts[Math.floor(next() * parts.length)]!).join('');
      const escaped = escapeMarkdownInline(s);
      expect(mirroredEscape(s), JSON.stringify(s)).toBe(escaped);
      expect(toPlainText(`Click **${escaped}**.`), JSON.stringify(s)).toBe(stepTextToPlain(`Click **${escaped}**.`));
    }
  });
});
