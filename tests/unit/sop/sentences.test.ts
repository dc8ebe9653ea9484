import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../../lib/sop/sentences';

const seg = (startMs: number, endMs: number, text: string) => ({ startMs, endMs, text });

describe('splitSentences', () => {
  it.each([
    ['one sentence', [seg(0, 1000, 'Open the deploy page.')], ['Open the deploy page.']],
    ['two in one segment', [seg(0, 2000, 'Open the page. Then click Deploy!')], ['Open the page.', 'Then click Deploy!']],
    ['a sentence cut across segments', [seg(0, 500, 'If the health check'), seg(600, 1200, 'fails, roll back.')], ['If the health check fails, roll back.']],
    ['a cut after a comma, next capitalised', [seg(0, 500, 'If it fails,'), seg(600, 1200, 'Roll back.')], ['If it fails, Roll back.']],
    ['no punctuation, new capitalised segment', [seg(0, 500, 'make sure the build is green'), seg(600, 1200, "We're deploying now")], ['make sure the build is green', "We're deploying now"]],
    ['no punctuation, long pause', [seg(0, 500, 'click deploy'), seg(2500, 3000, 'and wait')], ['click deploy', 'and wait']],
    ['versions and hosts keep their dots', [seg(0, 1000, 'Pick v1.5.0 on api.example.com. Done.')], ['Pick v1.5.0 on api.example.com.', 'Done.']],
    ['abbreviations do not end a sentence', [seg(0, 1000, 'Use a ticket, e.g. CHG-2291 or similar.')], ['Use a ticket, e.g. CHG-2291 or similar.']],
    ['a hesitation before a lower-case word continues', [seg(0, 1000, 'So... we click deploy. Next.')], ['So... we click deploy.', 'Next.']],
    ['noise tags are dropped', [seg(0, 500, '[Music]'), seg(600, 1200, 'Click (inaudible) deploy.')], ['Click deploy.']],
    ['speaker marks are dropped', [seg(0, 500, '>> Verify the dashboard.')], ['Verify the dashboard.']],
    ['punctuation-only pieces are dropped', [seg(0, 500, '... .')], []],
    ['segments out of order are sorted', [seg(2000, 2500, 'Second.'), seg(0, 500, 'First.')], ['First.', 'Second.']],
  ])('%s', (_name, segments, expected) => {
    expect(splitSentences(segments).map((s) => s.text)).toEqual(expected);
  });

  it('times each sentence by its place in the segment', () => {
    const [a, b] = splitSentences([seg(1000, 2000, 'Aaaa bbbb. Cccc dddd.')]);
    expect(a).toMatchObject({ startMs: 1000 });
    expect(a!.endMs).toBeGreaterThan(1400);
    expect(b!.startMs).toBeGreaterThan(a!.endMs - 1);
    expect(b!.endMs).toBe(2000);
  });

  it('spans both segments of a joined sentence', () => {
    const [s] = splitSentences([seg(0, 500, 'If the health check'), seg(600, 1200, 'fails, roll back.')]);
    expect(s).toMatchObject({ startMs: 0, endMs: 1200 });
  });

  it('skips segments with unusable times or text', () => {
    const bad = [{ startMs: Number.NaN, endMs: 1, text: 'x.' }, { startMs: 0, endMs: 1, text: undefined as unknown as string }, seg(5, 4, 'Kept.')];
    expect(splitSentences(bad)).toEqual([{ text: 'Kept.', startMs: 5, endMs: 5 }]);
  });
});
