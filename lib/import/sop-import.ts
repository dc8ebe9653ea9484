/**
 * Importing an SOP JSON file (lib/export/json-schema.ts). The file is untrusted: it is size-checked before
 * parsing, walked for prototype-polluting keys and absurd nesting, validated against the schema (every
 * problem named by the path of the bad field, e.g. `steps[3].page.url`), its references checked, and every
 * image and video chunk decoded and checked to be what its MIME type says. Only then are records built,
 * under new ids (importing a file twice gives two SOPs), and written in one transaction.
 */
import { saveImportedSop, type ImportedSop } from '../db/import-store';
import { db as defaultDb, type ChunkRecord, type RecordingRecord, type SopDatabase } from '../db/schema';
import { restoreStep } from '../db/restore';
import { LIMITS, sopFileSchema, SOP_FILE_FORMAT, SOP_FILE_VERSION, type DocumentFile, type SopFile, type StepFile } from '../export/json-schema';
import type { SessionId, Shot, ShotId, Sop, SopId, Step } from '../model';
import { DOCUMENT_FORMAT, type SopDocument } from '../sop/document';
import { restoreDocument } from '../db/restore-document';

/** Why a file was refused; `problems` lists each one with the path of the field at fault. */
export class SopImportError extends Error {
  constructor(
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(problems.length ? `${message} ${problems.join('; ')}${problems.length > 1 ? '.' : ''}` : message);
    this.name = 'SopImportError';
  }
}

export interface ParsedSopFile {
  readonly file: SopFile;
  /** Decoded screenshot bytes by the file's screenshot id. */
  readonly screenshots: ReadonlyMap<string, Uint8Array>;
  /** Decoded video chunks, in the file's order. */
  readonly chunks: readonly Uint8Array[];
}

const MAX_PROBLEMS = 5;
/** Keys that would reach an object's prototype when copied with assignment. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** `['steps', 3, 'page', 'url']` → `steps[3].page.url`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else {
      const name = String(part);
      out += /^[A-Za-z_$][\w$]*$/.test(name) ? `${out ? '.' : ''}${name}` : `[${JSON.stringify(name)}]`;
    }
  }
  return out || '(the file)';
}

/** Depth and key checks on the parsed value, iteratively (a deep file must not overflow the stack here). */
function checkStructure(value: unknown): void {
  const stack: { value: unknown; path: PropertyKey[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: v, path } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (path.length >= LIMITS.depth) throw new SopImportError('This file is nested too deeply to be an SOP export.', [formatPath(path)]);
    if (Array.isArray(v)) v.forEach((item, i) => stack.push({ value: item, path: [...path, i] }));
    else
      for (const [key, item] of Object.entries(v)) {
        if (FORBIDDEN_KEYS.has(key)) throw new SopImportError('This file was refused: it contains a key that could alter objects.', [`${formatPath([...path, key])} is not allowed`]);
        stack.push({ value: item, path: [...path, key] });
      }
  }
}

function decodeBase64(data: string): Uint8Array {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const startsWith = (bytes: Uint8Array, magic: readonly number[], at = 0) => magic.every((b, i) => bytes[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** Whether `bytes` begin as an image of `mimeType` says. */
function isImage(bytes: Uint8Array, mimeType: string): boolean {
  switch (mimeType) {
    case 'image/png':
      return startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    case 'image/jpeg':
      return startsWith(bytes, [0xff, 0xd8, 0xff]);
    case 'image/webp':
      return startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8);
    default:
      return false;
  }
}

/** Whether a recording's first chunk begins a WebM (EBML) or MP4 (`ftyp`) file. */
function isVideoStart(bytes: Uint8Array, mimeType: string): boolean {
  return /\/mp4/i.test(mimeType) ? startsWith(bytes, ascii('ftyp'), 4) : startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3]);
}

