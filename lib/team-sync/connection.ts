/** Options → Team library → Test connection, in the page: reach, authenticate, find repository and branch, push right. */
import { gitRuntime } from '../platform/git-runtime';
import { testConnection } from '../team-library/git-client';
import { classifyGitError } from '../team-library/errors';
import type { TeamLibrarySettings } from '../team-library/settings';

export async function checkConnection(settings: TeamLibrarySettings, token: string): Promise<string> {
  const runtime = gitRuntime();
  try {
    const report = await testConnection(runtime.env, { url: settings.url, username: settings.username, token }, settings.branch);
    return report.empty
      ? 'Connected. The repository has no commits yet: the first publish creates the branch.'
      : `Connected: the token can read and push, and “${settings.branch}” exists.`;
  } catch (e) {
    throw classifyGitError(e, { token, url: settings.url, branch: settings.branch, online: navigator.onLine });
  } finally {
    await runtime.dispose();
  }
}
