/** Writing an imported SOP: every record in one transaction, so a failure leaves nothing half-written. */
import type { Shot, Sop, Step } from '../model';
import { maskDeep } from '../privacy/secrets';
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
  const { shots, chunks } = records;
  // A file from elsewhere never went through capture's masking: secrets in its text are masked on the way
  // in, as an author's own edits are (lib/db/sop-store.ts). Blobs and numbers pass untouched.
  const sop = maskDeep(records.sop);
  const steps = records.steps.map((s) => maskDeep(s));
  const doc = maskDeep(records.doc);
  const recording = records.recording?.transcript
    ? { ...records.recording, transcript: maskDeep(records.recording.transcript, { spoken: true }) }
    : records.recording;
  await database.transaction('rw', [database.sops, database.steps, database.documents, database.shots, database.recordings, database.chunks], async () => {
    await database.sops.add({ ...sop, stepCount: steps.length });
    await database.steps.bulkAdd([...steps]);
    await database.documents.add(doc);
    await database.shots.bulkAdd([...shots]);
    if (recording) await database.recordings.add(recording);
    if (chunks.length > 0) await database.chunks.bulkAdd([...chunks]);
  });
}
