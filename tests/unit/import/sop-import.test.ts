import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { saveDraft, listSops, listSteps, deleteSop } from '../../../lib/db/sop-store';
import { appendChunk, createRecording, getRecording, listChunks, putShot, getShot } from '../../../lib/db/recording-store';
import { getDocument } from '../../../lib/db/document-store';
import { SopDatabase } from '../../../lib/db/schema';
import { buildSopJson } from '../../../lib/export/json';
import { collectSopExport } from '../../../lib/db/export-source';
import { LIMITS } from '../../../lib/export/json-schema';
import { importSopText, parseSopFile, SopImportError } from '../../../lib/import/sop-import';
import type { SopId } from '../../../lib/model';
import { BASE_AT } from '../factories';
import { fakeWebm, fixtureExportInput, fixtureSop, HOSTILE_LABEL, SESSION } from './fixture';

let database: SopDatabase;
let n = 0;
let ids = 0;
const newId = () => `new-${++ids}`;

beforeEach(async () => {
  database = new SopDatabase(`import-test-${n++}`);
  await database.open();
});
afterEach(async () => {
  await database.delete();
});

async function storeFixture(withVideo: boolean): Promise<SopId> {
  const { sop, steps, doc, shots } = fixtureSop();
  await saveDraft(sop, steps, doc, database);
  for (const shot of shots) await putShot(shot, database);
  if (withVideo) {
    await createRecording({ id: SESSION, sopId: sop.id, tabId: 3, startedAt: BASE_AT, endedAt: BASE_AT + 65_000, mimeType: 'video/webm;codecs=vp8,opus', status: 'done', chunkCount: 0, bytes: 0, transcript: { segments: [{ startMs: 0, endMs: 900, text: 'First make sure the build is green.' }], model: 'tiny.en', createdAt: BASE_AT } }, database);
    for (const seq of [0, 1, 2]) await appendChunk({ sessionId: SESSION, seq, t: seq * 1000, blob: new Blob([fakeWebm(seq, seq === 0) as BlobPart], { type: 'video/webm' }) }, database);
  }
  return sop.id;
}

async function exportJson(sopId: SopId, withVideo: boolean, at = BASE_AT): Promise<string> {
  return buildSopJson(await collectSopExport(sopId, { withVideo }, database), at);
}

/** The file with its ids replaced by their order of first appearance, and its timestamps blanked. */
function canonical(text: string): string {
  const file = JSON.parse(text);
  const known = new Set<string>([file.sop.id, ...file.steps.map((s: { id: string }) => s.id), ...file.screenshots.map((s: { id: string }) => s.id), ...file.document.revisions.flatMap((r: { steps: { id: string }[] }) => r.steps.map((s) => s.id))]);
  const names = new Map<string, string>();
  const name = (s: string) => (known.has(s) ? (names.get(s) ?? (names.set(s, `#${names.size}`), names.get(s)!)) : s);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return name(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [name(k), walk(x)]));
    return v;
  };
  const out = walk(file) as { exportedAt: string; sop: { updatedAt: number } };
  out.exportedAt = '';
  out.sop.updatedAt = 0;
  return JSON.stringify(out, null, 2);
}

