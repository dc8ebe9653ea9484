/**
 * Publish to team library, in an extension page (popup or editor): the SOP loaded and its screenshots rendered
 * as every export draws them, compressed, laid out as the docs-as-code folder with sop.json, committed and
 * pushed (lib/team-library/flows.ts), then the link stored and, for a review branch on GitHub / GitLab, the
 * pull / merge request opened. A network failure queues the publish (retried with backoff by queue.ts);
 * Cancel stops it with the remote unchanged. Until a publish succeeds the SOP reads "not published".
 */
import { collectSopExport } from '../db/export-source';
import { getQueuedPublish, getTeamLink, putQueuedPublish, putTeamLink, removeQueuedPublish } from '../db/team-store';
import { buildSopJson } from '../export/json';
import type { ShotWithBytes } from '../export/json';
import type { SopId, StepId, TeamLink } from '../model';
import { ExportCancelled, throwIfCancelled, type ExportContext } from '../exporting/context';
import { LOSSLESS, loadForExport } from '../exporting/load';
import { keptGitRuntime, postJson } from '../platform/git-runtime';
import { compressImage } from '../platform/image-encode';
import { renderShotForSharing } from '../platform/shot-renderer';
import { getShot } from '../db/recording-store';
import { classifyGitError, maskToken, TeamError } from '../team-library/errors';
import { publishSop, type PublishResult } from '../team-library/flows';
import { buildSopFolder, contentFingerprint, type RepoImage } from '../team-library/layout';
import { buildPullRequest, forgeTarget, pullRequestBody, readPullRequestResponse } from '../team-library/pull-request';
import { afterFailure } from '../team-library/retry';
import { listRevisions } from '../sop/revisions';
import { teamConnection } from './team-env';

