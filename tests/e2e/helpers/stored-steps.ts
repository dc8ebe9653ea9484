/**
 * The stored draft read back (through idb-dump.ts, the tests' one way into IndexedDB): an SOP's steps in order,
 * each with its screenshot as stored — its clock, size, mean brightness (a modal's backdrop darkens the page,
 * so brightness tells "before the dialog opened" from "after") and, when asked for, the PNG itself — and every
 * shot of the SOP's recording session.
 */
import type { Page } from '@playwright/test';
import { blobBytes, readStoresWith, type BlobSummary } from './idb-dump';
import type { Rect } from './shot-pixels';

export interface StoredShot {
  readonly id: string;
  readonly t: number;
  readonly width: number;
  readonly height: number;
  readonly source: string;
  /** The page's CSS viewport the image shows (image px per CSS px = width / viewport.width). */
  readonly viewport?: { readonly width: number; readonly height: number };
  /** Why no pixels were kept (the PNG is then empty). */
  readonly withheld?: string;
  /** 'after': the picture is from after the action. */
  readonly phase?: string;
  /** The PNG as stored (unedited: no highlight, blur boxes or crop drawn); read with `pixels: true` only
   * (empty for a withheld shot). */
  readonly png?: Buffer;
  /** Mean luminance 0–255; -1 for a withheld shot. */
  readonly luminance: number;
}

export interface StoredStep {
  readonly id: string;
  readonly text: string;
  readonly narration?: string;
  readonly kind: string;
  readonly t: number;
  readonly tabId: number;
  readonly shotId?: string;
  readonly shotNote?: string;
  readonly highlight?: { readonly box: Rect; readonly viewport?: { readonly width: number; readonly height: number } };
  readonly crop?: Rect;
  readonly blurBoxes?: Rect[];
  /** The screenshot the step cites, when it has one. */
  readonly shot?: StoredShot;
}

export interface StoredSop {
  readonly id: string;
  readonly title: string;
  readonly steps: StoredStep[];
  /** Every shot stored for the SOP's recording session, cited or not. */
  readonly shots: StoredShot[];
}

type SopRecord = { id: string; title: string; createdAt: number; sessionId?: string };
type StepRecord = Omit<StoredStep, 'shot'> & { sopId: string; order: number };
type ShotRecord = Omit<StoredShot, 'png' | 'luminance'> & { sessionId: string; blob: BlobSummary };

export interface ReadOptions {
  /** The SOP with this title (default: the newest). */
  readonly title?: string | null;
  /** Read every shot's PNG too (`png`). */
  readonly pixels?: boolean;
}

/** An SOP with its steps in order and its shots. */
export async function readStoredSop(extensionPage: Page, { title: sopTitle = null, pixels = false }: ReadOptions = {}): Promise<StoredSop> {
  const db = await readStoresWith<{ sops: SopRecord[]; steps: StepRecord[]; shots: ShotRecord[] }>(extensionPage, { imageLuminance: true, blobBytes: pixels }, 'sops', 'steps', 'shots');
  const sops = db.sops.sort((a, b) => b.createdAt - a.createdAt);
  const sop = sopTitle === null ? sops[0] : sops.find((s) => s.title === sopTitle);
  if (!sop) throw new Error(sopTitle === null ? 'no SOP stored' : `no SOP titled ${sopTitle}`);
  const steps = db.steps.filter((s) => s.sopId === sop.id).sort((a, b) => a.order - b.order);
  const cited = new Set(steps.flatMap((s) => (s.shotId ? [s.shotId] : [])));
  const shots = new Map<string, StoredShot>();
  for (const record of db.shots) {
    if (record.sessionId !== sop.sessionId && !cited.has(record.id)) continue;
    const { blob, sessionId: _session, ...rest } = record;
    shots.set(record.id, { ...rest, luminance: blob.$blob.luminance ?? -1, ...(pixels ? { png: blobBytes(blob) } : {}) });
  }
  return {
    id: sop.id,
    title: sop.title,
    steps: steps.map(({ sopId: _sop, order: _order, ...step }) => ({ ...step, shot: step.shotId ? shots.get(step.shotId) : undefined })),
    shots: [...shots.values()],
  };
}

/** The steps of the newest SOP (or the one titled `title`), in order, with their screenshots. */
export async function readStoredSteps(extensionPage: Page, options: ReadOptions = {}): Promise<StoredStep[]> {
  return (await readStoredSop(extensionPage, options)).steps;
}

/** A shot's PNG, read with `pixels: true`. */
export function shotPng(shot: StoredShot): Buffer {
  if (!shot.png) throw new Error(`shot ${shot.id} was read without its pixels (pass pixels: true)`);
  return shot.png;
}
