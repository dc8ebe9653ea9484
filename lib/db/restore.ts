/**
 * Restore on read: whatever comes out of storage (an older version, a partial write, a hand-edited import)
 * is normalised here before any UI sees it. A record too broken to use yields null, never a throw.
 */
import { isUsableBox } from '../export/shot-geometry';
import { STEP_KINDS, type Box, type EventId, type PageContext, type Sop, type SopId, type Step, type StepId, type StepKind } from '../model';

const STEP_KIND_SET: ReadonlySet<string> = new Set<StepKind>(STEP_KINDS);

type Loose = Record<string, unknown>;

const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const num = (v: unknown, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

function restorePage(v: unknown): PageContext {
  return isObject(v) ? { url: str(v.url), title: str(v.title) } : { url: '', title: '' };
}

export function restoreSop(raw: unknown): Sop | null {
  if (!isObject(raw) || typeof raw.id !== 'string' || raw.id === '') return null;
  const createdAt = num(raw.createdAt, 0);
  return {
    ...(raw as object),
    id: raw.id as SopId,
    title: str(raw.title).trim() || 'Untitled procedure',
    createdAt,
    updatedAt: num(raw.updatedAt, createdAt),
    sourceUrl: str(raw.sourceUrl),
    stepCount: Math.max(0, Math.trunc(num(raw.stepCount))),
    durationMs: Math.max(0, num(raw.durationMs)),
  } as Sop;
}

const plainBox = (b: Box): Box => ({ x: b.x, y: b.y, width: b.width, height: b.height });

/** Blur boxes and crop: malformed boxes are dropped (an empty list or a bad crop leaves the field out). */
function restoreShotEdits(raw: Loose): Pick<Step, 'blurBoxes' | 'crop'> {
  const blurBoxes = Array.isArray(raw.blurBoxes) ? raw.blurBoxes.filter(isUsableBox).map(plainBox) : [];
  return {
    ...(blurBoxes.length > 0 ? { blurBoxes } : {}),
    ...(isUsableBox(raw.crop) ? { crop: plainBox(raw.crop) } : {}),
  };
}

export function restoreStep(raw: unknown): Step | null {
  if (!isObject(raw) || typeof raw.id !== 'string' || typeof raw.sopId !== 'string') return null;
  const kind = STEP_KIND_SET.has(str(raw.kind)) ? (raw.kind as StepKind) : 'manual';
  const { blurBoxes: _blur, crop: _crop, ...rest } = raw;
  return {
    ...rest,
    ...restoreShotEdits(raw),
    id: raw.id as StepId,
    sopId: raw.sopId as SopId,
    order: num(raw.order),
    kind,
    text: str(raw.text),
    page: restorePage(raw.page),
    tabId: num(raw.tabId, -1),
    t: Math.max(0, num(raw.t)),
    eventIds: Array.isArray(raw.eventIds) ? raw.eventIds.filter((e): e is EventId => typeof e === 'string') : [],
  } as Step;
}

/** Restore a list, dropping the unusable records and sorting steps by their order key. */
export function restoreSteps(raws: readonly unknown[]): Step[] {
  return raws
    .map(restoreStep)
    .filter((s): s is Step => s !== null)
    .sort((a, b) => a.order - b.order);
}
