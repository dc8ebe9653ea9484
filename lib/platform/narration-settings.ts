/** Narration settings in storage.local (options page; automation writes the same key). */
import type { NarrationModel } from '../messaging/protocol';
import { MODELS } from '../narration/models';
import { restoreNarrationSettings, type NarrationSettings } from '../narration/settings';

export const NARRATION_SETTINGS_KEY = 'narrationSettings';

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
  return s.transcribe ? resolveModel(s) : undefined;
}

/** The model chosen in Options, even with live transcription off (transcribing a stored recording later). */
export async function chosenNarrationModel(): Promise<{ model: NarrationModel; label: string }> {
  const s = await getNarrationSettings();
  return { model: resolveModel(s), label: MODELS[s.model].label };
}

function resolveModel(s: NarrationSettings): NarrationModel {
  const info = MODELS[s.model];
  return {
    modelId: info.hubId,
    revision: info.revision,
    dtype: info.dtype,
    multilingual: info.multilingual,
    language: s.language,
    remoteHost: s.modelHost,
    approxDownloadMB: info.approxDownloadMB,
    ...(s.source === 'folder' ? { localFolder: true } : {}),
  };
}
