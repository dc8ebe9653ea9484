/** Checks the shape of the code base itself: lib/ stays pure, every protocol verb is handled. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERB_SPECS } from '../../lib/messaging/protocol';

const root = join(__dirname, '..', '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

describe('architecture', () => {
  it('keeps chrome.* / browser.* inside lib/platform', () => {
    const offenders = files(join(root, 'lib'))
      .filter((f) => !f.includes(`${join('lib', 'platform')}`))
      .filter((f) => /\b(chrome|browser)\.[a-z]+\.[a-zA-Z]/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f));
    expect(offenders).toEqual([]);
  });

  it.each([
    ['background', 'entrypoints/background.ts'],
    ['offscreen', 'entrypoints/offscreen/main.ts'],
    ['content', 'entrypoints/content.ts'],
  ] as const)('every %s verb has a handler in %s', (receiver, file) => {
    const source = readFileSync(join(root, file), 'utf8');
    const missing = Object.keys(VERB_SPECS[receiver]).filter((verb) => !source.includes(`'${verb}'`));
    expect(missing).toEqual([]);
  });
});
