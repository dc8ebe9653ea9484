/**
 * A step's screenshot with its edits: the highlight, blur boxes and the crop. Each is a focusable slider the
 * author drags to move and resizes by its corner (or moves with the arrow keys; Shift resizes, Ctrl/Cmd by
 * 10 px). The stored image is never altered: blur boxes show as frosted overlays here and are pixelated only
 * in exports; the crop shows as the full image with the cut-away part dimmed, so it can still be widened.
 * Without `onStepPatch` only the highlight is editable.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { getShot } from '../../lib/db/recording-store';
import { blurBoxAdded, blurBoxChanged, blurBoxRemoved, cropCleared, cropSet, type ShotPatch } from '../../lib/editor/step-ops';
import { boxInImage, clampBox, highlightReference, percentRect, shotReference } from '../../lib/export/shot-geometry';
import type { Box, Highlight, Shot, Size, Step } from '../../lib/model';
import { cssScale, type FrameOfReference } from '../../lib/screenshot/geometry';

interface Props {
  step: Step;
  stepNumber: number;
  onChange(highlight: Highlight): void;
  /** Screenshot edits (highlight, blur boxes, crop) as one patch for updateStep; absent hides blur and crop. */
  onStepPatch?(patch: ShotPatch): void;
}

const BLUR_COLOR = '#0ea5e9';
/** A frosted pane: the region reads as hidden here; exports pixelate it for good. */
const BLUR_LOOK: JSX.CSSProperties = { border: `2px dashed ${BLUR_COLOR}`, background: 'rgb(148 163 184 / 0.35)', backdropFilter: 'blur(6px)', borderRadius: '3px' };
const rounded = (b: Box): Box => ({ x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) });
const valueText = (b: Box) => `x ${Math.round(b.x)}, y ${Math.round(b.y)}, ${Math.round(b.width)} by ${Math.round(b.height)}`;

export function HighlightEditor({ step, stepNumber, onChange, onStepPatch }: Props) {
  const [shot, setShot] = useState<Shot | null>();
  const [url, setUrl] = useState<string>();
  const [cropping, setCropping] = useState(false);
  const [focusBlur, setFocusBlur] = useState<number>();
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

  // Focus a blur box the author just added, once it is rendered.
  useEffect(() => {
    if (focusBlur === undefined) return;
    const added = frame.current?.querySelectorAll<HTMLElement>('[data-testid="blur-box"]')[focusBlur];
    if (!added) return;
    added.focus();
    setFocusBlur(undefined);
  }, [focusBlur, step.blurBoxes]);

  if (shot === undefined) return <div class="shot shot--loading" aria-hidden="true" />;
  if (shot === null || !url) return <p class="note" data-testid="shot-note">{step.shotNote ?? 'No screenshot for this step.'}</p>;

  const viewport = step.highlight?.viewport ?? shot.viewport ?? { width: shot.width, height: shot.height };
  const highlight: Highlight = step.highlight ?? {
    box: { x: viewport.width * 0.4, y: viewport.height * 0.4, width: viewport.width * 0.2, height: viewport.height * 0.1 },
    viewport,
  };
  // Blur boxes and the crop live in the shot's viewport (the same as the highlight's in practice); both map
  // onto the image through the shot's geometry (zoom, letterboxing).
  const shotRef = shotReference(shot, step);
  const frameOfRef = shotRef.viewport;
  const blurBoxes = step.blurBoxes ?? [];
  const editShots = onStepPatch !== undefined;

  function addBlurBox() {
    const { width: vw, height: vh } = frameOfRef;
    const box = rounded(clampBox({ x: vw * 0.4, y: vh * 0.45, width: vw * 0.2, height: vh * 0.1 }, frameOfRef));
    onStepPatch?.(blurBoxAdded(step, box));
    setFocusBlur(blurBoxes.length);
  }

  function toggleCrop() {
    if (!cropping && !step.crop) {
      const { width: vw, height: vh } = frameOfRef;
      onStepPatch?.(cropSet(rounded({ x: vw * 0.1, y: vh * 0.1, width: vw * 0.8, height: vh * 0.8 })));
    }
    setCropping(!cropping);
  }

  return (
    <div class="shot-editor">
      {step.shotNote && (
        <p class="note" data-testid="shot-note">
          {step.shotNote}
        </p>
      )}
      <div class="shot" ref={frame}>
        <img src={url} alt={`Screenshot of step ${stepNumber}`} width={shot.width} height={shot.height} draggable={false} />
        {step.crop && !cropping && <CropShade crop={step.crop} frameRef={shotRef} image={shot} />}
        {!editShots && blurBoxes.map((b, k) => <BlurShade key={k} box={b} frameRef={shotRef} image={shot} />)}
        {editShots &&
          blurBoxes.map((b, k) => (
            <BoxSlider
              key={k}
              box={b}
              frameRef={shotRef}
              image={shot}
              frame={frame}
              testId="blur-box"
              label={`Blur box ${k + 1} of step ${stepNumber}: drag or use arrow keys to move, Shift+arrows to resize, Delete to remove`}
              style={{ ...BLUR_LOOK, cursor: 'move', touchAction: 'none' }}
              handleColor={BLUR_COLOR}
              onBox={(next) => onStepPatch?.(blurBoxChanged(step, k, rounded(next)))}
              onDelete={() => onStepPatch?.(blurBoxRemoved(step, k))}
            />
          ))}
        <BoxSlider
          box={highlight.box}
          frameRef={highlightReference(shot, highlight)}
          image={shot}
          frame={frame}
          testId="highlight"
          class={`shot__highlight${step.highlight ? '' : ' shot__highlight--none'}`}
          label={`Highlight of step ${stepNumber}: drag or use arrow keys to move, Shift+arrows to resize`}
          onBox={(box) => onChange({ viewport: highlight.viewport, box })}
        />
        {editShots && cropping && step.crop && (
          <BoxSlider
            box={step.crop}
            frameRef={shotRef}
            image={shot}
            frame={frame}
            testId="crop"
            min={16}
            label={`Crop of step ${stepNumber}: drag or use arrow keys to move, Shift+arrows to resize`}
            style={{ border: '2px dashed #f8fafc', outline: '1px solid rgb(15 23 42 / 0.6)', boxShadow: '0 0 0 100vmax rgb(15 23 42 / 0.55)', cursor: 'move', touchAction: 'none' }}
            handleColor="#f8fafc"
            onBox={(next) => onStepPatch?.(cropSet(rounded(next)))}
          />
        )}
      </div>
      {editShots && (
        <div class="estep__actions" role="group" aria-label={`Step ${stepNumber} screenshot`}>
          <button class="btn btn--small" onClick={addBlurBox}>
            Add blur box
          </button>
          {blurBoxes.map((_b, k) => (
            <button key={k} class="btn btn--small" onClick={() => onStepPatch?.(blurBoxRemoved(step, k))}>
              Remove blur box {k + 1}
            </button>
          ))}
          <button class="btn btn--small" aria-pressed={cropping} onClick={toggleCrop}>
            Crop
          </button>
          {step.crop && (
            <button
              class="btn btn--small"
              onClick={() => {
                setCropping(false);
                onStepPatch?.(cropCleared());
              }}
            >
              Clear crop
            </button>
          )}
        </div>
      )}
    </div>
  );
}

