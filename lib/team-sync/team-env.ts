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

export async function teamConnection(): Promise<{ settings: TeamLibrarySettings; remote: GitRemote }> {
  const settings = await getTeamSettings();
  const token = await readTeamToken();
  if (!settings || !token) throw new NotConnected();
  return { settings, remote: { url: settings.url, username: settings.username, token } };
}
