import { describe, expect, it } from 'vitest';
import { blockingPattern, invalidSitePatterns, isBlockedUrl, parseSiteList, restorePrivacySettings } from '../../../lib/privacy/site-rules';

describe('never-record site patterns', () => {
  it.each([
    ['*.bank.com', 'https://www.bank.com/login', true],
    ['*.bank.com', 'https://bank.com/', true],
    ['*.bank.com', 'https://online.eu.bank.com/x', true],
    ['*.bank.com', 'https://notbank.com/', false],
    ['*.bank.com', 'https://bank.com.evil.example/', false],
    ['bank.com', 'https://bank.com/', true],
    ['bank.com', 'http://bank.com:8080/', true],
    ['bank.com', 'https://www.bank.com/', false],
    ['https://intranet.example.com:8443', 'https://intranet.example.com:8443/hr', true],
    ['https://intranet.example.com:8443', 'https://intranet.example.com/hr', false],
    ['https://intranet.example.com:8443', 'http://intranet.example.com:8443/hr', false],
    ['http://127.0.0.1:4000', 'http://127.0.0.1:4000/services', true],
    ['127.0.0.1', 'http://127.0.0.1:4000/services', true],
    ['BANK.com', 'https://Bank.COM/', true],
    ['bank.com', 'not a url', false],
  ])('%s vs %s → %s', (pattern, url, blocked) => {
    expect(isBlockedUrl(url, [pattern])).toBe(blocked);
  });

  it('names the pattern that blocked', () => {
    expect(blockingPattern('https://a.bank.com/', ['example.org', '*.bank.com'])).toBe('*.bank.com');
    expect(blockingPattern('https://example.com/', ['example.org'])).toBeUndefined();
  });

  it('parses a typed list: one per line or comma separated, trimmed, lower-cased, deduplicated, invalid dropped', () => {
    expect(parseSiteList(' *.Bank.com \n\nhttps://hr.example.com/ , bank.com\n*.bank.com\nnot a host!\nftp://x')).toEqual(['*.bank.com', 'https://hr.example.com', 'bank.com', 'ftp://x']);
    expect(invalidSitePatterns('ok.com\nnot a host!\n*.')).toEqual(['not a host!', '*.']);
  });

  it('restores settings from anything storage held', () => {
    expect(restorePrivacySettings(undefined)).toEqual({ blockedSites: [], pauseOnSensitiveFocus: true });
    expect(restorePrivacySettings({ blockedSites: ['*.bank.com', 42, 'bad host'], pauseOnSensitiveFocus: false })).toEqual({ blockedSites: ['*.bank.com'], pauseOnSensitiveFocus: false });
  });
});
