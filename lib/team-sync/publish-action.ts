/**
 * "Publish to team library" as one more action of the export list (components/export-menu.tsx), so the popup
 * and the editor both offer it with the same progress and Cancel. The Git code is loaded on first use.
 */
import type { ActionOutcome, ExportAction } from '../exporting/actions';
import type { SopId } from '../model';
import type { ExportContext } from '../exporting/context';

export const PUBLISH_ACTION: ExportAction = {
  id: 'team-publish',
  label: 'Publish to team library',
  hint: 'one commit in the team’s Git repository (Options → Team library): index.md, images, sop.json and the mkdocs.yml nav',
  featured: true,
  runningLabel: 'Publishing to the team library',
  cancelLabel: 'Cancel publish',
  cancelledText: 'Publish cancelled: nothing was changed in the team library.',
  run: async (sopId: SopId, ctx: ExportContext): Promise<ActionOutcome> => {
    const { publishToTeam } = await import('./publish');
    const { queueChanged } = await import('./queue');
    const outcome = await publishToTeam(sopId, ctx);
    if (outcome.queued) queueChanged();
    return { message: outcome.message, ...(outcome.link ? { link: outcome.link } : {}), ...(outcome.queued ? { pending: true } : {}) };
  },
};
