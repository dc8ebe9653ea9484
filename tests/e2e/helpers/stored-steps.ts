/**
 * Reads the stored draft back from IndexedDB in an extension page, with what the tests need to judge each
 * screenshot: its clock, size and mean brightness (a modal's backdrop darkens the page, so brightness
 * tells "before the dialog opened" from "after").
 */
import type { Page } from '@playwright/test';

export interface StoredStep {
  readonly text: string;
  readonly kind: string;
  readonly t: number;
  readonly tabId: number;
  readonly shot?: { readonly id: string; readonly t: number; readonly width: number; readonly height: number; readonly source: string; readonly luminance: number };
  readonly highlight?: { readonly box: { x: number; y: number; width: number; height: number } };
}

async function readInPage(sopTitle: string | null): Promise<StoredStep[]> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const r = indexedDB.open('sop-recorder');
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  const all = <T,>(store: string) =>
    new Promise<T[]>((resolve, reject) => {
      const r = db.transaction(store).objectStore(store).getAll();
      r.onsuccess = () => resolve(r.result as T[]);
      r.onerror = () => reject(r.error);
    });
  type Sop = { id: string; title: string; createdAt: number };
  const sops = (await all<Sop>('sops')).sort((a, b) => b.createdAt - a.createdAt);
  const sop = sopTitle === null ? sops[0] : sops.find((s) => s.title === sopTitle);
  if (!sop) throw new Error('no SOP stored');
  type Step = { sopId: string; order: number; text: string; kind: string; t: number; tabId: number; shotId?: string; highlight?: StoredStep['highlight'] };
  const steps = (await all<Step>('steps')).filter((s) => s.sopId === sop.id).sort((a, b) => a.order - b.order);
  type Shot = { id: string; t: number; width: number; height: number; source: string; blob: Blob };
  const shots = new Map((await all<Shot>('shots')).map((s) => [s.id, s]));
  const out: StoredStep[] = [];
  for (const step of steps) {
    const shot = step.shotId ? shots.get(step.shotId) : undefined;
    let luminance = -1;
    if (shot) {
      const bitmap = await createImageBitmap(shot.blob);
      const canvas = new OffscreenCanvas(160, 90);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(bitmap, 0, 0, 160, 90);
      const { data } = ctx.getImageData(0, 0, 160, 90);
      let sum = 0;
      for (let i = 0; i < data.length; i += 4) sum += 0.2126 * data[i]! + 0.7152 * data[i + 1]! + 0.0722 * data[i + 2]!;
      luminance = sum / (data.length / 4);
    }
    out.push({
      text: step.text,
      kind: step.kind,
      t: step.t,
      tabId: step.tabId,
      highlight: step.highlight,
      shot: shot && { id: shot.id, t: shot.t, width: shot.width, height: shot.height, source: shot.source, luminance },
    });
  }
  db.close();
  return out;
}

/** The steps of the newest SOP (or the one titled `sopTitle`), in order, with their screenshots judged. */
export function readStoredSteps(extensionPage: Page, sopTitle: string | null = null): Promise<StoredStep[]> {
  return extensionPage.evaluate(readInPage, sopTitle);
}
