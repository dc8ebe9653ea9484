import { beforeEach, describe, expect, it } from 'vitest';
import type { RoleId } from '../../../lib/sop/document';
import { appName, draftRoles, laneOf } from '../../../lib/sop/roles';
import { makeStep, resetFactories } from '../factories';
import { pages } from './deploy-recording';

beforeEach(() => resetFactories());

describe('appName', () => {
  it.each([
    ['the segment the host spells', 'shipyard.example.com', ['Services — Shipyard Console', 'Shipyard'], 'Shipyard'],
    ['the spelled segment nearest the domain', 'payments-api.shipyard.example', ['payments-api — Shipyard'], 'Shipyard'],
    ['the segment most titles share', '127.0.0.1:4173', ['Shipyard — Services', 'Shipyard — payments-api', 'Runbook — payments-api', 'Shipyard — Deploy'], 'Shipyard'],
    ['the host when one title says nothing shared', 'grafana.internal:3000', ['Dashboards - Home'], 'grafana.internal:3000'],
    ['the host when there are no titles', '10.0.0.1', [], '10.0.0.1'],
    ['a GitHub-style title', 'github.com', ['Pull requests · acme/api', 'acme/api: The API · GitHub'], 'GitHub'],
  ])('%s', (_name, host, titles, expected) => {
    expect(appName(host, titles)).toBe(expected);
  });
});

describe('draftRoles', () => {
  it('has the Operator and one system per app, hosts merged by name', () => {
    const roles = draftRoles([
      pages.services,
      pages.service,
      { url: 'https://grafana.example.com/d/1', title: 'Payments — Grafana' },
      { url: 'https://grafana.example.com/d/2', title: 'Latency — Grafana' },
      { url: 'https://grafana-eu.example.com/d/2', title: 'Latency — Grafana' },
      { url: 'about:blank', title: '' },
      { url: 'chrome-extension://x/editor.html', title: 'Editor' },
    ]);
    expect(roles).toEqual([
      { id: 'operator', name: 'Operator', kind: 'person' },
      { id: 'app-shipyard', name: 'Shipyard', kind: 'system', hosts: ['127.0.0.1:4173'] },
      { id: 'app-grafana', name: 'Grafana', kind: 'system', hosts: ['grafana.example.com', 'grafana-eu.example.com'] },
    ]);
  });

  it('has only the Operator for a recording with no web pages', () => {
    expect(draftRoles([])).toEqual([{ id: 'operator', name: 'Operator', kind: 'person' }]);
  });
});

describe('laneOf', () => {
  const roles = draftRoles([pages.services, pages.service, { url: 'https://grafana.example.com/', title: 'Home — Grafana' }, { url: 'https://grafana.example.com/x', title: 'X — Grafana' }]);
  it.each([
    ['its own role', { url: 'https://grafana.example.com/', title: '' }, 'operator', 'operator'],
    ['the system of its host', { url: 'https://grafana.example.com/', title: '' }, undefined, 'app-grafana'],
    ['the system of its host when its own role is gone', pages.service, 'gone', 'app-shipyard'],
    ['the person for an unknown host', { url: 'https://other.test/', title: '' }, undefined, 'operator'],
  ])('%s', (_name, page, roleId, expected) => {
    expect(laneOf(makeStep({ page }), roles, roleId as RoleId | undefined)?.id).toBe(expected);
  });

  it('is undefined without roles', () => {
    expect(laneOf(makeStep(), [])).toBeUndefined();
  });
});
