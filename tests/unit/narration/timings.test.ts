import { describe, expect, it } from 'vitest';
import {
  MAX_TIMED_WINDOWS,
  computeCounters,
  lostAudioNote,
  parseTimings,
  summarizeTimings,
  timingsLine,
  withCheckedTimings,
  type NarrationTimings,
  type WindowTiming,
} from '../../../lib/narration/timings';
import { emptyStats } from '../../../lib/narration/fast-decode';

function makeWindow(over: Partial<WindowTiming> = {}): WindowTiming {
  return { startS: 0, audioS: 30, waitMs: 0, wallMs: 6_000, encoderMs: 1_500, decodeMs: 4_000, tokens: 100, skippedSilent: false, final: false, ...over };
}

function makeTimings(over: Partial<NarrationTimings> = {}): NarrationTimings {
  return {
    modelLoadMs: 9_000,
    dtype: 'q8',
    threads: 1,
    device: 'wasm',
    windows: [makeWindow(), makeWindow({ startS: 28, wallMs: 3_000, encoderMs: 1_000, decodeMs: 1_500, tokens: 50 })],
    pendingAtStopS: 4,
    tailAfterStopMs: 2_500,
    ...over,
  };
}

describe('summarizeTimings', () => {
  it('computes RTF, encoder per window and decoder per token over the windows the model ran on', () => {
    const s = summarizeTimings(makeTimings());
    expect(s.rtf).toBe(0.15); // 9 s of work for 60 s of window audio
    expect(s.rtfFullWindows).toBe(0.15);
    expect(s.encoderMsPerWindow).toBe(1_250);
    expect(s.decodeMsPerToken).toBe(36.7); // 5 500 ms / 150 tokens
    expect(s.tokensPerWindow).toBe(75);
    expect(s).toMatchObject({ windows: 2, transcribed: 2, skippedSilent: 0, transcribedAudioS: 60, transcribeMs: 9_000, modelLoadMs: 9_000, pendingAtStopS: 4, tailAfterStopMs: 2_500 });
  });

  it('leaves silent windows out of the RTF (they cost nothing) but counts them', () => {
    const s = summarizeTimings(makeTimings({ windows: [makeWindow(), makeWindow({ startS: 28, skippedSilent: true, wallMs: 0, encoderMs: 0, decodeMs: 0, tokens: 0 })] }));
    expect(s).toMatchObject({ windows: 2, transcribed: 1, skippedSilent: 1, transcribedAudioS: 30, rtf: 0.2, encoderMsPerWindow: 1_500, decodeMsPerToken: 40 });
  });

  it('keeps the steady state apart from a short tail padded to 30 s', () => {
    // The 3 s tail costs what a full window does: it triples the overall RTF, not the full windows' one.
    const s = summarizeTimings(makeTimings({ windows: [makeWindow(), makeWindow({ startS: 28, audioS: 3, final: true })] }));
    expect(s.rtfFullWindows).toBe(0.2);
    expect(s.rtf).toBe(0.364); // 12 s / 33 s
  });

  it('has no ratios when nothing ran', () => {
    const s = summarizeTimings(makeTimings({ windows: [] }));
    expect(s).toMatchObject({ rtf: null, rtfFullWindows: null, encoderMsPerWindow: null, decodeMsPerToken: null, tokensPerWindow: null, maxWaitMs: 0 });
  });

  it('reports the longest wait for a turn', () => {
    expect(summarizeTimings(makeTimings({ windows: [makeWindow({ waitMs: 40_123.4 }), makeWindow({ waitMs: 10 })] })).maxWaitMs).toBe(40_123);
  });
});

describe('timingsLine', () => {
  it('says how the model ran and what was left at Stop', () => {
    expect(timingsLine(makeTimings())).toBe('q8 on wasm, 1 thread; model loaded in 9.0 s; 2 windows; 0.15× real time; 4 s of audio left at Stop, done 2.5 s after it');
  });

  it('says when the library decoding path ran (the fast path was off)', () => {
    expect(timingsLine(makeTimings({ fastDecode: false }))).toContain('1 thread, library decoding path;');
    expect(timingsLine(makeTimings({ fastDecode: true }))).not.toContain('library');
  });

  it('says when the model fell behind and which windows were silent', () => {
    const line = timingsLine(makeTimings({ threads: 2, windows: [makeWindow({ waitMs: 45_000 }), makeWindow({ skippedSilent: true, wallMs: 0 })] }));
    expect(line).toContain('2 threads');
    expect(line).toContain('2 windows (1 silent, skipped)');
    expect(line).toContain('fell behind by up to 45 s');
  });
});

