/**
 * What every export receives and may throw: a leaf module, so the export list (actions.ts) can lazy-import
 * the exporters while they import these back without an import cycle.
 */

export interface ExportProgress {
  /** 0..1 when known. */
  readonly fraction?: number;
  readonly note: string;
}

export interface ExportContext {
  progress(p: ExportProgress): void;
  /** Aborted when the user presses Cancel; slow exports check it between steps and throw ExportCancelled. */
  readonly signal: AbortSignal;
}

export class ExportCancelled extends Error {
  constructor() {
    super('Export cancelled.');
    this.name = 'ExportCancelled';
  }
}

/** Throws ExportCancelled when the user has pressed Cancel. */
export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new ExportCancelled();
}