export interface PublishOutcome {
  readonly message: string;
  readonly link?: { readonly href: string; readonly label: string };
  readonly result?: PublishResult;
  /** Queued for a retry (offline). */
  readonly queued?: boolean;
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Publishes `sopId`; resolves with what to tell the person, throws (ExportCancelled on Cancel) otherwise. */
export async function publishToTeam(sopId: SopId, ctx: ExportContext, now = Date.now(), given?: Parameters<typeof teamConnection>[0]): Promise<PublishOutcome> {
  const { settings, remote } = await teamConnection(given);
  ctx.progress({ fraction: 0, note: 'preparing the files' });
  const { sop, steps, images: pngs, doc } = await loadForExport(sopId, LOSSLESS, async (done, total) => {
    ctx.progress({ fraction: (0.3 * done) / total, note: `screenshot ${done} of ${total}` });
    await nextTask();
    throwIfCancelled(ctx.signal);
  });
  const images = new Map<StepId, RepoImage>();
  const input = await collectSopExport(sopId, { checkpoint: () => throwIfCancelled(ctx.signal) });
  let shots: ShotWithBytes[] = [];
  if (settings.includeScreenshots) {
    for (const [id, png] of pngs) {
      const small = await compressImage(png);
      images.set(id, { bytes: small.bytes, ext: small.ext });
      throwIfCancelled(ctx.signal);
    }
    // sop.json carries the stored screenshots (for a lossless round trip: crop and highlight stay edits),
    // with the author's blur boxes burned in, compressed the same way.
    shots = [];
    for (const s of input.shots) {
      const stored = await getShot(s.shot.id);
      const citing = [...input.steps, ...input.doc.revisions.flatMap((r) => r.steps)].filter((step) => step.shotId === s.shot.id && (step.blurBoxes?.length ?? 0) > 0);
      const shared = stored && citing.length > 0 ? await renderShotForSharing(stored, citing) : s.bytes;
      const small = await compressImage(shared, shared === s.bytes ? s.shot.mimeType : 'image/png');
      shots.push({ shot: { ...s.shot, mimeType: small.mimeType, width: small.width, height: small.height }, bytes: small.bytes });
    }
  }
  const json = buildSopJson({ ...input, shots }, now);
  const files = buildSopFolder(sop, steps, doc, images, json);
  const fingerprint = await contentFingerprint(sop, steps, doc);
  const previous = await getTeamLink(sopId);
  const link = previous && previous.repoUrl === settings.url ? previous : undefined;
  const newest = listRevisions(doc)[0];
  const title = sop.title.trim() || 'Untitled procedure';
  const subject = newest?.summary.trim() ? `${title}: ${newest.summary.trim().split('\n')[0]}` : `Publish “${title}”`;
  const message = `${subject.slice(0, 200)}\n\nSOP ${doc.metadata.id || '(no number)'} · version ${doc.metadata.version} · ${steps.length} steps\nPublished with SOP Recorder.\n`;

  ctx.progress({ fraction: 0.35, note: 'fetching the branch' });
  const runtime = await keptGitRuntime(remote.url, {
    signal: ctx.signal,
    onProgress: (p) => ctx.progress({ fraction: 0.35 + 0.6 * (p.total ? p.loaded / p.total : 0), note: p.phase.toLowerCase() }),
  });
  let result: PublishResult;
  try {
    result = await publishSop(runtime.env, {
      settings,
      remote,
      author: { name: settings.authorName, email: settings.authorEmail },
      sop,
      files,
      message,
      fingerprint,
      ...(link ? { link: { path: link.path, baseFingerprint: link.baseFingerprint } } : {}),
      now,
    });
  } catch (e) {
    const error = classifyGitError(e, { token: remote.token, url: remote.url, branch: settings.branch, online: navigator.onLine });
    // Not the network, the person or the server: the kept copy may be broken; the next try starts afresh.
    if (error.kind === 'unknown') await runtime.discard();
    if (error.kind === 'cancelled') throw new ExportCancelled();
    if (error.retryable) {
      const queued = afterFailure(sopId, await getQueuedPublish(sopId), error.message, Date.now());
      await putQueuedPublish(queued);
      return { queued: true, message: `Not published yet — ${error.message} It is queued and will be tried again at ${new Date(queued.nextAt).toLocaleTimeString()} (attempt ${queued.attempts + 1}).` };
    }
    await removeQueuedPublish(sopId);
    throw error;
  } finally {
    await runtime.dispose();
  }

  const stored: TeamLink = { sopId, repoUrl: settings.url, path: result.path, commit: result.commit, branch: result.branch, baseFingerprint: fingerprint, syncedAt: now, how: 'published' };
  await putTeamLink(stored);
  await removeQueuedPublish(sopId);
  ctx.progress({ fraction: 0.97, note: 'pushed' });

  let review: PublishOutcome['link'];
  const notes = [...result.notes];
  const target = forgeTarget(settings.forge, settings.url, settings.apiBase);
  if (target && result.branch !== settings.branch) {
    try {
      const req = buildPullRequest(target, remote.token, { title: subject, body: pullRequestBody(newest?.summary ?? '', result.path, doc.metadata.version), head: result.branch, base: settings.branch });
      const res = await postJson(req.url, req.headers, req.body, ctx.signal);
      const pr = readPullRequestResponse(target, res.status, res.body);
      if (pr instanceof Error) notes.push(maskToken(pr.message, remote.token));
      else {
        review = { href: pr.url, label: `${target.kind === 'github' ? 'Pull request' : 'Merge request'} !${pr.number}`.replace('Pull request !', 'Pull request #') };
        await putTeamLink({ ...stored, reviewUrl: pr.url });
      }
    } catch (e) {
      notes.push(`The branch is pushed, but the ${target.kind === 'github' ? 'pull' : 'merge'} request could not be opened: ${maskToken(e instanceof Error ? e.message : String(e), remote.token)}`);
    }
  }
  const where = result.branch === settings.branch ? `on ${result.branch}` : `to the new branch ${result.branch}`;
  return {
    message: [`Published ${where} (commit ${result.commit.slice(0, 7)}, ${result.path}/).`, ...notes].join(' '),
    result,
    ...(review ? { link: review } : {}),
  };
}

export { TeamError };