describe('lost microphone audio', () => {
  it('is said in the support line and, from 2 s on, to the author', () => {
    expect(timingsLine(makeTimings({ lostAudioS: 12.4 }))).toContain('12.4 s of microphone audio lost (the computer was busy)');
    expect(timingsLine(makeTimings({ lostAudioS: 0.3 }))).not.toContain('lost');
    expect(lostAudioNote(makeTimings({ lostAudioS: 12.4 }))).toMatch(/^The computer was too busy to hear about 12 s of your narration/);
    expect(lostAudioNote(makeTimings({ lostAudioS: 170 }))).toContain('about 3 min');
    expect(lostAudioNote(makeTimings({ lostAudioS: 1.9 }))).toBeUndefined();
    expect(lostAudioNote(makeTimings())).toBeUndefined(); // stored before it was measured
    expect(lostAudioNote(undefined)).toBeUndefined();
  });

  it('is checked like every other figure', () => {
    expect(parseTimings(makeTimings({ lostAudioS: 3 }))?.lostAudioS).toBe(3);
    expect(parseTimings({ ...makeTimings(), lostAudioS: -1 })).toBeUndefined();
    expect(parseTimings({ ...makeTimings(), lostAudioS: Number.NaN })).toBeUndefined();
  });
});

describe('parseTimings / withCheckedTimings', () => {
  it('accepts what the worker builds', () => {
    const t = makeTimings();
    expect(parseTimings(t)).toEqual(t);
    expect(parseTimings({ ...t, fastDecode: true })).toEqual({ ...t, fastDecode: true });
    expect(parseTimings(undefined)).toBeUndefined();
  });

  it.each([
    ['a negative duration', { modelLoadMs: -1 }],
    ['a non-finite figure', { tailAfterStopMs: Number.POSITIVE_INFINITY }],
    ['an unknown build', { dtype: 'int3' }],
    ['zero threads', { threads: 0 }],
    ['an unknown device', { device: 'tpu' }],
    ['too many windows', { windows: Array.from({ length: MAX_TIMED_WINDOWS + 1 }, () => makeWindow()) }],
    ['a window with text in it', { windows: [{ ...makeWindow(), tokens: 'hello' }] }],
  ])('refuses %s', (_label, bad) => {
    expect(parseTimings({ ...makeTimings(), ...bad })).toBeUndefined();
  });

  it('drops keys the schema does not know (no text or audio rides along)', () => {
    const parsed = parseTimings({ ...makeTimings(), transcriptText: 'secret words', windows: [{ ...makeWindow(), pcm: [0.1, 0.2] }] });
    expect(parsed).not.toHaveProperty('transcriptText');
    expect(parsed?.windows[0]).not.toHaveProperty('pcm');
  });

  it('keeps the transcript and drops only malformed timings', () => {
    const transcript = { segments: [{ startMs: 0, endMs: 1_000, text: 'hi' }], model: 'm', createdAt: 1, timings: { modelLoadMs: 'slow' } };
    const checked = withCheckedTimings(transcript);
    expect(checked).not.toHaveProperty('timings');
    expect(checked.segments).toEqual(transcript.segments);
    const good = { ...transcript, timings: makeTimings() };
    expect(withCheckedTimings(good).timings).toEqual(makeTimings());
    const none = { segments: [], model: 'm', createdAt: 1 };
    expect(withCheckedTimings(none)).toBe(none);
  });
});

describe('computeCounters', () => {
  it('adds the first and cached decoder steps', () => {
    const stats = { ...emptyStats(), encoderRuns: 2, encoderMs: 3_000, firstSteps: 2, firstStepMs: 200, cachedSteps: 198, cachedStepMs: 5_000 };
    expect(computeCounters(stats)).toEqual({ encoderMs: 3_000, decodeMs: 5_200, tokens: 200 });
    expect(computeCounters(undefined)).toEqual({ encoderMs: 0, decodeMs: 0, tokens: 0 });
  });
});
