/** Hosts the owner marked "safe to replay" (a staging host): the drift check runs there without asking each
 * time. storage.local, this browser only. */
const KEY = 'replaySafeHosts';

export async function getSafeHosts(): Promise<string[]> {
  const got = await chrome.storage.local.get(KEY);
  const v = got[KEY];
  return Array.isArray(v) ? v.filter((h): h is string => typeof h === 'string') : [];
}

export async function setHostSafe(host: string, safe: boolean): Promise<void> {
  const hosts = new Set(await getSafeHosts());
  if (safe) hosts.add(host.toLowerCase());
  else hosts.delete(host.toLowerCase());
  await chrome.storage.local.set({ [KEY]: [...hosts].slice(0, 500) });
}
