/** A GitEnv for Node: isomorphic-git's Node HTTP client and the real file system under a fresh temp folder. */
import fs from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import http from 'isomorphic-git/http/node';
import type { GitEnv, GitRemote } from '../../../lib/team-library/git-client';
import type { GitServer } from '../../fixtures/git-server.mjs';

export function nodeEnv(extra: Partial<GitEnv> = {}): GitEnv {
  return { fs, http, dir: mkdtempSync(join(tmpdir(), 'sop-git-client-')), ...extra };
}

export function remoteOf(server: GitServer, repo: string, user = 'alice'): GitRemote {
  return { url: server.url(repo), username: user, token: server.users[user]!.token };
}
