/** The export image setting in storage.local (Options page and the export menu write it; exports read it). */
import { restoreExportImageSettings, type ExportImageSettings } from '../export/image-format';

export const EXPORT_SETTINGS_KEY = 'exportImageSettings';

export async function getExportImageSettings(): Promise<ExportImageSettings> {
  const got = await chrome.storage.local.get(EXPORT_SETTINGS_KEY);
  return restoreExportImageSettings(got[EXPORT_SETTINGS_KEY]);
}

export async function setExportImageSettings(settings: ExportImageSettings): Promise<void> {
  await chrome.storage.local.set({ [EXPORT_SETTINGS_KEY]: restoreExportImageSettings(settings) });
}
