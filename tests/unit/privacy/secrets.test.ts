import { describe, expect, it } from 'vitest';
import { findSecrets, hasSecret, maskDeep, maskSecrets, shannonEntropy } from '../../../lib/privacy/secrets';

// Built from parts so that secret scanners do not flag this file; none of these is a real credential.
const AWS_ID = 'AKIA' + 'IOSFODNN7EXAMPLE';
const AWS_SESSION_ID = 'ASIA' + 'Y34FZKBOKMUTVV7A';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/' + 'bPxRfiCYEXAMPLEKEY';
const GH = 'ghp_' + 'FAKEtoken1234567890abcdefghijklmnopq';
const GH_PAT = 'github_pat_' + '11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGH';
const GL = 'glpat-' + 'xYz12AbCdEfGhIjKlMnO';
const SLACK = 'xoxb-' + '123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx';
const STRIPE = 'sk_live_' + 'FAKEkey0987654321zyxwvutsrq';
const STRIPE_RK = 'rk_live_' + '51H8abcdefghijklmnop';
const GOOGLE = 'AIza' + 'SyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY';
const JWT = 'eyJhbGciOiJIUzI1NiJ9' + '.eyJzdWIiOiIxMjM0NTY3ODkwIn0' + '.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
const UUID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const SHA = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b';
const PEM = ['-----BEGIN RSA PRIVATE KEY-----', 'MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi', 'Z1BjP5CE/Wm/Rr500P', '-----END RSA PRIVATE KEY-----'].join('\n');

describe('maskSecrets: shaped provider tokens are masked anywhere', () => {
  it.each([
    ['AWS access key id', `key ${AWS_ID} rotated`, 'key [masked AWS key] rotated'],
    ['AWS session key id', `id=${AWS_SESSION_ID}`, 'id=[masked AWS key]'],
    ['GitHub classic token', `Token ${GH} copied`, 'Token [masked GitHub token] copied'],
    ['GitHub fine-grained token', GH_PAT, '[masked GitHub token]'],
    ['GitLab token', `use ${GL} here`, 'use [masked GitLab token] here'],
    ['Slack token', `SLACK=${SLACK}`, 'SLACK=[masked Slack token]'],
    ['Stripe live key', `Stripe: ${STRIPE}.`, 'Stripe: [masked Stripe key].'],
    ['Stripe restricted key', STRIPE_RK, '[masked Stripe key]'],
    ['Google API key', `maps ${GOOGLE}`, 'maps [masked Google API key]'],
    ['JWT', `session ${JWT} end`, 'session [masked JWT] end'],
    ['PEM private key block', `before\n${PEM}\nafter`, 'before\n[masked private key]\nafter'],
  ])('%s', (_, input, expected) => {
    expect(maskSecrets(input)).toBe(expected);
  });

  it('a truncated PEM block is masked to the end of the text', () => {
    expect(maskSecrets(`x ${PEM.split('\n').slice(0, 2).join('\n')}`)).toBe('x [masked private key]');
  });
});

describe('maskSecrets: credentials given by their context', () => {
  it.each([
    ['Bearer header', 'Authorization: Bearer abc123DEF456ghi789', 'Authorization: Bearer [masked token]'],
    ['Basic header', 'authorization: Basic dXNlcjpwYXNzd29yZA==', 'authorization: Basic [masked token]'],
    ['bare Bearer token', 'curl -H "Bearer 8f7e6d5c4b3a2910ffee"', 'curl -H "Bearer [masked token]"'],
    ['URL userinfo', 'postgres://admin:s3cr3t!@db.internal:5432/app', 'postgres://admin:[masked password]@db.internal:5432/app'],
    ['connection string password', 'Server=db;User Id=sa;Password=Pa55w0rd;Database=x', 'Server=db;User Id=sa;Password=[masked secret];Database=x'],
    ['query string token', 'https://ci.example.com/hook?token=abc123xyz&build=42', 'https://ci.example.com/hook?token=[masked secret]&build=42'],
    ['access_token in a fragment', 'https://app/cb#access_token=ya29.a0AfH6SM&expires=3600', 'https://app/cb#access_token=[masked secret]&expires=3600'],
    ['JSON api_key', '{"api_key": "Zx81kLq0Pd"}', '{"api_key": "[masked secret]"}'],
    ['header-style key', 'X-Api-Key: 12345abcdef', 'X-Api-Key: [masked secret]'],
    ['prefixed env var', 'DB_PASSWORD=hunter2', 'DB_PASSWORD=[masked secret]'],
    ['password: value with digits', 'Password: Hunter2', 'Password: [masked secret]'],
  ])('%s', (_, input, expected) => {
    expect(maskSecrets(input)).toBe(expected);
  });

  it('masks a long random string next to a secret word (AWS secret access key)', () => {
    expect(maskSecrets(`aws secret ${AWS_SECRET}`)).toBe('aws secret [masked secret]');
  });

  it('masks a UUID or a commit SHA only when a secret word labels it', () => {
    expect(maskSecrets(`API token ${UUID}`)).toBe('API token [masked secret]');
    expect(maskSecrets(`signing key ${SHA}`)).toBe('signing key [masked secret]');
  });
});

