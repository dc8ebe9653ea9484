/** Recordings the browser never finished, summarised for the popup's recovery offer. */
import type { RecordingState } from '../model';
import { describeUnfinished, unfinishedSessions, type UnfinishedRecording } from '../recording/recovery';
import { countSteps } from '../steps/synthesize';
import { chunkSpan, listEvents, listUnfinishedRecordings } from './recording-store';
import { db as defaultDb, type SopDatabase } from './schema';

export async function loadUnfinished(state: RecordingState, database: SopDatabase = defaultDb()): Promise<UnfinishedRecording[]> {
  const rows = unfinishedSessions(await listUnfinishedRecordings(database), state);
  return Promise.all(
    rows.map(async (row) => describeUnfinished(row, countSteps(await listEvents(row.id, database)), await chunkSpan(row.id, database))),
  );
}
