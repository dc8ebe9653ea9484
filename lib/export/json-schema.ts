/**
 * The SOP JSON file, version 1 (`format: "sop-recorder/sop"`): one SOP with its steps, its document (with
 * revisions), its stored screenshots (base64) and, in the "with video" variant, the recording's video
 * chunks and transcript. docs/json-format.md describes it for people; this schema is the contract both the
 * exporter (lib/export/json.ts) and the importer (lib/import/sop-import.ts) parse through.
 *
 * Ids in a file are file-local names that tie its parts together (a step's `shotId` names a screenshot, a
 * step note is keyed by step id); an import gives everything new ids. The limits keep a hostile or broken
 * file from making the importer allocate without bound; each is far above what a recording produces.
 * Objects drop keys this version does not know (a newer minor writer's extras are ignored, never stored).
 */
import { z } from 'zod';
import { targetSchema } from '../messaging/schemas';
import { STEP_KINDS } from '../model';

export const SOP_FILE_FORMAT = 'sop-recorder/sop';
export const SOP_FILE_VERSION = 1;

export const LIMITS = {
  /** The whole file, in characters of JSON (the "with video" variant carries the video in base64). */
  fileChars: 400 * 1024 * 1024,
  /** Ids, tags, names, selectors. */
  shortText: 2_000,
  /** Step text, prose, narration, Mermaid source. */
  longText: 100_000,
  url: 8_192,
  steps: 2_000,
  /** List entries of one document section, roles, variables, gates, warnings of one step. */
  items: 2_000,
  revisions: 500,
  screenshots: 5_000,
  /** Base64 characters of one screenshot (~24 MB decoded). */
  screenshotChars: 32 * 1024 * 1024,
  /** Pixels per side of a screenshot. */
  pixels: 32_768,
  chunks: 50_000,
  /** Base64 characters of one video chunk. */
  chunkChars: 64 * 1024 * 1024,
  segments: 50_000,
  /** Nesting of any JSON value: the format itself needs fewer than 12 levels. */
  depth: 32,
} as const;

const shortText = z.string().max(LIMITS.shortText);
const longText = z.string().max(LIMITS.longText);
const id = z.string().min(1).max(200);
const finite = z.number().finite();
/** ms epoch or recording-clock ms: JavaScript dates reach ±8.64e15. */
const time = finite.min(-8.64e15).max(8.64e15);
const px = finite.min(-1e6).max(1e6);
const list = <T extends z.ZodType>(item: T, max: number = LIMITS.items) => z.array(item).max(max);

/** Schemes that run script or smuggle a document when a URL ends up in a link or an image. */
const HOSTILE_SCHEME = /^(?:javascript|vbscript|data):/i;

/** A URL as recorded (may be '' or not a URL at all), but never one that would run script if clicked. */
const url = z
  .string()
  .max(LIMITS.url)
  // eslint-disable-next-line no-control-regex -- control characters are what a hostile URL hides behind
  .refine((v) => !HOSTILE_SCHEME.test(v.replace(/[\u0000-\u0020\u007f-\u009f]/g, '')), { message: 'a javascript:, vbscript: or data: URL is not allowed here' });

const base64 = (max: number) =>
  z
    .string()
    .max(max, { message: `larger than ${max} base64 characters` })
    .refine((v) => v.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(v), { message: 'not base64 (standard alphabet with padding)' });

const box = z.object({ x: px, y: px, width: px, height: px });
const size = z.object({ width: px, height: px });

/** The element acted on, as capture validated it (lib/messaging/schemas.ts), its link checked like every URL. */
const target = targetSchema.extend({
  href: url.optional(),
  // Kept by capture (the iframe's index in its parent's window.frames), so a replay export after an import
  // still addresses frames exactly.
  framePathIndexes: z.array(z.number().int().min(0).max(10_000)).max(50).optional(),
});

/** A step as lib/model.ts stores it, without `sopId` (implied) and `eventIds` (raw events are not exported). */
export const stepSchema = z.object({
  id,
  order: finite,
  kind: z.enum(STEP_KINDS),
  text: longText,
  narration: longText.optional(),
  target: target.optional(),
  page: z.object({ url, title: shortText }),
  tabId: finite,
  t: time,
  value: longText.optional(),
  shotId: id.optional(),
  highlight: z.object({ box, viewport: size }).optional(),
  shotNote: longText.optional(),
  blurBoxes: list(box, 500).optional(),
  crop: box.optional(),
});

const source = z.enum(['narration', 'page', 'author']);
const prose = z.object({ text: longText, source });
const item = z.object({ id, text: longText, source });

