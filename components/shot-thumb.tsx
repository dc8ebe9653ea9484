/**
 * A step's screenshot as the export will show it: the crop applied (the image shifted inside a frame of the
 * crop's proportions), blur boxes as frosted overlays, the highlight drawn on top. The stored image is never
 * altered; only exports pixelate the blur boxes for good.
 */
import { useEffect, useState } from 'preact/hooks';
import { getShot } from '../lib/db/recording-store';
import { percentRect, shotLayout } from '../lib/export/shot-geometry';
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
  const { source, size, blur, highlight } = shotLayout(step, shot);
  const cropped = source.width !== shot.width || source.height !== shot.height;
  const overlays = (
    <>
      {blur.map((b, k) => (
        <span
          key={k}
          data-testid="blur-box"
          aria-hidden="true"
          style={{ position: 'absolute', ...percentRect(b, size), background: 'rgb(148 163 184 / 0.6)', backdropFilter: 'blur(8px)', pointerEvents: 'none' }}
        />
      ))}
      {highlight && <span class="thumb__highlight" data-testid="highlight" style={percentRect(highlight, size)} />}
    </>
  );
  const alt = `Screenshot of step ${stepNumber}${cropped ? ' (cropped)' : ''}`;
  return (
    <figure class="thumb" data-shot-id={shot.id}>
      {cropped ? (
        <div style={{ position: 'relative', overflow: 'hidden', aspectRatio: `${size.width} / ${size.height}` }}>
          <img
            src={url}
            alt={alt}
            width={shot.width}
            height={shot.height}
            style={{
              position: 'absolute',
              maxWidth: 'none',
              width: `${(shot.width / size.width) * 100}%`,
              height: 'auto',
              left: `${(-source.x / size.width) * 100}%`,
              top: `${(-source.y / size.height) * 100}%`,
            }}
          />
          {overlays}
        </div>
      ) : (
        <>
          <img src={url} alt={alt} width={shot.width} height={shot.height} />
          {overlays}
        </>
      )}
    </figure>
  );
}
