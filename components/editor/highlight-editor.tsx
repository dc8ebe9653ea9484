/**
 * A step's screenshot with its highlight, which the author can drag to move and resize by its corner (or
 * with the arrow keys: Shift resizes). The stored image is never altered; only the box is.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { getShot } from '../../lib/db/recording-store';
import { highlightInImage } from '../../lib/export/highlight';
import type { Box, Highlight, Shot, Step } from '../../lib/model';

interface Props {
  step: Step;
  stepNumber: number;
  onChange(highlight: Highlight): void;
}

const clampBox = (b: Box, vw: number, vh: number): Box => {
  const width = Math.max(8, Math.min(b.width, vw));
  const height = Math.max(8, Math.min(b.height, vh));
  return { x: Math.max(0, Math.min(b.x, vw - width)), y: Math.max(0, Math.min(b.y, vh - height)), width, height };
};

export function HighlightEditor({ step, stepNumber, onChange }: Props) {
  const [shot, setShot] = useState<Shot | null>();
  const [url, setUrl] = useState<string>();
  const frame = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let alive = true;
    let objectUrl: string | undefined;
    setShot(undefined);
    if (!step.shotId) return setShot(null);
    void getShot(step.shotId).then((s) => {
      if (!alive) return;
      setShot(s ?? null);
      if (s) setUrl((objectUrl = URL.createObjectURL(s.blob)));
    });
    return () => {
      alive = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [step.shotId]);

  if (shot === undefined) return <div class="shot shot--loading" aria-hidden="true" />;
  if (shot === null || !url) return <p class="note">No screenshot for this step.</p>;

  const viewport = step.highlight?.viewport ?? shot.viewport ?? { width: shot.width, height: shot.height };
  const highlight: Highlight = step.highlight ?? {
    box: { x: viewport.width * 0.4, y: viewport.height * 0.4, width: viewport.width * 0.2, height: viewport.height * 0.1 },
    viewport,
  };
  const drawn = highlightInImage(highlight.box, highlight.viewport, shot, 0);
  const pct = (v: number, of: number) => `${(v / of) * 100}%`;

  /** Pointer deltas on the displayed image → CSS px of the recorded viewport. */
  function drag(e: PointerEvent, mode: 'move' | 'resize') {
    const el = frame.current;
    if (!el) return;
    e.preventDefault();
    const scale = highlight.viewport.width / el.getBoundingClientRect().width;
    const start = { x: e.clientX, y: e.clientY, box: highlight.box };
    const target = e.currentTarget as HTMLElement;
    target.setPointerCapture(e.pointerId);
    const move = (ev: PointerEvent) => {
      const dx = (ev.clientX - start.x) * scale;
      const dy = (ev.clientY - start.y) * scale;
      const b = start.box;
      const next = mode === 'move' ? { ...b, x: b.x + dx, y: b.y + dy } : { ...b, width: b.width + dx, height: b.height + dy };
      onChange({ viewport: highlight.viewport, box: clampBox(next, highlight.viewport.width, highlight.viewport.height) });
    };
    const up = () => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', up);
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', up);
  }

  function nudge(e: KeyboardEvent) {
    const d = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[e.key];
    if (!d || e.altKey) return;
    e.preventDefault();
    const step10 = e.ctrlKey || e.metaKey ? 10 : 2;
    const [dx, dy] = [d[0]! * step10, d[1]! * step10];
    const b = highlight.box;
    const next = e.shiftKey ? { ...b, width: b.width + dx, height: b.height + dy } : { ...b, x: b.x + dx, y: b.y + dy };
    onChange({ viewport: highlight.viewport, box: clampBox(next, highlight.viewport.width, highlight.viewport.height) });
  }

  return (
    <div class="shot" ref={frame}>
      <img src={url} alt={`Screenshot of step ${stepNumber}`} width={shot.width} height={shot.height} draggable={false} />
      {drawn && (
        <div
          class={`shot__highlight${step.highlight ? '' : ' shot__highlight--none'}`}
          role="slider"
          tabIndex={0}
          aria-label={`Highlight of step ${stepNumber}: drag or use arrow keys to move, Shift+arrows to resize`}
          aria-valuetext={`x ${Math.round(highlight.box.x)}, y ${Math.round(highlight.box.y)}, ${Math.round(highlight.box.width)} by ${Math.round(highlight.box.height)}`}
          data-testid="highlight"
          style={{ left: pct(drawn.x, shot.width), top: pct(drawn.y, shot.height), width: pct(drawn.width, shot.width), height: pct(drawn.height, shot.height) }}
          onPointerDown={(e) => drag(e, 'move')}
          onKeyDown={nudge}
        >
          <span class="shot__handle" aria-hidden="true" onPointerDown={(e) => { e.stopPropagation(); drag(e, 'resize'); }} />
        </div>
      )}
    </div>
  );
}
