/** Privacy settings in storage.local (Options page writes them; the recorder reads them at Start). */
import { restorePrivacySettings } from '../privacy/site-rules';
import { storedSetting } from './stored-setting';

export const privacySetting = storedSetting('privacySettings', restorePrivacySettings);
export const PRIVACY_SETTINGS_KEY = privacySetting.key;
export const getPrivacySettings = privacySetting.get;
export const setPrivacySettings = privacySetting.set;
