/**
 * Turns whatever loading or running a model throws (fetch, Cache API, ONNX Runtime, transformers.js) into
 * one of a few plain messages a user can act on. Pure: classifies by error name and message text.
 */

export type NarrationErrorCode = 'offline' | 'quota' | 'corrupt' | 'not-found' | 'unsupported' | 'unknown';

export class NarrationError extends Error {
  override readonly name = 'NarrationError';
  constructor(
    readonly code: NarrationErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface ErrorContext {
  /** The model being loaded, as shown to the user. */
  readonly model: string;
  /** Where it was loaded from: the Hub (download) or a local folder. */
  readonly source: 'hub' | 'local';
  /** Approximate download size, MB, to say how much room is needed. */
  readonly approxDownloadMB?: number;
}

function describe(error: unknown): { name: string; text: string } {
  const parts: string[] = [];
  let name = '';
  let current: unknown = error;
  // Walk the `cause` chain: Node's fetch hides ECONNREFUSED/ENOTFOUND one level down.
  for (let depth = 0; current != null && depth < 5; depth++) {
    if (current instanceof Error || (typeof current === 'object' && current !== null && 'message' in current)) {
      const e = current as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown };
      if (!name && typeof e.name === 'string') name = e.name;
      parts.push(String(e.name ?? ''), String(e.message ?? ''), String(e.code ?? ''));
      current = e.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return { name, text: parts.join(' ') };
}

const OFFLINE = /failed to fetch|fetch failed|networkerror|network error|err_internet_disconnected|err_network|econnrefused|econnreset|enotfound|eai_again|etimedout|load failed/i;
const QUOTA = /quota|enospc|no space left|disk full|storage.*full/i;
const NOT_FOUND = /could not locate file|not found locally|file was not found|unauthorized access to file|forbidden access to file|\b404\b|enoent|no such file|invalid model id/i;
const CORRUPT = /protobuf parsing failed|failed to load model|load model .* failed|invalid model|model_path must not be empty|unexpected end of|unexpected token|is not valid json|json\.parse|invalid (?:wire|protobuf)|can't create a session|corrupt|truncated|checksum/i;
const UNSUPPORTED = /webassembly|wasm.*(?:abort|instantiate|compile)|no available backend|unsupported device/i;

/** Classifies an error; keeps the original as `cause` for the console. */
export function toNarrationError(error: unknown, context: ErrorContext): NarrationError {
  if (error instanceof NarrationError) return error;
  const { name, text } = describe(error);
  const model = `the speech model (${context.model})`;
  const cause = { cause: error };

  if (name === 'QuotaExceededError' || QUOTA.test(text)) {
    const room = context.approxDownloadMB ? ` about ${context.approxDownloadMB} MB` : '';
    return new NarrationError('quota', `Not enough storage space to keep ${model}. Free up${room} of disk space, or pick a smaller model.`, cause);
  }
  if (name === 'ModelFileNotFoundError' || NOT_FOUND.test(text)) {
    return new NarrationError(
      'not-found',
      context.source === 'local'
        ? `Couldn't find ${model} in the local model folder. Check the folder holds the model's files (config.json, tokenizer.json, onnx/…).`
        : `Couldn't find ${model} on Hugging Face. Check the model name, or load it from a local folder.`,
      cause,
    );
  }
  if (OFFLINE.test(text) || (name === 'TypeError' && /fetch/i.test(text))) {
    return new NarrationError(
      'offline',
      `Couldn't download ${model}: no connection to Hugging Face. Connect to the internet and try again, or load the model from a local folder.`,
      cause,
    );
  }
  if (name === 'SyntaxError' || CORRUPT.test(text)) {
    return new NarrationError(
      'corrupt',
      `The files of ${model} are damaged or incomplete. ${context.source === 'local' ? 'Copy the model folder again' : 'Clear the downloaded model and download it again'}.`,
      cause,
    );
  }
  if (UNSUPPORTED.test(text)) {
    return new NarrationError('unsupported', `This browser can't run ${model} (WebAssembly is unavailable or blocked).`, cause);
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new NarrationError('unknown', `Speech recognition failed: ${detail}`, cause);
}