describe('JSON export → import → export', () => {
  it('gives the same file apart from ids and timestamps', async () => {
    const original = await storeFixture(false);
    const first = await exportJson(original, false);
    const imported = await importSopText(first, { newId, now: BASE_AT + 1e6, database });
    expect(imported).not.toBe(original);
    const second = await exportJson(imported, false, BASE_AT + 2e6);
    expect(second).not.toBe(first); // new ids and timestamps…
    expect(canonical(second)).toBe(canonical(first)); // …and nothing else changed
    // What the file carries came through: steps, the hostile label as text, shots, notes, the saved version.
    const steps = await listSteps(imported, database);
    expect(steps.map((s) => s.text)).toEqual((await listSteps(original, database)).map((s) => s.text));
    expect(steps.some((s) => s.text.includes('onerror'))).toBe(true);
    const shot = await getShot(steps.find((s) => s.shotId)!.shotId!, database);
    expect(shot?.sessionId).toBe((await listSops(database)).find((s) => s.id === imported)?.sessionId);
    const doc = await getDocument(imported, database);
    expect(doc.revisions).toHaveLength(1);
    expect(doc.stepNotes[steps[0]!.id]?.warnings[0]?.text).toBe('Do not close the tab.');
    expect((await listSops(database)).find((s) => s.id === imported)?.title).toBe(`Deploy ${HOSTILE_LABEL}`);
  });

  it('round-trips the "with video" variant: chunks, transcript and all', async () => {
    const original = await storeFixture(true);
    const first = await exportJson(original, true);
    expect(JSON.parse(first).recording.chunks).toHaveLength(3);
    const imported = await importSopText(first, { newId, database });
    const second = await exportJson(imported, true);
    expect(canonical(second)).toBe(canonical(first));
    const sop = (await listSops(database)).find((s) => s.id === imported)!;
    const chunks = await listChunks(sop.sessionId!, database);
    expect(chunks.map((c) => c.seq)).toEqual([0, 1, 2]);
    expect(new Uint8Array(await chunks[0]!.blob.arrayBuffer())).toEqual(fakeWebm(0, true));
    expect((await getRecording(sop.sessionId!, database))?.transcript?.segments[0]?.text).toBe('First make sure the build is green.');
  });

  it('imports the same file twice as two SOPs, and deleting one keeps the other whole', async () => {
    const text = buildSopJson(fixtureExportInput(), BASE_AT);
    const a = await importSopText(text, { newId, database });
    const b = await importSopText(text, { newId, database });
    expect(a).not.toBe(b);
    expect((await listSops(database)).map((s) => s.id).sort()).toEqual([a, b].sort());
    await deleteSop(a, database);
    const steps = await listSteps(b, database);
    expect(steps.length).toBeGreaterThan(10);
    for (const s of steps.filter((x) => x.shotId)) expect(await getShot(s.shotId!, database)).toBeDefined();
    expect(await database.shots.count()).toBe(new Set(steps.flatMap((s) => (s.shotId ? [s.shotId] : []))).size);
  });

  it('writes nothing when the transaction fails part-way', async () => {
    const text = buildSopJson(fixtureExportInput(true), BASE_AT);
    const spy = vi.spyOn(database.documents, 'add').mockImplementation((() => Promise.reject(new Error('disk full'))) as never);
    await expect(importSopText(text, { newId, database })).rejects.toThrow('disk full');
    spy.mockRestore();
    expect(await database.sops.count()).toBe(0);
    expect(await database.steps.count()).toBe(0);
    expect(await database.shots.count()).toBe(0);
    expect(await database.chunks.count()).toBe(0);
    expect(await database.recordings.count()).toBe(0);
  });
});

/** A valid file as an object, to break one field at a time. */
function validFile(withVideo = false) {
  return JSON.parse(buildSopJson(fixtureExportInput(withVideo), BASE_AT));
}

function refusal(text: string): string {
  try {
    parseSopFile(text);
  } catch (e) {
    expect(e).toBeInstanceOf(SopImportError);
    return (e as Error).message;
  }
  throw new Error('the file was accepted');
}
const refusalOf = (file: unknown) => refusal(JSON.stringify(file));