/** The document's sections (lib/sop/document.ts) without `sopId` and `format`; `revisions` only at the top. */
const documentBody = {
  metadata: z.object({
    id: shortText,
    title: shortText,
    version: shortText,
    owner: shortText,
    approver: shortText,
    effectiveDate: shortText,
    reviewDate: shortText,
    service: shortText,
    environment: shortText,
    tags: list(shortText, 200),
  }),
  purpose: prose,
  scope: z.object({ in: prose, out: prose }),
  roles: list(z.object({ id, name: shortText, kind: z.enum(['person', 'system']), hosts: list(shortText, 200).optional() })),
  prerequisites: list(item),
  variables: list(
    z.object({
      name: shortText,
      description: shortText,
      example: longText,
      occurrences: list(z.object({ stepId: id, field: z.enum(['text', 'value', 'url']) }), 10_000),
    }),
  ),
  gates: list(z.object({ id, question: longText, afterStepId: id.optional(), source })),
  verification: list(item),
  troubleshooting: list(z.object({ id, text: longText, symptom: longText, source })),
  rollback: list(item),
  escalation: list(item),
  monitoring: list(item),
  references: list(item),
  diagram: z.object({ source: longText, edited: z.boolean() }),
  stepNotes: z
    .record(id, z.object({ expectedResult: prose, notes: prose, warnings: list(item), roleId: id.optional() }))
    .refine((notes) => Object.keys(notes).length <= LIMITS.steps * 4, { message: 'too many step notes' }),
};

const revisionDocument = z.object(documentBody);

export const documentSchema = z.object({
  ...documentBody,
  revisions: list(
    z.object({ id, version: shortText, summary: longText, savedAt: time, doc: revisionDocument, steps: list(stepSchema, LIMITS.steps) }),
    LIMITS.revisions,
  ),
});

export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;

export const screenshotSchema = z.object({
  id,
  mimeType: z.enum(IMAGE_TYPES),
  width: z.number().int().min(1).max(LIMITS.pixels),
  height: z.number().int().min(1).max(LIMITS.pixels),
  viewport: size.optional(),
  /** Where the page lies in the image (letterboxed streams), image px. */
  content: box.optional(),
  visual: z.object({ x: px, y: px, scale: z.number().finite().positive().max(100) }).optional(),
  phase: z.enum(['before', 'after']).optional(),
  at: time,
  t: time,
  source: z.enum(['tab-stream', 'capture-visible-tab']),
  /** The stored image's bytes, base64. */
  data: base64(LIMITS.screenshotChars),
});

export const recordingSchema = z.object({
  /** What MediaRecorder wrote: WebM (Chrome) or MP4, with optional codecs. */
  mimeType: z.string().max(200).regex(/^(?:video|audio)\/(?:webm|mp4)(?:;[\w\s=,.+"-]*)?$/i, { message: 'not a WebM or MP4 MIME type' }),
  startedAt: time,
  endedAt: time.optional(),
  transcript: z
    .object({
      segments: list(z.object({ startMs: time, endMs: time, text: longText }), LIMITS.segments),
      model: shortText,
      language: shortText.optional(),
      createdAt: time,
    })
    .optional(),
  narrationError: longText.optional(),
  /** MediaRecorder chunks in order; together one WebM file. */
  chunks: list(z.object({ seq: z.number().int().min(0), t: time, data: base64(LIMITS.chunkChars) }), LIMITS.chunks),
});

export const sopFileSchema = z.object({
  format: z.literal(SOP_FILE_FORMAT),
  version: z.literal(SOP_FILE_VERSION),
  /** ISO 8601; when the file was written. */
  exportedAt: shortText,
  /** What wrote it, e.g. "SOP Recorder 0.1.0". */
  generator: shortText,
  sop: z.object({ id, title: shortText, createdAt: time, updatedAt: time, sourceUrl: url, durationMs: finite.min(0).max(8.64e15) }),
  steps: list(stepSchema, LIMITS.steps),
  document: documentSchema,
  screenshots: list(screenshotSchema, LIMITS.screenshots),
  /** Present only in the "with video" variant. */
  recording: recordingSchema.optional(),
});

export type SopFile = z.infer<typeof sopFileSchema>;
export type StepFile = z.infer<typeof stepSchema>;
export type DocumentFile = z.infer<typeof documentSchema>;
export type ScreenshotFile = z.infer<typeof screenshotSchema>;
export type RecordingFile = z.infer<typeof recordingSchema>;
