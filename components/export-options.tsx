/** Options → Exports: how screenshots are encoded in exported files, and the encoded copies kept for reuse. */
import { useEffect, useState } from 'preact/hooks';
import { clearRenderCache, renderCacheUsage } from '../lib/db/render-cache-store';
import { EXPORT_IMAGE_FORMATS, EXPORT_IMAGE_LABELS, MAX_EXPORT_IMAGE_SIDE, type ExportImageFormat, type ExportImageSettings } from '../lib/export/image-format';
import { exportImageSetting } from '../lib/platform/export-settings';
import { useStoredSetting } from './use-stored-setting';

export function ExportOptions({ onSaved }: { onSaved(message: string): void }) {
  const [settings, save] = useStoredSetting<ExportImageSettings>(exportImageSetting, onSaved, 'Saved. It applies to the next export.');
  const [kept, setKept] = useState<{ rows: number; bytes: number }>();
  useEffect(() => {
    void renderCacheUsage().then(setKept, () => setKept(undefined));
  }, []);
  if (!settings) return null;

  async function clearKept() {
    await clearRenderCache();
    setKept(await renderCacheUsage());
    onSaved('Prepared export images cleared. They are made again from the screenshots when needed.');
  }

  return (
    <section aria-labelledby="exports-h">
      <h2 id="exports-h">Exports</h2>
      <div class="options__row">
        <label for="opt-export-images">Screenshots in exports</label>
        <select id="opt-export-images" value={settings.format} onChange={(e) => void save({ ...settings, format: e.currentTarget.value as ExportImageFormat })}>
          {EXPORT_IMAGE_FORMATS.map((f) => (
            <option key={f} value={f}>
              {EXPORT_IMAGE_LABELS[f]}
            </option>
          ))}
        </select>
      </div>
      <p class="note">
        For Markdown, HTML and MkDocs. WebP keeps text readable at a fraction of PNG's size and every current browser
        shows it; choose JPEG for tools that do not read WebP; PNG keeps every pixel (and is large). PDFs embed JPEG
        (or PNG when PNG is chosen).
        Screenshots wider or taller than {MAX_EXPORT_IMAGE_SIDE} px are scaled down. Blur boxes are applied before
        encoding in every format.
      </p>
      {kept && (
        <div class="options__row" data-testid="kept-export-images">
          <span>
            Prepared export images: {(kept.bytes / (1024 * 1024)).toFixed(1)} MB ({kept.rows}). Encoded once from the
            screenshots (blur boxes applied) while an SOP is open, so exports do not wait for them; kept on this device
            only and deleted with their SOP.
          </span>
          <button class="btn btn--small" disabled={kept.rows === 0} onClick={() => void clearKept()}>
            Clear
          </button>
        </div>
      )}
    </section>
  );
}
