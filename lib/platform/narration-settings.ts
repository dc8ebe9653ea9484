/** Narration settings in storage.local (options page; automation writes the same key). */
import type { NarrationModel } from '../messaging/protocol';
import { commitFromHeaders, pinKey, pinProbeUrl, restorePins, type ModelPins } from '../narration/model-pin';
import { DEFAULT_THREADS, MODELS, modelDownloadMB } from '../narration/models';
import { restoreNarrationSettings, type NarrationSettings } from '../narration/settings';

export const NARRATION_SETTINGS_KEY = 'narrationSettings';
const MODEL_PINS_KEY = 'modelPins';
/** The pin probe must never hold up Start: past this, the model loads at its catalogue revision. */
const PIN_TIMEOUT_MS = 3_000;

export async function getNarrationSettings(): Promise<NarrationSettings> {
  const got = await chrome.storage.local.get(NARRATION_SETTINGS_KEY);
  return restoreNarrationSettings(got[NARRATION_SETTINGS_KEY]);
}

export async function setNarrationSettings(settings: NarrationSettings): Promise<void> {
  await chrome.storage.local.set({ [NARRATION_SETTINGS_KEY]: settings });
}

/** The model the offscreen document should load, or undefined when transcription is off. */
export async function narrationModel(): Promise<NarrationModel | undefined> {
  const s = await getNarrationSettings();
  return s.transcribe ? pinned(resolveModel(s)) : undefined;
}

/** The model chosen in Options, even with live transcription off (transcribing a stored recording later). */
export async function chosenNarrationModel(): Promise<{ model: NarrationModel; label: string }> {
  const s = await getNarrationSettings();
  return { model: await pinned(resolveModel(s)), label: MODELS[s.model].label };
}

export async function getModelPins(): Promise<ModelPins> {
  return restorePins((await chrome.storage.local.get(MODEL_PINS_KEY))[MODEL_PINS_KEY]);
}

/**
 * The model at the commit this installation pinned it to (lib/narration/model-pin.ts); pinned now, before
 * its first download, when the host says which commit `main` is. Local folders and silent hosts stay as
 * they are.
 */
async function pinned(model: NarrationModel): Promise<NarrationModel> {
  if (model.localFolder) return model;
  const key = pinKey(model.modelId, model.remoteHost);
  const pins = await getModelPins();
  const pin = pins[key];
  if (pin) return { ...model, revision: pin.commit };
  const commit = await fetch(pinProbeUrl(model.modelId, model.remoteHost, model.revision), {
    method: 'HEAD',
    signal: AbortSignal.timeout(PIN_TIMEOUT_MS),
    credentials: 'omit',
  }).then(
    (r) => (r.ok ? commitFromHeaders(r.headers) : null),
    () => null,
  );
  if (!commit) return model;
  await chrome.storage.local.set({ [MODEL_PINS_KEY]: { ...pins, [key]: { commit, pinnedAt: Date.now() } } });
  return { ...model, revision: commit };
}

function resolveModel(s: NarrationSettings): NarrationModel {
  const info = MODELS[s.model];
  return {
    modelId: info.hubId,
    revision: info.revision,
    dtype: s.dtype ?? info.dtype,
    multilingual: info.multilingual,
    language: s.language,
    remoteHost: s.modelHost,
    approxDownloadMB: modelDownloadMB(info, s.dtype ?? info.dtype),
    numThreads: s.threads ?? DEFAULT_THREADS,
    ...(s.source === 'folder' ? { localFolder: true } : {}),
    ...(s.useGpu ? { useGpu: true } : {}),
  };
}
