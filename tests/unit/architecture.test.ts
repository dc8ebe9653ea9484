/** Checks the shape of the code base itself: lib/ stays pure, every protocol verb is handled. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKGROUND_SPECS } from '../../lib/messaging/background-specs';
import { CONTENT_SPECS } from '../../lib/messaging/content-specs';
import { OFFSCREEN_SPECS } from '../../lib/messaging/offscreen-specs';

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
    ['background', BACKGROUND_SPECS.verbs, 'entrypoints/background.ts'],
    ['offscreen', OFFSCREEN_SPECS.verbs, 'entrypoints/offscreen/main.ts'],
    ['content', CONTENT_SPECS.verbs, 'entrypoints/content.ts'],
  ] as const)('every %s verb has a handler', (_receiver, verbs, file) => {
    const source = readFileSync(join(root, file), 'utf8');
    const missing = Object.keys(verbs).filter((verb) => !source.includes(`'${verb}'`));
    expect(missing).toEqual([]);
  });

  it('keeps zod out of the content script (it is parsed in every frame of every page)', () => {
    const seen = new Set<string>();
    const queue = ['entrypoints/content.ts'];
    while (queue.length) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const source = readFileSync(join(root, file), 'utf8');
      expect(source, file).not.toMatch(/from 'zod/);
      for (const m of source.matchAll(/^import (?!type )[^;]*? from '(\.[^']+)'/gm)) {
        const base = join(file, '..', m[1]!);
        const candidate = ['.ts', '.tsx', '/index.ts'].map((ext) => relative(root, join(root, base + ext))).find((f) => { try { return statSync(join(root, f)).isFile(); } catch { return false; } });
        if (candidate) queue.push(candidate);
      }
    }
    expect(seen.size).toBeGreaterThan(3);
  });
});
