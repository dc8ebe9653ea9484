/**
 * One SOP with everything an export carries: the deploy recording's steps (one with a hostile page label),
 * its drafted document with narration, expected results, a warning and a saved version, stored screenshots
 * (valid PNG headers) and a short WebM recording with its transcript. Shared by the export and import tests.
 */
import type { SessionId, Shot, ShotId, Sop, SopId, Step } from '../../../lib/model';
import type { SopDocument, ItemId } from '../../../lib/sop/document';
import { draftDocument } from '../../../lib/sop/draft-document';
import { saveVersion } from '../../../lib/sop/revisions';
import { escapeMarkdownInline } from '../../../lib/text/markdown';
import type { SopExportInput } from '../../../lib/export/json';
import { HOSTILE_LABEL } from '../../e2e/workflows/deploy-workflow.mjs';
import { BASE_AT, makeSop } from '../factories';
import { deployEvents, deploySteps, deployTranscript } from '../sop/deploy-recording';

export { HOSTILE_LABEL };

export const SESSION = 'session-1' as SessionId;

/** Bytes that start like a PNG (the importer checks the signature, not the pixels). */
export function fakePng(seed: number, length = 64): Uint8Array {
  const bytes = new Uint8Array(length);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  for (let i = 8; i < length; i++) bytes[i] = (seed * 31 + i * 7) & 0xff;
  return bytes;
}

/** Bytes that start like a WebM (EBML header). */
export function fakeWebm(seed: number, first: boolean): Uint8Array {
  const bytes = new Uint8Array(48).map((_, i) => (seed + i * 13) & 0xff);
  if (first) bytes.set([0x1a, 0x45, 0xdf, 0xa3]);
  return bytes;
}

export function fixtureSop(): { sop: Sop; steps: Step[]; doc: SopDocument; shots: Shot[]; shotBytes: Map<ShotId, Uint8Array> } {
  const events = deployEvents();
  const drafted = deploySteps(events);
  const steps = drafted.map((s, i) =>
    i === 3
      ? { ...s, text: `Click **${escapeMarkdownInline(HOSTILE_LABEL)}**.`, blurBoxes: [{ x: 1, y: 2, width: 30, height: 12 }] }
      : i === 1
        ? { ...s, narration: "We're deploying <b>payments-api</b> to production." }
        : s,
  );
  const sop: Sop = makeSop({ id: 'sop-1' as SopId, title: `Deploy ${HOSTILE_LABEL}`, sessionId: SESSION, stepCount: steps.length });
  let doc = draftDocument({ sop, steps, events, transcript: deployTranscript(steps) });
  const first = steps[0]!.id;
  doc = {
    ...doc,
    metadata: { ...doc.metadata, owner: 'Ops <team>', tags: ['deploy', '<b>x</b>'] },
    stepNotes: {
      ...doc.stepNotes,
      [first]: {
        expectedResult: { text: 'The **Services** list shows.', source: 'author' },
        notes: { text: 'Note <script>alert(1)</script>', source: 'author' },
        warnings: [{ id: 'w-1' as ItemId, text: 'Do not close the tab.', source: 'author' }],
      },
    },
  };
  doc = saveVersion(doc, steps, 'First draft', BASE_AT + 60_000).doc;
  const shotBytes = new Map<ShotId, Uint8Array>();
  const shots: Shot[] = [];
  const cited = [...new Set(steps.flatMap((s) => (s.shotId ? [s.shotId] : [])))];
  cited.forEach((id, i) => {
    const bytes = fakePng(i);
    shotBytes.set(id, bytes);
    shots.push({ id, sessionId: SESSION, blob: new Blob([bytes as BlobPart], { type: 'image/png' }), mimeType: 'image/png', width: 1280, height: 800, viewport: { width: 1280, height: 800 }, at: BASE_AT + i, t: i * 1000, source: 'tab-stream' });
  });
  return { sop, steps, doc, shots, shotBytes };
}

/** The fixture as the JSON builder takes it, optionally with a three-chunk recording. */
export function fixtureExportInput(withVideo = false): SopExportInput {
  const { sop, steps, doc, shots, shotBytes } = fixtureSop();
  return {
    sop,
    steps,
    doc,
    shots: shots.map(({ blob: _blob, ...shot }) => ({ shot, bytes: shotBytes.get(shot.id)! })),
    ...(withVideo
      ? {
          recording: {
            mimeType: 'video/webm;codecs=vp8,opus',
            startedAt: BASE_AT,
            endedAt: BASE_AT + 65_000,
            transcript: { segments: deployTranscript(steps), model: 'tiny.en', createdAt: BASE_AT + 66_000 },
            chunks: [0, 1, 2].map((seq) => ({ seq, t: seq * 1000, bytes: fakeWebm(seq, seq === 0) })),
          },
        }
      : {}),
  };
}
