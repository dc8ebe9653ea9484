/** Where an SOP stands with the team library, for the editor's and popup's status line. */
import { getDocument } from '../db/document-store';
import { getQueuedPublish, getTeamLink } from '../db/team-store';
import { getSop, listSteps } from '../db/sop-store';
import type { QueuedPublish, SopId, TeamLink } from '../model';
import { contentFingerprint } from '../team-library/layout';

export interface PublishState {
  readonly link?: TeamLink;
  /** Never published, or changed since the last publish / pull. */
  readonly unpublished: boolean;
  readonly queued?: QueuedPublish;
}

export async function localFingerprint(sopId: SopId): Promise<string | undefined> {
  const sop = await getSop(sopId);
  if (!sop) return undefined;
  return contentFingerprint(sop, await listSteps(sopId), await getDocument(sopId));
}

export async function publishState(sopId: SopId): Promise<PublishState> {
  const [link, queued, fingerprint] = await Promise.all([getTeamLink(sopId), getQueuedPublish(sopId), localFingerprint(sopId)]);
  return { ...(link ? { link } : {}), ...(queued ? { queued } : {}), unpublished: !link || link.baseFingerprint !== fingerprint };
}
