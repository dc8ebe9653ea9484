/** A step's screenshot with its highlight drawn as an overlay (the stored image is never altered). */
import { useEffect, useState } from 'preact/hooks';
import { getShot } from '../lib/db/recording-store';
import { highlightInImage } from '../lib/export/highlight';
import type { Shot, Step } from '../lib/model';

export function ShotThumb({ step, stepNumber }: { step: Step; stepNumber: number }) {
  const [shot, setShot] = useState<Shot | null | undefined>(undefined);
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    let alive = true;
    let objectUrl: string | undefined;
    if (!step.shotId) {
      setShot(null);
      return;
    }
    void getShot(step.shotId).then((s) => {
      if (!alive) return;
      setShot(s ?? null);
      if (s) {
        objectUrl = URL.createObjectURL(s.blob);
        setUrl(objectUrl);
      }
    });
    return () => {
      alive = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [step.shotId]);

  if (shot === undefined) return <div class="thumb thumb--loading" aria-hidden="true" />;
  if (shot === null || !url) return <div class="thumb thumb--none">No screenshot</div>;
  const box = step.highlight ? highlightInImage(step.highlight.box, step.highlight.viewport, shot) : null;
  const pct = (v: number, of: number) => `${(v / of) * 100}%`;
  return (
    <figure class="thumb" data-shot-id={shot.id}>
      <img src={url} alt={`Screenshot of step ${stepNumber}`} width={shot.width} height={shot.height} />
      {box && (
        <span
          class="thumb__highlight"
          data-testid="highlight"
          style={{ left: pct(box.x, shot.width), top: pct(box.y, shot.height), width: pct(box.width, shot.width), height: pct(box.height, shot.height) }}
        />
      )}
    </figure>
  );
}
