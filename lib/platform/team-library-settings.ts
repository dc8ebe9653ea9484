/**
 * The team library's settings and access token in chrome.storage.local: this browser profile only (never
 * storage.sync, never an export). The token is kept under its own key so nothing that reads or shows the
 * settings ever holds it; only the Git and pull-request calls read it (lib/team-sync/). Chrome stores
 * storage.local unencrypted in the profile folder on disk: anyone with this computer account can read it.
 */
import { restoreTeamSettings, type TeamLibrarySettings } from '../team-library/settings';

export const TEAM_SETTINGS_KEY = 'teamLibrary';
const TOKEN_KEY = 'teamLibraryToken';

export async function getTeamSettings(): Promise<TeamLibrarySettings | undefined> {
  return restoreTeamSettings((await chrome.storage.local.get(TEAM_SETTINGS_KEY))[TEAM_SETTINGS_KEY]);
}

export async function setTeamSettings(settings: TeamLibrarySettings): Promise<void> {
  await chrome.storage.local.set({ [TEAM_SETTINGS_KEY]: settings });
}

/** The token, for a request about to be made; never for showing. */
export async function readTeamToken(): Promise<string | undefined> {
  const token = (await chrome.storage.local.get(TOKEN_KEY))[TOKEN_KEY];
  return typeof token === 'string' && token ? token : undefined;
}

export async function hasTeamToken(): Promise<boolean> {
  return (await readTeamToken()) !== undefined;
}

export async function saveTeamToken(token: string): Promise<void> {
  await chrome.storage.local.set({ [TOKEN_KEY]: token.trim() });
}

export async function forgetTeamToken(): Promise<void> {
  await chrome.storage.local.remove(TOKEN_KEY);
}

/** Calls `listener` when the settings or token change (another page saved them). */
export function onTeamSettingsChanged(listener: () => void): () => void {
  const handler = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && (TEAM_SETTINGS_KEY in changes || TOKEN_KEY in changes)) listener();
  };
  chrome.storage.onChanged.addListener(handler);
  return () => chrome.storage.onChanged.removeListener(handler);
}
