/** Privacy settings in storage.local (Options page writes them; the recorder reads them at Start). */
import { restorePrivacySettings, type PrivacySettings } from '../privacy/site-rules';

export const PRIVACY_SETTINGS_KEY = 'privacySettings';

export async function getPrivacySettings(): Promise<PrivacySettings> {
  const got = await chrome.storage.local.get(PRIVACY_SETTINGS_KEY);
  return restorePrivacySettings(got[PRIVACY_SETTINGS_KEY]);
}

export async function setPrivacySettings(settings: PrivacySettings): Promise<void> {
  await chrome.storage.local.set({ [PRIVACY_SETTINGS_KEY]: restorePrivacySettings(settings) });
}
