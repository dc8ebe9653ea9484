/**
 * The SOP drafted at Stop (or on recovery) from what the session stored: steps synthesised from the events,
 * the narration placed under them, the document around them. Needs only the clock, ids and the store.
 */
import type { SessionId, Sop, SopId, StepId } from '../model';
import { narrateSteps } from '../narration/align';
import { withCheckedTimings } from '../narration/timings';
import { maskDeep } from '../privacy/secrets';
import { draftDocument } from '../sop/draft-document';
import { draftSopTitle, synthesizeSteps } from '../steps/synthesize';
import type { MediaStopped, RecorderPorts, StorePort } from './ports';

export type DraftingPorts = Pick<RecorderPorts, 'now' | 'newId' | 'log'> & {
  readonly store: Pick<StorePort, 'listEvents' | 'shotFacts' | 'listObservations' | 'deleteUnusedShots' | 'saveDraft' | 'finishRecording'>;
};

/**
 * Draft the SOP from what the session stored, save it and close the session's row. Shots no step cites go
 * first: on a full disk that frees the room the draft needs.
 */
export async function draftAndSave(
  ports: DraftingPorts,
  sessionId: SessionId,
  { durationMs, media, recovered = false }: { durationMs: number; media: MediaStopped | null; recovered?: boolean },
): Promise<SopId> {
  const events = await ports.store.listEvents(sessionId);
  const sopId = ports.newId() as SopId;
  const shots = await ports.store.shotFacts(sessionId).catch(() => []);
  const drafted = synthesizeSteps(events, { sopId, newStepId: () => ports.newId() as StepId, shots });
  // A secret said aloud ("my password is …") is masked before the transcript is stored or aligned.
  // Its timings come from the offscreen document: checked here too (dropped if malformed), as every message is.
  if (media?.transcript) media = { ...media, transcript: withCheckedTimings(maskDeep(media.transcript, { spoken: true })) };
  const transcript = media?.transcript?.segments ?? [];
  // Each spoken sentence under the step it talks about; speech before the first step is the introduction,
  // which the document draft turns into the purpose.
  const steps = narrateSteps(drafted, transcript);
  const first = events.find((e) => e.kind === 'navigate');
  const now = ports.now();
  const sop: Sop = {
    id: sopId,
    title: draftSopTitle(events),
    createdAt: now,
    updatedAt: now,
    sourceUrl: first?.page.url ?? '',
    sessionId,
    stepCount: steps.length,
    durationMs,
  };
  const observations = await ports.store.listObservations(sessionId).catch(() => []);
  const keep = new Set(steps.flatMap((s) => (s.shotId ? [s.shotId] : [])));
  await ports.store.deleteUnusedShots(sessionId, keep).catch((e: unknown) => ports.log('shot clean-up failed', e));
  await ports.store.saveDraft(sop, steps, draftDocument({ sop, steps, events, transcript, observations }));
  await ports.store.finishRecording(sessionId, {
    status: media ? 'done' : 'failed',
    endedAt: now,
    sopId,
    error: recovered ? 'Recovered after the browser closed mid-recording.' : media ? undefined : 'The video could not be finalised.',
    transcript: media?.transcript ?? undefined,
    narrationError: media?.narrationError,
  });
  return sopId;
}
