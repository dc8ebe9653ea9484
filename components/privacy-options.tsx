/** Options → Privacy: sites never recorded, and the pause while a secret field has focus. */
import { useState } from 'preact/hooks';
import { invalidSitePatterns, parseSiteList, type PrivacySettings } from '../lib/privacy/site-rules';
import { privacySetting } from '../lib/platform/privacy-settings';
import { SafeHosts } from './drift/safe-hosts';
import { useStoredSetting } from './use-stored-setting';

export function PrivacyOptions({ onSaved }: { onSaved(message: string): void }) {
  const [draft, setDraft] = useState('');
  const [invalid, setInvalid] = useState<string[]>([]);
  const [settings, save] = useStoredSetting<PrivacySettings>(privacySetting, onSaved, 'Saved. It applies to the next recording.', (s) => setDraft(s.blockedSites.join('\n')));
  if (!settings) return null;

  return (
    <section aria-labelledby="privacy-h">
      <h2 id="privacy-h">Privacy</h2>
      <p class="note">
        Secrets (API keys, tokens, passwords in URLs or connection strings, a password you say aloud) are masked
        before anything is stored, and secret fields are blurred into every screenshot. Nothing is sent anywhere.
      </p>
      <label for="opt-blocked">Never record on these sites</label>
      <textarea
        id="opt-blocked"
        rows={4}
        style={{ width: '100%', font: 'inherit' }}
        value={draft}
        placeholder={'*.bank.com\nhttps://hr.example.com'}
        onInput={(e) => setDraft(e.currentTarget.value)}
        onBlur={() => {
          setInvalid(invalidSitePatterns(draft));
          void save({ ...settings, blockedSites: parseSiteList(draft) });
        }}
      />
      <p class="note">
        One per line: a host (bank.com), every subdomain too (*.bank.com), or an origin (https://hr.example.com:8443).
        Start is refused there, and a recording that reaches such a site pauses until it leaves.
      </p>
      {invalid.length > 0 && (
        <p class="error" role="alert">
          Not a host or origin, ignored: {invalid.join(', ')}
        </p>
      )}
      <label class="options__row">
        <input type="checkbox" checked={settings.pauseOnSensitiveFocus} onChange={(e) => void save({ ...settings, pauseOnSensitiveFocus: e.currentTarget.checked })} />
        Pause while a password field has focus
      </label>
      <p class="note">Also API-key, token and card fields: no screenshots, video or narration while you type in them.</p>
      <SafeHosts />
    </section>
  );
}
