/**
 * Pure geometry for a step's screenshot as exported: the crop, the blur boxes and the highlight, all stored
 * in CSS px of the page's viewport, mapped to pixels of the (cropped) image through the one screenshot mapping
 * (lib/screenshot/geometry.ts). Shared by the PNG renderer, the popup thumbnail and the editor so that what
 * the author sees is what the export draws.
 */
import type { Box, Highlight, Shot, Size, Step } from '../model';
import { boxInImage as mapBox, contentOf, type FrameOfReference } from '../screenshot/geometry';
import { highlightInImage } from './highlight';

/** Smallest blur box, crop or highlight the editor lets the author make, CSS px. */
export const MIN_BOX_SIZE = 8;

/** An image with, when known, the page viewport it was grabbed from and where the page lies in it (a Shot fits). */
export interface ShotFrame extends Size {
  readonly viewport?: Size;
  readonly content?: Shot['content'];
  readonly visual?: Shot['visual'];
}

/** True for a box with finite coordinates and a positive area: what restore keeps and renderers accept. */
export function isUsableBox(v: unknown): v is Box {
  if (typeof v !== 'object' || v === null) return false;
  const b = v as Record<string, unknown>;
  const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);
  return finite(b.x) && finite(b.y) && finite(b.width) && finite(b.height) && b.width > 0 && b.height > 0;
}

/**
 * Keeps `box` inside `viewport`: each side at least `min` (or the viewport, if smaller) and at most the
 * viewport, then moved (not shrunk) back inside. For boxes the author drags or nudges.
 */
export function clampBox(box: Box, viewport: Size, min = MIN_BOX_SIZE): Box {
  const width = Math.min(Math.max(min, box.width), viewport.width);
  const height = Math.min(Math.max(min, box.height), viewport.height);
  return {
    x: Math.max(0, Math.min(box.x, viewport.width - width)),
    y: Math.max(0, Math.min(box.y, viewport.height - height)),
    width,
    height,
  };
}

/**
 * The frame of reference of a step's boxes: the viewport the shot was grabbed from, else the highlight's,
 * else the image itself (one CSS px per pixel).
 */
export function shotViewport(image: ShotFrame, step: Pick<Step, 'highlight'>): Size {
  const usable = (s: Size | undefined): s is Size => !!s && s.width > 0 && s.height > 0 && Number.isFinite(s.width) && Number.isFinite(s.height);
  if (usable(image.viewport)) return image.viewport;
  if (usable(step.highlight?.viewport)) return step.highlight.viewport;
  return { width: image.width, height: image.height };
}

/** The frame of reference of the author's blur boxes and crop on `image` (lib/screenshot/geometry.ts). */
export function shotReference(image: ShotFrame, step: Pick<Step, 'highlight'>): FrameOfReference {
  return { viewport: shotViewport(image, step), ...(image.content ? { content: image.content } : {}), ...(image.visual ? { visual: image.visual } : {}) };
}

/** The highlight's frame of reference: its own viewport (the page's at the action) in the shot's geometry. */
export function highlightReference(image: ShotFrame, highlight: Highlight): FrameOfReference {
  return { viewport: highlight.viewport, ...(image.content ? { content: image.content } : {}), ...(image.visual ? { visual: image.visual } : {}) };
}

/** `box` (CSS px of `ref`, or of a bare viewport) in image px: rounded outwards, clipped; null outside. */
export function boxInImage(box: Box, ref: Size | FrameOfReference, image: Size): Box | null {
  if (!isUsableBox(box)) return null;
  return mapBox(box, 'viewport' in ref ? ref : { viewport: ref }, image, 0);
}

/**
 * The part of the image an export keeps: the crop in image px, else the page's content rectangle (a
 * letterboxed stream's black bars are dropped), else the whole image.
 */
export function cropInImage(crop: Box | undefined, ref: Size | FrameOfReference, image: Size): Box {
  const r = 'viewport' in ref ? ref : { viewport: ref };
  const c = contentOf(r, image);
  const content = { x: Math.max(0, Math.round(c.x)), y: Math.max(0, Math.round(c.y)), width: 0, height: 0 };
  const page = { ...content, width: Math.min(image.width, Math.round(c.x + c.width)) - content.x, height: Math.min(image.height, Math.round(c.y + c.height)) - content.y };
  const whole = page.width > 0 && page.height > 0 ? page : { x: 0, y: 0, width: image.width, height: image.height };
  return (crop && boxInImage(crop, r, image)) ?? whole;
}

/** `box` (image px) in the frame of `crop` (image px), clipped to it; null when it lies outside. */
export function intoCrop(box: Box, crop: Box): Box | null {
  const x0 = Math.max(box.x, crop.x);
  const y0 = Math.max(box.y, crop.y);
  const x1 = Math.min(box.x + box.width, crop.x + crop.width);
  const y1 = Math.min(box.y + box.height, crop.y + crop.height);
  if (x1 <= x0 || y1 <= y0) return null;
  return { x: x0 - crop.x, y: y0 - crop.y, width: x1 - x0, height: y1 - y0 };
}

/** What to draw for one exported screenshot. */
export interface ShotLayout {
  /** The part of the stored image to keep, image px. */
  readonly source: Box;
  /** Size of the output image, px (the source's size). */
  readonly size: Size;
  /** Blur boxes in output px, whole pixels, clipped; those outside the crop are left out. */
  readonly blur: readonly Box[];
  /** The highlight in output px (padded like highlightInImage), or null when none is visible. */
  readonly highlight: Box | null;
}

/**
 * The layout of a step's screenshot: crop first, then the blur boxes and the highlight mapped into the
 * cropped image. `highlightPadding` is in CSS px (0 for an editor that draws the exact box).
 */
export function shotLayout(step: Pick<Step, 'highlight' | 'blurBoxes' | 'crop'>, image: ShotFrame, highlightPadding = 6): ShotLayout {
  const ref = shotReference(image, step);
  const source = cropInImage(step.crop, ref, image);
  const blur = (step.blurBoxes ?? [])
    .map((b) => boxInImage(b, ref, image))
    .map((b) => (b ? intoCrop(b, source) : null))
    .filter((b): b is Box => b !== null);
  const h = step.highlight ? highlightInImage(step.highlight.box, highlightReference(image, step.highlight), image, highlightPadding) : null;
  return { source, size: { width: source.width, height: source.height }, blur, highlight: h ? intoCrop(h, source) : null };
}

/**
 * Side of one pixelation block for a blur box, px: at least 12 (a region downscaled to at most 1/12 per
 * side), coarser for large boxes so a big block of text keeps no word shapes.
 */
export function pixelBlock(box: Size): number {
  return Math.max(12, Math.ceil(Math.min(box.width, box.height) / 4));
}

/** Percent strings placing `box` over an element showing `frame` (for CSS overlays). */
export function percentRect(box: Box, frame: Size): { left: string; top: string; width: string; height: string } {
  const pct = (v: number, of: number) => `${(v / of) * 100}%`;
  return { left: pct(box.x, frame.width), top: pct(box.y, frame.height), width: pct(box.width, frame.width), height: pct(box.height, frame.height) };
}
