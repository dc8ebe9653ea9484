import { describe, expect, it, vi } from 'vitest';
import type { TranscriptSegment } from '../../../lib/narration/segments';
import { createNarrationSession, type TranscribeWindow } from '../../../lib/narration/session';

const SR = 16_000;

/** A fake model: one segment per 5 s of audio it is given, text naming the absolute second. */
const fakeTranscribe: TranscribeWindow = async (pcm, offsetMs) => {
  const out: TranscriptSegment[] = [];
  for (let start = 0; start + 5_000 <= (pcm.length / SR) * 1000; start += 5_000) {
    out.push({ startMs: offsetMs + start + 500, endMs: offsetMs + start + 4_500, text: `at ${(offsetMs + start) / 1000}` });
  }
  return out;
};

function push(session: ReturnType<typeof createNarrationSession>, seconds: number, chunk = 4_096): void {
  const total = seconds * SR;
  for (let at = 0; at < total; at += chunk) session.push(new Float32Array(Math.min(chunk, total - at)));
}

describe('createNarrationSession', () => {
  it('transcribes full windows during the recording and only the tail at Stop', async () => {
    const transcribe = vi.fn(fakeTranscribe);
    const updates: number[] = [];
    const session = createNarrationSession({ transcribe, model: 'fake', onUpdate: (_s, n) => updates.push(n), now: () => 1_234 });
    push(session, 65);
    await vi.waitFor(() => expect(session.windowsDone).toBe(2));
    expect(transcribe.mock.calls.map(([pcm, offset]) => [offset, pcm.length / SR])).toEqual([[0, 30], [28_000, 30]]);

    const transcript = await session.stop();
    expect(transcribe).toHaveBeenCalledTimes(3);
    expect(transcribe.mock.calls[2]!.slice(1)).toEqual([56_000]);
    expect(updates).toEqual([1, 2, 3]);
    expect(transcript.model).toBe('fake');
    expect(transcript.createdAt).toBe(1_234);
    expect(transcript).not.toHaveProperty('language');
    // Window 0: 0,5,…,25; window 1 (28 s): 28…53, the overlap's 28 s segment falls to window 1's side of
    // the 29 s cut only if centred past it (30.5 s: yes); 25 s (centre 27.5 s) stays with window 0.
    expect(transcript.segments.map((s) => s.text)).toEqual([
      'at 0', 'at 5', 'at 10', 'at 15', 'at 20', 'at 25',
      'at 28', 'at 33', 'at 38', 'at 43', 'at 48', 'at 53',
      'at 56', // the 9 s tail holds one 5 s stretch
    ]);
  });

  it('records the language and passes recording-clock offsets when narration starts late', async () => {
    const transcribe = vi.fn(fakeTranscribe);
    const session = createNarrationSession({ transcribe, model: 'm', language: 'fr', startMs: 12_000 });
    push(session, 10);
    const transcript = await session.stop();
    expect(transcribe.mock.calls[0]![1]).toBe(12_000);
    expect(transcript.language).toBe('fr');
    expect(transcript.segments.map((s) => s.startMs)).toEqual([12_500, 17_500]);
  });

  it('reports a failed window at Stop and skips the windows after it', async () => {
    const transcribe = vi.fn<TranscribeWindow>().mockRejectedValueOnce(new Error('model crashed')).mockResolvedValue([]);
    const session = createNarrationSession({ transcribe, model: 'm' });
    push(session, 65);
    await expect(session.stop()).rejects.toThrow('model crashed');
    expect(transcribe).toHaveBeenCalledTimes(1);
  });

  it('gives an empty transcript for a recording without audio', async () => {
    const transcribe = vi.fn(fakeTranscribe);
    const transcript = await createNarrationSession({ transcribe, model: 'm' }).stop();
    expect(transcript.segments).toEqual([]);
    expect(transcribe).not.toHaveBeenCalled();
  });
});
