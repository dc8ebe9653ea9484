export interface Layer {
  readonly units: readonly string[];
  readonly why: string;
}
export interface LayerException {
  readonly from: string;
  readonly to: string;
  readonly why: string;
}
export const LAYERS: readonly Layer[];
export const PURE_UP_TO: number;
export const EXCEPTIONS: readonly LayerException[];
export const PLATFORM_UNIT: string;
export const CONTENT_SCRIPT: string;
export const CONTENT_SCRIPT_FORBIDDEN: readonly string[];
