/**
 * What isomorphic-git needs in an extension page: a file system (LightningFS, on IndexedDB), an HTTP client on
 * fetch (the host permission for the server lifts CORS), and the Node `Buffer` it expects globally. Never
 * loaded in the service worker: a push must not be stopped halfway by the worker going idle.
 *
 * Publish and pull keep one copy of each repository (`keptGitRuntime`), so the next operation fetches only
 * what changed (a team library with screenshots is tens of MB at its tip); one operation at a time per
 * repository holds it (a Web Lock, across the popup, the editor and Options). The SOPs themselves live in our
 * own database: the copy is a cache, dropped whenever it cannot be trusted.
 */
import LightningFS from '@isomorphic-git/lightning-fs';
import { Buffer } from 'buffer';
import web from 'isomorphic-git/http/web';
import type { HttpClient } from 'isomorphic-git';
import type { GitEnv } from '../team-library/git-client';

/**
 * fetch with the browser's own credentials left out: our Authorization header is the only one sent, and a 401
 * comes back to us as a 401 (with credentials the browser would show its own login prompt, and wait for it).
 */
const http: HttpClient = {
  request: (req) => web.request({ ...req, fetchOptions: { credentials: 'omit', cache: 'no-store' } } as Parameters<typeof web.request>[0]),
};

export interface GitRuntime {
  readonly env: GitEnv;
  /** Done with it: a scratch repository is deleted, a kept one released for the next operation. */
  dispose(): Promise<void>;
  /** Deletes a kept copy too (it may be corrupt): the next operation starts from an empty folder. */
  discard(): Promise<void>;
}

type RuntimeOptions = { signal?: AbortSignal; onProgress?: GitEnv['onProgress'] };

function envOn(fs: LightningFS, options: RuntimeOptions): GitEnv {
  const scope = globalThis as { Buffer?: unknown };
  scope.Buffer ??= Buffer;
  return {
    fs,
    http,
    dir: '/repo',
    online: () => navigator.onLine,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  };
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise<void>((resolve) => {
    const req = indexedDB.deleteDatabase(name);
    req.onsuccess = req.onerror = req.onblocked = () => resolve();
  });
}

/** A scratch repository, deleted by dispose (Test connection). */
export function gitRuntime(options: RuntimeOptions = {}): GitRuntime {
  const name = `sop-team-git-${crypto.randomUUID()}`;
  const fs = new LightningFS(name, { wipe: true });
  const drop = () => deleteDatabase(name);
  return { env: envOn(fs, options), dispose: drop, discard: drop };
}

async function repositoryKey(url: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(url)));
  return Array.from(digest.slice(0, 12), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The kept copy of the repository at `url`, once no other page is using it (waits its turn). */
export async function keptGitRuntime(url: string, options: RuntimeOptions = {}): Promise<GitRuntime> {
  const name = `sop-team-git-repo-${await repositoryKey(url)}`;
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await new Promise<void>((acquired, failed) => {
    navigator.locks
      .request(name, { ...(options.signal ? { signal: options.signal } : {}) }, () => {
        acquired();
        return held;
      })
      .catch(failed);
  });
  const fs = new LightningFS(name);
  return {
    env: envOn(fs, options),
    async dispose() {
      release();
    },
    async discard() {
      try {
        // Emptied in place: deleting a database this page still has open would wait for the page to close.
        await new LightningFS(name, { wipe: true }).promises.readdir('/').catch(() => undefined);
      } finally {
        release();
      }
    },
  };
}

/** fetch for the forge's REST API (pull / merge requests). */
export async function postJson(url: string, headers: Record<string, string>, body: string, signal?: AbortSignal): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { method: 'POST', headers, body, credentials: 'omit', ...(signal ? { signal } : {}) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: the status says enough.
  }
  return { status: res.status, body: parsed };
}
