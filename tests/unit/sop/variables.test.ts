import { beforeEach, describe, expect, it } from 'vitest';
import { escapeMarkdownInline } from '../../../lib/text/markdown';
import { applyVariables, detectValues, detectVariables, fillVariables, placeholdersIn, type VariableKind } from '../../../lib/sop/variables';
import { makeStep, resetFactories, stepId } from '../factories';

beforeEach(() => resetFactories());

describe('detectValues', () => {
  it.each<[string, VariableKind, string, string]>([
    ['Select v1.5.0 in Version.', 'version', 'v1.5.0', 'version'],
    ['Tag 1.4.2-rc1 is out', 'version', '1.4.2-rc1', 'version'],
    ['image payments-api:2.0.0+build.7', 'version', '2.0.0+build.7', 'version'],
    ['release-3.1.0 notes', 'version', '3.1.0', 'version'],
    ['the v2.3 branch', 'version', 'v2.3', 'version'],
    ['Type "CHG-2291" into Change ticket.', 'ticket', 'CHG-2291', 'change_ticket'],
    ['Fixes ABC-123.', 'ticket', 'ABC-123', 'ticket'],
    ['See INC0012345', 'ticket', 'INC0012345', 'incident'],
    ['Change CHG0034567 approved', 'ticket', 'CHG0034567', 'change_ticket'],
    ['Deploy to us-east-1 first', 'region', 'us-east-1', 'region'],
    ['https://eu-west-1.console.aws.amazon.com/ecs', 'region', 'eu-west-1', 'region'],
    ['GKE cluster in europe-west1', 'region', 'europe-west1', 'region'],
    ['Azure westeurope', 'region', 'westeurope', 'region'],
    ['https://k8s.example.com/#/pods?ns=payments-prod', 'namespace', 'payments-prod', 'namespace'],
    ['/api/v1/namespaces/payments/pods', 'namespace', 'payments', 'namespace'],
    ['kubectl rollout restart deploy/api --namespace payments', 'namespace', 'payments', 'namespace'],
    ['https://shipyard.example.com/services', 'host', 'shipyard.example.com', 'host'],
    ['http://127.0.0.1:4173/services', 'host', '127.0.0.1:4173', 'host'],
    ['ssh to db-1.internal.example.org now', 'host', 'db-1.internal.example.org', 'host'],
    ['ping 10.0.0.12', 'host', '10.0.0.12', 'host'],
  ])('%j has a %s %j (%s)', (text, kind, value, name) => {
    expect(detectValues(text)).toContainEqual(expect.objectContaining({ kind, value, name }));
  });

  it.each([
    ['a date', 'Released on 2026-01-05'],
    ['a dotted date', 'Released 2026.01.05'],
    ['a plain number', 'Wait 42 seconds, then 1.5 more'],
    ['"v1" in a word', 'Use the kv1 store and dev1.2.3 is a name'],
    ['a bare v1', 'API v1 is deprecated'],
    ['standards names', 'UTF-8, ISO-9001, SHA-256, RFC-7231 and CVE-2021-44228'],
    ['file names', 'Upload release-notes.md and build.tar.gz'],
    ['abbreviations', 'Use a ticket, e.g. the change, i.e. this one'],
    ['an email address', 'Mail ops@example.com'],
    ['an availability zone is not a region', 'zone us-east-1a'],
    ['a service name', 'Deploy payments-api'],
    ['a capitalised product name', 'Built with ASP.NET and Node.js'],
  ])('finds nothing in %s', (_name, text) => {
    expect(detectValues(text)).toEqual([]);
  });
});

describe('detectVariables', () => {
  it('names one variable per distinct value, with where it occurs', () => {
    const steps = [
      makeStep({ id: stepId('a'), text: 'Select **v1.5.0** in **Version**.', value: 'v1.5.0', page: { url: 'https://shipyard.example.com/deploy', title: 'Deploy' } }),
      makeStep({ id: stepId('b'), text: 'Type "CHG-2291" into **Change ticket**.', value: 'CHG-2291', page: { url: 'https://shipyard.example.com/deploy', title: 'Deploy' } }),
      makeStep({ id: stepId('c'), text: 'Type "v1.4.2" into **Rollback to**.', value: 'v1.4.2', page: { url: 'https://shipyard.example.com/deploy', title: 'Deploy' } }),
    ];
    const vars = detectVariables(steps);
    expect(vars.map((v) => [v.name, v.example])).toEqual([
      ['version', 'v1.5.0'],
      ['host', 'shipyard.example.com'],
      ['change_ticket', 'CHG-2291'],
      ['version_2', 'v1.4.2'],
    ]);
    expect(vars[0]!.occurrences).toEqual([
      { stepId: 'a', field: 'text' },
      { stepId: 'a', field: 'value' },
    ]);
    expect(vars[1]!.occurrences.map((o) => o.stepId)).toEqual(['a', 'b', 'c']);
    expect(vars[1]!.description).toBe('Host');
  });

  it('tells several hosts apart by their first label', () => {
    const steps = [
      makeStep({ page: { url: 'https://shipyard.example.com/', title: 'Shipyard' } }),
      makeStep({ page: { url: 'https://grafana.example.com/d/1', title: 'Grafana' } }),
      makeStep({ page: { url: 'http://10.0.0.5:3000/', title: 'Raw' } }),
    ];
    expect(detectVariables(steps).map((v) => v.name)).toEqual(['shipyard_host', 'grafana_host', 'host']);
  });

  it('skips non-web pages', () => {
    expect(detectVariables([makeStep({ page: { url: 'chrome-extension://abc/editor.html', title: 'Editor' } })])).toEqual([]);
  });
});

