/**
 * Options → Team library: the repository, branch, folder, user name and token, the commit author, and how to
 * publish. Save and connect asks for access to that server's origin only (optional host permission), stores
 * the settings and the token (apart), and tests the connection. The token is never shown again after saving.
 */
import { useEffect, useState } from 'preact/hooks';
import { hasTeamToken, forgetTeamToken, getTeamSettings, saveTeamToken, setTeamSettings } from '../lib/platform/team-library-settings';
import { requestOriginAccess } from '../lib/platform/host-permission';
import { checkTeamSettings, DEFAULT_TEAM_SETTINGS, normaliseFolder, type ForgeKind, type TeamLibrarySettings } from '../lib/team-library/settings';
import { forgeTarget } from '../lib/team-library/pull-request';

export function TeamLibraryOptions() {
  const [settings, setSettings] = useState<TeamLibrarySettings>(DEFAULT_TEAM_SETTINGS);
  const [tokenSaved, setTokenSaved] = useState(false);
  const [token, setToken] = useState('');
  const [status, setStatus] = useState<{ text: string; ok: boolean }>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void getTeamSettings().then((s) => s && setSettings(s));
    void hasTeamToken().then(setTokenSaved);
  }, []);

  const set = <K extends keyof TeamLibrarySettings>(key: K, value: TeamLibrarySettings[K]) => setSettings((s) => ({ ...s, [key]: value }));

  async function test(tokenToUse?: string) {
    setBusy(true);
    setStatus({ text: 'Testing the connection…', ok: true });
    try {
      const { readTeamToken } = await import('../lib/platform/team-library-settings');
      const t = tokenToUse ?? (await readTeamToken());
      if (!t) throw new Error('Enter an access token first.');
      const { checkConnection } = await import('../lib/team-sync/connection');
      setStatus({ text: await checkConnection(settings, t), ok: true });
    } catch (e) {
      setStatus({ text: e instanceof Error ? e.message : String(e), ok: false });
    } finally {
      setBusy(false);
    }
  }

  async function saveAndConnect() {
    const clean = { ...settings, folder: normaliseFolder(settings.folder) ?? settings.folder };
    const problems = checkTeamSettings(clean);
    if (!tokenSaved && !token.trim()) problems.push('Enter an access token.');
    if (problems.length) {
      setStatus({ text: problems.join(' '), ok: false });
      return;
    }
    // Asked here, in the click: the browser shows its prompt only for a user gesture.
    const api = forgeTarget(clean.forge, clean.url, clean.apiBase)?.apiBase;
    const granted = await requestOriginAccess(clean.url, api ? `${api}/` : undefined).catch(() => false);
    if (!granted) {
      setStatus({ text: `Access to ${new URL(clean.url).host} was not granted: the extension cannot reach the repository without it.`, ok: false });
      return;
    }
    await setTeamSettings(clean);
    setSettings(clean);
    const typed = token.trim();
    if (typed) {
      await saveTeamToken(typed);
      setToken('');
      setTokenSaved(true);
    }
    await test(typed || undefined);
  }

  return (
    <section aria-labelledby="team-h">
      <h2 id="team-h">Team library</h2>
      <p class="note">
        Publish SOPs to your team's Git repository (GitHub, GitLab, Gitea/Forgejo, Bitbucket, Azure DevOps or any
        Git server over HTTPS) and get the team's SOPs back. No server of ours is involved.
      </p>
      <div class="options__row">
        <label for="team-url">Repository URL</label>
        <input id="team-url" type="url" value={settings.url} placeholder="https://github.com/team/runbooks.git" onInput={(e) => set('url', e.currentTarget.value)} />
      </div>
      <div class="options__row">
        <label for="team-branch">Branch</label>
        <input id="team-branch" value={settings.branch} onInput={(e) => set('branch', e.currentTarget.value)} />
      </div>
      <div class="options__row">
        <label for="team-folder">Folder in the repository</label>
        <input id="team-folder" value={settings.folder} onInput={(e) => set('folder', e.currentTarget.value)} />
      </div>
      <div class="options__row">
        <label for="team-user">User name</label>
        <input id="team-user" value={settings.username} autocomplete="off" onInput={(e) => set('username', e.currentTarget.value)} />
      </div>
      <div class="options__row">
        <label for="team-token">Access token</label>
        <input
          id="team-token"
          type="password"
          autocomplete="off"
          value={token}
          placeholder={tokenSaved ? 'A token is saved — type here to replace it' : 'needs read and write access to the repository'}
          onInput={(e) => setToken(e.currentTarget.value)}
        />
        {tokenSaved && (
          <button
            class="btn btn--small btn--danger"
            onClick={() =>
              void forgetTeamToken().then(() => {
                setTokenSaved(false);
                setStatus({ text: 'Token forgotten.', ok: true });
              })
            }
          >
            Forget token
          </button>
        )}
      </div>
      <p class="note" data-testid="token-note">
        {tokenSaved ? 'A token is saved. ' : ''}The token is stored in this browser only (this Chrome profile's local extension storage, on
        this computer's disk, not encrypted): never synced, never exported, never shown again or logged. Anyone
        using this computer account could read it: use a token limited to this repository, and Forget token when
        done.
      </p>
      <div class="options__row">
        <label for="team-author">Commit author</label>
        <input id="team-author" value={settings.authorName} placeholder="Your name" onInput={(e) => set('authorName', e.currentTarget.value)} />
        <label for="team-email" class="sr-only">
          Commit author e-mail
        </label>
        <input id="team-email" value={settings.authorEmail} placeholder="you@example.com" aria-label="Commit author e-mail" onInput={(e) => set('authorEmail', e.currentTarget.value)} />
      </div>
      <fieldset class="options__row">
        <legend>Publish to</legend>
        <label>
          <input type="radio" name="team-target" checked={settings.publishTo === 'new-branch'} onChange={() => set('publishTo', 'new-branch')} /> a new branch for review (sop/&lt;name&gt;-&lt;date&gt;)
        </label>
        <label>
          <input type="radio" name="team-target" checked={settings.publishTo === 'branch'} onChange={() => set('publishTo', 'branch')} /> the branch itself
        </label>
      </fieldset>
      <label class="options__row">
        <input type="checkbox" checked={settings.includeScreenshots} onChange={(e) => set('includeScreenshots', e.currentTarget.checked)} />
        Include screenshots (WebP, at most 300 KB each; they make the repository larger)
      </label>
      <div class="options__row">
        <label for="team-forge">Open a pull request</label>
        <select id="team-forge" value={settings.forge} onChange={(e) => set('forge', e.currentTarget.value as ForgeKind)}>
          <option value="none">No</option>
          <option value="github">GitHub pull request</option>
          <option value="gitlab">GitLab merge request</option>
        </select>
        <label for="team-api" class="sr-only">
          API URL
        </label>
        <input id="team-api" aria-label="API URL" value={settings.apiBase} placeholder="API URL (blank: derived from the repository URL)" onInput={(e) => set('apiBase', e.currentTarget.value)} />
      </div>
      <p>
        <button class="btn btn--primary btn--small" disabled={busy} onClick={() => void saveAndConnect()}>
          Save and connect
        </button>{' '}
        <button class="btn btn--small" disabled={busy || !settings.url} onClick={() => void test()}>
          Test connection
        </button>
      </p>
      {status && (
        <p class={status.ok ? 'note' : 'error'} role={status.ok ? 'status' : 'alert'} data-testid="team-connection">
          {status.text}
        </p>
      )}
    </section>
  );
}
