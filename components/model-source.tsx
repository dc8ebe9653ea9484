/** Options: where the Whisper model comes from — downloaded from the model host, or a folder on this computer. */
import { useEffect, useState } from 'preact/hooks';
import { MODELS } from '../lib/narration/models';
import type { NarrationSettings } from '../lib/narration/settings';
import { pinKey, type ModelPins } from '../lib/narration/model-pin';
import { deleteLocalModel, importModelFolder, listLocalModels, type ImportedModel } from '../lib/model-files/local-models';
import { getModelPins } from '../lib/platform/narration-settings';

interface Props {
  settings: NarrationSettings;
  onSave(next: NarrationSettings): Promise<void>;
  onStatus(message: string): void;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;

export function ModelSource({ settings, onSave, onStatus }: Props) {
  const [imported, setImported] = useState<ImportedModel[]>();
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();
  const model = MODELS[settings.model];
  const source = settings.source ?? 'download';
  const current = imported?.find((m) => m.modelId === model.hubId);

  const [pins, setPins] = useState<ModelPins>({});
  const refresh = () => listLocalModels().then(setImported, () => setImported([]));
  useEffect(() => {
    void refresh();
    void getModelPins().then(setPins, () => undefined);
  }, []);
  const pin = pins[pinKey(model.hubId, settings.modelHost)];

  async function onFolder(input: HTMLInputElement) {
    const files = [...(input.files ?? [])];
    input.value = '';
    if (files.length === 0) return;
    setError(undefined);
    setBusy('Reading the folder…');
    try {
      const done = await importModelFolder(files, model.hubId, model.dtype, (n, total) => setBusy(`Copying file ${n} of ${total}…`));
      await refresh();
      await onSave({ ...settings, source: 'folder' });
      onStatus(`Imported ${model.label} from the folder (${done.files} files, ${mb(done.bytes)}). It applies to the next recording.`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <fieldset class="options__source">
      <legend>Model source</legend>
      <label class="options__row">
        <input type="radio" name="model-source" checked={source === 'download'} onChange={() => void onSave({ ...settings, source: undefined })} />
        Download it once (from the host below), then keep it in this browser
      </label>
      <label class="options__row">
        <input type="radio" name="model-source" checked={source === 'folder'} onChange={() => void onSave({ ...settings, source: 'folder' })} />
        A folder on this computer (no network)
      </label>
      <label class="options__row">
        <input type="checkbox" checked={settings.useGpu === true} onChange={(e) => void onSave({ ...settings, useGpu: e.currentTarget.checked || undefined })} />
        Use the GPU (WebGPU) when this computer has one — experimental; WebAssembly takes over if it fails
      </label>
      {source === 'download' && (
        <p class="note" data-testid="model-pin">
          {pin
            ? `${model.hubId} is pinned to commit ${pin.commit.slice(0, 12)} (first downloaded ${new Date(pin.pinnedAt).toLocaleDateString()}): later downloads fetch exactly those files.`
            : `${model.hubId} is pinned to the commit the host serves at its first download.`}
        </p>
      )}
      {source === 'folder' && (
        <div class="options__folder">
          <p class="note">
            Pick the folder of <strong>{model.hubId}</strong> (it holds config.json, tokenizer.json and onnx/ with the{' '}
            {model.dtype === 'q8' ? 'quantized' : model.dtype} graphs). Its files are copied into this browser.
          </p>
          <label class="btn btn--small">
            Import model folder…
            <input
              type="file"
              class="visually-hidden"
              aria-label="Import model folder"
              // A boolean DOM property in Chromium (Preact sets it as a property, so '' would mean false).
              {...{ webkitdirectory: true }}
              multiple
              onChange={(e) => void onFolder(e.currentTarget)}
            />
          </label>
          {busy && <p class="note" role="status" aria-live="polite">{busy}</p>}
          {error && <p class="error" role="alert">{error}</p>}
          <p data-testid="local-model">
            {current ? `${current.modelId}: ${current.files} files, ${mb(current.bytes)}` : `${model.hubId} is not imported yet: the next recording will not be transcribed.`}
          </p>
        </div>
      )}
      {imported && imported.length > 0 && (
        <ul class="options__imported" aria-label="Imported models">
          {imported.map((m) => (
            <li key={m.modelId}>
              {m.modelId} ({mb(m.bytes)}){' '}
              <button class="btn btn--small btn--danger" onClick={() => void deleteLocalModel(m.modelId).then(refresh).then(() => onStatus(`Deleted the imported ${m.modelId}.`))}>
                Delete {m.modelId}
              </button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
