/** The connection every team library operation starts from: settings and token, or a clear "connect first". */
import { getTeamSettings, readTeamToken } from '../platform/team-library-settings';
import type { GitRemote } from '../team-library/git-client';
import type { TeamLibrarySettings } from '../team-library/settings';

export class NotConnected extends Error {
  constructor() {
    super('No team library is connected: open Options → Team library, enter the repository and a token, then Save and connect.');
    this.name = 'NotConnected';
  }
}

export interface TeamConnection {
  readonly settings: TeamLibrarySettings;
  readonly remote: GitRemote;
}

/** The connection from this browser's settings; or `given`, read by the caller where the extension's storage is not
 * available (the offscreen document, handed it by the service worker). */
export async function teamConnection(given?: { settings?: TeamLibrarySettings; token?: string }): Promise<TeamConnection> {
  const settings = given ? given.settings : await getTeamSettings();
  const token = given ? given.token : await readTeamToken();
  if (!settings || !token) throw new NotConnected();
  return { settings, remote: { url: settings.url, username: settings.username, token } };
}
