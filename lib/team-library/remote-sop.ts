/** An SOP as the repository holds it: its sop.json parsed and checked, and its content fingerprint. Pure. */
import type { ParsedSopFile } from '../import/sop-import';
import { prepareImport } from '../import/sop-import';
import { contentFingerprint } from './layout';
import { readSopJson, type Refusal } from './repo-check';

export interface RemoteSop {
  /** Repository path of its folder. */
  readonly path: string;
  readonly parsed: ParsedSopFile;
  readonly title: string;
  readonly stepCount: number;
  readonly version: string;
  readonly fingerprint: string;
  /** The SOP id in the file: the publisher's local id, the same in every publish of that SOP. */
  readonly remoteId: string;
}

/** Stable throw-away ids for fingerprinting (the fingerprint does not depend on ids). */
const counter = () => {
  let n = 0;
  return () => `fp-${++n}`;
};

export async function fingerprintOf(parsed: ParsedSopFile): Promise<string> {
  const records = prepareImport(parsed, counter(), 0);
  return contentFingerprint(records.sop, records.steps, records.doc);
}

export async function readRemoteSop(path: string, bytes: Uint8Array): Promise<{ sop: RemoteSop } | { refused: Refusal }> {
  const read = readSopJson(path, bytes);
  if ('refused' in read) return read;
  const { file } = read.parsed;
  return {
    sop: {
      path,
      parsed: read.parsed,
      title: file.sop.title,
      stepCount: file.steps.length,
      version: file.document.metadata.version,
      fingerprint: await fingerprintOf(read.parsed),
      remoteId: file.sop.id,
    },
  };
}
