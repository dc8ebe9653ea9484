/** The export image setting in storage.local (Options page and the export menu write it; exports read it). */
import { restoreExportImageSettings } from '../export/image-format';
import { storedSetting } from './stored-setting';

export const exportImageSetting = storedSetting('exportImageSettings', restoreExportImageSettings);
export const EXPORT_SETTINGS_KEY = exportImageSetting.key;
export const getExportImageSettings = exportImageSetting.get;
export const setExportImageSettings = exportImageSetting.set;
