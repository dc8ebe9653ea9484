/** Options: narration on or off, which Whisper model, where it comes from, the downloaded models; privacy rules; export screenshots; the team library. */
import { useEffect, useState } from 'preact/hooks';
import { MEASURED_ON, MODELS, buildCostLabel, type ModelKey } from '../lib/narration/models';
import type { NarrationSettings } from '../lib/narration/settings';
import { cachedModelFiles, deleteCachedModels } from '../lib/model-files/model-cache';
import { openMicrophonePage } from '../lib/platform/microphone-permission';
import { getNarrationSettings, setNarrationSettings } from '../lib/platform/narration-settings';
import { ExportOptions } from './export-options';
import { ModelSource } from './model-source';
import { PrivacyOptions } from './privacy-options';
import { TeamLibraryOptions } from './team-library-options';

export function OptionsApp() {
  const [settings, setSettings] = useState<NarrationSettings>();
  const [cache, setCache] = useState<{ count: number; models: string[] }>();
  const [status, setStatus] = useState<string>();

  useEffect(() => {
    void getNarrationSettings().then(setSettings);
    void cachedModelFiles().then(setCache).catch(() => setCache({ count: 0, models: [] }));
  }, []);

  if (!settings) return <p class="note">Loading…</p>;
  const model = MODELS[settings.model];

  async function save(next: NarrationSettings) {
    setSettings(next);
    await setNarrationSettings(next);
    setStatus('Saved. It applies to the next recording.');
  }

  return (
    <main class="popup options">
      <h1>SOP Recorder — Options</h1>
      <section aria-labelledby="narration-h">
        <h2 id="narration-h">Narration</h2>
        <p class="note">
          What you say while recording is transcribed on this computer with Whisper. No audio or text leaves the
          machine; the model is downloaded once from the model host below, then kept in this browser.
        </p>
        <p>
          <button class="btn btn--small" onClick={() => void openMicrophonePage()}>
            Allow microphone
          </button>
        </p>
        <label class="options__row">
          <input type="checkbox" checked={settings.transcribe} onChange={(e) => void save({ ...settings, transcribe: e.currentTarget.checked })} />
          Transcribe my narration
        </label>
        <div class="options__row">
          <label for="opt-model">Model</label>
          <select id="opt-model" value={settings.model} onChange={(e) => void save({ ...settings, model: e.currentTarget.value as ModelKey })}>
            {Object.values(MODELS).map((m) => (
              <option key={m.key} value={m.key}>
                {m.label} — {buildCostLabel(m, settings.dtype ?? m.dtype)}
              </option>
            ))}
          </select>
        </div>
        <p class="note" data-testid="model-cost">
          {model.label}: {buildCostLabel(model, settings.dtype ?? model.dtype)} (transcription time ÷ narration length, measured
          in {MEASURED_ON}). Under 1× keeps up while you record; silent stretches are skipped and cost nothing.
        </p>
        {model.multilingual && (
          <div class="options__row">
            <label for="opt-language">Spoken language (ISO code)</label>
            <input id="opt-language" value={settings.language ?? ''} placeholder="e.g. fr" maxLength={3} onChange={(e) => void save({ ...settings, language: e.currentTarget.value.trim().toLowerCase() || undefined })} />
          </div>
        )}
        <ModelSource settings={settings} onSave={save} onStatus={setStatus} />
        <div class="options__row">
          <label for="opt-host">Model host</label>
          <input
            id="opt-host"
            type="url"
            value={settings.modelHost ?? ''}
            placeholder="https://huggingface.co/ (default)"
            onChange={(e) => void save({ ...settings, modelHost: e.currentTarget.value.trim() || undefined })}
          />
        </div>
        <p class="note">Air-gapped teams: serve the model folder from an internal host in the Hub's layout (&lt;model&gt;/resolve/&lt;revision&gt;/&lt;file&gt;) and enter it here.</p>
        <h3>Downloaded models</h3>
        {cache && (
          <p data-testid="model-cache">
            {cache.models.length === 0 ? 'None yet.' : `${cache.models.join(', ')} (${cache.count} files)`}{' '}
            {cache.count > 0 && (
              <button
                class="btn btn--small btn--danger"
                onClick={() =>
                  void deleteCachedModels().then(() => {
                    setCache({ count: 0, models: [] });
                    setStatus('Downloaded models deleted.');
                  })
                }
              >
                Delete downloaded models
              </button>
            )}
          </p>
        )}
      </section>
      <PrivacyOptions onSaved={setStatus} />
      <ExportOptions onSaved={setStatus} />
      <TeamLibraryOptions />
      {status && (
        <p class="note" role="status">
          {status}
        </p>
      )}
    </main>
  );
}