describe('parseSopFile refuses bad files, saying where', () => {
  it('accepts a file it wrote', () => {
    expect(parseSopFile(JSON.stringify(validFile(true))).file.steps.length).toBeGreaterThan(10);
  });

  it('keeps the frame indexes capture recorded (replay exports after an import need them), and checks them', () => {
    const file = validFile();
    const step = file.steps.find((s: { target?: unknown }) => s.target);
    step.target.framePathIndexes = [1, 0];
    const parsed = parseSopFile(JSON.stringify(file)).file.steps.find((s) => s.id === step.id);
    expect(parsed?.target).toMatchObject({ framePathIndexes: [1, 0] });
    step.target.framePathIndexes = [-1];
    expect(refusalOf(file)).toMatch(/framePathIndexes/);
  });

  it('refuses text that is not JSON, or JSON that is not an object', () => {
    expect(refusal('{"format": "sop-recorder/sop",')).toMatch(/not valid JSON/);
    expect(refusal('[1, 2]')).toMatch(/not a JSON object/);
    expect(refusal('')).toMatch(/not valid JSON/);
  });

  it('refuses another format and other versions, newer ones with their own message', () => {
    expect(refusalOf({ ...validFile(), format: 'something/else' })).toMatch(/not an SOP Recorder export.*"something\/else"/);
    expect(refusalOf({ ...validFile(), version: 2 })).toMatch(/newer SOP Recorder \(file version 2\)/);
    expect(refusalOf({ ...validFile(), version: '1' })).toMatch(/unsupported version "1"/);
    const { version: _v, ...noVersion } = validFile();
    expect(refusalOf(noVersion)).toMatch(/unsupported version \(missing\)/);
  });

  it('names the path of a missing or mistyped field', () => {
    const file = validFile();
    delete file.steps[2].text;
    expect(refusalOf(file)).toMatch(/steps\[2\]\.text: /);
    const file2 = validFile();
    file2.document.metadata.tags = 'deploy';
    expect(refusalOf(file2)).toMatch(/document\.metadata\.tags: /);
    const file3 = validFile();
    delete file3.sop;
    expect(refusalOf(file3)).toMatch(/sop: /);
  });

  it('refuses huge strings and too many steps', () => {
    const file = validFile();
    file.steps[0].text = 'x'.repeat(LIMITS.longText + 1);
    expect(refusalOf(file)).toMatch(/steps\[0\]\.text: .*100000/);
    const file2 = validFile();
    file2.steps = Array.from({ length: LIMITS.steps + 1 }, () => file2.steps[0]);
    expect(refusalOf(file2)).toMatch(/^This file is not a valid SOP export: steps: /);
  });

  it('refuses a file over the size limit before parsing it', () => {
    const huge = { length: LIMITS.fileChars + 1 } as string;
    expect(() => parseSopFile(huge)).toThrow(/too large/);
  });

  it('refuses bad base64 and non-image data in image fields', () => {
    const file = validFile();
    file.screenshots[1].data = 'not base64!';
    expect(refusalOf(file)).toMatch(/screenshots\[1\]\.data: not base64/);
    const file2 = validFile();
    file2.screenshots[0].data = btoa('<svg onload="alert(1)"></svg>');
    expect(refusalOf(file2)).toMatch(/screenshots\[0\]\.data: not a image\/png image/);
    const file3 = validFile();
    file3.screenshots[0].mimeType = 'image/svg+xml';
    expect(refusalOf(file3)).toMatch(/screenshots\[0\]\.mimeType: /);
    const file4 = validFile(true);
    file4.recording.chunks[0].data = btoa('<html><script>alert(1)</script></html>');
    expect(refusalOf(file4)).toMatch(/recording\.chunks\[0\]\.data: not the start of a video\/webm/);
    const file5 = validFile(true);
    file5.recording.mimeType = 'text/html';
    expect(refusalOf(file5)).toMatch(/recording\.mimeType: not a WebM or MP4/);
  });

  it('refuses javascript:, vbscript: and data: URLs, however disguised', () => {
    const file = validFile();
    file.sop.sourceUrl = 'javascript:alert(1)';
    expect(refusalOf(file)).toMatch(/sop\.sourceUrl: a javascript:/);
    const file2 = validFile();
    file2.steps[3].page.url = ' \tJava\nScript:alert(1)';
    expect(refusalOf(file2)).toMatch(/steps\[3\]\.page\.url: /);
    const file3 = validFile();
    file3.steps.find((s: { target?: unknown }) => s.target).target.href = 'data:text/html,<script>alert(1)</script>';
    expect(refusalOf(file3)).toMatch(/steps\[\d+\]\.target\.href: /);
  });

  it('refuses prototype-polluting keys anywhere', () => {
    const text = JSON.stringify(validFile()).replace('"stepNotes":{', '"stepNotes":{"__proto__":{"polluted":true},');
    expect(refusal(text)).toMatch(/document\.stepNotes\.__proto__ is not allowed/);
    const file = validFile();
    file.steps[0].constructor = { prototype: { polluted: true } };
    expect(refusalOf(file)).toMatch(/steps\[0\]\.constructor is not allowed/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses absurd nesting without overflowing', () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    expect(refusal(`{"format":"sop-recorder/sop","version":1,"x":${deep}}`)).toMatch(/nested too deeply/);
  });

  it('refuses dangling and repeated ids', () => {
    const file = validFile();
    const withShot = file.steps.findIndex((s: { shotId?: string }) => s.shotId);
    file.steps[withShot].shotId = 'nope';
    expect(refusalOf(file)).toMatch(new RegExp(`steps\\[${withShot}\\]\\.shotId: no screenshot has the id "nope"`));
    const file2 = validFile();
    file2.steps[1].id = file2.steps[0].id;
    expect(refusalOf(file2)).toMatch(/steps\[1\]\.id: ".*" is used twice/);
  });

  it('stores nothing for a refused file', async () => {
    const file = validFile();
    file.screenshots[0].data = btoa('GIF89a');
    await expect(importSopText(JSON.stringify(file), { newId, database })).rejects.toThrow(SopImportError);
    expect(await database.sops.count()).toBe(0);
  });
});

describe('import masks secrets', () => {
  it('a file written elsewhere gets the masking capture would have applied, in steps, document and transcript', async () => {
    const sopId = await storeFixture(true);
    const file = JSON.parse(await exportJson(sopId, true));
    file.steps[0].text = 'Paste AKIAIOSFODNN7EXAMPLE into **Access key**.';
    file.steps[0].narration = 'the password is hunter2-swordfish';
    file.sop.title = 'Deploy with token ghp_FAKEtoken1234567890abcdefghijklmnopq';
    expect(file.recording.transcript.segments.length).toBeGreaterThan(0);
    file.recording.transcript.segments[0].text = 'my password is hunter2-swordfish';
    const imported = await importSopText(JSON.stringify(file), { newId, database });
    const [first] = await listSteps(imported, database);
    expect(first!.text).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(first!.text).toContain('[masked');
    expect(first!.narration).not.toContain('hunter2');
    const stored = JSON.stringify([await listSops(database), await getDocument(imported, database)]);
    expect(stored).not.toContain('ghp_FAKEtoken');
    const recordings = await database.recordings.toArray();
    expect(recordings.length).toBe(2);
    expect(JSON.stringify(recordings.map((r) => r.transcript))).toContain('[masked');
    expect(JSON.stringify(recordings.map((r) => r.transcript))).not.toContain('hunter2');
  });
});
