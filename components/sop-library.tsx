/** Saved SOPs, newest first, and how much space they take. */
import { useEffect, useState } from 'preact/hooks';
import { listSops } from '../lib/db/sop-store';
import type { SopId } from '../lib/model';
import { openEditor } from '../lib/platform/editor-nav';
import { storageFigures, type StorageFigures } from '../lib/platform/popup-env';
import { useLiveQuery } from './hooks';
import { GuideButton } from './guide/guide-button';
import { latestDriftChecks } from '../lib/db/drift-store';
import { DriftBadge } from './drift/drift-badge';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

export function SopLibrary({ onOpen, tabId }: { onOpen(id: SopId): void; tabId?: number }) {
  const [guideError, setGuideError] = useState<string>();
  const sops = useLiveQuery(() => listSops(), []);
  const driftChecks = useLiveQuery(() => latestDriftChecks(), []);
  const [storage, setStorage] = useState<StorageFigures>();
  useEffect(() => {
    void storageFigures().then(setStorage).catch(() => undefined);
  }, [sops?.length]);

  return (
    <section class="library" aria-labelledby="library-heading">
      <div class="library__head">
        <h2 id="library-heading">Saved SOPs</h2>
        <button class="btn btn--small" onClick={() => void openEditor()}>
          Open library
        </button>
      </div>
      {sops === undefined ? (
        <p class="note">Loading…</p>
      ) : sops.length === 0 ? (
        <p class="note">Nothing recorded yet. Open the page where the procedure starts and press Start recording.</p>
      ) : (
        <ul class="library__list" aria-label="Saved SOPs">
          {sops.map((sop) => (
            <li key={sop.id}>
              <button class="library__item" onClick={() => onOpen(sop.id)}>
                <span class="library__title">{sop.title}</span>
                <span class="library__meta">
                  {sop.stepCount} steps · {new Date(sop.createdAt).toLocaleString()}
                </span>
                <DriftBadge check={driftChecks?.get(sop.id)} />
              </button>
              <GuideButton sopId={sop.id} tabId={tabId} small onResult={(message, ok) => setGuideError(ok ? undefined : message)} />
            </li>
          ))}
        </ul>
      )}
      {guideError && <p class="error" role="alert">{guideError}</p>}
      {storage && (
        <p class="note" data-testid="storage">
          Storage used: {formatBytes(storage.usage)}
          {storage.quota > 0 ? ` of ${formatBytes(storage.quota)}` : ''}
          {storage.persisted ? ' · persistent' : ' · may be cleared by the browser under pressure'}
        </p>
      )}
    </section>
  );
}
