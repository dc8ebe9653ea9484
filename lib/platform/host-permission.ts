/**
 * chrome.permissions for the team library's server: host access to that one origin, asked for when the person
 * connects (Options → Team library → Save and connect), not at install. Must run in a click handler (a user
 * gesture). The manifest lists the origins it may ask for under optional_host_permissions.
 */
import { originPattern } from '../team-library/settings';

/** Asks for access to the origin of `url` (and of `apiUrl` when given); resolves whether it was granted. */
export async function requestOriginAccess(url: string, apiUrl?: string): Promise<boolean> {
  const origins = [...new Set([originPattern(url), ...(apiUrl ? [originPattern(apiUrl)] : [])])];
  if (await chrome.permissions.contains({ origins })) return true;
  return chrome.permissions.request({ origins });
}

export async function hasOriginAccess(url: string): Promise<boolean> {
  return chrome.permissions.contains({ origins: [originPattern(url)] });
}
