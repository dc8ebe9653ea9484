/** Writing an imported SOP: every record in one transaction, so a failure leaves nothing half-written. */
import type { Shot, Sop, Step } from '../model';
import type { SopDocument } from '../sop/document';
import { db as defaultDb, type ChunkRecord, type RecordingRecord, type SopDatabase } from './schema';

export interface ImportedSop {
  readonly sop: Sop;
  readonly steps: readonly Step[];
  readonly doc: SopDocument;
  readonly shots: readonly Shot[];
  readonly recording?: RecordingRecord;
  readonly chunks: readonly ChunkRecord[];
}

/** Adds (never overwrites: `add` fails on an existing id) the SOP with its steps, document and media. */
export async function saveImportedSop(records: ImportedSop, database: SopDatabase = defaultDb()): Promise<void> {
  const { sop, steps, doc, shots, recording, chunks } = records;
  await database.transaction('rw', [database.sops, database.steps, database.documents, database.shots, database.recordings, database.chunks], async () => {
    await database.sops.add({ ...sop, stepCount: steps.length });
    await database.steps.bulkAdd([...steps]);
    await database.documents.add(doc);
    await database.shots.bulkAdd([...shots]);
    if (recording) await database.recordings.add(recording);
    if (chunks.length > 0) await database.chunks.bulkAdd([...chunks]);
  });
}