/** Dims what the crop cuts away (the overlay's shadow covers the rest of the image; .shot clips it). */
function CropShade({ crop, frameRef, image }: { crop: Box; frameRef: FrameOfReference; image: Size }) {
  const drawn = boxInImage(crop, frameRef, image);
  if (!drawn) return null;
  return (
    <div
      data-testid="crop-shade"
      aria-hidden="true"
      style={{ position: 'absolute', ...percentRect(drawn, image), boxShadow: '0 0 0 100vmax rgb(15 23 42 / 0.45)', pointerEvents: 'none' }}
    />
  );
}

/** A blur box shown but not editable (no `onStepPatch`): it still hides what the export will hide. */
function BlurShade({ box, frameRef, image }: { box: Box; frameRef: FrameOfReference; image: Size }) {
  const drawn = boxInImage(box, frameRef, image);
  if (!drawn) return null;
  return <div data-testid="blur-box" aria-hidden="true" style={{ position: 'absolute', ...BLUR_LOOK, ...percentRect(drawn, image), pointerEvents: 'none' }} />;
}

interface BoxSliderProps {
  box: Box;
  /** The CSS-px frame `box` is in, and where it lies on the image. */
  frameRef: FrameOfReference;
  /** The image size in px, to place the overlay. */
  image: Size;
  frame: { current: HTMLDivElement | null };
  testId: string;
  label: string;
  class?: string;
  style?: JSX.CSSProperties;
  handleColor?: string;
  min?: number;
  onBox(box: Box): void;
  onDelete?: () => void;
}

/** One movable, resizable rectangle over the screenshot, as a slider for keyboard and screen readers. */
function BoxSlider(p: BoxSliderProps) {
  const drawn = boxInImage(p.box, p.frameRef, p.image);
  if (!drawn) return null;
  const clamp = (b: Box) => clampBox(b, p.frameRef.viewport, p.min);

  /** Pointer deltas on the displayed image → CSS px of the recorded viewport. */
  function drag(e: PointerEvent, mode: 'move' | 'resize') {
    const el = p.frame.current;
    if (!el) return;
    e.preventDefault();
    // Displayed px → image px → CSS px of the frame of reference.
    const scale = p.image.width / el.getBoundingClientRect().width / cssScale(p.frameRef, p.image).x;
    const start = { x: e.clientX, y: e.clientY, box: p.box };
    const target = e.currentTarget as HTMLElement;
    target.setPointerCapture(e.pointerId);
    const move = (ev: PointerEvent) => {
      const dx = (ev.clientX - start.x) * scale;
      const dy = (ev.clientY - start.y) * scale;
      const b = start.box;
      p.onBox(clamp(mode === 'move' ? { ...b, x: b.x + dx, y: b.y + dy } : { ...b, width: b.width + dx, height: b.height + dy }));
    };
    const up = () => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', up);
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', up);
  }

  function nudge(e: KeyboardEvent) {
    if ((e.key === 'Delete' || e.key === 'Backspace') && p.onDelete) {
      e.preventDefault();
      p.onDelete();
      return;
    }
    const d = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[e.key];
    if (!d || e.altKey) return;
    e.preventDefault();
    const by = e.ctrlKey || e.metaKey ? 10 : 2;
    const [dx, dy] = [d[0]! * by, d[1]! * by];
    const b = p.box;
    p.onBox(clamp(e.shiftKey ? { ...b, width: b.width + dx, height: b.height + dy } : { ...b, x: b.x + dx, y: b.y + dy }));
  }

  return (
    <div
      class={p.class}
      role="slider"
      tabIndex={0}
      aria-label={p.label}
      aria-valuetext={valueText(p.box)}
      data-testid={p.testId}
      style={{ position: 'absolute', ...p.style, ...percentRect(drawn, p.image) }}
      onPointerDown={(e) => drag(e, 'move')}
      onKeyDown={nudge}
    >
      <span
        class="shot__handle"
        aria-hidden="true"
        style={p.handleColor ? { background: p.handleColor } : undefined}
        onPointerDown={(e) => {
          e.stopPropagation();
          drag(e, 'resize');
        }}
      />
    </div>
  );
}
