/** Options → Privacy: the hosts marked "safe to replay" (the drift check runs there without asking), each removable. */
import { useEffect, useState } from 'preact/hooks';
import { getSafeHosts, setHostSafe } from '../../lib/platform/replay-safety';

export function SafeHosts() {
  const [hosts, setHosts] = useState<string[]>();
  useEffect(() => {
    void getSafeHosts().then(setHosts);
  }, []);
  if (!hosts) return null;
  return (
    <div>
      <h3 id="safe-hosts-h">Safe to replay</h3>
      <p class="note">
        Check against the app clicks and types on these hosts without asking first. Anywhere else it asks before every run;
        on the sites above it never runs.
      </p>
      {hosts.length === 0 ? (
        <p class="note">None yet: mark a staging host when a check asks.</p>
      ) : (
        <ul aria-labelledby="safe-hosts-h">
          {hosts.map((h) => (
            <li key={h}>
              {h}{' '}
              <button class="btn btn--small" onClick={() => void setHostSafe(h, false).then(getSafeHosts).then(setHosts)} aria-label={`No longer safe to replay: ${h}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
