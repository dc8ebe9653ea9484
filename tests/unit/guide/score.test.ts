import { describe, expect, it } from 'vitest';
import { rank, scoreCandidate, textSimilarity, type Described } from '../../../lib/guide/score';

const base: Described = { tag: 'button', role: 'button', name: 'Deploy now', text: 'Deploy now', ancestors: ['div.dialog', 'div.actions'] };

describe('textSimilarity', () => {
  it.each([
    ['Deploy', 'deploy ', 1],
    ['Deploy now', '', 0],
  ])('%s ~ %s = %s', (a, b, want) => expect(textSimilarity(a, b)).toBe(want));

  it('a rename that keeps a word scores between 0 and 1, above an unrelated word', () => {
    const renamed = textSimilarity('Deploy now', 'Deploy release');
    expect(renamed).toBeGreaterThan(0.3);
    expect(renamed).toBeLessThan(1);
    expect(textSimilarity('Deploy now', 'Cancel')).toBeLessThan(renamed);
  });
});

describe('scoreCandidate', () => {
  it('is 1 for the same description', () => {
    expect(scoreCandidate(base, base).score).toBe(1);
  });

  it('leaves out what the recording lacks', () => {
    const { parts } = scoreCandidate({ ...base, text: undefined }, { ...base, text: 'anything' });
    expect(parts.text).toBeUndefined();
  });

  it('a different kind of control with the same name loses to the same control renamed', () => {
    const otherRole = scoreCandidate(base, { ...base, role: 'link', tag: 'a' }).score;
    const renamed = scoreCandidate(base, { ...base, name: 'Deploy release', text: 'Deploy release' }).score;
    expect(otherRole).toBeLessThan(renamed);
  });
});

describe('rank', () => {
  const c = (item: string, score: number) => ({ item, scored: { score, parts: {} } });
  it.each([
    ['clear winner', [c('a', 0.9), c('b', 0.5)], { verdict: 'match', best: 'a', score: 0.9, margin: 0.4, runnerUp: 0.5 }],
    ['only one candidate', [c('a', 0.7)], { verdict: 'match', best: 'a', score: 0.7, margin: 0.7 }],
    ['below the floor', [c('a', 0.59), c('b', 0.1)], { verdict: 'weak', score: 0.59 }],
    ['within the margin', [c('a', 0.9), c('b', 0.8), c('c', 0.2)], { verdict: 'ambiguous', score: 0.9, runnerUp: 0.8, tied: 2 }],
    ['nothing', [], { verdict: 'none' }],
  ] as const)('%s', (_t, candidates, want) => {
    expect(rank([...candidates])).toEqual(want);
  });
});
