/**
 * JSON export: the whole SOP as one versioned file (lib/export/json-schema.ts, docs/json-format.md) that
 * lib/import/sop-import.ts reads back. Pure: the caller reads the stored records and blobs
 * (lib/db/export-source.ts) and downloads the text.
 *
 * The file is canonical, so that export → import → export gives the same bytes apart from ids and
 * timestamps: steps in reading order, screenshots in the order steps first cite them, and every object's
 * keys in the schema's order (the schema builds the output).
 */
import type { Shot, Sop, Step } from '../model';
import type { Transcript } from '../narration/segments';
import type { Revision, SopDocument } from '../sop/document';
import { sopFileSchema, SOP_FILE_FORMAT, SOP_FILE_VERSION, type SopFile, type StepFile } from './json-schema';
import { encodeBase64 as base64 } from './base64';
import { orderedSteps } from './markdown';

export const JSON_GENERATOR = 'SOP Recorder';

/** A stored screenshot with its image bytes. */
export interface ShotWithBytes {
  readonly shot: Omit<Shot, 'blob'>;
  readonly bytes: Uint8Array;
}

/** The recording's media for the "with video" variant. */
export interface RecordingWithBytes {
  readonly mimeType: string;
  readonly startedAt: number;
  readonly endedAt?: number;
  readonly transcript?: Transcript;
  readonly narrationError?: string;
  readonly chunks: readonly { readonly seq: number; readonly t: number; readonly bytes: Uint8Array }[];
}

export interface SopExportInput {
  readonly sop: Sop;
  readonly steps: readonly Step[];
  readonly doc: SopDocument;
  /** Every stored screenshot the steps (and saved versions) cite; the rest are ignored. */
  readonly shots: readonly ShotWithBytes[];
  readonly recording?: RecordingWithBytes;
}

export class JsonExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonExportError';
  }
}

function stepFile(step: Step, shotIds: ReadonlySet<string>): StepFile {
  // `sopId` is implied by the file and raw events are not exported, so `eventIds` would dangle.
  const { sopId: _sop, eventIds: _events, shotId, ...rest } = step;
  return { ...rest, ...(shotId && shotIds.has(shotId) ? { shotId } : {}) } as StepFile;
}

function documentFile(doc: SopDocument, shotIds: ReadonlySet<string>) {
  const { sopId: _sop, format: _format, revisions, ...body } = doc;
  return {
    ...body,
    revisions: revisions.map((r: Revision) => {
      const { sopId: _s, format: _f, revisions: _nested, ...revisionBody } = r.doc;
      return { ...r, doc: revisionBody, steps: orderedSteps(r.steps).map((s) => stepFile(s, shotIds)) };
    }),
  };
}

/** The screenshots in the order the steps, then the saved versions' steps, first cite them. */
function citedShots(input: SopExportInput): ShotWithBytes[] {
  const byId = new Map(input.shots.map((s) => [s.shot.id as string, s]));
  const cited = new Map<string, ShotWithBytes>();
  const steps = [...orderedSteps(input.steps), ...input.doc.revisions.flatMap((r) => orderedSteps(r.steps))];
  for (const step of steps) {
    const shot = step.shotId ? byId.get(step.shotId) : undefined;
    if (shot && !cited.has(shot.shot.id)) cited.set(shot.shot.id, shot);
  }
  return [...cited.values()];
}

/** The file as an object, validated against the schema (which also puts every key in canonical order). */
export function buildSopFile(input: SopExportInput, exportedAt: number): SopFile {
  const shots = citedShots(input);
  const shotIds = new Set<string>(shots.map((s) => s.shot.id));
  const { sop } = input;
  const file = {
    format: SOP_FILE_FORMAT,
    version: SOP_FILE_VERSION,
    exportedAt: new Date(exportedAt).toISOString(),
    generator: JSON_GENERATOR,
    sop: { id: sop.id, title: sop.title, createdAt: sop.createdAt, updatedAt: sop.updatedAt, sourceUrl: sop.sourceUrl, durationMs: sop.durationMs },
    steps: orderedSteps(input.steps).map((s) => stepFile(s, shotIds)),
    document: documentFile(input.doc, shotIds),
    screenshots: shots.map(({ shot, bytes }) => ({
      id: shot.id,
      mimeType: shot.mimeType,
      width: shot.width,
      height: shot.height,
      ...(shot.viewport ? { viewport: shot.viewport } : {}),
      ...(shot.content ? { content: shot.content } : {}),
      ...(shot.visual ? { visual: shot.visual } : {}),
      ...(shot.phase ? { phase: shot.phase } : {}),
      at: shot.at,
      t: shot.t,
      source: shot.source,
      data: base64(bytes),
    })),
    ...(input.recording ? { recording: recordingFile(input.recording) } : {}),
  };
  const parsed = sopFileSchema.safeParse(file);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new JsonExportError(`This SOP cannot be written as JSON: ${issue.path.join('.') || '(file)'}: ${issue.message}`);
  }
  return parsed.data;
}

function recordingFile(r: RecordingWithBytes) {
  return {
    mimeType: r.mimeType,
    startedAt: r.startedAt,
    ...(r.endedAt !== undefined ? { endedAt: r.endedAt } : {}),
    ...(r.transcript ? { transcript: r.transcript } : {}),
    ...(r.narrationError ? { narrationError: r.narrationError } : {}),
    chunks: [...r.chunks].sort((a, b) => a.seq - b.seq).map((c) => ({ seq: c.seq, t: c.t, data: base64(c.bytes) })),
  };
}

/** The JSON text: two-space indented, newline at the end. */
export function buildSopJson(input: SopExportInput, exportedAt: number): string {
  return `${JSON.stringify(buildSopFile(input, exportedAt), null, 2)}\n`;
}
