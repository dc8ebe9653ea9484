import { describe, expect, it } from 'vitest';
import { NarrationError, toNarrationError, type NarrationErrorCode } from '../../../lib/narration/errors';

const hub = { model: 'onnx-community/whisper-tiny.en', source: 'hub', approxDownloadMB: 41 } as const;
const local = { model: 'whisper-tiny.en', source: 'local' } as const;

function named(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, ...extra });
}

describe('toNarrationError', () => {
  it.each<[string, unknown, NarrationErrorCode]>([
    ['Chromium fetch offline', new TypeError('Failed to fetch'), 'offline'],
    ['Node fetch, refused', Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) }), 'offline'],
    ['Node fetch, no DNS', Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('getaddrinfo ENOTFOUND huggingface.co'), { code: 'ENOTFOUND' }) }), 'offline'],
    ['Firefox fetch', new TypeError('NetworkError when attempting to fetch resource.'), 'offline'],
    ['Cache API quota', named('QuotaExceededError', 'The quota has been exceeded.'), 'quota'],
    ['disk full', named('Error', 'ENOSPC: no space left on device, write'), 'quota'],
    ['hub 404', named('ModelFileNotFoundError', 'Could not locate file: "https://huggingface.co/x/y/resolve/main/config.json".'), 'not-found'],
    ['hub 401 (missing repository)', new Error('Unauthorized access to file: "https://huggingface.co/x/y/resolve/main/config.json".'), 'not-found'],
    ['local file missing', new Error('`local_files_only=true` or `env.allowRemoteModels=false` and file was not found locally at "/m/x/config.json".'), 'not-found'],
    ['ONNX protobuf', new Error("Load model from /m/onnx/encoder_model.onnx failed:Protobuf parsing failed."), 'corrupt'],
    ['ONNX wasm', new Error("Can't create a session. ERROR_CODE: 7, ERROR_MESSAGE: Failed to load model because protobuf parsing failed."), 'corrupt'],
    ['broken JSON', new SyntaxError('Unexpected token } in JSON at position 12'), 'corrupt'],
    ['no WebAssembly', new Error('no available backend found. ERR: [wasm] RuntimeError: Aborted(CompileError: WebAssembly.instantiate(): ...)'), 'unsupported'],
    ['anything else', new Error('Something odd'), 'unknown'],
    ['a string thrown', 'boom', 'unknown'],
  ])('%s → %s', (_name, error, code) => {
    const mapped = toNarrationError(error, hub);
    expect(mapped).toBeInstanceOf(NarrationError);
    expect(mapped.code).toBe(code);
    expect(mapped.cause).toBe(error);
  });

  it('says plainly what to do, naming the model and where it came from', () => {
    expect(toNarrationError(new TypeError('Failed to fetch'), hub).message).toBe(
      "Couldn't download the speech model (onnx-community/whisper-tiny.en): no connection to Hugging Face. Connect to the internet and try again, or load the model from a local folder.",
    );
    expect(toNarrationError(named('QuotaExceededError', 'x'), hub).message).toBe(
      'Not enough storage space to keep the speech model (onnx-community/whisper-tiny.en). Free up about 41 MB of disk space, or pick a smaller model.',
    );
    expect(toNarrationError(named('ModelFileNotFoundError', 'x'), local).message).toMatch(/^Couldn't find the speech model \(whisper-tiny\.en\) in the local model folder\./);
    expect(toNarrationError(new Error('Protobuf parsing failed'), local).message).toBe(
      'The files of the speech model (whisper-tiny.en) are damaged or incomplete. Copy the model folder again.',
    );
    expect(toNarrationError(new Error('Protobuf parsing failed'), hub).message).toMatch(/Clear the downloaded model and download it again\.$/);
  });

  it('passes a NarrationError through unchanged', () => {
    const error = new NarrationError('offline', 'x');
    expect(toNarrationError(error, hub)).toBe(error);
  });
});
