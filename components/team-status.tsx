/** One line under an SOP's exports: where it stands with the team library (live: edits flip it to "unpublished changes"). */
import type { SopId } from '../lib/model';
import { publishState } from '../lib/team-sync/status';
import { useLiveQuery } from './hooks';

export function TeamStatus({ sopId }: { sopId: SopId }) {
  const state = useLiveQuery(() => publishState(sopId), [sopId]);
  if (!state) return null;
  const { link, queued, unpublished } = state;
  return (
    <p class="note" data-testid="team-status" data-published={link ? 'yes' : 'no'} data-unpublished={unpublished ? 'yes' : 'no'}>
      Team library:{' '}
      {link ? (
        <>
          {link.how === 'published' ? 'published' : 'pulled'} {link.path}/ on {link.branch} (commit {link.commit.slice(0, 7)}, {new Date(link.syncedAt).toLocaleString()})
          {unpublished ? ' · unpublished changes' : ' · up to date'}
          {link.reviewUrl && (
            <>
              {' · '}
              <a href={link.reviewUrl} target="_blank" rel="noopener noreferrer">
                review
              </a>
            </>
          )}
        </>
      ) : (
        'not published'
      )}
      {queued && ` · waiting for the network: retry at ${new Date(queued.nextAt).toLocaleTimeString()} (${queued.lastError})`}
    </p>
  );
}
