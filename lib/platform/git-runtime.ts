/**
 * What isomorphic-git needs in an extension page: a file system (LightningFS, on IndexedDB, one database per
 * operation, deleted afterwards: the repository is a scratch copy, the SOPs live in our own database), an HTTP
 * client on fetch (the host permission for the server lifts CORS), and the Node `Buffer` it expects globally.
 * Never loaded in the service worker: a push must not be stopped halfway by the worker going idle.
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
  /** Deletes the scratch repository. */
  dispose(): Promise<void>;
}

export function gitRuntime(options: { signal?: AbortSignal; onProgress?: GitEnv['onProgress'] } = {}): GitRuntime {
  const scope = globalThis as { Buffer?: unknown };
  scope.Buffer ??= Buffer;
  const name = `sop-team-git-${crypto.randomUUID()}`;
  const fs = new LightningFS(name, { wipe: true });
  return {
    env: {
      fs,
      http,
      dir: '/repo',
      online: () => navigator.onLine,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    },
    async dispose() {
      await new Promise<void>((resolve) => {
        const req = indexedDB.deleteDatabase(name);
        req.onsuccess = req.onerror = req.onblocked = () => resolve();
      });
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