describe('maskSecrets: speech', () => {
  it('masks the word after "my password is"', () => {
    expect(maskSecrets('My password is hunter2, then click save.')).toBe('My password is [masked password], then click save.');
  });

  it('in a transcript, masks the rest of the clause (spoken passwords have spaces)', () => {
    expect(maskSecrets('The password is purple monkey dishwasher. Then press Deploy.', { spoken: true })).toBe(
      'The password is [masked password]. Then press Deploy.',
    );
    expect(maskSecrets('the api key is alpha bravo 7', { spoken: true })).toBe('the api key is [masked secret]');
  });

  it('leaves ordinary sentences about passwords alone', () => {
    for (const s of ['The password is required.', 'Your password is incorrect', 'The token is stored in the vault.', 'The secret is to restart twice.']) {
      expect(maskSecrets(s, { spoken: true })).toBe(s);
    }
  });
});

describe('no false positives on ordinary UI text', () => {
  it.each([
    'Type the registry token into **Registry token**.',
    'Type the API key into **API key**.',
    'Deployment dep-7f3a9c2e1b started for payments-api v1.5.0',
    `Deployment ${UUID} started`,
    `https://console.example.com/deployments/${UUID}/logs`,
    `https://console.example.com/api/keys/${UUID}`,
    `Merged commit ${SHA} into main`,
    'https://github.com/acme/payments-api/commit/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b',
    'Token: expired',
    'Password: must be at least 12 characters',
    'Reset your password',
    'Bearer tokens are sent in the Authorization header.',
    'Authorization: required',
    'Primary key',
    'token_refresh_interval_seconds_2 = 30',
    'Keyboard shortcuts: Ctrl+K opens search',
    'Sort key: name',
    'password=',
    'password=********',
    'https://docs.example.com/keys/rotate-your-credentials-2024',
    'The quick brown fox jumps over the lazy dog; internationalization-localization matters.',
    'Deploying payments-api v1.5.0 to Production',
    'Search payments-api, CHG-2291',
  ])('%s', (text) => {
    expect(maskSecrets(text)).toBe(text);
  });
});

describe('properties', () => {
  const samples = [
    `Authorization: Bearer ${JWT}`,
    `key ${AWS_ID} and aws secret ${AWS_SECRET}`,
    'My password is hunter2.',
    'postgres://a:b1234@h/db?password=xyz99&token=abcdef1',
    `${PEM}\n${GH}`,
    'Password: Hunter2 and api_key=Zx81kLq0Pd',
  ];

  it.each(samples)('is idempotent: %s', (text) => {
    const once = maskSecrets(text);
    expect(maskSecrets(once)).toBe(once);
    expect(maskSecrets(maskSecrets(text, { spoken: true }), { spoken: true })).toBe(maskSecrets(text, { spoken: true }));
  });

  it.each(samples)('leaves no secret findable: %s', (text) => {
    expect(hasSecret(maskSecrets(text))).toBe(false);
  });

  it('reports where and what', () => {
    const text = `a ${GH} b ${STRIPE}`;
    expect(findSecrets(text)).toEqual([
      { start: 2, end: 2 + GH.length, kind: 'GitHub token' },
      { start: 2 + GH.length + 3, end: 2 + GH.length + 3 + STRIPE.length, kind: 'Stripe key' },
    ]);
  });

  it('entropy: a repeated character has none, random base64 has a lot', () => {
    expect(shannonEntropy('aaaaaaaa')).toBe(0);
    expect(shannonEntropy('ab')).toBe(1);
    expect(shannonEntropy(AWS_SECRET)).toBeGreaterThan(4);
  });
});

describe('maskDeep', () => {
  it('masks every string in nested objects and arrays, keeps other values', () => {
    const input = { kind: 'input', value: GH, n: 3, ok: true, target: { name: 'x', selectors: { text: `t ${STRIPE}` } }, list: ['a', `?token=abc123`] };
    expect(maskDeep(input)).toEqual({ kind: 'input', value: '[masked GitHub token]', n: 3, ok: true, target: { name: 'x', selectors: { text: 't [masked Stripe key]' } }, list: ['a', '?token=[masked secret]'] });
  });

  it('returns the same object when nothing was masked', () => {
    const clean = { a: 'hello', b: [1, 'world'], c: { d: 'Deploy' } };
    expect(maskDeep(clean)).toBe(clean);
  });
});