describe('applyVariables', () => {
  const vars = [
    { name: 'version', example: 'v1.5.0' },
    { name: 'change_ticket', example: 'CHG-2291' },
    { name: 'host', example: 'shipyard.example.com' },
    { name: 'region', example: 'eu-west-1' },
    { name: 'aws_host', example: 'eu-west-1.console.aws.amazon.com' },
  ];

  it.each([
    ['Select **v1.5.0** in **Version**.', 'Select **{{version}}** in **Version**.'],
    ['Type "CHG-2291" into **Change ticket**.', 'Type "{{change_ticket}}" into **Change ticket**.'],
    ['Open https://shipyard.example.com/deploy', 'Open https://{{host}}/deploy'],
    ['End of sentence: v1.5.0.', 'End of sentence: {{version}}.'],
    ['Not inside words: xCHG-2291, CHG-22910, CHG-2291x, v1.5.0.1, av1.5.0', 'Not inside words: xCHG-2291, CHG-22910, CHG-2291x, v1.5.0.1, av1.5.0'],
    ['Longer values first: eu-west-1.console.aws.amazon.com in eu-west-1', 'Longer values first: {{aws_host}} in {{region}}'],
    ['Twice: v1.5.0 and v1.5.0', 'Twice: {{version}} and {{version}}'],
    ['Placeholders stay: {{version}}', 'Placeholders stay: {{version}}'],
  ])('%j', (text, expected) => {
    expect(applyVariables(text, vars)).toBe(expected);
  });

  it('matches the escaped spelling in step-text markup', () => {
    const text = `Type "${escapeMarkdownInline('<team>_a_')}" into **Namespace**.`;
    expect(text).toBe('Type "\\<team\\>\\_a\\_" into **Namespace**.');
    expect(applyVariables(text, [{ name: 'namespace', example: '<team>_a_' }])).toBe('Type "{{namespace}}" into **Namespace**.');
  });

  it('does not rewrite a placeholder whose name is also a value', () => {
    expect(applyVariables('{{host}} and host', [{ name: 'host', example: 'host' }])).toBe('{{host}} and {{host}}');
  });

  it('ignores empty examples', () => {
    expect(applyVariables('text', [{ name: 'x', example: '' }])).toBe('text');
  });
});

describe('fillVariables', () => {
  it.each([
    ['Select **{{version}}**.', { version: 'v1.6.0' }, {}, 'Select **v1.6.0**.'],
    ['Unknown {{other}} stays.', { version: 'x' }, {}, 'Unknown {{other}} stays.'],
    ['Escaped: {{ticket}}', { ticket: '**bold** <b>' }, {}, 'Escaped: \\*\\*bold\\*\\* \\<b\\>'],
    ['Plain: {{ticket}}', { ticket: '**bold**' }, { markup: false }, 'Plain: **bold**'],
    ['No prototype: {{constructor}}', {}, {}, 'No prototype: {{constructor}}'],
  ])('%j', (text, values, opts, expected) => {
    expect(fillVariables(text, values, opts)).toBe(expected);
  });

  it('undoes applyVariables with the examples', () => {
    const vars = [
      { name: 'version', example: 'v1.5.0' },
      { name: 'namespace', example: '<team>_a_' },
    ];
    const text = 'Select **v1.5.0** in **\\<team\\>\\_a\\_**.';
    const values = Object.fromEntries(vars.map((v) => [v.name, v.example]));
    expect(fillVariables(applyVariables(text, vars), values)).toBe(text);
  });
});

describe('placeholdersIn', () => {
  it('lists names in order of first use', () => {
    expect(placeholdersIn('{{b}} {{a}} {{b}} {{Not}} {{x y}}')).toEqual(['b', 'a']);
  });
});
