/**
 * Whisper pads every window to 30 s. A window shorter than that (the tail at Stop, a window cut at a pause)
 * ends in padding, and every segment that starts there is dropped anyway (transcriber.ts chunksToSegments:
 * nothing past the audio counts). Yet the decoder goes on producing those segments until it says
 * <|endoftext|>: real Whisper often stops by itself after the speech, but it may also "hear" words in the
 * padding, and the random-weight bench model always decodes its ~106 tokens. This ends decoding as soon as the
 * model chooses to start a segment at or past the end of the audio: <|endoftext|> is forced instead of that
 * timestamp. Segments that start within the audio are untouched, token for token; so is a full 30 s window
 * (no timestamp lies past 30 s).
 *
 * Runs last in transformers.js' logits processors (after Whisper's timestamp rules), on the logits greedy
 * decoding picks from.
 */

export interface PaddingStopOptions {
  /** Audio in the window, ms (the window's real samples, not the padding). */
  readonly durationMs: number;
  /** Id of `<|0.00|>`: timestamps are this id and above (Whisper: `no_timestamps_token_id + 1`). */
  readonly timestampBegin: number;
  readonly eosTokenId: number;
  /** ms per timestamp step (Whisper: 30 s / 1500 positions = 20 ms). */
  readonly timePrecisionMs?: number;
}

/** What a logits processor gets: one row of logits per sequence in the batch. */
export interface LogitsRows {
  readonly dims: readonly number[];
  readonly [row: number]: { readonly data: Float32Array } | undefined;
}

/**
 * Whether the next token, `best`, would start a segment in the padding: the sequence (ids generated so far,
 * from `beginIndex` on) is at a segment boundary — nothing generated yet, or a segment just closed by its end
 * timestamp (text, then one timestamp) — and `best` is a timestamp at or past the audio's end.
 */
export function startsInPadding(sequence: readonly (number | bigint)[], beginIndex: number, best: number, options: PaddingStopOptions): boolean {
  const { timestampBegin } = options;
  if (best < timestampBegin) return false;
  const generated = sequence.length - beginIndex;
  const isTimestamp = (i: number) => Number(sequence[i]) >= timestampBegin;
  const atBoundary = generated <= 0 || (isTimestamp(sequence.length - 1) && generated >= 2 && !isTimestamp(sequence.length - 2));
  if (!atBoundary) return false;
  return (best - timestampBegin) * (options.timePrecisionMs ?? 20) >= options.durationMs;
}

function argmax(data: Float32Array): number {
  let best = 0;
  for (let i = 1; i < data.length; i++) if (data[i]! > data[best]!) best = i;
  return best;
}

/**
 * A logits processor for one window (a fresh one per window: it remembers where generation began). Greedy
 * decoding only: it looks at the token the argmax would pick.
 */
export function createPaddingStop(options: PaddingStopOptions): <L extends LogitsRows>(inputIds: readonly (readonly (number | bigint)[])[], logits: L) => L {
  let beginIndex = -1;
  return (inputIds, logits) => {
    if (beginIndex < 0) beginIndex = inputIds[0]?.length ?? 0;
    for (let i = 0; i < inputIds.length; i++) {
      const row = logits[i];
      if (!row) continue;
      const data = row.data;
      if (!startsInPadding(inputIds[i]!, beginIndex, argmax(data), options)) continue;
      data.fill(-Infinity);
      data[options.eosTokenId] = 0;
    }
    return logits;
  };
}
