/** Guide me's variable values ({{host}}…), asked once and remembered per SOP in storage.local. */
import type { SopId } from '../model';

const VALUES_KEY = 'guideValues';

type All = Record<string, Record<string, string>>;

export async function getGuideValues(sopId: SopId): Promise<Record<string, string>> {
  const got = await chrome.storage.local.get(VALUES_KEY);
  const all = (got[VALUES_KEY] ?? {}) as All;
  return all[sopId] ?? {};
}

export async function setGuideValues(sopId: SopId, values: Record<string, string>): Promise<void> {
  const got = await chrome.storage.local.get(VALUES_KEY);
  const all = (got[VALUES_KEY] ?? {}) as All;
  await chrome.storage.local.set({ [VALUES_KEY]: { ...all, [sopId]: values } });
}
