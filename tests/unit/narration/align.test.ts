import { describe, expect, it } from 'vitest';
import { alignNarration, narrateSteps, stepIndexFor, type AlignableStep } from '../../../lib/narration/align';
import type { TranscriptSegment } from '../../../lib/narration/segments';
import { makeStep, stepId } from '../factories';

const seg = (startMs: number, endMs: number, text = `${startMs}-${endMs}`): TranscriptSegment => ({ startMs, endMs, text });

/** Steps at 10 s, 20 s, 30 s. */
const steps: AlignableStep[] = [
  { id: stepId('a'), t: 10_000 },
  { id: stepId('b'), t: 20_000 },
  { id: stepId('c'), t: 30_000 },
];

describe('stepIndexFor', () => {
  it.each([
    ['before the first step → intro', seg(0, 4_000), -1],
    ['ends just before the first step → intro', seg(5_000, 9_999), -1],
    ['contains the first step', seg(9_000, 11_000), 0],
    ['touches a step at its start', seg(10_000, 12_000), 0],
    ['touches a step at its end', seg(8_000, 10_000), 0],
    ['between two steps → the next one', seg(12_000, 15_000), 1],
    ['spans two steps → the first', seg(19_000, 31_000), 1],
    ['after the last step → the last one', seg(31_000, 35_000), 2],
    ['contains the last step', seg(29_000, 33_000), 2],
  ])('%s', (_name, segment, expected) => {
    expect(stepIndexFor(segment, steps)).toBe(expected);
  });

  it('has only an introduction when there are no steps', () => {
    expect(stepIndexFor(seg(50_000, 60_000), [])).toBe(-1);
  });
});

describe('alignNarration', () => {
  it('joins segments per step in time order, intro apart, steps without speech absent', () => {
    const result = alignNarration(
      [
        seg(12_000, 14_000, 'then open the menu'),
        seg(0, 3_000, 'This shows how to deploy.'),
        seg(15_000, 18_000, 'and choose Deploy.'),
        seg(40_000, 42_000, 'That is all.'),
        seg(4_000, 6_000, 'Start on the dashboard.'),
      ],
      steps,
    );
    expect(result.intro).toBe('This shows how to deploy. Start on the dashboard.');
    expect([...result.byStep]).toEqual([
      [stepId('b'), 'then open the menu and choose Deploy.'],
      [stepId('c'), 'That is all.'],
    ]);
  });

  it('sorts steps by time whatever their order, and ignores blank segments', () => {
    const shuffled = [steps[2]!, steps[0]!, steps[1]!];
    const result = alignNarration([seg(9_000, 10_500, 'Click Save.'), seg(11_000, 12_000, '   ')], shuffled);
    expect(result.intro).toBe('');
    expect([...result.byStep]).toEqual([[stepId('a'), 'Click Save.']]);
  });

  it('takes real Step objects', () => {
    const step = makeStep({ t: 5_000 });
    const result = alignNarration([seg(4_000, 6_000, 'Deploy it.')], [step]);
    expect(result.byStep.get(step.id)).toBe('Deploy it.');
  });

  it('puts everything in the introduction when there are no steps', () => {
    expect(alignNarration([seg(0, 1_000, 'Hello'), seg(2_000, 3_000, 'there')], [])).toEqual({ intro: 'Hello there', byStep: new Map() });
  });
});

describe('narrateSteps', () => {
  const narrated: (AlignableStep & { narration?: string })[] = [
    { ...steps[0]!, narration: 'old a' },
    { ...steps[1]!, narration: 'old b' },
    { ...steps[2]! },
  ];

  it('puts each sentence under its step and keeps the rest by default', () => {
    const out = narrateSteps(narrated, [seg(19_000, 21_000, 'check b'), seg(29_500, 31_000, 'check c')]);
    expect(out.map((s) => s.narration)).toEqual(['old a', 'check b', 'check c']);
    expect(narrateSteps(narrated, [])).toEqual(narrated);
  });

  it('replace: a new transcript clears what nothing was said about, and never mutates the input', () => {
    const out = narrateSteps(narrated, [seg(19_000, 21_000, 'check b')], { replace: true });
    expect(out.map((s) => s.narration)).toEqual([undefined, 'check b', undefined]);
    expect('narration' in out[0]!).toBe(false);
    expect(narrated[0]!.narration).toBe('old a');
    expect(narrateSteps(narrated, [], { replace: true }).every((s) => !('narration' in s))).toBe(true);
  });
});
