/** An Options section's settings: loaded once, saved on each change, with the section's saved message. */
import { useEffect, useState } from 'preact/hooks';
import type { StoredSetting } from '../lib/platform/stored-setting';

export function useStoredSetting<T>(
  setting: StoredSetting<T>,
  onSaved: (message: string) => void,
  savedMessage: string,
  onLoad?: (value: T) => void,
): [T | undefined, (next: T) => Promise<void>] {
  const [value, setValue] = useState<T>();
  useEffect(() => {
    void setting.get().then((v) => {
      setValue(v);
      onLoad?.(v);
    });
  }, [setting]);
  async function save(next: T): Promise<void> {
    setValue(next);
    await setting.set(next);
    onSaved(savedMessage);
  }
  return [value, save];
}
