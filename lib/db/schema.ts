/**
 * The one IndexedDB schema (Dexie), shared by the service worker, the offscreen document and the extension
 * pages (one origin, one database). Small records and blobs live in separate tables so listing SOPs never
 * loads media. Versions are numbered and never edited once shipped: add a new version instead.
 */
import { Dexie, type EntityTable } from 'dexie';
import type { ObservationKind, QueuedPublish, RawEvent, SessionId, Shot, ShotId, Sop, Step, TeamLink } from '../model';
import type { SopDocument } from '../sop/document';
import type { GuideRun } from '../guide/run';
import type { DriftCheck } from '../drift/check';
import type { Transcript } from '../narration/segments';

export const DB_NAME = 'sop-recorder';

/** A recording session's media bookkeeping. One per Start. */
export interface RecordingRecord {
  readonly id: SessionId;
  readonly sopId?: Sop['id'];
  readonly tabId: number;
  readonly startedAt: number;
  readonly endedAt?: number;
  readonly mimeType?: string;
  /** 'recording' until Stop has flushed every chunk; an old 'recording' row means an unfinished session. */
  readonly status: 'recording' | 'done' | 'failed';
  readonly chunkCount: number;
  readonly bytes: number;
  readonly error?: string;
  /** The narration as transcribed at Stop, kept so it can be aligned again after edits. */
  readonly transcript?: Transcript;
  readonly narrationError?: string;
}

/** One export screenshot as rendered and encoded (lib/db/render-cache-store.ts). */
export interface RenderCacheRow {
  /** renderCacheKey: shot id, hash of the edits drawn into it, encoding. */
  readonly key: string;
  readonly shotId: ShotId;
  readonly sessionId: SessionId;
  readonly blob: Blob;
  /** blob.size, beside it so the bound is summed without opening any blob. */
  readonly bytes: number;
  readonly usedAt: number;
}

/** Something a page showed after an action, kept apart from the raw events that steps are drafted from. */
export interface ObservationRecord {
  readonly id: string;
  readonly sessionId: SessionId;
  readonly tabId: number;
  readonly at: number;
  readonly kind: ObservationKind;
  readonly text: string;
}

/** One MediaRecorder chunk (≤ 2 s of video), written as it arrives so the whole video is never in memory. */
export interface ChunkRecord {
  readonly key?: number;
  readonly sessionId: SessionId;
  readonly seq: number;
  readonly blob: Blob;
  /** Recording-clock ms when the chunk was received. */
  readonly t: number;
}

/** One neighbourhood crop of a drift check (PNG), blurred where the page showed a secret. */
export interface DriftCrop {
  readonly id: string;
  readonly checkId: string;
  readonly blob: Blob;
  readonly width: number;
  readonly height: number;
}

export class SopDatabase extends Dexie {
  sops!: EntityTable<Sop, 'id'>;
  steps!: EntityTable<Step, 'id'>;
  events!: EntityTable<RawEvent, 'id'>;
  recordings!: EntityTable<RecordingRecord, 'id'>;
  chunks!: EntityTable<ChunkRecord, 'key'>;
  shots!: EntityTable<Shot, 'id'>;
  documents!: EntityTable<SopDocument, 'sopId'>;
  observations!: EntityTable<ObservationRecord, 'id'>;
  teamLinks!: EntityTable<TeamLink, 'sopId'>;
  teamQueue!: EntityTable<QueuedPublish, 'sopId'>;
  guideRuns!: EntityTable<GuideRun, 'id'>;
  driftChecks!: EntityTable<DriftCheck, 'id'>;
  driftCrops!: EntityTable<DriftCrop, 'id'>;
  renderCache!: EntityTable<RenderCacheRow, 'key'>;

  constructor(name = DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores({
      // newest-first library listing
      sops: 'id, createdAt, updatedAt',
      // steps of one SOP in order
      steps: 'id, sopId, [sopId+order]',
      // a session's raw events in time order
      events: 'id, sessionId, [sessionId+at]',
      // unfinished sessions are found by status
      recordings: 'id, status, sopId',
      // a session's chunks in order; auto-increment key keeps writes cheap
      chunks: '++key, sessionId, [sessionId+seq]',
      shots: 'id, sessionId',
    });
    // v2: the SOP document (sections, gates, variables, revisions, diagram), one per SOP. SOPs drafted
    // under v1 have none: it is drafted on first open (lib/db/document-store.ts).
    this.version(2).stores({
      documents: 'sopId',
    });
    // v3: what pages showed after actions (toasts, status texts, headings), for the steps' expected results.
    this.version(3).stores({
      observations: 'id, sessionId',
    });
    // v4: the team library (lib/team-library). Each SOP's place in the team's repository — its path, the
    // commit and content fingerprint of the last publish or pull (so "unpublished changes" and "changed on
    // both sides" can be told) — and the publishes waiting for the network. SOPs from v3 have neither: they
    // read as never published, which is what they are, so nothing is rewritten.
    this.version(4).stores({
      // one link per SOP; by path to find the local copies of a repository folder
      teamLinks: 'sopId, path',
      // one queued publish per SOP; by due time for the retry loop
      teamQueue: 'sopId, nextAt',
    });
    // v5: Guide me's run logs (lib/guide/run.ts): one record per guided run, kept with its SOP (deleted with
    // it) and listed newest first in the editor. SOPs from v4 simply have no runs yet.
    this.version(5).stores({
      // an SOP's runs, newest first
      guideRuns: 'id, sopId, [sopId+startedAt]',
    });
    // v6: drift checks (lib/drift): one record per check of an SOP against the app — a guided run seen
    // passively, or the active replay — with per-step verdicts; the neighbourhood crops (recorded and fresh,
    // a few kB each) in their own table so listing checks for the library's badges loads no image.
    this.version(6).stores({
      // an SOP's checks, newest first
      driftChecks: 'id, sopId, [sopId+at]',
      // a check's crops, deleted with it
      driftCrops: 'id, checkId',
    });
    // v7: export screenshots as encoded once (lib/db/render-cache-store.ts), so the next export, in any page,
    // reuses them. A cache: databases from v6 start with it empty and nothing else changes.
    this.version(7).stores({
      // by key; a shot's rows (a new edit replaces its render); a session's (deleted with it); eviction order
      renderCache: 'key, shotId, sessionId, usedAt',
    });
  }
}

let shared: SopDatabase | undefined;

/** The database of this context, opened lazily. */
export function db(): SopDatabase {
  shared ??= new SopDatabase();
  return shared;
}