function checkReferences(file: SopFile): string[] {
  const problems: string[] = [];
  const duplicates = (ids: readonly string[], where: string) => {
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (seen.has(id)) problems.push(`${where}[${i}].id: "${id}" is used twice`);
      seen.add(id);
    });
  };
  duplicates(file.steps.map((s) => s.id), 'steps');
  duplicates(file.screenshots.map((s) => s.id), 'screenshots');
  const shots = new Set(file.screenshots.map((s) => s.id));
  file.steps.forEach((s, i) => {
    if (s.shotId !== undefined && !shots.has(s.shotId)) problems.push(`steps[${i}].shotId: no screenshot has the id "${s.shotId}"`);
  });
  return problems;
}

/** Parses and checks an SOP JSON file; throws SopImportError saying what is wrong and where. */
export function parseSopFile(text: string): ParsedSopFile {
  if (text.length > LIMITS.fileChars) throw new SopImportError(`This file is too large to import (over ${Math.round(LIMITS.fileChars / 1024 / 1024)} MB).`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new SopImportError(`This file is not valid JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new SopImportError('This file is not an SOP export: it is not a JSON object.');
  checkStructure(raw);
  const head = raw as { format?: unknown; version?: unknown };
  if (head.format !== SOP_FILE_FORMAT) throw new SopImportError(`This file is not an SOP Recorder export: its "format" is ${JSON.stringify(head.format) ?? 'missing'}, not "${SOP_FILE_FORMAT}".`);
  if (typeof head.version === 'number' && head.version > SOP_FILE_VERSION)
    throw new SopImportError(`This file was written by a newer SOP Recorder (file version ${head.version}); this one reads version ${SOP_FILE_VERSION}.`);
  if (head.version !== SOP_FILE_VERSION) throw new SopImportError(`This file has an unsupported version ${JSON.stringify(head.version) ?? '(missing)'}; this SOP Recorder reads version ${SOP_FILE_VERSION}.`);

  const parsed = sopFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, MAX_PROBLEMS).map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
    throw new SopImportError('This file is not a valid SOP export:', problems);
  }
  const file = parsed.data;
  const refs = checkReferences(file);
  if (refs.length) throw new SopImportError('This file is not a valid SOP export:', refs.slice(0, MAX_PROBLEMS));

  const screenshots = new Map<string, Uint8Array>();
  file.screenshots.forEach((shot, i) => {
    const bytes = decodeBase64(shot.data);
    if (!isImage(bytes, shot.mimeType)) throw new SopImportError('This file was refused:', [`screenshots[${i}].data: not a ${shot.mimeType} image`]);
    screenshots.set(shot.id, bytes);
  });
  const chunks = (file.recording?.chunks ?? []).map((c) => decodeBase64(c.data));
  if (file.recording && chunks.length > 0) {
    const first = file.recording.chunks.reduce((lo, c, i, all) => (c.seq < all[lo]!.seq ? i : lo), 0);
    if (!isVideoStart(chunks[first]!, file.recording.mimeType)) throw new SopImportError('This file was refused:', [`recording.chunks[${first}].data: not the start of a ${file.recording.mimeType} video`]);
  }
  return { file, screenshots, chunks };
}

/** New ids on demand, the same new id for every mention of one old id. */
function renamer(newId: () => string) {
  const map = new Map<string, string>();
  return (old: string) => {
    let id = map.get(old);
    if (id === undefined) map.set(old, (id = newId()));
    return id;
  };
}

type DocumentBody = Omit<DocumentFile, 'revisions'>;

/** The document body with its step references renamed. */
function renameSteps(doc: DocumentBody, stepId: (old: string) => string): DocumentBody {
  return {
    ...doc,
    gates: doc.gates.map((g) => ({ ...g, ...(g.afterStepId !== undefined ? { afterStepId: stepId(g.afterStepId) } : {}) })),
    variables: doc.variables.map((v) => ({ ...v, occurrences: v.occurrences.map((o) => ({ ...o, stepId: stepId(o.stepId) })) })),
    // Object.fromEntries defines keys (no prototype setter), and checkStructure refused `__proto__` already.
    stepNotes: Object.fromEntries(Object.entries(doc.stepNotes).map(([id, note]) => [stepId(id), note])),
  };
}

/** The records to store for a parsed file, under new ids; `now` stamps `updatedAt`. Pure. */
export function prepareImport(parsed: ParsedSopFile, newId: () => string, now: number): ImportedSop {
  const { file } = parsed;
  const sopId = newId() as SopId;
  const sessionId = newId() as SessionId;
  const stepId = renamer(newId);
  const shotIds = new Map(file.screenshots.map((s) => [s.id, newId() as ShotId]));

  const toStep = (s: StepFile): Step => {
    const { shotId, ...rest } = s;
    const shot = shotId !== undefined ? shotIds.get(shotId) : undefined;
    return restoreStep({ ...rest, id: stepId(s.id), sopId, eventIds: [], ...(shot ? { shotId: shot } : {}) })!;
  };
  const steps = file.steps.map(toStep);
  const sop: Sop = {
    id: sopId,
    title: file.sop.title.trim() || 'Untitled procedure',
    createdAt: file.sop.createdAt,
    updatedAt: now,
    sourceUrl: file.sop.sourceUrl,
    sessionId,
    stepCount: steps.length,
    durationMs: file.sop.durationMs,
  };
  const { revisions, ...body } = file.document;
  const rawDoc = {
    ...renameSteps(body, stepId),
    format: DOCUMENT_FORMAT,
    sopId,
    revisions: revisions.map((r) => ({ ...r, doc: { ...renameSteps(r.doc, stepId), format: DOCUMENT_FORMAT, sopId, revisions: [] }, steps: r.steps.map(toStep) })),
  };
  const doc: SopDocument = restoreDocument(rawDoc, sop);

  const shots: Shot[] = file.screenshots.map((s) => {
    const { data: _data, id, ...rest } = s;
    const bytes = parsed.screenshots.get(id)!;
    return { ...rest, id: shotIds.get(id)!, sessionId, blob: new Blob([bytes as BlobPart], { type: s.mimeType }) };
  });

  let recording: RecordingRecord | undefined;
  const chunks: ChunkRecord[] = [];
  if (file.recording) {
    const r = file.recording;
    r.chunks.forEach((c, i) => chunks.push({ sessionId, seq: c.seq, t: c.t, blob: new Blob([parsed.chunks[i]! as BlobPart], { type: r.mimeType }) }));
    recording = {
      id: sessionId,
      sopId,
      // The tab it was recorded in is gone; -1 is never a tab id.
      tabId: -1,
      startedAt: r.startedAt,
      ...(r.endedAt !== undefined ? { endedAt: r.endedAt } : {}),
      mimeType: r.mimeType,
      status: 'done',
      chunkCount: chunks.length,
      bytes: parsed.chunks.reduce((n, c) => n + c.length, 0),
      ...(r.transcript ? { transcript: r.transcript } : {}),
      ...(r.narrationError ? { narrationError: r.narrationError } : {}),
    };
  }
  return { sop, steps, doc, shots, ...(recording ? { recording } : {}), chunks };
}

export interface ImportOptions {
  readonly newId: () => string;
  readonly now?: number;
  readonly database?: SopDatabase;
}

/** Parse, check and store an SOP file; resolves to the new SOP's id. Nothing is stored when it throws. */
export async function importSopText(text: string, options: ImportOptions): Promise<SopId> {
  const records = prepareImport(parseSopFile(text), options.newId, options.now ?? Date.now());
  await saveImportedSop(records, options.database ?? defaultDb());
  return records.sop.id;
}

/** The largest file the editor reads at all, checked before reading it into memory. */
export const MAX_IMPORT_BYTES = LIMITS.fileChars;

