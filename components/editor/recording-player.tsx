/** Plays the recording of an SOP from a step's moment: the video is rebuilt from its stored chunks. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { listChunks } from '../../lib/db/recording-store';
import type { SessionId } from '../../lib/model';

export function RecordingPlayer({ sessionId, atMs, onClose }: { sessionId: SessionId; atMs: number; onClose(): void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [url, setUrl] = useState<string>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let objectUrl: string | undefined;
    let alive = true;
    void (async () => {
      const chunks = await listChunks(sessionId);
      if (!alive) return;
      if (chunks.length === 0) return setError('No video was recorded for this procedure.');
      objectUrl = URL.createObjectURL(new Blob(chunks.map((c) => c.blob), { type: chunks[0]!.blob.type || 'video/webm' }));
      setUrl(objectUrl);
    })().catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    return () => {
      alive = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [sessionId]);

  useEffect(() => {
    const v = video.current;
    if (!v || !url) return;
    // MediaRecorder's WebM has no duration or cues; seeking still works on a local blob once metadata is in.
    const seek = () => {
      v.currentTime = Math.max(0, atMs / 1000 - 0.5);
      void v.play().catch(() => undefined);
    };
    if (v.readyState >= 1) seek();
    else v.addEventListener('loadedmetadata', seek, { once: true });
  }, [url, atMs]);

  return (
    <div class="player" role="dialog" aria-label="Recording">
      {error ? <p class="error">{error}</p> : url ? <video ref={video} src={url} controls muted={false} data-testid="recording-video" /> : <p class="note">Loading video…</p>}
      <button class="btn btn--small" onClick={onClose}>
        Close video
      </button>
    </div>
  );
}
