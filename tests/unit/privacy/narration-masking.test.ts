import { describe, expect, it } from 'vitest';
import { createNarrationSession } from '../../../lib/narration/session';

describe('narration: a secret said aloud is masked where the transcript is produced', () => {
  it('masks after "my password is" in the live preview and the stored transcript', async () => {
    const previews: string[][] = [];
    const session = createNarrationSession({
      transcribe: async (_pcm, offsetMs) => [
        { startMs: offsetMs, endMs: offsetMs + 2_000, text: 'Log in as dana.' },
        { startMs: offsetMs + 2_000, endMs: offsetMs + 4_000, text: 'My password is hunter2, then open Deploy.' },
      ],
      model: 'fake',
      onUpdate: (segments) => previews.push(segments.map((s) => s.text)),
    });
    session.push(new Float32Array(16_000 * 5));
    const transcript = await session.stop();
    expect(transcript.segments.map((s) => s.text)).toEqual(['Log in as dana.', 'My password is [masked password], then open Deploy.']);
    expect(JSON.stringify(previews)).not.toContain('hunter2');
  });
});
